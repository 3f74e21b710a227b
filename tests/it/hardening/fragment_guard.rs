//! Point 1: hostile documents are refused by the guard before async-graphql sees them, with
//! linear work, while other requests keep being answered.

use std::time::Instant;

use serde_json::json;
use tongxin::http::guard::{self, GuardLimits, Refusal};

use super::{GQL_RESPONSE, code, doubling, read};
use crate::helpers::{TestDb, spawn_app, test_config};

fn limits() -> GuardLimits {
    let config = test_config();
    let l = &config.limits;
    GuardLimits {
        max_document_bytes: l.max_document_bytes,
        max_tokens: l.max_tokens,
        max_fragments: l.max_fragments,
        max_selections: l.max_selections,
        max_depth: l.max_depth,
        max_complexity: l.max_complexity,
        max_aliases: l.max_aliases,
        max_directives_per_field: l.max_directives_per_field,
        default_page_size: 20,
    }
}

#[test]
fn guard_work_is_linear_in_the_document_even_for_exponential_expansions() {
    let mut unbounded = limits();
    unbounded.max_selections = usize::MAX;
    unbounded.max_complexity = usize::MAX;
    for n in [4, 8, 16, 26] {
        let query = doubling(n);
        let checked = guard::check(&query, None, &json!({}), &unbounded).unwrap();
        // 3 operation fields + 2 spreads per fragment + 1 leaf: the document, not 2^n.
        assert!(
            checked.work <= 2 * n as u64 + 4,
            "n={n}: work {}",
            checked.work
        );
        assert_eq!(checked.cost.selections, 3 + (1u64 << (n - 1)));
    }
    let refused = guard::check(&doubling(26), None, &json!({}), &limits());
    assert!(
        matches!(
            refused,
            Err(Refusal::Limit {
                limit: "maxSelections",
                ..
            })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn the_doubling_document_is_refused_while_a_trivial_query_is_answered() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let url = format!("{base}/graphql");
    let hostile = doubling(26);
    assert!(hostile.len() < 1_100, "{} bytes", hostile.len());

    let started = Instant::now();
    let attacks: Vec<_> = (0..4)
        .map(|_| {
            let request = client
                .post(&url)
                .header("accept", GQL_RESPONSE)
                .json(&json!({ "query": hostile }));
            tokio::spawn(async move {
                let begun = Instant::now();
                let outcome = read(request.send().await.unwrap()).await;
                (outcome, begun.elapsed())
            })
        })
        .collect();
    let trivial_begun = Instant::now();
    let trivial = client
        .post(&url)
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    let (status, _, body) = read(trivial).await;
    let trivial_took = trivial_begun.elapsed();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["__typename"], "Query");
    for attack in attacks {
        let ((status, content_type, body), took) = attack.await.unwrap();
        assert_eq!(status, 422, "{body}");
        assert!(content_type.starts_with(GQL_RESPONSE), "{content_type}");
        assert_eq!(code(&body), "LIMIT_EXCEEDED", "{body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(
            message.contains("maxSelections") && message.contains("2000"),
            "{message}"
        );
        println!("26-fragment doubling refused over HTTP in {took:?}");
    }
    println!(
        "trivial query answered in {trivial_took:?} beside 4 hostile ones (all done in {:?})",
        started.elapsed()
    );
}

#[tokio::test]
async fn every_document_limit_is_refused_with_its_name() {
    let test_db = TestDb::fresh().await;
    let (base, _server) = spawn_app(test_db.db.clone()).await;
    let client = reqwest::Client::new();
    let aliases: String = (0..65).map(|i| format!("a{i}: __typename ")).collect();
    let fragments: String = (0..65)
        .map(|i| format!("fragment F{i} on Query {{ __typename }} "))
        .collect();
    let spreads: String = (0..65).map(|i| format!("...F{i} ")).collect();
    let cases = [
        (format!("{{ {} }}", "__typename ".repeat(4_000)), "maxDocumentBytes"),
        (format!("{{{}}}", "a,".repeat(5_001)), "maxTokens"),
        (format!("{{ {aliases} }}"), "maxAliases"),
        (format!("{{ {} }}", "__typename ".repeat(65)), "maxAliases"),
        (format!("{{ {spreads} }} {fragments}"), "maxFragments"),
        (
            "{ regions { edges { node { children { edges { node { children { edges { node { children { edges { node { children { totalCount } } } } } } } } } } } } } }".to_owned(),
            "maxDepth",
        ),
        ("{ __typename @a @b @c @d @e }".to_owned(), "maxDirectivesPerField"),
        (
            "{ regions(first: 100) { edges { node { children(first: 100) { edges { node { children(first: 100) { nodes { name } } } } } } } } }".to_owned(),
            "maxComplexity",
        ),
    ];
    for (query, limit) in cases {
        let started = Instant::now();
        let response = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        let (status, _, body) = read(response).await;
        assert_eq!(status, 422, "{limit}: {body}");
        assert_eq!(code(&body), "LIMIT_EXCEEDED", "{limit}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(limit), "{limit}: {message}");
        println!("{limit} refused in {:?}", started.elapsed());
    }
    for query in [
        "{ regions { edges { node { ...A } } } } fragment A on Region { ...B } fragment B on Region { ...A }",
        "{ __typename } fragment Unused on Query { __typename }",
    ] {
        let response = client
            .post(format!("{base}/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        let (status, _, body) = read(response).await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(code(&body), "BAD_USER_INPUT", "{body}");
    }
}
