//! The printable report and GraphiQL in a real headless Chromium, driven over the
//! DevTools protocol: the report's figures are on the page, a screenshot lands under target/,
//! GraphiQL runs a query, and no request leaves 127.0.0.1. Runs only with
//! `TONGXIN_BROWSER_TESTS=1` (`.ci/run` sets it and installs `/usr/bin/chromium` and
//! `fonts-noto-cjk`), so that `cargo test` passes on a machine without a browser.

mod cdp;
mod import_page;

use serde_json::json;

use crate::helpers::{TestDb, spawn_app};
use cdp::{Browser, CHROMIUM};

/// Whether `TONGXIN_BROWSER_TESTS` asks for the browser test: only the value `1` does.
fn browser_tests_wanted(setting: Option<&str>) -> bool {
    setting.is_some_and(|v| v.trim() == "1")
}

/// `false` (with a note) unless `TONGXIN_BROWSER_TESTS=1`; when asked for, panics if Chromium
/// is missing, so CI cannot pass without running the test.
fn browser_tests_enabled() -> bool {
    let setting = std::env::var("TONGXIN_BROWSER_TESTS").ok();
    if !browser_tests_wanted(setting.as_deref()) {
        println!(
            "note: skipping the headless Chromium test; set TONGXIN_BROWSER_TESTS=1 to run it \
             (needs chromium and fonts-noto-cjk)"
        );
        return false;
    }
    assert!(
        std::path::Path::new(CHROMIUM).exists(),
        "TONGXIN_BROWSER_TESTS=1 but {CHROMIUM} is missing: install it with \
         `apt-get install -y chromium fonts-noto-cjk` (.ci/run does)"
    );
    true
}

/// Where screenshots go: `$CARGO_TARGET_DIR`, else the crate's `target/`.
fn target_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
        std::path::PathBuf::from,
    )
}

/// Every request must go to the test server (or be a `data:` URL); returns the offenders.
fn outside_requests(urls: &[String]) -> Vec<String> {
    urls.iter()
        .filter(|url| {
            let rest = url
                .strip_prefix("http://")
                .or_else(|| url.strip_prefix("ws://"));
            match rest {
                Some(rest) => {
                    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
                    authority.rsplit_once(':').map_or(authority, |(h, _)| h) != "127.0.0.1"
                }
                None => !url.starts_with("data:"),
            }
        })
        .cloned()
        .collect()
}

#[tokio::test]
async fn the_report_and_graphiql_work_in_headless_chromium() {
    if !browser_tests_enabled() {
        return;
    }
    let test_db = TestDb::seeded().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let mut browser = Browser::launch().await;
    browser.open_page().await;
    browser.call("Network.enable", json!({})).await;
    browser.call("Page.enable", json!({})).await;
    browser
        .call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 900, "height": 1273, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;

    let report = format!("{base}/reports/620400/2025");
    browser.navigate(&report).await;
    let text = browser.eval("document.body.innerText").await;
    let text = text.as_str().unwrap();
    for expected in [
        "白银市2025年统战工作网络名录年度报告",
        "一、",
        "二、",
        "三、",
        "106",
        "103480",
        "14",
        "43",
        "61.24万元",
        "612,350.00",
        "93",
        "16",
        "108",
        "2.07亿元",
        "206,800,000.00",
        "1560",
        "41",
        "19",
        "104",
        "100.0%",
        "靖远县",
        "会宁县",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is not on the report page"
        );
    }
    let charts = browser
        .eval("document.querySelectorAll('svg.chart').length")
        .await;
    assert_eq!(charts, json!(2), "the coverage and the figures charts");
    let fonts = browser
        .eval("document.fonts.check('16px \"Noto Serif CJK SC\"', '白银市')")
        .await;
    assert_eq!(fonts, json!(true), "a CJK font renders the page");
    let png = browser.screenshot_full_page().await;
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let path = target_dir().join("report-620400-2025.png");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &png).unwrap();
    println!("screenshot of the report: {}", path.display());

    browser.navigate(&format!("{base}/graphql")).await;
    browser
        .wait_for(
            "!!document.querySelector('.graphiql-query-editor .CodeMirror') \
             && !!document.querySelector('.graphiql-execute-button')",
            "GraphiQL to start",
        )
        .await;
    let query = r#"{ region(code: "620400") { name } }"#;
    browser
        .eval(&format!(
            "document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue({}); \
             document.querySelector('.graphiql-execute-button').click(); true",
            json!(query)
        ))
        .await;
    browser
        .wait_for(
            "(document.querySelector('.graphiql-response')?.innerText ?? '').includes('白银市')",
            "GraphiQL to show the query's result",
        )
        .await;
    let result = browser
        .eval("document.querySelector('.graphiql-response').innerText")
        .await;
    assert!(
        result.as_str().unwrap().contains("\"name\": \"白银市\""),
        "{result}"
    );

    let urls = browser.requested_urls();
    assert!(
        urls.iter().any(|u| u.contains("/graphiql/graphiql.min.js")),
        "the network log saw GraphiQL's assets: {urls:?}"
    );
    assert!(urls.iter().any(|u| u.ends_with("/reports/620400/2025")));
    assert_eq!(
        outside_requests(&urls),
        Vec::<String>::new(),
        "requests left 127.0.0.1"
    );
    browser.close().await;
}

/// A fresh machine (variable unset) skips the browser test; only `1` runs it.
#[test]
fn the_browser_test_runs_only_when_asked_for() {
    assert!(!browser_tests_wanted(None));
    assert!(!browser_tests_wanted(Some("0")));
    assert!(!browser_tests_wanted(Some("")));
    assert!(!browser_tests_wanted(Some("yes")));
    assert!(browser_tests_wanted(Some("1")));
}

#[test]
fn only_the_test_server_counts_as_inside() {
    let urls = [
        "http://127.0.0.1:4000/graphql",
        "data:image/png;base64,AA",
        "https://unpkg.com/graphiql",
        "http://127.0.0.1.evil.example/x",
        "http://localhost:4000/",
    ]
    .map(str::to_owned);
    assert_eq!(outside_requests(&urls), urls[2..].to_vec());
}
