//! The demo dataset against the report: every figure for the
//! city in 2025 comes back from a query over the seeded rows, the counties add up to the city,
//! decoys land outside 2025, and seeding is refused twice and deterministic.

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tongxin::domain::enums::MembershipRole;
use tongxin::domain::region_code::RegionCode;
use tongxin::error::AppError;
use tongxin::seed::shares::SHARES;
use tongxin::service::summary::{AnnualSummary, annual_summary};

use crate::helpers::{TestDb, data_keys};

const COUNTIES: [&str; 5] = ["620402", "620403", "620421", "620422", "620423"];

async fn summary(db: &DatabaseConnection, code: &str, year: i32) -> AnnualSummary {
    let region = RegionCode::parse(code).unwrap();
    annual_summary(db, &region, year).await.unwrap()
}

/// Every additive figure of a summary, named, in the report's order.
fn additive(s: &AnnualSummary) -> Vec<(&'static str, i64)> {
    vec![
        ("lectures.count", s.lectures.count),
        ("lectures.audience", s.lectures.audience),
        ("newPracticeBases", s.new_practice_bases),
        ("baseActivities.count", s.base_activities.count),
        ("baseActivities.cash", s.base_activities.cash_fen),
        ("baseActivities.inKind", s.base_activities.in_kind_fen),
        ("suggestions.count", s.suggestions.count),
        (
            "suggestions.livelihood",
            s.suggestions.into_livelihood_projects,
        ),
        ("suggestions.measures", s.suggestions.converted_to_measures),
        ("liaisonCoverage.covered", s.liaison_coverage.covered),
        ("liaisonCoverage.total", s.liaison_coverage.total),
        ("homeActivities", s.home_activities),
        ("reelectionCoverage.covered", s.reelection_coverage.covered),
        ("reelectionCoverage.total", s.reelection_coverage.total),
        ("membersHomes", s.members_homes),
        ("influencers.count", s.million_follower_influencers.count),
        (
            "influencers.sales",
            s.million_follower_influencers.sales_fen,
        ),
        ("villageInfluencers.count", s.village_influencers.count),
        (
            "villageInfluencers.households",
            s.village_influencers.households,
        ),
        ("mediatedDisputes", s.mediated_disputes),
        ("publicity.videos", s.publicity.videos),
        ("publicity.articles", s.publicity.articles),
        ("fieldVisitParticipants", s.field_visit_participants),
    ]
}

#[tokio::test]
async fn the_city_in_2025_reproduces_the_report() {
    let t = TestDb::seeded().await;
    let s = summary(&t.db, "620400", 2025).await;
    assert_eq!((s.lectures.count, s.lectures.audience), (106, 103_480));
    assert_eq!(s.new_practice_bases, 14);
    assert_eq!(s.base_activities.count, 43);
    assert_eq!(s.base_activities.cash_fen, 41_860_000);
    assert_eq!(s.base_activities.in_kind_fen, 19_375_000);
    assert_eq!(s.base_activities.donations_fen(), 61_235_000);
    assert_eq!(s.suggestions.count, 93);
    assert_eq!(s.suggestions.into_livelihood_projects, 7);
    assert_eq!(s.suggestions.converted_to_measures, 9);
    assert_eq!(s.suggestions.adopted(), 16);
    assert_eq!(s.liaison_coverage.covered, s.liaison_coverage.total);
    assert!(s.liaison_coverage.total > 500, "{:?}", s.liaison_coverage);
    assert_eq!(s.liaison_coverage.ratio(), Some(1.0));
    assert_eq!(s.home_activities, 108);
    assert_eq!(s.reelection_coverage.covered, s.reelection_coverage.total);
    assert_eq!(s.reelection_coverage.total, 23);
    assert_eq!(s.members_homes, 5);
    assert_eq!(s.million_follower_influencers.count, 13);
    assert_eq!(s.million_follower_influencers.sales_fen, 20_680_000_000);
    assert_eq!(s.village_influencers.count, 6);
    assert_eq!(s.village_influencers.households, 1_560);
    assert_eq!(s.mediated_disputes, 41);
    assert_eq!((s.publicity.videos, s.publicity.articles), (19, 43));
    assert_eq!(s.field_visit_participants, 104);
}

#[tokio::test]
async fn the_counties_add_up_to_the_city_and_match_their_shares() {
    let t = TestDb::seeded().await;
    let city = additive(&summary(&t.db, "620400", 2025).await);
    let mut totals = vec![0; city.len()];
    for (code, share) in COUNTIES.iter().zip(SHARES.iter()) {
        let s = summary(&t.db, code, 2025).await;
        for (total, (_, value)) in totals.iter_mut().zip(additive(&s)) {
            *total += value;
        }
        assert_eq!(s.lectures.audience, share.audience, "{code}");
        assert_eq!(s.new_practice_bases, share.new_bases as i64, "{code}");
        assert_eq!(s.base_activities.cash_fen, share.cash_fen, "{code}");
        assert_eq!(s.suggestions.count, share.suggestions as i64, "{code}");
        assert_eq!(s.members_homes, share.members_homes as i64, "{code}");
        assert_eq!(
            s.million_follower_influencers.sales_fen, share.sales_fen,
            "{code}"
        );
        assert_eq!(
            s.village_influencers.households, share.households as i64,
            "{code}"
        );
        assert_eq!(
            s.mediated_disputes,
            (share.settled + share.failed) as i64,
            "{code}"
        );
        assert_eq!(
            s.field_visit_participants, share.field_trippers as i64,
            "{code}"
        );
        assert_eq!(s.liaison_coverage.ratio(), Some(1.0), "{code}");
    }
    for ((name, value), total) in city.iter().zip(totals) {
        assert_eq!(*value, total, "{name}: the counties add up to {total}");
    }
}

#[tokio::test]
async fn decoys_fall_outside_2025_and_move_the_2024_figures() {
    let t = TestDb::seeded().await;
    let now = additive(&summary(&t.db, "620400", 2025).await);
    let before = summary(&t.db, "620400", 2024).await;
    // Totals of coverage are the same population in both years; everything else moves.
    for ((name, value), (_, old)) in now.iter().zip(additive(&before)) {
        if name.ends_with(".total") {
            continue;
        }
        assert_ne!(*value, old, "{name} is the same in 2024 and 2025");
    }
    assert!(before.liaison_coverage.covered < before.liaison_coverage.total);
    assert_eq!(before.reelection_coverage.covered, 0);
    assert_eq!(before.members_homes, 3);
    assert_eq!(before.million_follower_influencers.count, 5);
    assert_eq!(before.village_influencers.count, 5);
    assert_eq!(
        before.liaison_coverage.total - before.liaison_coverage.covered,
        5
    );
    let after = summary(&t.db, "620400", 2026).await;
    assert_eq!(after.members_homes, 6);
    assert!(after.lectures.count > 0 && after.lectures.count < 106);
}

#[tokio::test]
async fn bad_years_and_unknown_regions_are_refused() {
    let t = TestDb::seeded().await;
    let city = RegionCode::parse("620400").unwrap();
    let err = annual_summary(&t.db, &city, 1800).await.unwrap_err();
    assert!(matches!(err, AppError::BadInput(_)), "{err:?}");
    let nowhere = RegionCode::parse("620422118599").unwrap();
    let err = annual_summary(&t.db, &nowhere, 2025).await.unwrap_err();
    assert!(matches!(err, AppError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn seeding_twice_is_refused() {
    let t = TestDb::seeded().await;
    assert!(!tongxin::seed::is_empty(&t.db).await.unwrap());
    let err = tongxin::seed::seed_demo(&t.db, &data_keys())
        .await
        .unwrap_err();
    assert!(matches!(err, AppError::BadInput(_)), "{err:?}");
}

/// A digest of every person, organization and region: names, codes and identifiers (ID
/// numbers and phones opened: each sealed value has its own nonce).
async fn fingerprint(db: &DatabaseConnection) -> Vec<String> {
    use sea_orm::{EntityTrait, QueryOrder};
    let backend = db.get_database_backend();
    let keys = data_keys();
    let people = entity::person::Entity::find()
        .order_by_asc(entity::person::Column::Id)
        .all(db)
        .await
        .unwrap();
    let mut private: std::collections::HashMap<i64, _> = entity::person_private::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.person_id, row))
        .collect();
    let mut lines: Vec<String> = people
        .into_iter()
        .map(|p| {
            let opened = keys.open_private(&private.remove(&p.id).unwrap()).unwrap();
            format!(
                "{}|{}|{}|{}",
                p.name,
                p.region_code,
                opened.id_number.unwrap_or_default(),
                opened.phone.unwrap_or_default()
            )
        })
        .collect();
    let sql = [
        "SELECT name || '|' || COALESCE(credit_code, '') AS line FROM organization ORDER BY id",
        "SELECT code || '|' || name AS line FROM region ORDER BY code",
        "SELECT CAST(id AS TEXT) || '|' || kind || '|' || CAST(held_on AS TEXT) AS line \
         FROM activity ORDER BY id",
    ];
    for sql in sql {
        let rows = db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap();
        for row in rows {
            lines.push(row.try_get::<String>("", "line").unwrap());
        }
    }
    lines
}

#[tokio::test]
async fn seeding_is_deterministic() {
    let (a, b) = (TestDb::fresh().await, TestDb::fresh().await);
    assert!(tongxin::seed::is_empty(&a.db).await.unwrap());
    let started = std::time::Instant::now();
    let report_a = tongxin::seed::seed_demo(&a.db, &data_keys()).await.unwrap();
    let elapsed = started.elapsed();
    let report_b = tongxin::seed::seed_demo(&b.db, &data_keys()).await.unwrap();
    assert_eq!(report_a, report_b);
    assert!(report_a.count("person") > 2_000, "{report_a}");
    println!("seeded {report_a} in {elapsed:?}");
    let (fa, fb) = (fingerprint(&a.db).await, fingerprint(&b.db).await);
    assert_eq!(fa.len(), fb.len());
    assert!(fa == fb, "two seeds differ");
}

#[tokio::test]
async fn rows_added_after_seeding_get_fresh_ids() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, PaginatorTrait};
    let t = TestDb::seeded().await;
    let before = entity::membership::Entity::find()
        .count(&t.db)
        .await
        .unwrap();
    let row = entity::membership::ActiveModel {
        person_id: Set(1),
        organization_id: Set(1),
        role: Set(MembershipRole::Member),
        since: Set(chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()),
        until: Set(None),
        created_at: Set(chrono::Utc::now()),
        updated_at: Set(chrono::Utc::now()),
        version: Set(1),
        deleted_at: Set(None),
        ..Default::default()
    };
    let inserted = row.insert(&t.db).await.unwrap();
    assert_eq!(inserted.id, i64::try_from(before).unwrap() + 1);
}
