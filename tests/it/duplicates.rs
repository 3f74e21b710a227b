//! Duplicates: found (`duplicateCandidates`), refused or warned at the door, merged with every
//! reference moved and clashes folded, and unmerged back exactly; stale versions and callers
//! of another county are refused.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::region_code::RegionCode;

use crate::helpers::{TestDb, TestSchema, execute};

const CREATE_ORG: &str = r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  organization { id version } userErrors { code message } warnings { code message } } }"#;
const CREATE_PERSON: &str = r#"mutation($input: CreatePersonInput!) { createPerson(input: $input) {
  person { id version } userErrors { field code message } warnings { field code message } } }"#;
const CANDIDATES: &str = r#"query($type: DuplicateType!, $within: String, $first: Int, $after: String) {
  duplicateCandidates(type: $type, withinRegion: $within, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { score reasons a { id } b { id } } } } }"#;
const MERGE_PEOPLE: &str = r#"mutation($input: MergeInput!) { mergePeople(input: $input) {
  person { id version workUnit mergedInto } userErrors { field code message } } }"#;
const MERGE_ORGS: &str = r#"mutation($input: MergeInput!) { mergeOrganizations(input: $input) {
  organization { id version phone } userErrors { field code message } } }"#;
const UNMERGE: &str = r#"mutation($id: ID!) { unmerge(input: { id: $id }) {
  restored { id ... on Person { mergedInto } ... on Organization { mergedInto } }
  kept { id } userErrors { code message } } }"#;
const NODE: &str = r#"query($id: ID!) { node(id: $id) { id } }"#;

fn editor_of(region: &str) -> Viewer {
    Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(region).unwrap()),
        subject: format!("editor-{region}"),
    }
}

fn analyst() -> Viewer {
    Viewer {
        role: Role::Analyst,
        region_scope: None,
        subject: "analyst".into(),
    }
}

fn key(gid: &Value) -> i64 {
    tongxin::ids::decode(gid.as_str().unwrap())
        .unwrap()
        .1
        .parse()
        .unwrap()
}

async fn ints(db: &DatabaseConnection, sql: &str) -> Vec<i64> {
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get_by_index::<i64>(0).unwrap())
        .collect()
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap();
}

/// Every pair of a listing, paging by `first` (at most 50 pages).
async fn all_pairs(schema: &TestSchema, viewer: &Viewer, kind: &str, within: Value) -> Vec<Value> {
    let mut pairs = Vec::new();
    let mut after = Value::Null;
    for _ in 0..50 {
        let page = execute(
            schema,
            CANDIDATES,
            json!({ "type": kind, "within": within, "first": 100, "after": after }),
            viewer.clone(),
        )
        .await;
        let conn = &page["data"]["duplicateCandidates"];
        assert!(conn.is_object(), "{page}");
        pairs.extend(
            conn["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"].clone()),
        );
        if conn["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    pairs
}

fn has_pair(pairs: &[Value], a: &Value, b: &Value) -> Option<Value> {
    pairs
        .iter()
        .find(|p| {
            (p["a"]["id"] == *a && p["b"]["id"] == *b) || (p["a"]["id"] == *b && p["b"]["id"] == *a)
        })
        .cloned()
}

fn code_of(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

async fn person(schema: &TestSchema, name: &str, region: &str, unit: &str, birth: &str) -> Value {
    let created = execute(
        schema,
        CREATE_PERSON,
        json!({ "input": { "name": name, "gender": "MALE", "region": region,
                           "workUnit": unit, "birthDate": birth } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        created["data"]["createPerson"]["userErrors"],
        json!([]),
        "{created}"
    );
    created["data"]["createPerson"].clone()
}

#[tokio::test]
async fn organizations_that_read_the_same_are_refused_warned_and_listed() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let create = |name: &str, region: &str| {
        execute(
            &schema,
            CREATE_ORG,
            json!({ "input": { "name": name, "kind": "CHAMBER_OF_COMMERCE", "region": region } }),
            Viewer::system(),
        )
    };
    let first = create("测试乡工商业联合会", "620402").await;
    let first_id = first["data"]["createOrganization"]["organization"]["id"].clone();
    assert!(first_id.is_string(), "{first}");
    let again = create("测试乡　工商联", "620402").await;
    let refused = &again["data"]["createOrganization"];
    assert_eq!(refused["userErrors"][0]["code"], "DUPLICATE_ORGANIZATION");
    assert!(
        refused["userErrors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(first_id.as_str().unwrap()),
        "the refusal names the record on file: {again}"
    );
    let elsewhere = create("测试乡工商联", "620403").await;
    let warned = &elsewhere["data"]["createOrganization"];
    let second_id = warned["organization"]["id"].clone();
    assert!(
        second_id.is_string(),
        "a likely duplicate is written: {elsewhere}"
    );
    assert_eq!(warned["warnings"][0]["code"], "LIKELY_DUPLICATE");
    assert!(
        warned["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains(first_id.as_str().unwrap())
    );

    let admin = all_pairs(&schema, &Viewer::system(), "ORGANIZATION", Value::Null).await;
    let pair = has_pair(&admin, &first_id, &second_id).expect("the admin sees the pair");
    assert_eq!(pair["reasons"], json!(["名称规范化后相同"]));
    assert_eq!(pair["score"], 0.9);

    // An editor sees pairs with both records in their subtree only.
    let baiyin = all_pairs(&schema, &editor_of("620402"), "ORGANIZATION", Value::Null).await;
    assert!(has_pair(&baiyin, &first_id, &second_id).is_none());
    // Asking about another county, or below EDITOR, is refused before anything is read.
    let other = execute(
        &schema,
        CANDIDATES,
        json!({ "type": "ORGANIZATION", "within": "620403" }),
        editor_of("620402"),
    )
    .await;
    assert_eq!(code_of(&other), "FORBIDDEN", "{other}");
    for viewer in [analyst(), Viewer::public()] {
        let refused = execute(&schema, CANDIDATES, json!({ "type": "PERSON" }), viewer).await;
        assert_eq!(code_of(&refused), "FORBIDDEN", "{refused}");
    }
}

#[tokio::test]
async fn people_with_the_same_pinyin_birthday_and_unit_are_warned_and_paired() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let a = person(
        &schema,
        "测试重名",
        "620421",
        "白银测试农机厂",
        "1981-03-04",
    )
    .await;
    assert_eq!(a["warnings"], json!([]));
    let b = person(
        &schema,
        "测试重名",
        "620421101",
        "白银测试农机厂",
        "1981-03-04",
    )
    .await;
    let codes: Vec<&str> = b["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["LIKELY_DUPLICATE", "LIKELY_DUPLICATE"], "{b}");
    let (a, b) = (a["person"]["id"].clone(), b["person"]["id"].clone());
    let pairs = all_pairs(&schema, &editor_of("620421"), "PERSON", json!("620421")).await;
    let pair = has_pair(&pairs, &a, &b).expect("the county's editor sees the pair");
    assert_eq!(
        pair["reasons"],
        json!(["姓名拼音相同且出生日期相同", "同名同单位"])
    );
    assert_eq!(pair["score"], 0.92);
    let huining = all_pairs(&schema, &editor_of("620422"), "PERSON", Value::Null).await;
    assert!(
        has_pair(&huining, &a, &b).is_none(),
        "another county's editor learns nothing"
    );

    // Pages follow each other without repeating a pair.
    let one = execute(
        &schema,
        CANDIDATES,
        json!({ "type": "PERSON", "first": 1 }),
        Viewer::system(),
    )
    .await;
    let conn = &one["data"]["duplicateCandidates"];
    assert_eq!(conn["edges"].as_array().unwrap().len(), 1, "{one}");
    let next = execute(
        &schema,
        CANDIDATES,
        json!({ "type": "PERSON", "first": 1, "after": conn["pageInfo"]["endCursor"] }),
        Viewer::system(),
    )
    .await;
    if let Some(second) = next["data"]["duplicateCandidates"]["edges"][0]["node"].as_object() {
        assert_ne!(Value::Object(second.clone()), conn["edges"][0]["node"]);
    }
}

/// Rows of `table` pointed at `to` through `column`: one existing row per table is re-pointed
/// at the record to be removed, so each reference kind is exercised.
async fn point_one_row(
    db: &DatabaseConnection,
    table: &str,
    column: &str,
    to: i64,
    skip: &[i64],
    extra: &str,
) -> Option<i64> {
    let mut skip = if skip.is_empty() {
        String::new()
    } else {
        format!(
            " AND id NOT IN ({})",
            skip.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",")
        )
    };
    skip.push_str(extra);
    let id = *ints(
        db,
        &format!("SELECT id FROM {table} WHERE deleted_at IS NULL{skip} ORDER BY id LIMIT 1"),
    )
    .await
    .first()?;
    exec(
        db,
        &format!("UPDATE {table} SET {column} = {to} WHERE id = {id}"),
    )
    .await;
    Some(id)
}

async fn state(db: &DatabaseConnection, rows: &[(&str, &str, i64)]) -> Vec<(i64, bool)> {
    let mut out = Vec::new();
    for (table, column, id) in rows {
        let sql = format!(
            "SELECT {column}, CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END FROM {table} WHERE id = {id}"
        );
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        let live: i32 = row.try_get_by_index(1).unwrap();
        out.push((row.try_get_by_index::<i64>(0).unwrap(), live == 1));
    }
    out
}

const PERSON_REFERENCES: [(&str, &str); 11] = [
    ("membership", "person_id"),
    ("liaison_assignment", "person_id"),
    ("activity_participant", "person_id"),
    ("income_uplift", "influencer_id"),
    ("donation", "donor_person_id"),
    ("suggestion", "author_id"),
    ("publicity_work", "author_id"),
    ("term_election", "chair_id"),
    ("platform_account", "person_id"),
    ("sales_record", "person_id"),
    ("person_category", "person_id"),
];

#[tokio::test]
async fn merging_people_moves_every_reference_folds_clashes_and_unmerges_exactly() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let keep = person(&schema, "测试合并", "620421", "白银测试甲厂", "1970-01-02").await;
    let remove = person(&schema, "测试合并", "620421", "白银测试乙厂", "1970-01-02").await;
    let (keep_id, remove_id) = (keep["person"]["id"].clone(), remove["person"]["id"].clone());
    let (k, r) = (key(&keep_id), key(&remove_id));

    // A clash: both are members of one organization.
    let memberships = ints(
        db,
        "SELECT id FROM membership WHERE deleted_at IS NULL ORDER BY id LIMIT 2",
    )
    .await;
    let (m_keep, m_remove) = (memberships[0], memberships[1]);
    exec(
        db,
        &format!("UPDATE membership SET person_id = {k} WHERE id = {m_keep}"),
    )
    .await;
    exec(
        db,
        &format!(
            "UPDATE membership SET person_id = {r}, organization_id = \
         (SELECT organization_id FROM membership WHERE id = {m_keep}) WHERE id = {m_remove}"
        ),
    )
    .await;
    let mut rows = vec![
        ("membership", "person_id", m_keep),
        ("membership", "person_id", m_remove),
    ];
    let mut moved = Vec::new();
    for (table, column) in PERSON_REFERENCES {
        // A membership of another organization than the clashing pair's: it moves.
        let extra = if table == "membership" {
            format!(
                " AND organization_id <> (SELECT organization_id FROM membership WHERE id = {m_keep})"
            )
        } else {
            String::new()
        };
        if let Some(id) = point_one_row(db, table, column, r, &memberships, &extra).await {
            rows.push((table, column, id));
            moved.push((table, column, id));
        }
    }
    assert!(
        moved.len() >= 8,
        "the demo data has most kinds of reference: {moved:?}"
    );
    let before = state(db, &rows).await;

    let stale = execute(
        &schema,
        MERGE_PEOPLE,
        json!({ "input": { "keep": keep_id, "remove": remove_id,
                           "expectedVersions": { "keep": 1, "remove": 0 } } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(code_of(&stale), "VERSION_CONFLICT", "{stale}");
    let foreign = execute(
        &schema,
        MERGE_PEOPLE,
        json!({ "input": { "keep": keep_id, "remove": remove_id,
                           "expectedVersions": { "keep": 1, "remove": 1 } } }),
        editor_of("620422"),
    )
    .await;
    assert_eq!(code_of(&foreign), "FORBIDDEN", "{foreign}");
    assert_eq!(state(db, &rows).await, before, "refusals change nothing");

    let merged = execute(
        &schema,
        MERGE_PEOPLE,
        json!({ "input": { "keep": keep_id, "remove": remove_id,
                           "expectedVersions": { "keep": 1, "remove": 1 },
                           "fieldChoices": [{ "field": "workUnit", "take": "REMOVE" }] } }),
        editor_of("620421"),
    )
    .await;
    let payload = &merged["data"]["mergePeople"];
    assert_eq!(payload["userErrors"], json!([]), "{merged}");
    assert_eq!(
        payload["person"]["workUnit"], "白银测试乙厂",
        "the chosen value is kept"
    );
    assert_eq!(payload["person"]["id"], keep_id);
    let after = state(db, &rows).await;
    assert_eq!(after[0], (k, true), "the kept person's membership stays");
    assert_eq!(
        after[1],
        (r, false),
        "the clashing membership is folded into it"
    );
    for (i, (table, _, _)) in moved.iter().enumerate() {
        assert_eq!(after[i + 2], (k, true), "{table} moved to the kept person");
    }
    let node = execute(&schema, NODE, json!({ "id": remove_id }), Viewer::system()).await;
    assert_eq!(
        node["data"]["node"]["id"], keep_id,
        "a merged id answers the kept record"
    );
    let entries = ints(
        db,
        &format!("SELECT id FROM audit_entry WHERE operation = 'MERGE' AND entity_key = '{r}'"),
    )
    .await;
    assert_eq!(entries.len(), 1, "one audit entry lists the merge");

    let undone = execute(
        &schema,
        UNMERGE,
        json!({ "id": remove_id }),
        editor_of("620421"),
    )
    .await;
    let payload = &undone["data"]["unmerge"];
    assert_eq!(payload["userErrors"], json!([]), "{undone}");
    assert_eq!(payload["restored"]["id"], remove_id);
    assert_eq!(payload["restored"]["mergedInto"], Value::Null);
    assert_eq!(
        state(db, &rows).await,
        before,
        "every row is back as it was"
    );
    let units = ints(db, &format!("SELECT CAST(CASE WHEN work_unit = '白银测试甲厂' THEN 1 ELSE 0 END AS BIGINT) FROM person WHERE id = {k}")).await;
    assert_eq!(units, [1], "the kept person's own value is back");
    let private = ints(
        db,
        &format!(
            "SELECT person_id FROM person_private WHERE person_id = {r} AND deleted_at IS NULL"
        ),
    )
    .await;
    assert_eq!(private, [r], "personal data comes back with the person");
    let again = execute(
        &schema,
        UNMERGE,
        json!({ "id": remove_id }),
        Viewer::system(),
    )
    .await;
    assert!(
        again["data"]["unmerge"]["userErrors"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
            || code_of(&again) == "NOT_FOUND",
        "a second unmerge has nothing to undo: {again}"
    );
}

const ORGANIZATION_REFERENCES: [(&str, &str); 12] = [
    ("membership", "organization_id"),
    ("liaison_assignment", "organization_id"),
    ("organization", "parent_id"),
    ("pairing", "enterprise_id"),
    ("place", "host_org_id"),
    ("activity", "organizer_id"),
    ("donation", "donor_org_id"),
    ("suggestion", "submitting_org_id"),
    ("publication", "outlet_id"),
    ("mediation_partner", "organization_id"),
    ("term_election", "organization_id"),
    ("livelihood_project", "responsible_org_id"),
];

#[tokio::test]
async fn merging_organizations_moves_every_reference_and_unmerges_exactly() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let create = |name: &str, phone: &str| {
        execute(
            &schema,
            CREATE_ORG,
            json!({ "input": { "name": name, "kind": "CHAMBER_OF_COMMERCE", "region": "620421", "phone": phone } }),
            Viewer::system(),
        )
    };
    let keep = create("测试合并商会甲", "0943-1111111").await;
    let remove = create("测试合并商会乙", "0943-2222222").await;
    let keep_id = keep["data"]["createOrganization"]["organization"]["id"].clone();
    let remove_id = remove["data"]["createOrganization"]["organization"]["id"].clone();
    let (k, r) = (key(&keep_id), key(&remove_id));
    let mut rows = Vec::new();
    for (table, column) in ORGANIZATION_REFERENCES {
        let skip = if table == "organization" {
            vec![k, r]
        } else {
            Vec::new()
        };
        if let Some(id) = point_one_row(db, table, column, r, &skip, "").await {
            rows.push((table, column, id));
        }
    }
    assert!(
        rows.len() >= 9,
        "the demo data has most kinds of reference: {rows:?}"
    );
    let before = state(db, &rows).await;

    let merged = execute(
        &schema,
        MERGE_ORGS,
        json!({ "input": { "keep": keep_id, "remove": remove_id,
                           "expectedVersions": { "keep": 1, "remove": 1 },
                           "fieldChoices": [{ "field": "phone", "take": "REMOVE" },
                                            { "field": "shoeSize", "take": "REMOVE" }] } }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        merged["data"]["mergeOrganizations"]["userErrors"][0]["code"], "UNKNOWN_FIELD",
        "{merged}"
    );
    assert_eq!(state(db, &rows).await, before);
    let merged = execute(
        &schema,
        MERGE_ORGS,
        json!({ "input": { "keep": keep_id, "remove": remove_id,
                           "expectedVersions": { "keep": 1, "remove": 1 },
                           "fieldChoices": [{ "field": "phone", "take": "REMOVE" }] } }),
        Viewer::system(),
    )
    .await;
    let payload = &merged["data"]["mergeOrganizations"];
    assert_eq!(payload["userErrors"], json!([]), "{merged}");
    assert_eq!(payload["organization"]["phone"], "0943-2222222");
    for ((table, _, _), now) in rows.iter().zip(state(db, &rows).await) {
        assert_eq!(now, (k, true), "{table} moved to the kept organization");
    }
    let undone = execute(
        &schema,
        UNMERGE,
        json!({ "id": remove_id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        undone["data"]["unmerge"]["userErrors"],
        json!([]),
        "{undone}"
    );
    assert_eq!(
        state(db, &rows).await,
        before,
        "every row is back as it was"
    );
    let node = execute(&schema, NODE, json!({ "id": remove_id }), Viewer::system()).await;
    assert_eq!(node["data"]["node"]["id"], remove_id);
}

fn valid_id_number(first17: &str) -> String {
    format!(
        "{first17}{}",
        tongxin::domain::validate::id_number::check_char(first17).unwrap()
    )
}

#[tokio::test]
async fn an_id_number_on_file_is_refused_naming_its_holder_only_to_who_may_read_them() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let number = valid_id_number("62042119790315801");
    let create = |viewer: Viewer, name: &str, region: &str| {
        execute(
            &schema,
            CREATE_PERSON,
            json!({ "input": { "name": name, "gender": "MALE", "region": region,
                               "idNumber": number, "birthDate": "1979-03-15" } }),
            viewer,
        )
    };
    let holder = create(Viewer::system(), "测试持证人", "620421101").await;
    let holder_id = holder["data"]["createPerson"]["person"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{holder}"))
        .to_owned();
    // The county's editor may read the holder's personal data: the refusal names them.
    let same_county = create(editor_of("620421"), "测试重录", "620421102").await;
    let error = &same_county["data"]["createPerson"]["userErrors"][0];
    assert_eq!(error["code"], "DUPLICATE", "{same_county}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(&holder_id) && message.contains("测试持证人"),
        "{message}"
    );
    // Another county's editor gets the same refusal, without who holds the number.
    let other_county = create(editor_of("620422"), "测试重录", "620422").await;
    let error = &other_county["data"]["createPerson"]["userErrors"][0];
    assert_eq!(error["code"], "DUPLICATE", "{other_county}");
    assert_eq!(error["field"], json!(["input", "idNumber"]));
    let message = error["message"].as_str().unwrap();
    assert!(
        !message.contains(&holder_id) && !message.contains("测试持证人"),
        "{message}"
    );
    assert_eq!(
        other_county["data"]["createPerson"]["person"],
        Value::Null,
        "nothing is written"
    );
}

#[tokio::test]
async fn pages_of_one_pair_walk_every_rule_once_strongest_first() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let mut twins = Vec::new();
    for region in ["620421", "620421101", "620421102"] {
        let p = person(&schema, "测试三胞", region, "测试甲厂", "1990-07-01").await;
        twins.push(p["person"]["id"].clone());
    }
    let d = person(&schema, "测试同事", "620421", "测试乙厂", "1970-01-02").await;
    let e = person(&schema, "测试同事", "620421101", "测试乙厂", "1971-05-06").await;
    let (d, e) = (d["person"]["id"].clone(), e["person"]["id"].clone());
    let editor = editor_of("620421");
    let whole = all_pairs(&schema, &editor, "PERSON", json!("620421")).await;
    let mut walked = Vec::new();
    let mut after = Value::Null;
    for _ in 0..200 {
        let page = execute(
            &schema,
            CANDIDATES,
            json!({ "type": "PERSON", "within": "620421", "first": 1, "after": after }),
            editor.clone(),
        )
        .await;
        let conn = &page["data"]["duplicateCandidates"];
        walked.extend(
            conn["edges"]
                .as_array()
                .unwrap_or_else(|| panic!("{page}"))
                .iter()
                .map(|e| e["node"].clone()),
        );
        if conn["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = conn["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        walked, whole,
        "pages of one follow each other without gap or repeat"
    );
    let position = |a: &Value, b: &Value| {
        whole
            .iter()
            .position(|p| has_pair(std::slice::from_ref(p), a, b).is_some())
            .unwrap_or_else(|| panic!("pair {a} {b} missing"))
    };
    let triplets = [
        position(&twins[0], &twins[1]),
        position(&twins[0], &twins[2]),
        position(&twins[1], &twins[2]),
    ];
    let colleagues = position(&d, &e);
    assert!(triplets.iter().all(|&t| t < colleagues), "{whole:?}");
    assert_eq!(whole[colleagues]["reasons"], json!(["同名同单位"]));
    for t in triplets {
        assert_eq!(
            whole[t]["reasons"],
            json!(["姓名拼音相同且出生日期相同", "同名同单位"])
        );
    }
}

#[tokio::test]
async fn a_credit_code_on_file_is_refused_naming_the_organization() {
    use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let body = "38380001";
    let first17 = format!("91620402{body}{}", org_code_check_char(body).unwrap());
    let code = format!("{first17}{}", check_char(&first17).unwrap());
    let create = |viewer: Viewer, name: &str, region: &str| {
        execute(
            &schema,
            CREATE_ORG,
            json!({ "input": { "name": name, "kind": "ENTERPRISE", "region": region,
                               "creditCode": code } }),
            viewer,
        )
    };
    let holder = create(Viewer::system(), "测试信用代码公司", "620402").await;
    let holder_id = holder["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{holder}"))
        .to_owned();
    let again = create(editor_of("620403"), "测试另一家公司", "620403").await;
    let error = &again["data"]["createOrganization"]["userErrors"][0];
    assert_eq!(error["code"], "DUPLICATE", "{again}");
    assert!(
        error["message"].as_str().unwrap().contains(&holder_id),
        "organizations are readable by every editor: the refusal names it: {again}"
    );
}

const UPDATE_PERSON: &str = r#"mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
  person { id version } userErrors { field code message } warnings { field code message } } }"#;
const UPDATE_ORG: &str = r#"mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
  organization { id version } userErrors { code message } warnings { code message } } }"#;

#[tokio::test]
async fn an_update_that_makes_a_likely_duplicate_is_warned_and_a_refused_one_is_not() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let a = person(
        &schema,
        "测试改名",
        "620421",
        "白银测试机床厂",
        "1981-03-04",
    )
    .await;
    let b = person(
        &schema,
        "测试别名",
        "620421",
        "白银测试纺织厂",
        "1990-05-06",
    )
    .await;
    assert_eq!(b["warnings"], json!([]));
    let update = |input: Value| {
        execute(
            &schema,
            UPDATE_PERSON,
            json!({ "input": input }),
            Viewer::system(),
        )
    };
    let refused = update(json!({ "id": b["person"]["id"], "expectedVersion": 1,
        "name": "测试改名", "workUnit": "白银测试机床厂", "phone": "123" }))
    .await;
    let refused = &refused["data"]["updatePerson"];
    assert_eq!(refused["userErrors"][0]["field"], json!(["input", "phone"]));
    assert_eq!(
        refused["warnings"],
        json!([]),
        "no warning beside a refusal"
    );
    let renamed = update(json!({ "id": b["person"]["id"], "expectedVersion": 1,
        "name": "测试改名", "workUnit": "白银测试机床厂" }))
    .await;
    let renamed = &renamed["data"]["updatePerson"];
    assert_eq!(renamed["person"]["version"], 2, "{renamed}");
    assert_eq!(renamed["warnings"][0]["code"], "LIKELY_DUPLICATE");
    let a_id = a["person"]["id"].as_str().unwrap();
    assert!(
        renamed["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains(a_id),
        "the warning names the likely twin: {renamed}"
    );

    let create = |name: &str, region: &str| {
        execute(
            &schema,
            CREATE_ORG,
            json!({ "input": { "name": name, "kind": "CHAMBER_OF_COMMERCE", "region": region } }),
            Viewer::system(),
        )
    };
    let first = create("测试镇工商业联合会", "620402").await;
    let first_id = first["data"]["createOrganization"]["organization"]["id"].clone();
    let other = create("测试镇商会", "620403").await;
    let other = &other["data"]["createOrganization"];
    assert_eq!(other["warnings"], json!([]), "{other}");
    let renamed = execute(
        &schema,
        UPDATE_ORG,
        json!({ "input": { "id": other["organization"]["id"], "expectedVersion": 1,
                           "name": "测试镇工商联" } }),
        Viewer::system(),
    )
    .await;
    let renamed = &renamed["data"]["updateOrganization"];
    assert_eq!(renamed["organization"]["version"], 2, "{renamed}");
    assert_eq!(renamed["warnings"][0]["code"], "LIKELY_DUPLICATE");
    assert!(
        renamed["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains(first_id.as_str().unwrap())
    );
}
