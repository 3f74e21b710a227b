//! Imports at volume: people a file creates are checked row by row but written per chunk in
//! multi-row statements, so an import's statements grow with its chunks, not its rows; the dry
//! run checks them without writing, and the real run applies exactly its plan.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tongxin::domain::enums::Gender;
use tongxin::domain::validate::id_number::check_char;
use tongxin::service::audit::Actor;
use tongxin::service::bulk::{self, ImportOptions, ImportReport, RecordKind};
use tongxin::service::people::{People, PersonDraft, Sealing};
use tongxin::service::write::record;

use crate::helpers::{TestDb, count_statements, data_keys};

const HEADER: &str = "姓名,所属区划代码,公民身份号码,手机号码,统战对象类别,工作单位";
const SURNAMES: [char; 8] = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄'];
const GIVEN: [char; 10] = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];

/// A valid ID number of 靖远县 for the `n`th person: birth dates from 1960 on, three
/// sequence digits.
pub(crate) fn id_number(n: u32) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1960, 1, 1).unwrap()
        + chrono::Duration::days(i64::from(n / 900));
    let first17 = format!("620421{}{:03}", born.format("%Y%m%d"), 100 + n % 900);
    format!("{first17}{}", check_char(&first17).unwrap())
}

pub(crate) fn people(rows: u32) -> String {
    let mut csv = format!("{HEADER}\n");
    for n in 0..rows {
        let name: String = [
            SURNAMES[(n % 8) as usize],
            GIVEN[(n / 8 % 10) as usize],
            GIVEN[(n / 80 % 10) as usize],
        ]
        .iter()
        .collect();
        let category = if n % 3 == 0 { "党外知识分子" } else { "" };
        csv.push_str(&format!(
            "{name},620421,{},139{:08},{category},靖远县第{}中学\n",
            id_number(n),
            n,
            n % 7 + 1
        ));
    }
    csv
}

pub(crate) async fn import(
    db: &sea_orm::DatabaseConnection,
    csv: &str,
    dry_run: bool,
    expected: Option<&str>,
) -> ImportReport {
    import_confirming(db, csv, dry_run, expected, &[]).await
}

async fn import_confirming(
    db: &sea_orm::DatabaseConnection,
    csv: &str,
    dry_run: bool,
    expected: Option<&str>,
    confirm_rows: &[u32],
) -> ImportReport {
    let actor = Actor::system();
    let options = ImportOptions {
        kind: RecordKind::People,
        file_name: Some("人员.csv"),
        dry_run,
        confirm_rows,
        as_of: None,
        expected_plan: expected,
    };
    bulk::import(
        db,
        &data_keys(),
        &actor,
        options,
        csv.as_bytes(),
        &|_, _| {},
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn an_import_costs_statements_per_chunk_not_per_row() {
    const ROWS: u32 = 1200;
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let csv = people(ROWS);
    let people_before = entity::person::Entity::find()
        .count(&test.db)
        .await
        .unwrap();

    counter.reset();
    let dry = import(&test.db, &csv, true, None).await;
    let dry_statements = counter.get();
    assert_eq!(dry.created, ROWS as usize, "{:?}", dry.errors.first());
    assert_eq!(dry.failed, 0);
    assert!(!dry.written);
    assert_eq!(
        entity::person::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        people_before,
        "a dry run writes nothing"
    );

    counter.reset();
    let real = import(&test.db, &csv, false, Some(&dry.plan_digest)).await;
    let real_statements = counter.get();
    assert!(real.written, "{:?}", real.errors.first());
    assert!(
        !real.plan_changed,
        "the real run applies the dry run's plan"
    );
    assert_eq!(real.plan_digest, dry.plan_digest);
    assert_eq!(real.created, ROWS as usize);

    // Row by row, each created person cost about nine statements (a savepoint, the region,
    // the ID number's holder, the person, the personal data, categories, audit entries and
    // search terms): over 10,000 here. Per chunk, the file's lookups are a few statements
    // and each 500 rows a handful of multi-row ones.
    eprintln!("{ROWS} people: dry run {dry_statements} statements, real run {real_statements}");
    let bound = (ROWS / 10) as usize;
    assert!(
        dry_statements < bound,
        "dry run: {dry_statements} statements for {ROWS} rows"
    );
    assert!(
        real_statements < bound,
        "real run: {real_statements} statements for {ROWS} rows"
    );

    // Everything a created person has when created one by one: the person, the sealed
    // personal data, categories, an audit entry each, search terms.
    let created = entity::person::Entity::find()
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(created, people_before + u64::from(ROWS));
    let audited = entity::audit_entry::Entity::find()
        .filter(entity::audit_entry::Column::RequestId.eq(real.request_id.as_str()))
        .filter(entity::audit_entry::Column::Operation.eq("CREATE"))
        .filter(entity::audit_entry::Column::EntityType.eq("Person"))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(audited, u64::from(ROWS), "one CREATE entry per person");
    let categories = entity::audit_entry::Entity::find()
        .filter(entity::audit_entry::Column::RequestId.eq(real.request_id.as_str()))
        .filter(entity::audit_entry::Column::Operation.eq("CREATE"))
        .filter(entity::audit_entry::Column::EntityType.ne("Person"))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(
        categories,
        u64::from(ROWS + ROWS.div_ceil(3)),
        "personal data and categories audited too"
    );
    let last = entity::person::Entity::find()
        .filter(entity::person::Column::Name.eq("黄洋伟"))
        .all(&test.db)
        .await
        .unwrap();
    assert!(!last.is_empty());
    let person = &last[0];
    let private = entity::person_private::Entity::find()
        .filter(entity::person_private::Column::PersonId.eq(person.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("personal data written");
    let opened = data_keys().open_private(&private).unwrap();
    let id_number = opened.id_number.expect("the ID number opens");
    assert!(
        id_number.starts_with("620421"),
        "the ID number is sealed to the new person and opens"
    );
    let male = (id_number.as_bytes()[16] - b'0') % 2 == 1;
    assert_eq!(
        person.gender,
        if male { Gender::Male } else { Gender::Female },
        "gender derived from the ID number"
    );
    let terms = entity::search_term::Entity::find()
        .filter(entity::search_term::Column::RecordType.eq("Person"))
        .filter(entity::search_term::Column::RecordKey.eq(person.id.to_string()))
        .count(&test.db)
        .await
        .unwrap();
    assert!(terms > 0, "the new person is searchable");

    // Importing the same file again finds every person: nothing to write.
    counter.reset();
    let again = import(&test.db, &csv, false, None).await;
    assert_eq!(again.unchanged, ROWS as usize, "{:?}", again.errors.first());
    assert!(
        counter.get() < bound,
        "re-import: {} statements",
        counter.get()
    );
}

/// A person stored with one of the file's numbers after the dry run: the real run's plan
/// differs from the one the caller saw (the row now matches a record), so nothing is written.
#[tokio::test]
async fn a_number_stored_after_the_dry_run_changes_the_plan_and_nothing_is_kept() {
    let test = TestDb::seeded().await;
    let csv = people(30);
    let before = entity::person::Entity::find()
        .count(&test.db)
        .await
        .unwrap();
    let dry = import(&test.db, &csv, true, None).await;
    assert_eq!(dry.created, 30);
    let draft = Sealing::new(
        data_keys(),
        PersonDraft {
            name: "先登记者".into(),
            gender: None,
            region: "620421".into(),
            work_unit: None,
            job_title: None,
            education: None,
            is_representative: false,
            figure_kinds: vec![],
            categories: vec![],
            id_number: Some(id_number(17)),
            phone: None,
            birth_date: None,
            address: None,
            ethnicity: None,
            political_status: None,
            religion: None,
        },
    );
    record::create::<People, _>(&test.db, &Actor::system(), draft)
        .await
        .unwrap();
    let real = import(&test.db, &csv, false, Some(&dry.plan_digest)).await;
    assert!(!real.written);
    assert!(real.plan_changed, "the row now matches the stored person");
    assert_eq!(
        entity::person::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        before + 1,
        "nothing of the run is kept"
    );
}

/// A confirmed conflict far into a file of several chunks is applied with the rest: the real
/// run keeps every new person and the confirmed rename, as the dry run showed.
#[tokio::test]
async fn a_confirmed_conflict_after_several_chunks_is_kept_with_the_new_people() {
    const ROWS: u32 = 1200;
    let test = TestDb::seeded().await;
    let id = id_number(50_000);
    let stored = format!("{HEADER}\n王芳,620421,{id},13900050000,,靖远县第一中学\n");
    assert_eq!(import(&test.db, &stored, false, None).await.created, 1);

    let mut csv = people(ROWS);
    csv.push_str(&format!("汪芳,620421,{id},13900050000,,靖远县第一中学\n"));
    let conflict_row = ROWS + 2;
    let dry = import(&test.db, &csv, true, None).await;
    assert_eq!(
        (dry.created, dry.conflicts),
        (ROWS as usize, 1),
        "{:?}",
        dry.errors.first()
    );

    let real = import_confirming(
        &test.db,
        &csv,
        false,
        Some(&dry.plan_digest),
        &[conflict_row],
    )
    .await;
    assert!(real.written, "{:?}", real.errors.first());
    assert!(!real.plan_changed);
    assert_eq!((real.created, real.updated), (ROWS as usize, 1));
    let renamed = entity::person::Entity::find()
        .filter(entity::person::Column::Name.eq("汪芳"))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(renamed, 1, "the confirmed rename is kept");
}

/// A people import written in short transactions that fails after several committed chunks
/// takes back everything it created: the people and the personal data and categories written
/// with them, each audited on its own, none reported as changed by someone else.
#[tokio::test]
async fn a_failed_people_import_in_chunks_takes_back_the_parts_it_wrote() {
    let test = TestDb::seeded().await;
    let counts = || async {
        (
            entity::person::Entity::find()
                .count(&test.db)
                .await
                .unwrap(),
            entity::person_private::Entity::find()
                .count(&test.db)
                .await
                .unwrap(),
            entity::person_category::Entity::find()
                .count(&test.db)
                .await
                .unwrap(),
            entity::search_term::Entity::find()
                .count(&test.db)
                .await
                .unwrap(),
        )
    };
    let before = counts().await;
    let mut csv = people(250);
    // The last row fails (no name), after two chunks were committed.
    csv.push_str(&format!(",620421,{},,,\n", id_number(90_000)));
    let options = ImportOptions {
        kind: RecordKind::People,
        file_name: Some("人员.csv"),
        dry_run: false,
        confirm_rows: &[],
        as_of: None,
        expected_plan: None,
    };
    let control = bulk::Control::chunked(100, std::time::Duration::from_secs(60));
    let report = bulk::import_controlled(
        &test.db,
        &data_keys(),
        &Actor::system(),
        options,
        csv.as_bytes(),
        &|_, _| {},
        &control,
    )
    .await
    .unwrap();
    assert!(!report.written);
    assert_eq!(report.failed, 1, "{:?}", report.errors);
    let not_undone: Vec<_> = report
        .errors
        .iter()
        .filter(|e| e.code.as_str() == "NOT_UNDONE")
        .collect();
    assert!(not_undone.is_empty(), "{not_undone:?}");
    assert_eq!(
        counts().await,
        before,
        "nothing of the failed import is kept"
    );
}

/// An editor keeps writing while a failed import is taken back: the undo commits in short
/// transactions, so no edit waits for the whole undo (the pools here give up after 1.5 s,
/// much less than the undo takes).
#[tokio::test]
async fn an_editor_keeps_writing_while_a_failed_import_is_undone() {
    use std::time::{Duration, Instant};

    use serde_json::json;

    use crate::helpers::execute;

    let test = TestDb::seeded().await;
    let settings = tongxin::db::pool::PoolSettings {
        acquire_timeout: Duration::from_millis(1500),
        busy_timeout: Duration::from_millis(1500),
        ..Default::default()
    };
    let pools = tongxin::db::Db::open(&test.url, &settings).await.unwrap();
    let schema = crate::helpers::TestSchema {
        schema: tongxin::graphql::build(pools.clone(), &crate::helpers::test_config()),
        db: pools.read.clone(),
    };
    let someone = entity::person::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .expect("a seeded person");
    let mut csv = people(800);
    csv.push_str(&format!(",620421,{},,,\n", id_number(90_001)));
    let write = pools.write.clone();
    let importing = tokio::spawn(async move {
        let options = ImportOptions {
            kind: RecordKind::People,
            file_name: Some("人员.csv"),
            dry_run: false,
            confirm_rows: &[],
            as_of: None,
            expected_plan: None,
        };
        let control = bulk::Control::chunked(200, Duration::from_millis(200));
        bulk::import_controlled(
            &write,
            &data_keys(),
            &Actor::system(),
            options,
            csv.as_bytes(),
            &|_, _| {},
            &control,
        )
        .await
        .unwrap()
    });
    let id = tongxin::ids::encode("Person", someone.id).0;
    let mut edits = 0;
    let mut slowest = Duration::ZERO;
    while !importing.is_finished() {
        edits += 1;
        let version = execute(
            &schema,
            r#"query($id: ID!) { node(id: $id) { ... on Person { version } } }"#,
            json!({ "id": id }),
            super::import_jobs::admin(),
        )
        .await["data"]["node"]["version"]
            .as_i64()
            .unwrap();
        let begun = Instant::now();
        let updated = execute(
            &schema,
            r#"mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
              person { version } userErrors { code } } }"#,
            json!({ "input": {
                "id": id, "expectedVersion": version, "workUnit": format!("并行编辑{edits}")
            } }),
            super::import_jobs::admin(),
        )
        .await;
        slowest = slowest.max(begun.elapsed());
        assert!(updated["errors"].is_null(), "edit {edits}: {updated}");
        assert_eq!(
            updated["data"]["updatePerson"]["userErrors"],
            json!([]),
            "{updated}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let report = importing.await.unwrap();
    assert!(!report.written);
    assert_eq!(report.failed, 1);
    assert!(
        edits > 3,
        "the editor wrote {edits} times during the import"
    );
    assert!(
        slowest < Duration::from_millis(1500),
        "slowest edit {slowest:?}"
    );
}
