//! ID numbers and phones at rest (decision 0025): the database holds them sealed, never in
//! plaintext; GraphQL, uniqueness and import matching work as before; an altered value fails
//! closed; a key rotation re-seals everything and servers read both keys meanwhile; plaintext
//! left by an older version is sealed at start-up; production refuses to start without a key.

use base64::Engine;
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Statement};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::config::{Config, DataKeyConfig, KeysCommand};
use tongxin::db::sealed::{DEVELOPMENT_KEY, DataKeys};

use crate::helpers::{TestDb, TestSchema, data_keys, execute, test_config};
use crate::side_channels::id_number;

const PERSON: &str = "id version idNumber phone";

const CREATE: &str = "mutation($input: CreatePersonInput!) { createPerson(input: $input) {
    person { id version idNumber phone } userErrors { field code message } } }";

const UPDATE: &str = "mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
    person { id version idNumber phone } userErrors { field code message } } }";

/// A signed-in reader who sees personal data masked.
fn reader() -> Viewer {
    Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "reader".into(),
    }
}

/// One person as ADMIN sees them: id, ID number, phone.
async fn person(schema: &TestSchema, id: &str) -> (String, String, String) {
    let read = execute(schema, &node_query(), json!({ "id": id }), Viewer::system()).await;
    assert!(read["errors"].is_null(), "{read}");
    let node = &read["data"]["node"];
    (
        id.to_owned(),
        node["idNumber"].as_str().unwrap().to_owned(),
        node["phone"].as_str().unwrap().to_owned(),
    )
}

/// The same people read again through `schema`.
async fn reread(
    schema: &TestSchema,
    listed: &[(String, String, String)],
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (id, _, _) in listed {
        out.push(person(schema, id).await);
    }
    out
}

fn node_query() -> String {
    format!("query($id: ID!) {{ node(id: $id) {{ ... on Person {{ {PERSON} }} }} }}")
}

/// The first `n` seeded people as ADMIN sees them: id, ID number, phone.
async fn people(schema: &TestSchema, n: usize) -> Vec<(String, String, String)> {
    let query = format!(
        "{{ people(first: {n}, filter: {{ withinRegion: \"620402\" }}) {{ edges {{ node {{ {PERSON} }} }} }} }}"
    );
    let answer = execute(schema, &query, Value::Null, Viewer::system()).await;
    assert!(answer["errors"].is_null(), "{answer}");
    answer["data"]["people"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let node = &e["node"];
            (
                node["id"].as_str().unwrap().to_owned(),
                node["idNumber"].as_str().unwrap().to_owned(),
                node["phone"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A schema over `test`'s database with its own data keys.
fn schema_with(test: &TestDb, keys: DataKeyConfig) -> TestSchema {
    let config = Config {
        keys,
        ..test_config()
    };
    TestSchema {
        schema: tongxin::graphql::build(test.db.clone(), &config),
        db: test.db.clone(),
    }
}

fn b64(key: &[u8; 32]) -> String {
    base64::engine::general_purpose::STANDARD.encode(key)
}

const NEW_KEY: [u8; 32] = [7; 32];

/// Every stored ID number and phone: `(person_id, id_number, phone, id_number_hash, phone_hash)`.
async fn raw_rows(
    db: &DatabaseConnection,
) -> Vec<(
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
)> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_string(
        backend,
        "SELECT person_id, id_number, phone, id_number_hash, phone_hash FROM person_private ORDER BY person_id",
    ))
    .await
    .unwrap()
    .into_iter()
    .map(|row| {
        (
            row.try_get::<i64>("", "person_id").unwrap(),
            row.try_get::<Option<String>>("", "id_number").unwrap(),
            row.try_get::<Option<String>>("", "phone").unwrap(),
            row.try_get::<Option<String>>("", "id_number_hash").unwrap(),
            row.try_get::<Option<String>>("", "phone_hash").unwrap(),
        )
    })
    .collect()
}

/// Whether `text` appears anywhere in the stored database: the SQLite file and its WAL byte
/// by byte; on PostgreSQL every table that could hold it (the personal columns, the audit
/// trail's record copies, the search index).
async fn stored_anywhere(test: &TestDb, text: &str) -> bool {
    if !test.is_postgres() {
        let path = test
            .url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap()
            .to_owned();
        let needle = text.as_bytes();
        return ["", "-wal"].iter().any(|suffix| {
            std::fs::read(format!("{path}{suffix}"))
                .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
        });
    }
    let backend = test.db.get_database_backend();
    let like = format!("%{text}%");
    for sql in [
        "SELECT count(*) AS n FROM person_private WHERE id_number LIKE $1 OR phone LIKE $1 \
         OR id_number_hash LIKE $1 OR phone_hash LIKE $1 OR address LIKE $1",
        "SELECT count(*) AS n FROM audit_entry WHERE before LIKE $1 OR after LIKE $1",
        "SELECT count(*) AS n FROM search_term WHERE term LIKE $1",
    ] {
        let row = test
            .db
            .query_one_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [like.clone().into()],
            ))
            .await
            .unwrap()
            .unwrap();
        if row.try_get::<i64>("", "n").unwrap() > 0 {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn the_database_holds_no_id_number_or_phone_in_plaintext() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let seeded = people(&schema, 3).await;
    // Written through the API too: a person, then a change of phone (audit entries, WAL).
    let number = id_number("62042119800527712");
    let created = execute(
        &schema,
        CREATE,
        json!({ "input": { "name": "封存者", "region": "620421101",
            "idNumber": number, "phone": "13966661234" } }),
        Viewer::system(),
    )
    .await;
    let person = &created["data"]["createPerson"]["person"];
    assert_eq!(person["idNumber"], number.as_str(), "{created}");
    let changed = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": person["id"], "expectedVersion": 1, "phone": "13977775678" } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        changed["data"]["updatePerson"]["person"]["phone"], "13977775678",
        "{changed}"
    );
    for (_, seeded_number, seeded_phone) in &seeded {
        for secret in [seeded_number, seeded_phone] {
            assert!(
                !stored_anywhere(&test, secret).await,
                "{secret} is stored in plaintext"
            );
        }
    }
    for secret in [number.as_str(), "13966661234", "13977775678"] {
        assert!(
            !stored_anywhere(&test, secret).await,
            "{secret} is stored in plaintext"
        );
    }
    // The check can fail: a value that is stored in plaintext is found.
    let seeded_address = execute(
        &schema,
        "{ people(first: 1, filter: { withinRegion: \"620402\" }) { edges { node { address } } } }",
        Value::Null,
        Viewer::system(),
    )
    .await;
    let address = seeded_address["data"]["people"]["edges"][0]["node"]["address"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(stored_anywhere(&test, &address).await, "{address}");
    // Every stored value is sealed and carries its lookup hash.
    let rows = raw_rows(&test.db).await;
    assert!(rows.len() > 2_000);
    for (person_id, number, phone, number_hash, phone_hash) in rows {
        for (value, hash) in [(number, number_hash), (phone, phone_hash)] {
            if let Some(value) = value {
                assert!(value.starts_with("v1:"), "{person_id}: {value}");
                assert!(hash.is_some_and(|h| h.len() == 64), "{person_id}");
            }
        }
    }
}

#[tokio::test]
async fn admins_read_them_others_see_them_masked_and_duplicates_are_refused() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let number = id_number("62042119900101123");
    let created = execute(
        &schema,
        CREATE,
        json!({ "input": { "name": "往返者", "region": "620421101",
            "idNumber": number.to_lowercase(), "phone": "+86 139-1234-5678" } }),
        Viewer::system(),
    )
    .await;
    let person = &created["data"]["createPerson"]["person"];
    assert_eq!(person["idNumber"], number.as_str(), "{created}");
    assert_eq!(person["phone"], "13912345678");
    let id = person["id"].clone();
    let read = execute(
        &schema,
        &node_query(),
        json!({ "id": id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(read["data"]["node"]["idNumber"], number.as_str(), "{read}");
    assert_eq!(read["data"]["node"]["phone"], "13912345678");
    let masked = execute(&schema, &node_query(), json!({ "id": id }), reader()).await;
    assert_eq!(masked["data"]["node"]["phone"], "139****5678", "{masked}");
    assert_eq!(
        masked["data"]["node"]["idNumber"],
        format!("6204**********{}", &number[14..]),
        "{masked}"
    );

    // The ID number of a seeded person and of the new one are both taken.
    let (_, seeded_number, _) = people(&schema, 1).await.remove(0);
    for taken in [seeded_number.as_str(), number.as_str()] {
        let duplicate = execute(
            &schema,
            CREATE,
            json!({ "input": { "name": "重复者", "region": "620421101", "idNumber": taken } }),
            Viewer::system(),
        )
        .await;
        let errors = &duplicate["data"]["createPerson"]["userErrors"];
        assert_eq!(errors[0]["code"], "DUPLICATE", "{duplicate}");
        assert_eq!(errors[0]["field"], json!(["input", "idNumber"]));
    }
    // Keeping one's own number is no duplicate; taking another's is.
    let same = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": id, "expectedVersion": 1, "idNumber": number } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        same["data"]["updatePerson"]["userErrors"],
        json!([]),
        "{same}"
    );
    let version = same["data"]["updatePerson"]["person"]["version"].clone();
    let taken = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": id, "expectedVersion": version, "idNumber": seeded_number } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        taken["data"]["updatePerson"]["userErrors"][0]["code"], "DUPLICATE",
        "{taken}"
    );
}

#[tokio::test]
async fn an_unchanged_value_is_no_change_in_the_audit_trail() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let created = execute(
        &schema,
        CREATE,
        json!({ "input": { "name": "审计者", "region": "620421101",
            "idNumber": id_number("62042119750303123"), "phone": "13811112222" } }),
        Viewer::system(),
    )
    .await;
    let id = created["data"]["createPerson"]["person"]["id"].clone();
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Person").unwrap();
    let before = entity::person_private::Entity::find_by_id(key)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let changed = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": id, "expectedVersion": 1, "address": "乌兰镇1号" } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        changed["data"]["updatePerson"]["userErrors"],
        json!([]),
        "{changed}"
    );
    let after = entity::person_private::Entity::find_by_id(key)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        after.id_number, before.id_number,
        "re-sealed though unchanged"
    );
    assert_eq!(after.phone, before.phone);
    let history = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { ... on Person {
            personalDataHistory { edges { node { operation changedFields } } } } } }",
        json!({ "id": id }),
        Viewer::system(),
    )
    .await;
    let update = history["data"]["node"]["personalDataHistory"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["operation"] == "UPDATE")
        .unwrap()
        .clone();
    assert_eq!(
        update["node"]["changedFields"],
        json!(["address"]),
        "{history}"
    );
}

#[tokio::test]
async fn an_altered_or_moved_value_fails_closed() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let listed = people(&schema, 2).await;
    let (a_id, _, _) = &listed[0];
    let (_, b_number, _) = &listed[1];
    let a = tongxin::ids::decode_int(a_id, "Person").unwrap();
    let b = tongxin::ids::decode_int(&listed[1].0, "Person").unwrap();
    let backend = test.db.get_database_backend();
    // B's sealed ID number copied into A's row: it must not read as A's.
    let sql = if test.is_postgres() {
        "UPDATE person_private SET id_number = (SELECT id_number FROM person_private WHERE person_id = $1) WHERE person_id = $2"
    } else {
        "UPDATE person_private SET id_number = (SELECT id_number FROM person_private WHERE person_id = ?) WHERE person_id = ?"
    };
    test.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [b.into(), a.into()],
        ))
        .await
        .unwrap();
    for viewer in [Viewer::system(), reader()] {
        let read = execute(&schema, &node_query(), json!({ "id": a_id }), viewer).await;
        let text = read.to_string();
        assert!(!text.contains(b_number.as_str()), "{read}");
        assert!(!text.contains(&b_number[14..]), "not even masked: {read}");
        assert_eq!(
            read["errors"][0]["extensions"]["code"], "INTERNAL",
            "{read}"
        );
        assert_eq!(read["errors"][0]["message"], "内部错误");
        assert!(read["data"]["node"]["idNumber"].is_null(), "{read}");
    }
    // One flipped character of A's phone.
    let row = entity::person_private::Entity::find_by_id(a)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let phone = row.phone.unwrap();
    let flipped = {
        let (head, body) = phone.rsplit_once(':').unwrap();
        let mut body: Vec<char> = body.chars().collect();
        body[3] = if body[3] == 'A' { 'B' } else { 'A' };
        format!("{head}:{}", body.into_iter().collect::<String>())
    };
    let sql = if test.is_postgres() {
        "UPDATE person_private SET phone = $1 WHERE person_id = $2"
    } else {
        "UPDATE person_private SET phone = ? WHERE person_id = ?"
    };
    test.db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [flipped.into(), a.into()],
        ))
        .await
        .unwrap();
    let read = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { ... on Person { name phone } } }",
        json!({ "id": a_id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        read["errors"][0]["extensions"]["code"], "INTERNAL",
        "{read}"
    );
    assert!(read["data"]["node"]["phone"].is_null());
    // A write over the altered row is refused, not a silent overwrite.
    let update = execute(
        &schema,
        UPDATE,
        json!({ "input": { "id": a_id, "expectedVersion": 1, "address": "某地" } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        update["errors"][0]["extensions"]["code"], "INTERNAL",
        "{update}"
    );
    // So is an export that would include it.
    let keys = data_keys();
    let exported = tongxin::service::bulk::export(
        &test.db.clone().into(),
        tongxin::service::bulk::ExportRequest {
            viewer: &Viewer::system(),
            keys: &keys,
            request_id: None,
            kind: tongxin::service::bulk::RecordKind::People,
            filter: None,
            format: tongxin::service::bulk::ExportFormat::Csv,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(exported.code(), "INTERNAL");
}

#[tokio::test]
async fn a_rotation_reseals_everything_and_servers_read_both_keys_meanwhile() {
    let test = TestDb::seeded().await;
    let old = test.schema();
    let before = people(&old, 5).await;
    let dir = tempfile::tempdir().unwrap();
    let new_key_file = dir.path().join("new.key");
    std::fs::write(&new_key_file, format!("{}\n", b64(&NEW_KEY))).unwrap();
    let new_only = DataKeyConfig {
        data_key: Some(b64(&NEW_KEY)),
        ..DataKeyConfig::default()
    };
    let during = DataKeyConfig {
        data_key_file: Some(new_key_file.clone()),
        data_key_previous: Some(b64(DEVELOPMENT_KEY)),
        ..DataKeyConfig::default()
    };

    // Before the rotation: a server on the new key (the old one as previous) reads what the
    // old key sealed, seals with the new one, and finds duplicates under either key.
    let rotating = schema_with(&test, during.clone());
    assert_eq!(reread(&rotating, &before).await, before);
    let number = id_number("62042119881111123");
    let created = execute(
        &rotating,
        CREATE,
        json!({ "input": { "name": "轮换者", "region": "620421101", "idNumber": number, "phone": "13700001111" } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        created["data"]["createPerson"]["userErrors"],
        json!([]),
        "{created}"
    );
    let new_id = created["data"]["createPerson"]["person"]["id"].clone();
    // (A server without the new key cannot see that number: hence every server gets both keys
    // before the rotation starts.)
    for (schema, taken) in [
        (&rotating, before[0].1.as_str()),
        (&rotating, number.as_str()),
    ] {
        let duplicate = execute(
            schema,
            CREATE,
            json!({ "input": { "name": "重复者", "region": "620421101", "idNumber": taken } }),
            Viewer::system(),
        )
        .await;
        assert_eq!(
            duplicate["data"]["createPerson"]["userErrors"][0]["code"], "DUPLICATE",
            "{duplicate}"
        );
    }
    // A server still on the old key alone fails closed on what the new key sealed.
    let unreadable = execute(
        &old,
        &node_query(),
        json!({ "id": new_id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        unreadable["errors"][0]["extensions"]["code"], "INTERNAL",
        "{unreadable}"
    );

    // `tongxin keys rotate --new-key-file FILE` with the old key configured.
    let config = Config {
        database_url: test.url.clone(),
        auto_migrate: false,
        ..test_config()
    };
    tongxin::app::keys(
        &config,
        KeysCommand::Rotate {
            new_key_file: new_key_file.clone(),
        },
    )
    .await
    .unwrap();
    let new_keys = DataKeys::new(&NEW_KEY, &[]).unwrap();
    let prefix = format!("v1:{}:", new_keys.current_id().unwrap());
    let rows = raw_rows(&test.db).await;
    for (person_id, number, phone, number_hash, phone_hash) in &rows {
        for (value, hash) in [(number, number_hash), (phone, phone_hash)] {
            if let Some(value) = value {
                assert!(value.starts_with(&prefix), "{person_id}: {value}");
                assert!(hash.is_some(), "{person_id}");
            }
        }
    }
    // After it: the new key alone reads everything, lookups use its hashes, the old key
    // reads nothing; a second run has nothing left to do.
    let after = schema_with(&test, new_only);
    assert_eq!(reread(&after, &before).await, before);
    let read = execute(
        &after,
        &node_query(),
        json!({ "id": new_id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(read["data"]["node"]["idNumber"], number.as_str(), "{read}");
    let duplicate = execute(
        &after,
        CREATE,
        json!({ "input": { "name": "重复者", "region": "620421101", "idNumber": before[1].1 } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        duplicate["data"]["createPerson"]["userErrors"][0]["code"], "DUPLICATE",
        "{duplicate}"
    );
    let stale = execute(
        &old,
        &node_query(),
        json!({ "id": before[0].0 }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        stale["errors"][0]["extensions"]["code"], "INTERNAL",
        "{stale}"
    );
    let again = tongxin::db::sealed::reseal::rotate(&test.db, &new_keys)
        .await
        .unwrap();
    assert_eq!(again.rows, 0);
    assert_eq!(raw_rows(&test.db).await, rows, "nothing written again");
}

#[tokio::test]
async fn plaintext_from_an_older_version_is_sealed_at_start_up() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let listed = people(&schema, 2).await;
    // Back to the shape before sealing, with two people's values in plaintext, as an older
    // version left them.
    migration::Migrator::down(&test.db, Some(1)).await.unwrap();
    let backend = test.db.get_database_backend();
    for (id, number, phone) in &listed {
        let key = tongxin::ids::decode_int(id, "Person").unwrap();
        let sql = if test.is_postgres() {
            "UPDATE person_private SET id_number = $1, phone = $2 WHERE person_id = $3"
        } else {
            "UPDATE person_private SET id_number = ?, phone = ? WHERE person_id = ?"
        };
        test.db
            .execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [number.clone().into(), phone.clone().into(), key.into()],
            ))
            .await
            .unwrap();
    }
    // `tongxin migrate` (the server's start-up does the same after migrating).
    let config = Config {
        database_url: test.url.clone(),
        ..test_config()
    };
    tongxin::app::migrate(&config).await.unwrap();
    let rows = raw_rows(&test.db).await;
    for (person_id, number, phone, number_hash, phone_hash) in &rows {
        for (value, hash) in [(number, number_hash), (phone, phone_hash)] {
            if let Some(value) = value {
                assert!(value.starts_with("v1:"), "{person_id}: {value}");
                assert!(hash.is_some(), "{person_id}: its hash is filled in");
            }
        }
    }
    for (_, number, phone) in &listed {
        assert!(!stored_anywhere(&test, number).await);
        assert!(!stored_anywhere(&test, phone).await);
    }
    let schema = test.schema();
    assert_eq!(reread(&schema, &listed).await, listed);
    let duplicate = execute(
        &schema,
        CREATE,
        json!({ "input": { "name": "重复者", "region": "620421101", "idNumber": listed[0].1 } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        duplicate["data"]["createPerson"]["userErrors"][0]["code"], "DUPLICATE",
        "{duplicate}"
    );
    // Idempotent: a second start-up writes nothing.
    tongxin::app::migrate(&config).await.unwrap();
    assert_eq!(raw_rows(&test.db).await, rows);
}

/// Whether `file`'s bytes contain `text`.
fn file_holds(file: &std::path::Path, text: &str) -> bool {
    let needle = text.as_bytes();
    std::fs::read(file).is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle))
}

#[tokio::test]
async fn backups_copy_the_sealed_form_and_restore_with_the_key() {
    let test = TestDb::seeded().await;
    if test.is_postgres() {
        return; // `tongxin backup` is for SQLite; pg_dump copies the same columns.
    }
    let listed = people(&test.schema(), 3).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.db");
    let live = Config {
        database_url: test.url.clone(),
        ..test_config()
    };
    tongxin::app::backup::backup(&live, &file).await.unwrap();
    for (_, number, phone) in &listed {
        assert!(!file_holds(&file, number), "{number} in the backup");
        assert!(!file_holds(&file, phone), "{phone} in the backup");
    }
    let restored_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("restored.db").display()
    );
    let restore_into = Config {
        database_url: restored_url.clone(),
        ..test_config()
    };
    tongxin::app::backup::restore(&restore_into, &file)
        .await
        .unwrap();
    let restored = tongxin::db::connect(&restored_url).await.unwrap();
    let schema = TestSchema {
        schema: tongxin::graphql::build(restored.clone(), &test_config()),
        db: restored.clone(),
    };
    assert_eq!(reread(&schema, &listed).await, listed);
    // Under another key the restored copy reads nothing.
    let other = Config {
        keys: DataKeyConfig {
            data_key: Some(b64(&NEW_KEY)),
            ..DataKeyConfig::default()
        },
        ..test_config()
    };
    let stranger = TestSchema {
        schema: tongxin::graphql::build(restored.clone(), &other),
        db: restored,
    };
    let read = execute(
        &stranger,
        &node_query(),
        json!({ "id": listed[0].0 }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        read["errors"][0]["extensions"]["code"], "INTERNAL",
        "{read}"
    );
}

#[test]
fn production_refuses_to_start_without_a_data_key() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let output = crate::operations::binary::command(&url, &[("TONGXIN_MODE", "production")], &[])
        .env_remove("TONGXIN_DATA_KEY")
        .env_remove("TONGXIN_DATA_KEY_FILE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("TONGXIN_DATA_KEY_FILE"), "{stderr}");
    assert!(
        !dir.path().join("t.db").exists(),
        "refused before touching the database"
    );
}
