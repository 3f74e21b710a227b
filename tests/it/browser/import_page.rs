//! The import page in headless Chromium: sign in with an API token, choose the kind, upload a
//! file, see the dry run as a table, confirm, watch the progress bar, see the result; a file
//! with errors shows them row by row. Nothing is loaded from outside the server.

use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::json;
use tongxin::auth::Role;
use tongxin::domain::validate::credit_code::{check_char, org_code_check_char};

use super::cdp::Browser;
use super::{browser_tests_enabled, outside_requests};
use crate::helpers::{TestDb, spawn_app};

fn credit_code(n: u32) -> String {
    let body = format!("{n:08}");
    let org_check = org_code_check_char(&body).unwrap();
    let first17 = format!("91620402{body}{org_check}");
    format!("{first17}{}", check_char(&first17).unwrap())
}

/// Puts `csv` into the page's file input as the file `name`.
fn choose_file(name: &str, csv: &str) -> String {
    format!(
        "(() => {{ const f = new File([{csv}], {name}, {{ type: 'text/csv' }}); \
         const t = new DataTransfer(); t.items.add(f); \
         document.getElementById('file').files = t.files; return true; }})()",
        csv = json!(csv),
        name = json!(name),
    )
}

#[tokio::test]
async fn a_data_manager_imports_a_file_in_headless_chromium() {
    if !browser_tests_enabled() {
        return;
    }
    let test_db = TestDb::seeded().await;
    let (_, secret) = tongxin::auth::tokens::create(
        &test_db.db,
        "白银区数据管理员",
        Role::Editor,
        Some(&tongxin::domain::region_code::RegionCode::parse("620402").unwrap()),
        None,
        "test",
    )
    .await
    .unwrap();
    let before = entity::organization::Entity::find()
        .count(&test_db.db)
        .await
        .unwrap();
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let mut browser = Browser::launch().await;
    browser.open_page().await;
    browser.call("Network.enable", json!({})).await;
    browser.call("Page.enable", json!({})).await;
    browser.navigate(&format!("{base}/import")).await;

    let title = browser.eval("document.title").await;
    assert_eq!(title, json!("数据导入 · 同心"));
    browser
        .eval(&format!(
            "document.getElementById('token').value = {}; \
             document.getElementById('signin-button').click(); true",
            json!(secret)
        ))
        .await;
    browser
        .wait_for(
            "!document.getElementById('choose').classList.contains('hidden')",
            "the sign-in to succeed",
        )
        .await;
    let who = browser
        .eval("document.getElementById('whoami').innerText")
        .await;
    assert!(who.as_str().unwrap().contains("白银区数据管理员"), "{who}");
    let stored = browser
        .eval("sessionStorage.getItem('tongxin-import-token') !== null")
        .await;
    assert_eq!(
        stored,
        json!(true),
        "the token is kept for the tab's session"
    );

    browser
        .eval(
            "const k = document.getElementById('kind'); k.value = 'ORGANIZATIONS'; \
             k.dispatchEvent(new Event('change')); true",
        )
        .await;
    let template = browser
        .eval("document.getElementById('template').getAttribute('href')")
        .await;
    assert_eq!(template, json!("/export/organizations/template.xlsx"));

    // A file with a bad row: the dry run lists the error, nothing can be confirmed.
    let header = "名称,类型,所在区划代码,统一社会信用代码,上级组织,成立日期";
    let bad = format!(
        "{header}\n页面导入甲有限公司,企业,620402,{},,\n,企业,620402,,,\n",
        credit_code(811)
    );
    browser.eval(&choose_file("有错误.csv", &bad)).await;
    browser
        .eval("document.getElementById('dry-run').click(); true")
        .await;
    browser
        .wait_for(
            "!document.getElementById('outcome').classList.contains('hidden')",
            "the dry run's result",
        )
        .await;
    let errors = browser
        .eval("document.getElementById('errors').innerText")
        .await;
    let errors = errors.as_str().unwrap().to_owned();
    assert!(errors.contains("REQUIRED"), "{errors}");
    assert!(errors.contains('3'), "the row number is shown: {errors}");
    let confirm_hidden = browser
        .eval("document.getElementById('confirm').classList.contains('hidden')")
        .await;
    assert_eq!(
        confirm_hidden,
        json!(true),
        "a file with errors cannot be confirmed"
    );

    // A good file: dry run, then confirm, then the result.
    let csv = format!(
        "{header}\n页面导入甲有限公司,企业,620402,{},,\n页面导入乙有限公司,企业,620402,{},,2020-05-06\n页面导入丙有限公司,企业,620402,{},,\n",
        credit_code(811),
        credit_code(812),
        credit_code(813)
    );
    browser
        .eval("document.getElementById('again').click(); true")
        .await;
    browser.eval(&choose_file("组织.csv", &csv)).await;
    browser
        .eval("document.getElementById('dry-run').click(); true")
        .await;
    browser
        .wait_for(
            "!document.getElementById('confirm').classList.contains('hidden')",
            "the dry run to offer the confirmation",
        )
        .await;
    let counts = browser
        .eval("document.getElementById('counts').innerText")
        .await;
    assert!(counts.as_str().unwrap().contains("新增 3"), "{counts}");
    assert_eq!(
        entity::organization::Entity::find()
            .count(&test_db.db)
            .await
            .unwrap(),
        before,
        "a dry run writes nothing"
    );
    // Conflicts, when the server reports them, are confirmed row by row.
    browser
        .eval(
            "document.querySelectorAll('.confirm-row').forEach(b => b.checked = true); \
             document.getElementById('confirm').click(); true",
        )
        .await;
    browser
        .wait_for(
            "document.getElementById('outcome-title').innerText === '导入结果' \
             && !document.getElementById('outcome').classList.contains('hidden')",
            "the import's result",
        )
        .await;
    let status = browser
        .eval("document.getElementById('outcome-status').innerText")
        .await;
    assert!(status.as_str().unwrap().contains("已写入"), "{status}");
    let progress = browser
        .eval(
            "[document.getElementById('progress').value, document.getElementById('progress').max, \
              document.getElementById('progress-text').innerText]",
        )
        .await;
    assert_eq!(progress[0], json!(3), "{progress}");
    assert_eq!(progress[1], json!(3), "{progress}");
    assert!(
        progress[2].as_str().unwrap().contains("3 / 3"),
        "{progress}"
    );
    assert_eq!(
        entity::organization::Entity::find()
            .count(&test_db.db)
            .await
            .unwrap(),
        before + 3
    );

    let urls = browser.requested_urls();
    assert!(urls.iter().any(|u| u.ends_with("/graphql")), "{urls:?}");
    assert_eq!(
        outside_requests(&urls),
        Vec::<String>::new(),
        "requests left 127.0.0.1"
    );
    browser.close().await;
}

/// Signs the page at `base` in with `secret` and chooses the organizations kind.
async fn sign_in(browser: &mut Browser, base: &str, secret: &str) {
    browser.navigate(&format!("{base}/import")).await;
    browser
        .eval(&format!(
            "document.getElementById('token').value = {}; \
             document.getElementById('signin-button').click(); true",
            json!(secret)
        ))
        .await;
    browser
        .wait_for(
            "!document.getElementById('choose').classList.contains('hidden')",
            "the sign-in to succeed",
        )
        .await;
    browser
        .eval(
            "const k = document.getElementById('kind'); k.value = 'ORGANIZATIONS'; \
             k.dispatchEvent(new Event('change')); true",
        )
        .await;
}

/// Chooses `csv` as the file `name` and runs the dry run; waits for its result.
async fn dry_run(browser: &mut Browser, name: &str, csv: &str) {
    browser
        .eval("document.getElementById('again').click(); true")
        .await;
    browser.eval(&choose_file(name, csv)).await;
    browser
        .eval("document.getElementById('dry-run').click(); true")
        .await;
    browser
        .wait_for(
            "!document.getElementById('outcome').classList.contains('hidden') \
             && document.getElementById('outcome-title').innerText.startsWith('试运行')",
            "the dry run's result",
        )
        .await;
}

/// The annotated workbook of a dry run with errors is downloaded from the page; a conflict
/// (the same credit code under another name) is shown in the dry run, ticked, confirmed, and
/// applied as the caller confirmed it.
#[tokio::test]
async fn a_conflict_is_confirmed_on_the_page_and_the_annotated_workbook_downloads() {
    use base64::Engine;
    use calamine::Reader;

    if !browser_tests_enabled() {
        return;
    }
    let test_db = TestDb::seeded().await;
    let schema = test_db.schema();
    let (_, secret) = tongxin::auth::tokens::create(
        &test_db.db,
        "白银区数据管理员",
        Role::Editor,
        Some(&tongxin::domain::region_code::RegionCode::parse("620402").unwrap()),
        None,
        "test",
    )
    .await
    .unwrap();
    let created = crate::helpers::execute(
        &schema,
        r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) {
            organization { id } userErrors { code } } }"#,
        json!({ "input": {
            "name": "页面冲突有限公司", "kind": "ENTERPRISE", "region": "620402",
            "creditCode": credit_code(821)
        } }),
        crate::import_jobs::admin(),
    )
    .await;
    let id = created["data"]["createOrganization"]["organization"]["id"].clone();
    assert!(id.is_string(), "{created}");

    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let mut browser = Browser::launch().await;
    browser.open_page().await;
    browser.call("Network.enable", json!({})).await;
    browser.call("Page.enable", json!({})).await;
    sign_in(&mut browser, &base, &secret).await;
    let header = "名称,类型,所在区划代码,统一社会信用代码,上级组织,成立日期";

    // A dry run with an error: the page offers the annotated workbook, and it downloads.
    let bad = format!(
        "{header}\n页面导入甲有限公司,企业,620402,{},,\n,企业,620402,,,\n",
        credit_code(822)
    );
    dry_run(&mut browser, "有错误.csv", &bad).await;
    browser
        .eval(
            "window.__annotated = null; const made = URL.createObjectURL; \
             URL.createObjectURL = b => { window.__annotated = b; return made(b); }; \
             document.getElementById('annotated').click(); true",
        )
        .await;
    browser
        .wait_for(
            "window.__annotated !== null || document.getElementById('outcome-error').innerText !== ''",
            "the annotated workbook",
        )
        .await;
    let error = browser
        .eval("document.getElementById('outcome-error').innerText")
        .await;
    assert_eq!(error, json!(""), "the download failed");
    let encoded = browser
        .eval(
            "window.__annotated.arrayBuffer().then(b => { const u = new Uint8Array(b); \
             let s = ''; for (const x of u) { s += String.fromCharCode(x); } return btoa(s); })",
        )
        .await;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.as_str().unwrap())
        .unwrap();
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let first = workbook.sheet_names()[0].clone();
    let rows: Vec<Vec<String>> = workbook
        .worksheet_range(&first)
        .unwrap()
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    let explanation = rows[0].iter().position(|h| h == "错误说明").unwrap();
    assert!(
        rows[2][explanation].contains("【名称】"),
        "the bad row's error is in its 错误说明 cell: {rows:?}"
    );

    // The same credit code under another name: a conflict, ticked and confirmed.
    let renamed = format!(
        "{header}\n页面冲突有限责任公司,企业,620402,{},,\n",
        credit_code(821)
    );
    dry_run(&mut browser, "改名.csv", &renamed).await;
    browser
        .wait_for(
            "!document.getElementById('confirm').classList.contains('hidden')",
            "the dry run to offer the confirmation",
        )
        .await;
    let table = browser
        .eval("document.getElementById('changes').innerText")
        .await;
    let table = table.as_str().unwrap().to_owned();
    assert!(table.contains("冲突"), "{table}");
    assert!(table.contains("页面冲突有限公司"), "the old name: {table}");
    assert!(
        table.contains("页面冲突有限责任公司"),
        "the new name: {table}"
    );
    let ticked = browser
        .eval(
            "(() => { const b = document.querySelector('.confirm-row[value=\"2\"]'); \
             if (!b) { return false; } b.checked = true; \
             document.getElementById('confirm').click(); return true; })()",
        )
        .await;
    assert_eq!(ticked, json!(true), "row 2 has a checkbox: {table}");
    browser
        .wait_for(
            "document.getElementById('outcome-title').innerText === '导入结果' \
             && !document.getElementById('outcome').classList.contains('hidden')",
            "the import's result",
        )
        .await;
    let status = browser
        .eval("document.getElementById('outcome-status').innerText")
        .await;
    assert!(status.as_str().unwrap().contains("已写入"), "{status}");
    let result = browser
        .eval("document.getElementById('changes').innerText")
        .await;
    assert!(
        result.as_str().unwrap().contains("修改"),
        "the row is shown applied: {result}"
    );
    let stored = crate::helpers::execute(
        &schema,
        r#"query($id: ID!) { node(id: $id) { ... on Organization { name } } }"#,
        json!({ "id": id }),
        crate::import_jobs::admin(),
    )
    .await;
    assert_eq!(
        stored["data"]["node"]["name"],
        json!("页面冲突有限责任公司"),
        "{stored}"
    );
    let urls = browser.requested_urls();
    assert_eq!(
        outside_requests(&urls),
        Vec::<String>::new(),
        "requests left 127.0.0.1"
    );
    browser.close().await;
}
