//! `search(query:, types:, first:)` on the demo dataset: characters, full pinyin, initials,
//! heteronyms, spaces and case; ranking; the index following writes; who finds people.

use sea_orm::{EntityTrait, QueryOrder};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};

use crate::helpers::{TestDb, TestSchema, count_statements, execute};

const SEARCH: &str = r#"query($q: String!, $types: [SearchType!], $first: Int) {
  search(query: $q, types: $types, first: $first) {
    score matchedField
    node { __typename id ... on Region { name code } ... on Organization { name }
           ... on Person { name } ... on Base { name } ... on Home { name } } } }"#;

fn viewer() -> Viewer {
    Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "search-viewer".into(),
    }
}

async fn search(schema: &TestSchema, q: &str, types: Value, as_: Viewer) -> Value {
    execute(
        schema,
        SEARCH,
        json!({ "q": q, "types": types, "first": 20 }),
        as_,
    )
    .await
}

fn hits(answer: &Value) -> Vec<Value> {
    assert!(answer["errors"].is_null(), "{answer}");
    answer["data"]["search"].as_array().unwrap().clone()
}

fn names(answer: &Value) -> Vec<String> {
    hits(answer)
        .iter()
        .map(|h| h["node"]["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn pinyin_initials_heteronyms_spaces_and_case_find_regions() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let regions = json!(["REGION"]);
    for (q, field) in [
        ("jyx", "nameInitials"),
        ("JYX", "nameInitials"),
        ("jingyuan", "namePinyin"),
        ("Jing Yuan Xian", "namePinyin"),
        ("靖远", "name"),
        ("靖 远 县", "name"),
        ("620421", "code"),
    ] {
        let answer = search(&schema, q, regions.clone(), Viewer::public()).await;
        let first = &hits(&answer)[0];
        assert_eq!(first["node"]["name"], "靖远县", "{q}: {answer}");
        assert_eq!(first["matchedField"], field, "{q}: {answer}");
    }
    // 会 reads hui or kuai: both spellings find 会宁县, the default one first.
    for q in ["huining", "kuaining", "knx", "hnx"] {
        let answer = search(&schema, q, regions.clone(), Viewer::public()).await;
        assert_eq!(names(&answer)[0], "会宁县", "{q}: {answer}");
    }
    // 翟家所 is found as zhai (the override) and as di (the dictionary's default).
    for q in ["zhaijiasuo", "dijiasuo", "zjs"] {
        let answer = search(&schema, q, regions.clone(), Viewer::public()).await;
        assert_eq!(names(&answer)[0], "翟家所镇", "{q}: {answer}");
    }
    // "by": the district and the city by their initials.
    let by = names(&search(&schema, "by", regions.clone(), Viewer::public()).await);
    assert!(by[..2].contains(&"白银区".to_owned()), "{by:?}");
    assert!(by[..2].contains(&"白银市".to_owned()), "{by:?}");
    // "baiyin": the two regions before the organizations named after them.
    let baiyin = search(&schema, "baiyin", json!(null), Viewer::public()).await;
    let top: Vec<String> = hits(&baiyin)[..2]
        .iter()
        .map(|h| h["node"]["__typename"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(top, ["Region", "Region"], "{baiyin}");
    // A substring inside the name (远县 in 靖远县) and a syllable inside the pinyin.
    for q in ["远县", "yuanxian"] {
        let answer = search(&schema, q, regions.clone(), Viewer::public()).await;
        assert_eq!(names(&answer)[0], "靖远县", "{q}: {answer}");
        assert!(
            hits(&answer)[0]["score"].as_f64().unwrap() < 0.4,
            "{answer}"
        );
    }
}

#[tokio::test]
async fn ranking_is_exact_then_prefix_then_initials_then_substring() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    for name in ["ATX商会", "同心", "TX商会", "TX"] {
        let created = execute(
            &schema,
            r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
                 organization { id } userErrors { code message } } }"#,
            json!({ "input": { "name": name, "kind": "COMMUNITY_ORG", "region": "620402" } }),
            Viewer::system(),
        )
        .await;
        assert!(
            created["data"]["createOrganization"]["userErrors"]
                .as_array()
                .is_some_and(Vec::is_empty),
            "{created}"
        );
    }
    let answer = search(&schema, "tx", json!(["ORGANIZATION"]), viewer()).await;
    let all = hits(&answer);
    let scores: Vec<f64> = all.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{answer}");
    let ours: Vec<String> = names(&answer)
        .into_iter()
        .filter(|n| ["ATX商会", "同心", "TX商会", "TX"].contains(&n.as_str()))
        .collect();
    assert_eq!(ours, ["TX", "TX商会", "同心", "ATX商会"], "{answer}");
    let score_of = |name: &str| {
        all.iter()
            .find(|h| h["node"]["name"] == name)
            .and_then(|h| h["score"].as_f64())
            .unwrap()
    };
    assert!(score_of("TX") >= 0.8);
    assert!((0.6..0.8).contains(&score_of("TX商会")));
    assert!((0.4..0.6).contains(&score_of("同心")));
    assert!((0.2..0.4).contains(&score_of("ATX商会")));
}

const CREATE_ORG: &str = r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
  organization { id version } userErrors { code } } }"#;

#[tokio::test]
async fn the_index_follows_create_update_delete_and_restore() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let found = |answer: &Value, id: &Value| hits(answer).iter().any(|h| &h["node"]["id"] == id);
    let created = execute(
        &schema,
        CREATE_ORG,
        json!({ "input": { "name": "磐石互助协会", "kind": "COMMUNITY_ORG", "region": "620421" } }),
        Viewer::system(),
    )
    .await;
    let org = created["data"]["createOrganization"]["organization"].clone();
    let id = org["id"].clone();
    for q in ["磐石", "panshi", "pshz", "互助协会"] {
        let answer = search(&schema, q, json!(null), Viewer::public()).await;
        assert!(found(&answer, &id), "{q}: {answer}");
    }
    let updated = execute(
        &schema,
        r#"mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) {
             organization { version } userErrors { code } } }"#,
        json!({ "input": { "id": id, "expectedVersion": org["version"], "name": "青松互助协会" } }),
        Viewer::system(),
    )
    .await;
    let version = updated["data"]["updateOrganization"]["organization"]["version"].clone();
    assert!(version.is_number(), "{updated}");
    assert!(!found(
        &search(&schema, "panshi", json!(null), viewer()).await,
        &id
    ));
    assert!(found(
        &search(&schema, "qingsong", json!(null), viewer()).await,
        &id
    ));
    let deleted = execute(
        &schema,
        r#"mutation($input: DeleteInput!) { deleteOrganization(input: $input) {
             organization { version } userErrors { code } } }"#,
        json!({ "input": { "id": id, "expectedVersion": version } }),
        Viewer::system(),
    )
    .await;
    assert!(deleted["errors"].is_null(), "{deleted}");
    assert!(!found(
        &search(&schema, "qingsong", json!(null), viewer()).await,
        &id
    ));
    let restored = execute(
        &schema,
        r#"mutation($input: RestoreInput!) { restoreOrganization(input: $input) {
             organization { version } } }"#,
        json!({ "input": { "id": id } }),
        Viewer::system(),
    )
    .await;
    assert!(restored["errors"].is_null(), "{restored}");
    assert!(found(
        &search(&schema, "青松", json!(null), viewer()).await,
        &id
    ));
}

#[tokio::test]
async fn public_never_finds_people_and_phones_are_not_searchable() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = entity::person::Entity::find()
        .order_by_asc(entity::person::Column::Id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let signed_in = search(&schema, &person.name, json!(null), viewer()).await;
    assert!(
        hits(&signed_in)
            .iter()
            .any(|h| h["node"]["__typename"] == "Person"),
        "{signed_in}"
    );
    let public = search(&schema, &person.name, json!(null), Viewer::public()).await;
    assert!(
        hits(&public)
            .iter()
            .all(|h| h["node"]["__typename"] != "Person"),
        "{public}"
    );
    let asked = search(&schema, &person.name, json!(["PERSON"]), Viewer::public()).await;
    assert_eq!(
        asked["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{asked}"
    );
    let private = entity::person_private::Entity::find_by_id(person.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let opened = crate::helpers::data_keys().open_private(&private).unwrap();
    for secret in [opened.phone, opened.id_number].into_iter().flatten() {
        let answer = search(&schema, &secret, json!(["PERSON"]), Viewer::system()).await;
        assert!(hits(&answer).is_empty(), "{answer}");
    }
}

#[tokio::test]
async fn bad_queries_limits_and_like_wildcards() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let empty = search(&schema, "  ", json!(null), viewer()).await;
    assert_eq!(empty["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let too_many = execute(
        &schema,
        SEARCH,
        json!({ "q": "by", "first": 101 }),
        viewer(),
    )
    .await;
    assert_eq!(
        too_many["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{too_many}"
    );
    // Wildcards of LIKE are plain characters here: they match nothing, not everything.
    for q in ["%", "_", "%银"] {
        assert!(
            hits(&search(&schema, q, json!(null), viewer()).await).is_empty(),
            "{q}"
        );
    }
}

#[tokio::test]
async fn a_search_costs_a_fixed_number_of_statements() {
    let mut test = TestDb::seeded().await;
    let counter = count_statements(&mut test.db);
    let schema = test.schema();
    for q in ["w", "wang", "白银", "jyx"] {
        counter.reset();
        let answer = search(&schema, q, json!(null), viewer()).await;
        assert!(!hits(&answer).is_empty(), "{q}");
        // Two index range scans, then one batched load per type found (at most four).
        assert!(counter.get() <= 6, "{q}: {} statements", counter.get());
    }
}
