//! The report an import keeps: every row but the unchanged ones, an update's or conflict's
//! cells with their stored and new values, a new record only as its row, action and label
//! (its values are the file's own), so that a big file's report stays small; the plan's
//! digest still covers every cell of every row.

use tongxin::service::bulk::Action;

use crate::helpers::TestDb;
use crate::import_volume::{import, people};

#[tokio::test]
async fn new_records_are_reported_by_row_and_label_and_updates_with_their_cells() {
    let test = TestDb::seeded().await;
    let stored = people(2);
    let first = import(&test.db, &stored, false, None).await;
    assert!(first.written, "{:?}", first.errors.first());

    // The second person moves to another school; a third person is new.
    let mut lines: Vec<String> = people(3).lines().map(str::to_owned).collect();
    lines[2] = lines[2].replace("靖远县第2中学", "靖远县第九中学");
    let file = lines.join("\n") + "\n";
    let dry = import(&test.db, &file, true, None).await;
    assert_eq!((dry.created, dry.updated, dry.unchanged), (1, 1, 1));
    assert_eq!(dry.rows.len(), 2, "unchanged rows are counted, not listed");

    let updated = &dry.rows[0];
    assert_eq!((updated.row, updated.action), (3, Action::Update));
    assert!(updated.record.is_some());
    assert_eq!(updated.changes.len(), 1, "{:?}", updated.changes);
    let change = &updated.changes[0];
    assert_eq!(change.column, "工作单位");
    assert_eq!(change.old.as_deref(), Some("靖远县第2中学"));
    assert_eq!(change.new.as_deref(), Some("靖远县第九中学"));

    let created = &dry.rows[1];
    assert_eq!((created.row, created.action), (4, Action::Create));
    assert_eq!(created.label, "李伟伟");
    assert!(created.record.is_none() && created.conflict.is_none());
    assert!(
        created.changes.is_empty(),
        "a new record's cells are the file's own: {:?}",
        created.changes
    );
}

#[tokio::test]
async fn a_big_files_report_stays_small() {
    const ROWS: u32 = 1000;
    let test = TestDb::seeded().await;
    let dry = import(&test.db, &people(ROWS), true, None).await;
    assert_eq!(dry.created, ROWS as usize, "{:?}", dry.errors.first());
    assert_eq!(dry.rows.len(), ROWS as usize, "each row says what it does");
    // Every created row's six cells as column, old and new cost about 300 bytes a row.
    let stored = serde_json::to_string(&dry).unwrap();
    let per_row = stored.len() / ROWS as usize;
    assert!(per_row < 80, "{per_row} bytes a row");
}

#[tokio::test]
async fn the_digest_still_covers_a_new_records_cells() {
    let test = TestDb::seeded().await;
    let file = people(5);
    let dry = import(&test.db, &file, true, None).await;
    assert_eq!(dry.created, 5);
    let edited = file.replace("靖远县第3中学", "靖远县第三中学");
    assert_ne!(edited, file);
    let real = import(&test.db, &edited, false, Some(&dry.plan_digest)).await;
    assert!(
        real.plan_changed && !real.written,
        "a new record's cell differs from the dry run's: nothing is written"
    );
    let same = import(&test.db, &file, false, Some(&dry.plan_digest)).await;
    assert!(same.written && !same.plan_changed);
}
