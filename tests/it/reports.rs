//! `GET /reports/{region}/{year}` over HTTP: the page, its headers, escaping of data, and the
//! Chinese error pages (400, 401, 404). The browser test renders it for real (`browser`).

use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};

use crate::helpers::{TestDb, spawn_app};

async fn get(url: &str, token: Option<&str>) -> (u16, String, reqwest::header::HeaderMap) {
    let mut request = reqwest::Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, response.text().await.unwrap(), headers)
}

#[tokio::test]
async fn the_report_page_shows_the_figures_and_escapes_data() {
    let test_db = TestDb::seeded().await;
    let region = entity::region::Entity::find_by_id("620402000000".to_owned())
        .one(&test_db.db)
        .await
        .unwrap()
        .unwrap();
    let mut renamed: entity::region::ActiveModel = region.into();
    renamed.name = Set("白银区<script>alert(1)</script>".to_owned());
    renamed.update(&test_db.db).await.unwrap();
    let (base, _server) = spawn_app(test_db.db.clone()).await;

    let (status, html, headers) = get(&format!("{base}/reports/620400/2025"), None).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert!(html.contains("白银市2025年统战工作网络名录年度报告"));
    for figure in ["106", "103480", "1560"] {
        assert!(
            html.contains(&format!(r#"<b class="num">{figure}</b>"#)),
            "{figure}"
        );
    }
    assert!(html.contains("白银区&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script"), "no script of any kind");
    assert!(!html.contains("https://") && !html.contains("src=\"http"));

    // A county's own report: its townships in the coverage table.
    let (status, html, _) = get(&format!("{base}/reports/620421/2025"), None).await;
    assert_eq!(status, 200);
    assert!(html.contains("靖远县2025年统战工作网络名录年度报告") && html.contains("乡镇（街道）"));
}

/// Prose states amounts as a Chinese report does (亿元, 万元, two decimals); the figures table
/// gives them exactly, with thousands separators; the bare API figure appears nowhere.
fn assert_money_in_report_units(html: &str) {
    for prose in [
        r#"募集现金和物资共计<b class="num">61.24</b>万元"#,
        r#"全年带动农产品销售<b class="num">2.07</b>亿元。"#,
    ] {
        assert!(html.contains(prose), "{prose} is not in the prose");
    }
    for row in [
        r#"<td class="name">募集现金和物资</td><td class="n">612,350.00</td><td>元</td>"#,
        r#"<td class="name">带动农产品销售</td><td class="n">206,800,000.00</td><td>元</td>"#,
    ] {
        assert!(html.contains(row), "{row} is not in the figures table");
    }
    for raw in ["206800000.00", "612350.00", "约"] {
        assert!(!html.contains(raw), "{raw} is on the page");
    }
}

#[tokio::test]
async fn the_report_states_money_in_yuan_units_of_a_chinese_report() {
    let test_db = TestDb::seeded().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let (status, html, _) = get(&format!("{base}/reports/620400/2025"), None).await;
    assert_eq!(status, 200, "{html}");
    assert_money_in_report_units(&html);
}

#[tokio::test]
async fn bad_requests_get_chinese_error_pages() {
    let test_db = TestDb::seeded().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    for (path, status, words) in [
        ("/reports/620400/20x5", 400, "年度"),
        ("/reports/620400/1800", 400, "年度"),
        ("/reports/abc/2025", 400, "区划代码"),
        ("/reports/620421101599/2025", 404, "未找到该行政区划"),
    ] {
        let (got, html, headers) = get(&format!("{base}{path}"), None).await;
        assert_eq!(got, status, "{path}");
        assert_eq!(
            headers["content-type"], "text/html; charset=utf-8",
            "{path}"
        );
        assert!(html.contains(words), "{path}: {html}");
    }
    let (status, html, _) = get(&format!("{base}/reports/620400/2025"), Some("txn_forged")).await;
    assert_eq!(status, 401);
    assert!(html.contains("身份验证失败"));
}
