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
