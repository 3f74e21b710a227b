//! Activities with participants and donations, and donations on their own.

use super::*;

const ACTIVITY: &str = "activity { id title participantCount version participants { totalCount } donations { totalCount edges { node { cash inKindValue total donatedOn donorPerson { id } } } } history { edges { node { operation } } } }";

#[tokio::test]
async fn record_activity_writes_participants_and_donations_together_or_not_at_all() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let who = people(db, "620421", 3).await;
    let org = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let counts = async || {
        (
            count::<entity::activity::Entity>(db).await,
            count::<entity::activity_participant::Entity>(db).await,
            count::<entity::donation::Entity>(db).await,
        )
    };
    let before = counts().await;
    let record = |input: Value| {
        run(
            &schema,
            "recordActivity",
            "RecordActivityInput",
            ACTIVITY,
            input,
        )
    };
    let input = |extra: Value| {
        let mut base = json!({ "kind": "CHARITABLE_AID", "title": "捐资助学", "heldOn": "2025-09-01", "region": "620421101001",
            "participants": [who[0], who[1]],
            "donations": [{ "donorPerson": who[2], "cash": "5000.00" }, { "donorOrganization": org, "inKind": "1200.50", "donatedOn": "2025-09-02" }] });
        base.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        base
    };

    let bad = record(input(json!({
        "endedOn": "2025-08-31",
        "audiencePersonTimes": -1,
        "place": gid("Base", 999_999),
        "participants": [who[0], who[0]],
        "donations": [{ "donorPerson": who[2], "donorOrganization": org, "cash": "10.00" }, { "cash": "0", "inKind": "0.00" }, { "cash": "-5.00", "inKind": "6.00" }],
    }))).await;
    refused(&bad, "recordActivity", "DATE_ORDER", &["input", "endedOn"]);
    refused(
        &bad,
        "recordActivity",
        "NEGATIVE",
        &["input", "audiencePersonTimes"],
    );
    refused(&bad, "recordActivity", "NOT_FOUND", &["input", "place"]);
    refused(
        &bad,
        "recordActivity",
        "DUPLICATE",
        &["input", "participants", "1"],
    );
    refused(
        &bad,
        "recordActivity",
        "MUTUALLY_EXCLUSIVE",
        &["input", "donations", "0", "donorOrganization"],
    );
    refused(
        &bad,
        "recordActivity",
        "NOT_POSITIVE",
        &["input", "donations", "1", "cash"],
    );
    refused(
        &bad,
        "recordActivity",
        "NEGATIVE",
        &["input", "donations", "2", "cash"],
    );
    assert_eq!(
        bad["data"]["recordActivity"]["userErrors"]
            .as_array()
            .unwrap()
            .len(),
        7,
        "{bad}"
    );
    assert_eq!(counts().await, before, "nothing written");

    let good = record(input(json!({}))).await;
    let activity = &ok(&good, "recordActivity")["activity"];
    assert_eq!(
        activity["participantCount"], 2,
        "defaults to the participants named"
    );
    assert_eq!(activity["participants"]["totalCount"], 2);
    assert_eq!(activity["donations"]["totalCount"], 2);
    let first = &activity["donations"]["edges"][0]["node"];
    assert_eq!(first["cash"], "5000.00");
    assert_eq!(
        first["donatedOn"], "2025-09-01",
        "the activity's date unless given"
    );
    assert_eq!(first["donorPerson"]["id"], json!(who[2]));
    assert_eq!(
        activity["donations"]["edges"][1]["node"]["total"],
        "1200.50"
    );
    assert_eq!(counts().await, (before.0 + 1, before.1 + 2, before.2 + 2));
    let log = execute(
        &schema,
        r#"{ auditLog(filter: { recordType: "ActivityParticipant" }, first: 5) { totalCount } }"#,
        json!({}),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        log["data"]["auditLog"]["totalCount"], 2,
        "each link audited: {log}"
    );
    let id = activity["id"].clone();

    const PARTICIPANTS: &str = "activity { participants { totalCount } }";
    let add = |input: Value| {
        run(
            &schema,
            "addParticipant",
            "AddParticipantInput",
            PARTICIPANTS,
            input,
        )
    };
    let remove = |input: Value| {
        run(
            &schema,
            "removeParticipant",
            "RemoveParticipantInput",
            PARTICIPANTS,
            input,
        )
    };
    let twice = add(json!({ "activity": id, "person": who[1] })).await;
    refused(&twice, "addParticipant", "DUPLICATE", &["input", "person"]);
    let added = add(json!({ "activity": id, "person": who[2], "role": "志愿者" })).await;
    assert_eq!(
        ok(&added, "addParticipant")["activity"]["participants"]["totalCount"],
        3
    );
    let removed = remove(json!({ "activity": id, "person": who[0] })).await;
    assert_eq!(
        ok(&removed, "removeParticipant")["activity"]["participants"]["totalCount"],
        2
    );
    let absent = remove(json!({ "activity": id, "person": who[0] })).await;
    refused(
        &absent,
        "removeParticipant",
        "NOT_FOUND",
        &["input", "person"],
    );

    let delete = |end_links: bool| {
        run(
            &schema,
            "deleteActivity",
            "DeleteInput",
            "activity { version }",
            json!({ "id": id, "expectedVersion": 1, "endLinks": end_links }),
        )
    };
    let refusal = delete(false).await;
    refused(
        &refusal,
        "deleteActivity",
        "HAS_REFERENCES",
        &["input", "id"],
    );
    let message = refusal["data"]["deleteActivity"]["userErrors"][0]["message"].to_string();
    assert!(
        message.contains("选择“结束关联”可结束其中的参加人员、捐赠"),
        "{message}"
    );
    assert_eq!(
        ok(&delete(true).await, "deleteActivity")["activity"]["version"],
        2
    );
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Activity").unwrap();
    let live_donations = entity::donation::Entity::find()
        .filter(entity::donation::Column::ActivityId.eq(key))
        .filter(entity::donation::Column::DeletedAt.is_null())
        .count(db)
        .await
        .unwrap();
    assert_eq!(live_donations, 0, "the donations ended with the activity");
    let restored = run(
        &schema,
        "restoreActivity",
        "RestoreInput",
        "activity { version history { edges { node { operation } } } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        operations(&ok(&restored, "restoreActivity")["activity"]),
        ["CREATE", "DELETE", "RESTORE"]
    );
}

const DONATION: &str = "donation { id cash inKindValue total version activity { id } history { edges { node { operation } } } }";

#[tokio::test]
async fn donations_are_positive_from_one_donor_and_follow_their_activity() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let who = people(db, "620421", 1).await;
    let org = gid(
        "Organization",
        organization(db, "ENTERPRISE", "620421").await,
    );
    let created = run(&schema, "createActivity", "CreateActivityInput", "activity { id }", json!({ "kind": "HARDSHIP_RELIEF", "title": "冬季送温暖", "heldOn": "2025-12-20", "region": "620421" })).await;
    let activity = ok(&created, "createActivity")["activity"]["id"].clone();
    let create = |input: Value| {
        run(
            &schema,
            "createDonation",
            "CreateDonationInput",
            DONATION,
            input,
        )
    };

    let empty = create(json!({ "activity": activity })).await;
    refused(&empty, "createDonation", "NOT_POSITIVE", &["input", "cash"]);
    let two_donors = create(json!({ "activity": activity, "donorPerson": who[0], "donorOrganization": org, "cash": "1.00" })).await;
    refused(
        &two_donors,
        "createDonation",
        "MUTUALLY_EXCLUSIVE",
        &["input", "donorOrganization"],
    );
    let negative = create(json!({ "activity": activity, "inKind": "-0.01", "cash": "3" })).await;
    refused(
        &negative,
        "createDonation",
        "NEGATIVE",
        &["input", "inKind"],
    );

    let good = create(json!({ "activity": activity, "donorOrganization": org, "cash": "800", "inKind": "200.25" })).await;
    let donation = &ok(&good, "createDonation")["donation"];
    assert_eq!(donation["total"], "1000.25");
    assert_eq!(donation["activity"]["id"], activity);
    let id = donation["id"].clone();
    let update = |input: Value| {
        run(
            &schema,
            "updateDonation",
            "UpdateDonationInput",
            DONATION,
            input,
        )
    };
    let zeroed =
        update(json!({ "id": id, "expectedVersion": 1, "cash": "0", "inKind": "0" })).await;
    refused(
        &zeroed,
        "updateDonation",
        "NOT_POSITIVE",
        &["input", "cash"],
    );
    let anonymous = update(
        json!({ "id": id, "expectedVersion": 1, "donorOrganization": null, "cash": "900.00" }),
    )
    .await;
    assert_eq!(
        ok(&anonymous, "updateDonation")["donation"]["total"],
        "1100.25"
    );
    let stale = update(json!({ "id": id, "expectedVersion": 1, "cash": "1" })).await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");

    let outsider = editor("620422");
    let query = mutation("createDonation", "CreateDonationInput", DONATION);
    let forbidden = execute(
        &schema,
        &query,
        json!({ "input": { "activity": activity, "cash": "5" } }),
        outsider,
    )
    .await;
    assert_eq!(
        error_code(&forbidden),
        "FORBIDDEN",
        "a donation is in its activity's region"
    );
    let insider = execute(
        &schema,
        &query,
        json!({ "input": { "activity": activity, "cash": "5" } }),
        editor("620421"),
    )
    .await;
    ok(&insider, "createDonation");

    let deleted = run(
        &schema,
        "deleteDonation",
        "DeleteInput",
        "donation { version }",
        json!({ "id": id, "expectedVersion": 2 }),
    )
    .await;
    assert_eq!(ok(&deleted, "deleteDonation")["donation"]["version"], 3);
    let restored = run(
        &schema,
        "restoreDonation",
        "RestoreInput",
        DONATION,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(
        operations(&ok(&restored, "restoreDonation")["donation"]),
        ["CREATE", "UPDATE", "DELETE", "RESTORE"]
    );
}
