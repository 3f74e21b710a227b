//! Writing the people domain: persons with their personal data and categories, memberships,
//! liaison assignments, platform accounts, sales records, households and influencer links.
//! Every rule refuses with a user error and writes nothing; stale versions conflict; deletes
//! are soft and restorable; every change leaves an audit entry; editors stay in their region.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use tongxin::auth::{Role, Viewer};
use tongxin::domain::enums::UfCategory;
use tongxin::domain::region_code::RegionCode;
use tongxin::domain::validate::id_number::check_char;

use crate::helpers::{TestDb, TestSchema, execute};

/// A township of 靖远县 and two of its communities, all in the demo dataset.
const TOWNSHIP: &str = "620421101";
const VILLAGE: &str = "620421101001";
const OTHER_VILLAGE: &str = "620421101002";

const PERSON: &str =
    "id version name namePinyin gender region { code } birthDate idNumber phone address
  ethnicity { code name } politicalStatus party religion categories figureKinds workUnit
  history { edges { node { operation changedFields actor } } }
  personalDataHistory { edges { node { operation changedFields } } }";

/// A valid ID number from its first 17 digits.
fn id_number(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

fn editor_of(region: &str) -> Viewer {
    Viewer {
        role: Role::Editor,
        region_scope: Some(RegionCode::parse(region).unwrap()),
        subject: format!("editor-{region}"),
    }
}

async fn run(schema: &TestSchema, query: &str, input: Value) -> Value {
    execute(schema, query, json!({ "input": input }), Viewer::system()).await
}

/// `mutation($input: <Input>!) { <field>(input: $input) { <object> { <selection> } userErrors … } }`.
fn mutation(field: &str, input_type: &str, object: &str, selection: &str) -> String {
    format!(
        "mutation($input: {input_type}!) {{ {field}(input: $input) {{ {object} {{ {selection} }} userErrors {{ field code message }} }} }}"
    )
}

/// The payload's object, asserting the mutation succeeded.
fn ok<'a>(response: &'a Value, field: &str, object: &str) -> &'a Value {
    assert!(response["errors"].is_null(), "{response}");
    assert_eq!(
        response["data"][field]["userErrors"],
        json!([]),
        "{response}"
    );
    &response["data"][field][object]
}

/// `(code, field path)` of every user error, asserting the object is null.
fn refused(response: &Value, field: &str, object: &str) -> Vec<(String, String)> {
    assert!(response["errors"].is_null(), "{response}");
    assert!(
        response["data"][field][object].is_null(),
        "refused input writes nothing: {response}"
    );
    response["data"][field]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let path: Vec<&str> = e["field"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            (e["code"].as_str().unwrap().to_owned(), path.join("."))
        })
        .collect()
}

fn has(errors: &[(String, String)], code: &str, field: &str) -> bool {
    errors.iter().any(|(c, f)| c == code && f == field)
}

fn error_code(response: &Value) -> &str {
    response["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("")
}

fn operations(history: &Value) -> Vec<(String, Vec<String>)> {
    history["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let node = &e["node"];
            let changed = node["changedFields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_owned())
                .collect();
            (node["operation"].as_str().unwrap().to_owned(), changed)
        })
        .collect()
}

async fn counts(test: &TestDb) -> [u64; 4] {
    [
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
        entity::audit_entry::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
    ]
}

async fn create_person(schema: &TestSchema, input: Value) -> Value {
    let query = mutation("createPerson", "CreatePersonInput", "person", PERSON);
    let response = run(schema, &query, input).await;
    ok(&response, "createPerson", "person").clone()
}

async fn update_person(schema: &TestSchema, input: Value) -> Value {
    let query = mutation("updatePerson", "UpdatePersonInput", "person", PERSON);
    run(schema, &query, input).await
}

/// A plain person in the test township.
async fn someone(schema: &TestSchema, name: &str) -> Value {
    create_person(
        schema,
        json!({ "name": name, "gender": "MALE", "region": TOWNSHIP }),
    )
    .await
}

async fn create_org(schema: &TestSchema, region: &str) -> String {
    let query = mutation(
        "createOrganization",
        "CreateOrganizationInput",
        "organization",
        "id",
    );
    let input = json!({ "name": "成员测试企业", "kind": "ENTERPRISE", "region": region });
    let response = run(schema, &query, input).await;
    ok(&response, "createOrganization", "organization")["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn create_person_checks_every_field_and_writes_nothing_on_error() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let before = counts(&test).await;
    let query = mutation("createPerson", "CreatePersonInput", "person", "id");

    let bad = run(
        &schema,
        &query,
        json!({
            "name": "张3", "region": "620400", "gender": "MALE",
            "idNumber": "620402198506121238", "phone": "12345", "ethnicity": "99",
            "workUnit": "单".repeat(101), "birthDate": "2999-01-01",
        }),
    )
    .await;
    let errors = refused(&bad, "createPerson", "person");
    for (code, field) in [
        ("NAME_CHARACTERS", "input.name"),
        ("REGION_LEVEL", "input.region"),
        ("ID_NUMBER_CHECKSUM", "input.idNumber"),
        ("ETHNICITY_UNKNOWN", "input.ethnicity"),
        ("TEXT_LENGTH", "input.workUnit"),
        ("BIRTH_DATE_RANGE", "input.birthDate"),
    ] {
        assert!(has(&errors, code, field), "{code} {field}: {errors:?}");
    }
    assert!(
        errors
            .iter()
            .any(|(c, f)| c.starts_with("PHONE_") && f == "input.phone"),
        "{errors:?}"
    );

    let male_id = id_number("62040219850612123");
    let mismatched = run(
        &schema,
        &query,
        json!({ "name": "李四", "region": TOWNSHIP, "gender": "FEMALE", "idNumber": male_id, "birthDate": "1985-06-13" }),
    )
    .await;
    let errors = refused(&mismatched, "createPerson", "person");
    assert!(
        has(&errors, "GENDER_MISMATCH", "input.gender"),
        "{errors:?}"
    );
    assert!(
        has(&errors, "BIRTH_DATE_MISMATCH", "input.birthDate"),
        "{errors:?}"
    );
    let no_gender = run(
        &schema,
        &query,
        json!({ "name": "王五", "region": TOWNSHIP }),
    )
    .await;
    assert!(has(
        &refused(&no_gender, "createPerson", "person"),
        "REQUIRED",
        "input.gender"
    ));
    let unknown_region = run(
        &schema,
        &query,
        json!({ "name": "王五", "region": "620421199", "gender": "MALE" }),
    )
    .await;
    assert!(has(
        &refused(&unknown_region, "createPerson", "person"),
        "REGION_UNKNOWN",
        "input.region"
    ));
    assert_eq!(counts(&test).await, before, "nothing written");

    // Only the ID number: gender and birth date follow from it.
    let female_id = id_number("62042119900305124").to_lowercase();
    let person = create_person(
        &schema,
        json!({
            "name": "阿依古丽•买买提", "region": VILLAGE, "idNumber": female_id,
            "phone": "+86 138-1234-5678", "ethnicity": "03", "politicalStatus": "JIUSAN_MEMBER",
            "categories": ["ETHNIC_MINORITY_FIGURE", "NON_CPC_INTELLECTUAL", "ETHNIC_MINORITY_FIGURE"],
            "figureKinds": ["VILLAGE_INFLUENCER", "VILLAGE_INFLUENCER"], "religion": "伊斯兰教",
        }),
    )
    .await;
    assert_eq!(person["name"], "阿依古丽·买买提", "dots are normalised");
    assert_eq!(person["namePinyin"], "ayigulimaimaiti");
    assert_eq!(person["gender"], "FEMALE");
    assert_eq!(person["birthDate"], "1990-03-05");
    assert_eq!(person["idNumber"], female_id.to_uppercase());
    assert_eq!(person["phone"], "13812345678");
    assert_eq!(person["ethnicity"], json!({ "code": "03", "name": "回族" }));
    assert_eq!(person["party"], "JIUSAN");
    assert_eq!(person["figureKinds"], json!(["VILLAGE_INFLUENCER"]));
    assert_eq!(
        person["categories"],
        json!(["ETHNIC_MINORITY_FIGURE", "NON_CPC_INTELLECTUAL"])
    );
    assert_eq!(person["version"], 1);
    assert_eq!(operations(&person["history"])[0].0, "CREATE");
    assert_eq!(person["history"]["edges"][0]["node"]["actor"], "system");
    let personal = operations(&person["personalDataHistory"]);
    assert_eq!(personal[0].0, "CREATE");
    assert!(personal[0].1.contains(&"id_number".to_owned()));
    let after = counts(&test).await;
    assert_eq!(
        [after[0], after[1], after[2]],
        [before[0] + 1, before[1] + 1, before[2] + 2]
    );
    assert_eq!(
        after[3],
        before[3] + 4,
        "person, private row, two categories"
    );

    let twin = run(
        &schema,
        &query,
        json!({ "name": "重复者", "region": TOWNSHIP, "idNumber": female_id }),
    )
    .await;
    assert_eq!(
        refused(&twin, "createPerson", "person"),
        [("DUPLICATE".to_owned(), "input.idNumber".to_owned())]
    );
}

#[tokio::test]
async fn update_person_changes_only_given_fields_personal_data_included() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = create_person(
        &schema,
        json!({
            "name": "赵六", "region": TOWNSHIP, "idNumber": id_number("62040219850612123"),
            "phone": "13912345678", "workUnit": "某合作社",
            "categories": ["NON_PUBLIC_ECONOMY_FIGURE", "NEW_SOCIAL_STRATUM"],
        }),
    )
    .await;
    let id = person["id"].clone();

    let changed = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 1, "name": "赵六一", "phone": "13700001111",
                "categories": ["NEW_SOCIAL_STRATUM", "OTHER_TO_UNITE"] }),
    )
    .await;
    let person = ok(&changed, "updatePerson", "person");
    assert_eq!(person["version"], 2);
    assert_eq!(person["workUnit"], "某合作社", "not given, not changed");
    assert_eq!(person["phone"], "13700001111");
    assert_eq!(
        person["categories"],
        json!(["NEW_SOCIAL_STRATUM", "OTHER_TO_UNITE"])
    );
    assert_eq!(
        operations(&person["history"])[1],
        (
            "UPDATE".to_owned(),
            vec!["name".into(), "name_initials".into(), "name_pinyin".into()]
        )
    );
    assert_eq!(
        operations(&person["personalDataHistory"])[1],
        ("UPDATE".to_owned(), vec!["phone".to_owned()]),
        "a masked field that changed is still listed"
    );
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Person").unwrap();
    let rows = entity::person_category::Entity::find()
        .filter(entity::person_category::Column::PersonId.eq(key))
        .all(&test.db)
        .await
        .unwrap();
    let removed = rows
        .iter()
        .find(|r| r.category == UfCategory::NonPublicEconomyFigure)
        .unwrap();
    assert!(
        removed.deleted_at.is_some(),
        "a removed category is soft-deleted"
    );
    assert_eq!(rows.len(), 3, "kept, removed and added rows");

    // Personal data alone still moves the person's version.
    let phone_only = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 2, "address": "北湾镇某村 12 号" }),
    )
    .await;
    assert_eq!(ok(&phone_only, "updatePerson", "person")["version"], 3);

    let stale = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 2, "name": "过期写入" }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 3);

    let female_id = id_number("62040219900101124");
    let wrong_gender = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 3, "idNumber": female_id }),
    )
    .await;
    assert!(has(
        &refused(&wrong_gender, "updatePerson", "person"),
        "GENDER_MISMATCH",
        "input.idNumber"
    ));
    let cleared = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 3, "birthDate": null }),
    )
    .await;
    assert!(has(
        &refused(&cleared, "updatePerson", "person"),
        "BIRTH_DATE_MISMATCH",
        "input.birthDate"
    ));
    let new_id = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 3, "idNumber": id_number("62042219791124001") }),
    )
    .await;
    let person = ok(&new_id, "updatePerson", "person");
    assert_eq!(
        person["birthDate"], "1979-11-24",
        "follows the new ID number"
    );
    assert_eq!(person["version"], 4);
}

#[tokio::test]
async fn delete_person_takes_owned_data_respects_links_and_restores() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = create_person(
        &schema,
        json!({ "name": "钱七", "gender": "MALE", "region": TOWNSHIP, "phone": "13612345678",
                "categories": ["NON_PARTY_PERSONAGE", "NEW_SOCIAL_STRATUM"], "figureKinds": ["STREAMER"] }),
    )
    .await;
    let id = person["id"].clone();
    // Removed before the deletion: the restore must not bring it back.
    let narrowed = update_person(
        &schema,
        json!({ "id": id, "expectedVersion": 1, "categories": ["NEW_SOCIAL_STRATUM"] }),
    )
    .await;
    ok(&narrowed, "updatePerson", "person");
    let account = run(
        &schema,
        &mutation(
            "createPlatformAccount",
            "CreatePlatformAccountInput",
            "platformAccount",
            "id",
        ),
        json!({ "person": id, "platform": "DOUYIN", "handle": "qianqi", "followerCount": "2000", "measuredOn": "2025-06-30" }),
    )
    .await;
    ok(&account, "createPlatformAccount", "platformAccount");
    let org = create_org(&schema, TOWNSHIP).await;
    let membership = run(
        &schema,
        &mutation("addMembership", "AddMembershipInput", "membership", "id"),
        json!({ "person": id, "organization": org, "role": "MEMBER", "since": "2024-01-01" }),
    )
    .await;
    ok(&membership, "addMembership", "membership");

    let delete = mutation("deletePerson", "DeleteInput", "person", "id version");
    let blocked = run(&schema, &delete, json!({ "id": id, "expectedVersion": 2 })).await;
    assert!(has(
        &refused(&blocked, "deletePerson", "person"),
        "HAS_REFERENCES",
        "input.id"
    ));
    let message = blocked["data"]["deletePerson"]["userErrors"][0]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("成员关系1 条"), "{message}");
    let stale = run(
        &schema,
        &delete,
        json!({ "id": id, "expectedVersion": 1, "endLinks": true }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");

    let deleted = run(
        &schema,
        &delete,
        json!({ "id": id, "expectedVersion": 2, "endLinks": true }),
    )
    .await;
    assert_eq!(ok(&deleted, "deletePerson", "person")["version"], 3);
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Person").unwrap();
    let private = entity::person_private::Entity::find_by_id(key)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        private.deleted_at.is_some(),
        "personal data goes with the person"
    );
    let live_accounts = entity::platform_account::Entity::find()
        .filter(entity::platform_account::Column::PersonId.eq(key))
        .filter(entity::platform_account::Column::DeletedAt.is_null())
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(live_accounts, 0);
    let gone = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { id } }",
        json!({ "id": id }),
        Viewer::system(),
    )
    .await;
    assert_eq!(error_code(&gone), "NOT_FOUND");

    let restore = format!(
        "mutation($input: RestoreInput!) {{ restorePerson(input: $input) {{ person {{ {PERSON} platformAccounts {{ totalCount }} memberships {{ totalCount }} }} userErrors {{ code }} }} }}"
    );
    let restored = run(&schema, &restore, json!({ "id": id })).await;
    let person = ok(&restored, "restorePerson", "person");
    assert_eq!(person["version"], 4);
    assert_eq!(person["phone"], "13612345678");
    assert_eq!(person["categories"], json!(["NEW_SOCIAL_STRATUM"]));
    assert_eq!(person["platformAccounts"]["totalCount"], 1);
    assert_eq!(
        person["memberships"]["totalCount"], 0,
        "ended links stay ended"
    );
    let ops: Vec<String> = operations(&person["history"])
        .into_iter()
        .map(|(op, _)| op)
        .collect();
    assert_eq!(ops, ["CREATE", "UPDATE", "DELETE", "RESTORE"]);
    let personal: Vec<String> = operations(&person["personalDataHistory"])
        .into_iter()
        .map(|(op, _)| op)
        .collect();
    assert_eq!(personal, ["CREATE", "DELETE", "RESTORE"]);

    // A suggestion's author can never be deleted away.
    let author = entity::suggestion::Entity::find()
        .filter(entity::suggestion::Column::AuthorId.is_not_null())
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .author_id
        .unwrap();
    let author_row = entity::person::Entity::find_by_id(author)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let author_id = tongxin::ids::encode("Person", author);
    let refused_author = run(
        &schema,
        &delete,
        json!({ "id": author_id, "expectedVersion": author_row.version, "endLinks": true }),
    )
    .await;
    let message = refused_author["data"]["deletePerson"]["userErrors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("建言1 条"), "{refused_author}");
}

#[tokio::test]
async fn memberships_are_unique_while_active_and_end_in_order() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = someone(&schema, "孙八").await["id"].clone();
    let org = create_org(&schema, TOWNSHIP).await;
    let fields = "id version role since until isActive person { id } organization { id } history { edges { node { operation changedFields } } }";
    let add = mutation("addMembership", "AddMembershipInput", "membership", fields);

    let added = run(
        &schema,
        &add,
        json!({ "person": person, "organization": org, "role": "VICE_CHAIR", "since": "2023-05-01" }),
    )
    .await;
    let membership = ok(&added, "addMembership", "membership").clone();
    assert_eq!(membership["isActive"], true);
    assert_eq!(membership["organization"]["id"], org);
    assert_eq!(operations(&membership["history"])[0].0, "CREATE");
    let id = membership["id"].clone();

    let before = entity::membership::Entity::find()
        .count(&test.db)
        .await
        .unwrap();
    let twin = run(
        &schema,
        &add,
        json!({ "person": person, "organization": org, "role": "MEMBER", "since": "2025-01-01" }),
    )
    .await;
    assert!(has(
        &refused(&twin, "addMembership", "membership"),
        "DUPLICATE_MEMBERSHIP",
        "input.organization"
    ));
    let create = mutation(
        "createMembership",
        "CreateMembershipInput",
        "membership",
        "id",
    );
    let backwards = run(
        &schema,
        &create,
        json!({ "person": person, "organization": org, "role": "MEMBER", "since": "2020-05-01", "until": "2019-01-01" }),
    )
    .await;
    assert!(has(
        &refused(&backwards, "createMembership", "membership"),
        "DATE_ORDER",
        "input.until"
    ));
    let dangling = run(
        &schema,
        &create,
        json!({ "person": tongxin::ids::encode("Person", 999_999), "organization": org, "role": "MEMBER", "since": "2020-05-01" }),
    )
    .await;
    assert!(has(
        &refused(&dangling, "createMembership", "membership"),
        "NOT_FOUND",
        "input.person"
    ));
    assert_eq!(
        entity::membership::Entity::find()
            .count(&test.db)
            .await
            .unwrap(),
        before,
        "nothing written"
    );
    // An earlier, closed membership does not overlap.
    let past = run(
        &schema,
        &create,
        json!({ "person": person, "organization": org, "role": "MEMBER", "since": "2018-01-01", "until": "2020-12-31" }),
    )
    .await;
    ok(&past, "createMembership", "membership");

    let end = mutation("endMembership", "EndMembershipInput", "membership", fields);
    let too_early = run(
        &schema,
        &end,
        json!({ "id": id, "expectedVersion": 1, "until": "2023-04-30" }),
    )
    .await;
    assert!(has(
        &refused(&too_early, "endMembership", "membership"),
        "DATE_ORDER",
        "input.until"
    ));
    let ended = run(
        &schema,
        &end,
        json!({ "id": id, "expectedVersion": 1, "until": "2025-06-30" }),
    )
    .await;
    let membership = ok(&ended, "endMembership", "membership");
    assert_eq!(membership["until"], "2025-06-30");
    assert_eq!(membership["isActive"], false);
    assert_eq!(
        operations(&membership["history"])[1],
        ("UPDATE".to_owned(), vec!["until".to_owned()])
    );
    let again = run(&schema, &end, json!({ "id": id, "expectedVersion": 2 })).await;
    assert!(has(
        &refused(&again, "endMembership", "membership"),
        "ALREADY_ENDED",
        "input.id"
    ));

    let update = mutation(
        "updateMembership",
        "UpdateMembershipInput",
        "membership",
        fields,
    );
    let stale = run(
        &schema,
        &update,
        json!({ "id": id, "expectedVersion": 1, "role": "CHAIR" }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let corrected = run(
        &schema,
        &update,
        json!({ "id": id, "expectedVersion": 2, "role": "CHAIR" }),
    )
    .await;
    assert_eq!(
        ok(&corrected, "updateMembership", "membership")["role"],
        "CHAIR"
    );

    // Deleted, then a new membership takes its place: the old one cannot come back over it.
    let delete = mutation("deleteMembership", "DeleteInput", "membership", "version");
    let deleted = run(&schema, &delete, json!({ "id": id, "expectedVersion": 3 })).await;
    assert_eq!(ok(&deleted, "deleteMembership", "membership")["version"], 4);
    let newer = run(
        &schema,
        &add,
        json!({ "person": person, "organization": org, "role": "MEMBER", "since": "2024-01-01" }),
    )
    .await;
    ok(&newer, "addMembership", "membership");
    let restore = mutation("restoreMembership", "RestoreInput", "membership", "version");
    let clash = run(&schema, &restore, json!({ "id": id })).await;
    assert!(has(
        &refused(&clash, "restoreMembership", "membership"),
        "DUPLICATE_MEMBERSHIP",
        "input.id"
    ));

    // The organization's region scopes the write.
    let far_org = create_org(&schema, "620422").await;
    let input = json!({ "input": { "person": person, "organization": far_org, "role": "MEMBER", "since": "2024-01-01" } });
    let outside = execute(&schema, &add, input, editor_of("620421")).await;
    assert_eq!(error_code(&outside), "FORBIDDEN");
}

async fn officer_of(test: &TestDb, village: &str) -> entity::liaison_assignment::Model {
    entity::liaison_assignment::Entity::find()
        .filter(entity::liaison_assignment::Column::RegionCode.eq(village))
        .filter(entity::liaison_assignment::Column::Role.eq("LIAISON_OFFICER"))
        .filter(entity::liaison_assignment::Column::EndOn.is_null())
        .filter(entity::liaison_assignment::Column::DeletedAt.is_null())
        .one(&test.db)
        .await
        .unwrap()
        .expect("every demo village has a liaison officer")
}

#[tokio::test]
async fn a_village_has_one_liaison_officer_at_a_time() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = someone(&schema, "周九").await["id"].clone();
    let current = officer_of(&test, VILLAGE).await;
    let fields = "id version role startOn endOn isActive region { code } history { edges { node { operation changedFields } } }";
    let assign = mutation(
        "assignLiaisonOfficer",
        "AssignLiaisonOfficerInput",
        "liaisonAssignment",
        fields,
    );

    let taken = run(
        &schema,
        &assign,
        json!({ "person": person, "village": VILLAGE, "startOn": "2026-01-01" }),
    )
    .await;
    assert!(has(
        &refused(&taken, "assignLiaisonOfficer", "liaisonAssignment"),
        "LIAISON_OFFICER_TAKEN",
        "input.village"
    ));
    let township = run(
        &schema,
        &assign,
        json!({ "person": person, "village": TOWNSHIP, "startOn": "2026-01-01" }),
    )
    .await;
    assert!(has(
        &refused(&township, "assignLiaisonOfficer", "liaisonAssignment"),
        "REGION_LEVEL",
        "input.village"
    ));
    let create = mutation(
        "createLiaisonAssignment",
        "CreateLiaisonAssignmentInput",
        "liaisonAssignment",
        fields,
    );
    let commissioner_of_village = run(
        &schema,
        &create,
        json!({ "person": person, "region": VILLAGE, "role": "TOWNSHIP_UF_COMMISSIONER", "startOn": "2026-01-01", "endOn": "2025-01-01" }),
    )
    .await;
    let errors = refused(
        &commissioner_of_village,
        "createLiaisonAssignment",
        "liaisonAssignment",
    );
    assert!(has(&errors, "REGION_LEVEL", "input.region"), "{errors:?}");
    assert!(has(&errors, "DATE_ORDER", "input.endOn"), "{errors:?}");

    let replaced = run(
        &schema,
        &assign,
        json!({ "person": person, "village": VILLAGE, "startOn": "2026-01-01", "replaceCurrent": true }),
    )
    .await;
    let assignment = ok(&replaced, "assignLiaisonOfficer", "liaisonAssignment").clone();
    assert_eq!(assignment["role"], "LIAISON_OFFICER");
    assert_eq!(assignment["region"]["code"], VILLAGE);
    assert_eq!(assignment["isActive"], true);
    let previous = entity::liaison_assignment::Entity::find_by_id(current.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        previous.end_on,
        chrono::NaiveDate::from_ymd_opt(2025, 12, 31),
        "the current officer ends the day before"
    );
    assert_eq!(previous.version, current.version + 1);
    let id = assignment["id"].clone();

    let unassign = mutation(
        "unassignLiaisonOfficer",
        "UnassignLiaisonOfficerInput",
        "liaisonAssignment",
        fields,
    );
    let stale = run(
        &schema,
        &unassign,
        json!({ "id": id, "expectedVersion": 7, "endOn": "2026-06-30" }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let ended = run(
        &schema,
        &unassign,
        json!({ "id": id, "expectedVersion": 1, "endOn": "2026-06-30" }),
    )
    .await;
    let assignment = ok(&ended, "unassignLiaisonOfficer", "liaisonAssignment");
    assert_eq!(assignment["endOn"], "2026-06-30");
    assert_eq!(
        operations(&assignment["history"])[1],
        ("UPDATE".to_owned(), vec!["end_on".to_owned()])
    );
    let again = run(
        &schema,
        &unassign,
        json!({ "id": id, "expectedVersion": 2 }),
    )
    .await;
    assert!(has(
        &refused(&again, "unassignLiaisonOfficer", "liaisonAssignment"),
        "ALREADY_ENDED",
        "input.id"
    ));

    // Deleted, the village gets another officer for the period: no restore over them.
    let delete = mutation(
        "deleteLiaisonAssignment",
        "DeleteInput",
        "liaisonAssignment",
        "version",
    );
    let deleted = run(&schema, &delete, json!({ "id": id, "expectedVersion": 2 })).await;
    assert_eq!(
        ok(&deleted, "deleteLiaisonAssignment", "liaisonAssignment")["version"],
        3
    );
    let successor = someone(&schema, "吴十").await["id"].clone();
    let filled = run(
        &schema,
        &assign,
        json!({ "person": successor, "village": VILLAGE, "startOn": "2026-02-01" }),
    )
    .await;
    ok(&filled, "assignLiaisonOfficer", "liaisonAssignment");
    let restore = mutation(
        "restoreLiaisonAssignment",
        "RestoreInput",
        "liaisonAssignment",
        "version",
    );
    let clash = run(&schema, &restore, json!({ "id": id })).await;
    assert!(has(
        &refused(&clash, "restoreLiaisonAssignment", "liaisonAssignment"),
        "LIAISON_OFFICER_TAKEN",
        "input.id"
    ));

    let outside = execute(
        &schema,
        &assign,
        json!({ "input": { "person": person, "village": "620422100001", "startOn": "2026-01-01", "replaceCurrent": true } }),
        editor_of("620421"),
    )
    .await;
    assert_eq!(error_code(&outside), "FORBIDDEN");
    let inside = execute(
        &schema,
        &assign,
        json!({ "input": { "person": person, "village": OTHER_VILLAGE, "startOn": "2026-01-01", "replaceCurrent": true } }),
        editor_of("620421"),
    )
    .await;
    ok(&inside, "assignLiaisonOfficer", "liaisonAssignment");
}

#[tokio::test]
async fn accounts_and_sales_keep_their_numbers_sane() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = someone(&schema, "郑十一").await["id"].clone();
    let fields = "id version followerCount measuredOn handle history { edges { node { operation changedFields } } }";
    let create = mutation(
        "createPlatformAccount",
        "CreatePlatformAccountInput",
        "platformAccount",
        fields,
    );
    let bad = run(
        &schema,
        &create,
        json!({ "person": person, "platform": "KUAISHOU", "handle": " ", "followerCount": "-1", "measuredOn": "2999-01-01" }),
    )
    .await;
    let errors = refused(&bad, "createPlatformAccount", "platformAccount");
    assert!(
        has(&errors, "NEGATIVE", "input.followerCount"),
        "{errors:?}"
    );
    assert!(
        has(&errors, "DATE_IN_FUTURE", "input.measuredOn"),
        "{errors:?}"
    );
    assert!(has(&errors, "TEXT_LENGTH", "input.handle"), "{errors:?}");
    let input = json!({ "person": person, "platform": "KUAISHOU", "handle": "zheng11", "followerCount": "3000000000", "measuredOn": "2025-12-31" });
    let created = run(&schema, &create, input.clone()).await;
    let account = ok(&created, "createPlatformAccount", "platformAccount").clone();
    assert_eq!(account["followerCount"], "3000000000", "past 2^31");
    let twin = run(&schema, &create, input).await;
    assert!(has(
        &refused(&twin, "createPlatformAccount", "platformAccount"),
        "DUPLICATE_MEASUREMENT",
        "input.measuredOn"
    ));
    let update = mutation(
        "updatePlatformAccount",
        "UpdatePlatformAccountInput",
        "platformAccount",
        fields,
    );
    let corrected = run(
        &schema,
        &update,
        json!({ "id": account["id"], "expectedVersion": 1, "followerCount": 2_900_000 }),
    )
    .await;
    let account = ok(&corrected, "updatePlatformAccount", "platformAccount");
    assert_eq!(
        operations(&account["history"])[1],
        ("UPDATE".to_owned(), vec!["follower_count".to_owned()])
    );

    let sales_fields = "id version amount periodStart periodEnd history { edges { node { operation changedFields } } }";
    let create = mutation(
        "createSalesRecord",
        "CreateSalesRecordInput",
        "salesRecord",
        sales_fields,
    );
    let bad = run(
        &schema,
        &create,
        json!({ "person": person, "periodStart": "2025-07-01", "periodEnd": "2025-06-30", "amount": "-5.00" }),
    )
    .await;
    let errors = refused(&bad, "createSalesRecord", "salesRecord");
    assert!(has(&errors, "DATE_ORDER", "input.periodEnd"), "{errors:?}");
    assert!(has(&errors, "NEGATIVE", "input.amount"), "{errors:?}");
    let created = run(
        &schema,
        &create,
        json!({ "person": person, "periodStart": "2025-07-01", "periodEnd": "2025-09-30", "amount": "12500.5", "platform": "DOUYIN" }),
    )
    .await;
    let record = ok(&created, "createSalesRecord", "salesRecord").clone();
    assert_eq!(record["amount"], "12500.50");
    let update = mutation(
        "updateSalesRecord",
        "UpdateSalesRecordInput",
        "salesRecord",
        sales_fields,
    );
    let stale = run(
        &schema,
        &update,
        json!({ "id": record["id"], "expectedVersion": 0, "amount": "1.00" }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let backwards = run(
        &schema,
        &update,
        json!({ "id": record["id"], "expectedVersion": 1, "periodStart": "2025-10-01" }),
    )
    .await;
    assert!(has(
        &refused(&backwards, "updateSalesRecord", "salesRecord"),
        "DATE_ORDER",
        "input.periodEnd"
    ));
    let corrected = run(
        &schema,
        &update,
        json!({ "id": record["id"], "expectedVersion": 1, "amount": "13000.00" }),
    )
    .await;
    assert_eq!(
        operations(&ok(&corrected, "updateSalesRecord", "salesRecord")["history"])[1],
        ("UPDATE".to_owned(), vec!["amount_fen".to_owned()])
    );
    let delete = mutation("deleteSalesRecord", "DeleteInput", "salesRecord", "version");
    let deleted = run(
        &schema,
        &delete,
        json!({ "id": record["id"], "expectedVersion": 2 }),
    )
    .await;
    assert_eq!(
        ok(&deleted, "deleteSalesRecord", "salesRecord")["version"],
        3
    );
    let restore = mutation(
        "restoreSalesRecord",
        "RestoreInput",
        "salesRecord",
        "version amount",
    );
    let restored = run(&schema, &restore, json!({ "id": record["id"] })).await;
    assert_eq!(
        *ok(&restored, "restoreSalesRecord", "salesRecord"),
        json!({ "version": 4, "amount": "13000.00" })
    );

    // The account holder's region scopes the write.
    let far = create_person(
        &schema,
        json!({ "name": "远方人", "gender": "FEMALE", "region": "620422" }),
    )
    .await;
    let outside = execute(
        &schema,
        &create,
        json!({ "input": { "person": far["id"], "periodStart": "2025-01-01", "periodEnd": "2025-03-31", "amount": "1.00" } }),
        editor_of("620421"),
    )
    .await;
    assert_eq!(error_code(&outside), "FORBIDDEN");
}

#[tokio::test]
async fn households_and_influencer_links() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let fields = "id version headName memberCount village { code } history { edges { node { operation changedFields } } }";
    let create = mutation(
        "createHousehold",
        "CreateHouseholdInput",
        "household",
        fields,
    );
    let bad = run(
        &schema,
        &create,
        json!({ "village": TOWNSHIP, "headName": "", "memberCount": 0 }),
    )
    .await;
    let errors = refused(&bad, "createHousehold", "household");
    assert!(has(&errors, "REGION_LEVEL", "input.village"), "{errors:?}");
    assert!(has(&errors, "TEXT_LENGTH", "input.headName"), "{errors:?}");
    assert!(
        has(&errors, "OUT_OF_RANGE", "input.memberCount"),
        "{errors:?}"
    );
    let created = run(
        &schema,
        &create,
        json!({ "village": VILLAGE, "headName": "马建国", "memberCount": 4 }),
    )
    .await;
    let household = ok(&created, "createHousehold", "household").clone();
    assert_eq!(household["headName"], "马建国");
    let household_id = household["id"].clone();
    let update = mutation(
        "updateHousehold",
        "UpdateHouseholdInput",
        "household",
        fields,
    );
    let stale = run(
        &schema,
        &update,
        json!({ "id": household_id, "expectedVersion": 2, "memberCount": 5 }),
    )
    .await;
    assert_eq!(error_code(&stale), "VERSION_CONFLICT");
    let grown = run(
        &schema,
        &update,
        json!({ "id": household_id, "expectedVersion": 1, "memberCount": 5 }),
    )
    .await;
    assert_eq!(
        operations(&ok(&grown, "updateHousehold", "household")["history"])[1],
        ("UPDATE".to_owned(), vec!["member_count".to_owned()])
    );

    let plain = someone(&schema, "冯十二").await["id"].clone();
    let influencer = create_person(
        &schema,
        json!({ "name": "陈网红", "gender": "FEMALE", "region": VILLAGE, "figureKinds": ["VILLAGE_INFLUENCER"] }),
    )
    .await["id"]
        .clone();
    let link_fields = "id version since annualIncrease influencer { id } household { id }";
    let link = mutation(
        "linkHousehold",
        "LinkHouseholdInput",
        "incomeUplift",
        link_fields,
    );
    let not_influencer = run(
        &schema,
        &link,
        json!({ "influencer": plain, "household": household_id, "since": "2025-03-01", "annualIncrease": "-1" }),
    )
    .await;
    let errors = refused(&not_influencer, "linkHousehold", "incomeUplift");
    assert!(
        has(&errors, "NOT_AN_INFLUENCER", "input.influencer"),
        "{errors:?}"
    );
    assert!(
        has(&errors, "NEGATIVE", "input.annualIncrease"),
        "{errors:?}"
    );
    let input = json!({ "influencer": influencer, "household": household_id, "since": "2025-03-01", "annualIncrease": "3600.00" });
    let linked = run(&schema, &link, input.clone()).await;
    let uplift = ok(&linked, "linkHousehold", "incomeUplift").clone();
    assert_eq!(uplift["annualIncrease"], "3600.00");
    assert_eq!(uplift["household"]["id"], household_id);
    let node = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { ... on IncomeUplift { since household { id } } } }",
        json!({ "id": uplift["id"] }),
        Viewer::system(),
    )
    .await;
    assert_eq!(
        node["data"]["node"],
        json!({ "since": "2025-03-01", "household": { "id": household_id } })
    );
    let twin = run(&schema, &link, input).await;
    assert!(has(
        &refused(&twin, "linkHousehold", "incomeUplift"),
        "DUPLICATE_LINK",
        "input.household"
    ));

    let delete = mutation("deleteHousehold", "DeleteInput", "household", "version");
    let blocked = run(
        &schema,
        &delete,
        json!({ "id": household_id, "expectedVersion": 2 }),
    )
    .await;
    assert!(has(
        &refused(&blocked, "deleteHousehold", "household"),
        "HAS_REFERENCES",
        "input.id"
    ));
    let unlink = mutation(
        "unlinkHousehold",
        "UnlinkHouseholdInput",
        "incomeUplift",
        "version",
    );
    let unlinked = run(
        &schema,
        &unlink,
        json!({ "id": uplift["id"], "expectedVersion": 1 }),
    )
    .await;
    assert_eq!(
        ok(&unlinked, "unlinkHousehold", "incomeUplift")["version"],
        2
    );
    let deleted = run(
        &schema,
        &delete,
        json!({ "id": household_id, "expectedVersion": 2 }),
    )
    .await;
    assert_eq!(ok(&deleted, "deleteHousehold", "household")["version"], 3);
    let restore_link = mutation(
        "restoreIncomeUplift",
        "RestoreInput",
        "incomeUplift",
        "version",
    );
    let orphan = run(&schema, &restore_link, json!({ "id": uplift["id"] })).await;
    assert!(has(
        &refused(&orphan, "restoreIncomeUplift", "incomeUplift"),
        "REFERENCE_DELETED",
        "input.id"
    ));
    let restore = mutation("restoreHousehold", "RestoreInput", "household", fields);
    let restored = run(&schema, &restore, json!({ "id": household_id })).await;
    let household = ok(&restored, "restoreHousehold", "household");
    let ops: Vec<String> = operations(&household["history"])
        .into_iter()
        .map(|(op, _)| op)
        .collect();
    assert_eq!(ops, ["CREATE", "UPDATE", "DELETE", "RESTORE"]);
    let relinked = run(&schema, &restore_link, json!({ "id": uplift["id"] })).await;
    assert_eq!(
        ok(&relinked, "restoreIncomeUplift", "incomeUplift")["version"],
        3
    );

    let outside = execute(
        &schema,
        &create,
        json!({ "input": { "village": "620422100201", "headName": "李四", "memberCount": 3 } }),
        editor_of("620421"),
    )
    .await;
    assert_eq!(error_code(&outside), "FORBIDDEN");
    let reader = Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "reader".into(),
    };
    let masked = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { ... on Household { headName } } }",
        json!({ "id": household_id }),
        reader,
    )
    .await;
    assert_eq!(masked["data"]["node"]["headName"], "马**");
}

#[tokio::test]
async fn editors_write_people_only_inside_their_region() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let query = mutation("createPerson", "CreatePersonInput", "person", "id version");
    let editor = editor_of("620421");
    let input = |region: &str| json!({ "input": { "name": "区域测试", "gender": "MALE", "region": region } });
    let inside = execute(&schema, &query, input(VILLAGE), editor.clone()).await;
    let id = ok(&inside, "createPerson", "person")["id"].clone();
    let outside = execute(&schema, &query, input("620422"), editor.clone()).await;
    assert_eq!(error_code(&outside), "FORBIDDEN");

    let update = mutation("updatePerson", "UpdatePersonInput", "person", "id");
    let moved_out = execute(
        &schema,
        &update,
        json!({ "input": { "id": id, "expectedVersion": 1, "region": "620422" } }),
        editor.clone(),
    )
    .await;
    assert_eq!(
        error_code(&moved_out),
        "FORBIDDEN",
        "cannot move a person out"
    );
    let far = create_person(
        &schema,
        json!({ "name": "远方人", "gender": "MALE", "region": "620422" }),
    )
    .await;
    let delete = mutation("deletePerson", "DeleteInput", "person", "id");
    let foreign = execute(
        &schema,
        &delete,
        json!({ "input": { "id": far["id"], "expectedVersion": 1 } }),
        editor,
    )
    .await;
    assert_eq!(error_code(&foreign,), "FORBIDDEN");
    let reader = Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "reader".into(),
    };
    let read_only = execute(&schema, &query, input(VILLAGE), reader).await;
    assert_eq!(error_code(&read_only), "FORBIDDEN");
}

#[tokio::test]
async fn personal_data_history_is_for_those_who_see_personal_data() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let person = someone(&schema, "保密者").await;
    let reader = Viewer {
        role: Role::Viewer,
        region_scope: None,
        subject: "reader".into(),
    };
    let seen = execute(
        &schema,
        "query($id: ID!) { node(id: $id) { ... on Person { history { totalCount } personalDataHistory { totalCount } } } }",
        json!({ "id": person["id"] }),
        reader,
    )
    .await;
    assert_eq!(seen["data"]["node"]["history"]["totalCount"], 1, "{seen}");
    assert!(seen["data"]["node"]["personalDataHistory"].is_null());
    // A person stored without a personal-data row (older data) gets one on update.
    let key = tongxin::ids::decode_int(person["id"].as_str().unwrap(), "Person").unwrap();
    entity::person_private::Entity::delete_by_id(key)
        .exec(&test.db)
        .await
        .unwrap();
    let changed = update_person(
        &schema,
        json!({ "id": person["id"], "expectedVersion": 1, "phone": "13512345678" }),
    )
    .await;
    assert_eq!(
        ok(&changed, "updatePerson", "person")["phone"],
        "13512345678"
    );
}

#[tokio::test]
async fn concurrent_writers_of_one_person_version_land_exactly_once() {
    let test = TestDb::seeded().await;
    let schema = test.schema();
    let id = someone(&schema, "并发者").await["id"].clone();
    // Personal data only: the person's version still guards it.
    let writers = (0..6).map(|i| {
        let (schema, id) = (&schema, id.clone());
        async move {
            let input =
                json!({ "id": id, "expectedVersion": 1, "phone": format!("1380000000{i}") });
            update_person(schema, input).await
        }
    });
    let results = futures_util::future::join_all(writers).await;
    let landed: Vec<&Value> = results.iter().filter(|r| r["errors"].is_null()).collect();
    let conflicts = results
        .iter()
        .filter(|r| error_code(r) == "VERSION_CONFLICT")
        .count();
    assert_eq!(landed.len(), 1, "{results:?}");
    assert_eq!(conflicts, 5, "{results:?}");
    let winner = &landed[0]["data"]["updatePerson"]["person"];
    let key = tongxin::ids::decode_int(id.as_str().unwrap(), "Person").unwrap();
    let private = entity::person_private::Entity::find_by_id(key)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let opened = crate::helpers::data_keys().open_private(&private).unwrap();
    assert_eq!(opened.phone.as_deref(), winner["phone"].as_str());
    assert_eq!(
        private.version, 2,
        "one write of the personal data, not six"
    );
}
