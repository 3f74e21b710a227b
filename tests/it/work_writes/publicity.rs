//! Publicity works and their publications on media outlets.

use super::*;

#[tokio::test]
async fn publications_go_to_media_outlets_and_follow_their_work() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let db = &test.db;
    let outlet = gid(
        "Organization",
        organization(db, "MEDIA_OUTLET", "6204").await,
    );
    let firm = gid("Organization", organization(db, "ENTERPRISE", "6204").await);
    let work = run(&schema, "createPublicityWork", "CreatePublicityWorkInput", "publicityWork { id title }", json!({ "kind": "VIDEO", "title": "红溪村的新变化", "series": "铸牢大家谈", "producedOn": "2025-06-01", "region": "620423", "featuredRegion": "620423" })).await;
    let work = ok(&work, "createPublicityWork")["publicityWork"]["id"].clone();
    let bad_title = run(
        &schema,
        "createPublicityWork",
        "CreatePublicityWorkInput",
        "publicityWork { id }",
        json!({ "kind": "ARTICLE", "title": "", "producedOn": "2025-06-01", "region": "620423" }),
    )
    .await;
    refused(
        &bad_title,
        "createPublicityWork",
        "TEXT_LENGTH",
        &["input", "title"],
    );

    const PUBLICATION: &str = "publication { id views url version outlet { id } work { id } }";
    let create = |input: Value| {
        run(
            &schema,
            "createPublication",
            "CreatePublicationInput",
            PUBLICATION,
            input,
        )
    };
    let publications = count::<entity::publication::Entity>(db).await;
    let not_media =
        create(json!({ "work": work, "outlet": firm, "publishedOn": "2025-06-02" })).await;
    refused(
        &not_media,
        "createPublication",
        "WRONG_KIND",
        &["input", "outlet"],
    );
    let bad = create(json!({ "work": work, "outlet": outlet, "publishedOn": "2025-05-31", "views": "-1", "url": "ftp://x" })).await;
    refused(
        &bad,
        "createPublication",
        "DATE_ORDER",
        &["input", "publishedOn"],
    );
    refused(&bad, "createPublication", "NEGATIVE", &["input", "views"]);
    refused(&bad, "createPublication", "URL_FORMAT", &["input", "url"]);
    assert_eq!(
        count::<entity::publication::Entity>(db).await,
        publications,
        "nothing written"
    );
    let good = create(json!({ "work": work, "outlet": outlet, "publishedOn": "2025-06-02", "views": "3000000000", "url": "https://example.cn/v/1" })).await;
    let publication = &ok(&good, "createPublication")["publication"];
    assert_eq!(
        publication["views"], "3000000000",
        "views are a 64-bit BigInt"
    );
    let id = publication["id"].clone();

    let outsider = execute(
        &schema,
        &mutation("updatePublication", "UpdatePublicationInput", PUBLICATION),
        json!({ "input": { "id": id, "expectedVersion": 1, "views": "1" } }),
        editor("620421"),
    )
    .await;
    assert_eq!(
        error_code(&outsider),
        "FORBIDDEN",
        "a publication is in its work's region"
    );
    let update = run(
        &schema,
        "updatePublication",
        "UpdatePublicationInput",
        PUBLICATION,
        json!({ "id": id, "expectedVersion": 1, "url": null, "views": 12 }),
    )
    .await;
    let updated = &ok(&update, "updatePublication")["publication"];
    assert_eq!(
        (updated["url"].clone(), updated["views"].clone()),
        (Value::Null, json!("12"))
    );

    let delete_work = |end_links: bool| {
        run(
            &schema,
            "deletePublicityWork",
            "DeleteInput",
            "publicityWork { version }",
            json!({ "id": work, "expectedVersion": 1, "endLinks": end_links }),
        )
    };
    refused(
        &delete_work(false).await,
        "deletePublicityWork",
        "HAS_REFERENCES",
        &["input", "id"],
    );
    ok(&delete_work(true).await, "deletePublicityWork");
    let orphan = run(
        &schema,
        "restorePublication",
        "RestoreInput",
        PUBLICATION,
        json!({ "id": id }),
    )
    .await;
    refused(
        &orphan,
        "restorePublication",
        "PARENT_DELETED",
        &["input", "id"],
    );
    ok(
        &run(
            &schema,
            "restorePublicityWork",
            "RestoreInput",
            "publicityWork { id }",
            json!({ "id": work }),
        )
        .await,
        "restorePublicityWork",
    );
    let back = run(
        &schema,
        "restorePublication",
        "RestoreInput",
        PUBLICATION,
        json!({ "id": id }),
    )
    .await;
    assert_eq!(ok(&back, "restorePublication")["publication"]["version"], 4);
}
