//! Term elections and re-electing an organization (换届).

use super::*;

const ELECTION: &str = "termElection { id status termNumber heldOn version chair { id } organization { id termNumber termStart termEnd version history { edges { node { operation changedFields } } } } }";

#[tokio::test]
async fn reelection_completes_the_election_and_moves_the_organization_to_its_new_term() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let planned = entity::term_election::Entity::find()
        .filter(entity::term_election::Column::Status.eq("PLANNED"))
        .filter(entity::term_election::Column::DeletedAt.is_null())
        .order_by_asc(entity::term_election::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let org = entity::organization::Entity::find_by_id(planned.organization_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let current = org.term_number.unwrap();
    assert_eq!(
        planned.term_number,
        current + 1,
        "the seed plans the next term"
    );
    let chair = people(db, "6204", 1).await;
    let elections = count::<entity::term_election::Entity>(db).await;
    let reelect = |input: Value| {
        run(
            &schema,
            "reelectOrganization",
            "ReelectOrganizationInput",
            ELECTION,
            input,
        )
    };
    let org_id = gid("Organization", org.id);

    let same_term =
        reelect(json!({ "organization": org_id, "heldOn": "2025-11-15", "termNumber": current }))
            .await;
    refused(
        &same_term,
        "reelectOrganization",
        "TERM_NOT_NEWER",
        &["input", "termNumber"],
    );
    let backwards = reelect(json!({ "organization": org_id, "heldOn": "2025-11-15", "termNumber": current + 1, "termEnd": "2025-01-01" })).await;
    refused(
        &backwards,
        "reelectOrganization",
        "DATE_ORDER",
        &["input", "termEnd"],
    );
    let stale = reelect(json!({ "organization": org_id, "expectedVersion": org.version - 1, "heldOn": "2025-11-15", "termNumber": current + 1 })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let unchanged = entity::organization::Entity::find_by_id(org.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        unchanged.term_number,
        Some(current),
        "the conflict rolled the election back too"
    );
    assert_eq!(count::<entity::term_election::Entity>(db).await, elections);

    let done = reelect(json!({ "organization": org_id, "expectedVersion": org.version, "heldOn": "2025-11-15", "termNumber": current + 1, "termEnd": "2030-11-14", "chair": chair[0] })).await;
    let election = &ok(&done, "reelectOrganization")["termElection"];
    assert_eq!(
        election["id"],
        json!(gid("TermElection", planned.id)),
        "the planned election was completed, not duplicated"
    );
    assert_eq!(
        (election["status"].clone(), election["heldOn"].clone()),
        (json!("COMPLETED"), json!("2025-11-15"))
    );
    assert_eq!(election["chair"]["id"], json!(chair[0]));
    let organization = &election["organization"];
    assert_eq!(organization["termNumber"], current + 1);
    assert_eq!(
        (
            organization["termStart"].clone(),
            organization["termEnd"].clone()
        ),
        (json!("2025-11-15"), json!("2030-11-14"))
    );
    let history = organization["history"]["edges"].as_array().unwrap();
    assert_eq!(
        history.last().unwrap()["node"]["changedFields"],
        json!(["term_end", "term_number", "term_start"])
    );
    assert_eq!(count::<entity::term_election::Entity>(db).await, elections);

    let again = reelect(
        json!({ "organization": org_id, "heldOn": "2025-11-16", "termNumber": current + 1 }),
    )
    .await;
    refused(
        &again,
        "reelectOrganization",
        "TERM_NOT_NEWER",
        &["input", "termNumber"],
    );
    let create = |input: Value| {
        run(
            &schema,
            "createTermElection",
            "CreateTermElectionInput",
            ELECTION,
            input,
        )
    };
    let duplicate = create(
        json!({ "organization": org_id, "heldOn": "2030-11-01", "termNumber": current + 1 }),
    )
    .await;
    refused(
        &duplicate,
        "createTermElection",
        "DUPLICATE",
        &["input", "termNumber"],
    );
    let zero =
        create(json!({ "organization": org_id, "heldOn": "2030-11-01", "termNumber": 0 })).await;
    refused(
        &zero,
        "createTermElection",
        "OUT_OF_RANGE",
        &["input", "termNumber"],
    );
    let next = create(
        json!({ "organization": org_id, "heldOn": "2030-11-01", "termNumber": current + 2 }),
    )
    .await;
    let next = &ok(&next, "createTermElection")["termElection"];
    assert_eq!(next["status"], "PLANNED");
    let id = next["id"].clone();
    let moved = run(
        &schema,
        "updateTermElection",
        "UpdateTermElectionInput",
        ELECTION,
        json!({ "id": id, "expectedVersion": 1, "heldOn": "2030-12-01" }),
    )
    .await;
    assert_eq!(
        ok(&moved, "updateTermElection")["termElection"]["version"],
        2
    );
    ok(
        &run(
            &schema,
            "deleteTermElection",
            "DeleteInput",
            "termElection { id }",
            json!({ "id": id, "expectedVersion": 2 }),
        )
        .await,
        "deleteTermElection",
    );
    ok(
        &run(
            &schema,
            "restoreTermElection",
            "RestoreInput",
            "termElection { id }",
            json!({ "id": id }),
        )
        .await,
        "restoreTermElection",
    );
}
