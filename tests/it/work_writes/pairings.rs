//! Enterprise–village pairings: partners, villages, one active pairing per pair, ending.

use super::*;

const PAIRING: &str = "pairing { id focus status startedOn endedOn investment jobsCreated version village { code } enterprise { id } history { edges { node { operation } } } }";

#[tokio::test]
async fn pairings_pair_private_firms_with_villages_once_and_end() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let firm = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let cpc = gid(
        "Organization",
        organization(db, "CPC_GRASSROOTS_ORG", "620421").await,
    );
    let village = region(db, "VILLAGE", "620421").await;
    let township = region(db, "TOWNSHIP", "620421").await;
    let pairings = count::<entity::pairing::Entity>(db).await;
    let create = |input: Value| {
        run(
            &schema,
            "createPairing",
            "CreatePairingInput",
            PAIRING,
            input,
        )
    };
    let input = |extra: Value| {
        let mut base = json!({ "enterprise": firm, "village": village, "focus": ["INDUSTRY", "EMPLOYMENT"], "startedOn": "2025-04-01" });
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };

    let bad_village = create(input(json!({ "village": township }))).await;
    refused(
        &bad_village,
        "createPairing",
        "REGION_LEVEL",
        &["input", "village"],
    );
    let bad_partner = create(input(json!({ "enterprise": cpc }))).await;
    refused(
        &bad_partner,
        "createPairing",
        "WRONG_KIND",
        &["input", "enterprise"],
    );
    let no_focus = create(input(json!({ "focus": [] }))).await;
    refused(&no_focus, "createPairing", "REQUIRED", &["input", "focus"]);
    let negative = create(input(json!({ "investment": "-1.00", "jobsCreated": -3 }))).await;
    refused(
        &negative,
        "createPairing",
        "NEGATIVE",
        &["input", "investment"],
    );
    refused(
        &negative,
        "createPairing",
        "NEGATIVE",
        &["input", "jobsCreated"],
    );
    let backwards = create(input(
        json!({ "status": "COMPLETED", "endedOn": "2025-03-31" }),
    ))
    .await;
    refused(
        &backwards,
        "createPairing",
        "DATE_ORDER",
        &["input", "endedOn"],
    );
    let undated = create(input(json!({ "status": "TERMINATED" }))).await;
    refused(&undated, "createPairing", "REQUIRED", &["input", "endedOn"]);
    assert_eq!(
        count::<entity::pairing::Entity>(db).await,
        pairings,
        "nothing written"
    );

    let good = create(input(
        json!({ "investment": "1200000.50", "jobsCreated": 12 }),
    ))
    .await;
    let pairing = &ok(&good, "createPairing")["pairing"];
    assert_eq!(pairing["focus"], json!(["INDUSTRY", "EMPLOYMENT"]));
    assert_eq!(pairing["status"], "ACTIVE");
    assert_eq!(pairing["investment"], "1200000.50");
    assert_eq!(pairing["village"]["code"], json!(village));
    let id = pairing["id"].clone();
    let twin = create(input(json!({ "focus": ["CONSUMPTION"] }))).await;
    refused(&twin, "createPairing", "DUPLICATE", &["input", "village"]);

    let update = run(
        &schema,
        "updatePairing",
        "UpdatePairingInput",
        PAIRING,
        json!({ "id": id, "expectedVersion": 1, "focus": ["PUBLIC_WELFARE"], "investment": null }),
    )
    .await;
    let updated = &ok(&update, "updatePairing")["pairing"];
    assert_eq!(updated["focus"], json!(["PUBLIC_WELFARE"]));
    assert!(updated["investment"].is_null());
    assert_eq!(updated["jobsCreated"], 12);

    let end = |input: Value| run(&schema, "endPairing", "EndPairingInput", PAIRING, input);
    let stale = end(json!({ "id": id, "expectedVersion": 1, "endedOn": "2025-12-31" })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let early = end(json!({ "id": id, "expectedVersion": 2, "endedOn": "2025-01-01" })).await;
    refused(&early, "endPairing", "DATE_ORDER", &["input", "endedOn"]);
    let ended = end(
        json!({ "id": id, "expectedVersion": 2, "endedOn": "2025-12-31", "status": "TERMINATED" }),
    )
    .await;
    let ended = &ok(&ended, "endPairing")["pairing"];
    assert_eq!(
        (ended["status"].clone(), ended["endedOn"].clone()),
        (json!("TERMINATED"), json!("2025-12-31"))
    );
    assert_eq!(operations(ended), ["CREATE", "UPDATE", "UPDATE"]);
    let again = end(json!({ "id": id, "expectedVersion": 3, "endedOn": "2026-01-01" })).await;
    refused(&again, "endPairing", "ALREADY_ENDED", &["input", "id"]);

    let renewed = create(input(json!({ "startedOn": "2026-01-01" }))).await;
    ok(&renewed, "createPairing");
    let deleted = run(
        &schema,
        "deletePairing",
        "DeleteInput",
        "pairing { id }",
        json!({ "id": id, "expectedVersion": 3 }),
    )
    .await;
    ok(&deleted, "deletePairing");
    let restored = run(
        &schema,
        "restorePairing",
        "RestoreInput",
        "pairing { version }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(ok(&restored, "restorePairing")["pairing"]["version"], 5);
}
