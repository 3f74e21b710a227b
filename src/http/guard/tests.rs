#![expect(clippy::unwrap_used, reason = "a failed check is the test failing")]

use serde_json::json;

use super::*;

pub fn limits() -> GuardLimits {
    GuardLimits {
        max_document_bytes: 32 * 1024,
        max_tokens: 5_000,
        max_fragments: 64,
        max_selections: 2_000,
        max_depth: 13,
        max_complexity: 50_000,
        max_aliases: 64,
        max_directives_per_field: 4,
        default_page_size: 20,
    }
}

/// Fragment `F0` spreads `F1` twice, … up to `F{n-1}`: 2^n fields once expanded.
pub fn doubling(n: usize) -> String {
    let mut doc = String::from("query { regions { ...F0 } }\n");
    for i in 0..n {
        if i + 1 == n {
            doc.push_str(&format!("fragment F{i} on Region {{ name code }}\n"));
        } else {
            let next = i + 1;
            doc.push_str(&format!(
                "fragment F{i} on Region {{ ...F{next} ...F{next} }}\n"
            ));
        }
    }
    doc
}

fn refused_limit(query: &str) -> &'static str {
    match check(query, None, &json!({}), &limits()) {
        Err(Refusal::Limit { limit, .. }) => limit,
        other => panic!("expected a limit refusal, got {other:?}"),
    }
}

#[test]
fn the_doubling_fragments_are_refused_after_linear_work() {
    let query = doubling(26);
    let started = std::time::Instant::now();
    let refused = check(&query, None, &json!({}), &limits());
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
    // The memoized pass: each fragment measured once. Under the cap, the same shape passes
    // with work proportional to its 2n spreads, not its 2^n expanded fields.
    let small = check(&doubling(10), None, &json!({}), &limits()).unwrap();
    assert_eq!(small.cost.selections, 1 + 2u64.pow(10));
    assert!(small.work <= 2 * 10 + 4, "work {}", small.work);
    eprintln!("26-fragment doubling refused in {:?}", started.elapsed());
}

#[test]
fn cycles_unknown_and_unused_fragments_are_invalid() {
    let cases = [
        "{ regions { ...A } } fragment A on Region { ...B } fragment B on Region { ...A }",
        "{ regions { ...A } } fragment A on Region { ...A }",
        "{ regions { ...Missing } }",
        "{ regions { name } } fragment A on Region { name }",
    ];
    for query in cases {
        let refused = check(query, None, &json!({}), &limits());
        assert!(
            matches!(refused, Err(Refusal::Invalid(_))),
            "{query}: {refused:?}"
        );
    }
}

#[test]
fn each_limit_is_named() {
    let big = format!("{{ {} }}", "a ".repeat(20_000));
    assert_eq!(refused_limit(&big), "maxDocumentBytes");
    let tokens = format!("{{ {} }}", "a ".repeat(6_000));
    let mut tight = limits();
    tight.max_document_bytes = 1 << 20;
    assert!(matches!(
        check(&tokens, None, &json!({}), &tight),
        Err(Refusal::Limit {
            limit: "maxTokens",
            ..
        })
    ));
    let fragments: String = (0..65)
        .map(|i| format!("fragment F{i} on Region {{ name }} "))
        .collect();
    assert_eq!(
        refused_limit(&format!("{{ regions {{ name }} }} {fragments}")),
        "maxFragments"
    );
    let deep = format!("{}{}", "{ a ".repeat(14), "}".repeat(14));
    assert_eq!(refused_limit(&deep), "maxDepth");
    assert_eq!(refused_limit(&"{".repeat(100)), "maxDepth");
    let aliases: String = (0..65).map(|i| format!("a{i}: __typename ")).collect();
    assert_eq!(refused_limit(&format!("{{ {aliases} }}")), "maxAliases");
    let typenames = "__typename ".repeat(65);
    assert_eq!(refused_limit(&format!("{{ {typenames} }}")), "maxAliases");
    assert_eq!(
        refused_limit("{ a @x @x @x @x @x }"),
        "maxDirectivesPerField"
    );
    let wide = "{ a(first: 100) { edges { node { b(first: 100) { edges { node { c(first: 100) { nodes { d } } } } } } } } }";
    assert_eq!(refused_limit(wide), "maxComplexity");
}

#[test]
fn page_sizes_from_variables_weigh_connections() {
    let query = "query($n: Int) { people(first: $n) { edges { node { name } } } }";
    let small = check(query, None, &json!({ "n": 5 }), &limits()).unwrap();
    let large = check(query, None, &json!({ "n": 50 }), &limits()).unwrap();
    assert_eq!(small.cost.complexity, 1 + 5 * 3);
    assert_eq!(large.cost.complexity, 1 + 50 * 3);
    let default = check(
        "{ people { edges { node { name } } } }",
        None,
        &json!({}),
        &limits(),
    )
    .unwrap();
    assert_eq!(default.cost.complexity, 1 + 20 * 3);
}

#[test]
fn the_selected_operation_is_reported() {
    let doc = "query A { a } mutation B { b }";
    let checked = check(doc, Some("B"), &json!({}), &limits()).unwrap();
    assert_eq!(checked.operation, Some(OperationType::Mutation));
    let checked = check("{ a }", None, &json!({}), &limits()).unwrap();
    assert_eq!(checked.operation, Some(OperationType::Query));
    assert!(matches!(
        check("{ a ", None, &json!({}), &limits()),
        Err(Refusal::Syntax(_))
    ));
}

#[test]
fn graphiql_introspection_nests_deeper_than_data_queries_may() {
    // GraphiQL's TypeRef fragment: nine `ofType` levels under `__schema { types { fields {
    // args { type … } } } }`, 17 deep in all.
    let mut type_ref = String::from("kind name");
    for _ in 0..9 {
        type_ref = format!("kind name ofType {{ {type_ref} }}");
    }
    let introspection = format!(
        "query IntrospectionQuery {{ __schema {{ types {{ ...FullType }} }} }}
         fragment FullType on __Type {{ fields {{ args {{ type {{ ...TypeRef }} }} }} }}
         fragment TypeRef on __Type {{ {type_ref} }}"
    );
    assert!(check(&introspection, None, &json!({}), &limits()).is_ok());
    // The same nesting through data fields is still refused.
    let mut deep = String::from("name");
    for _ in 0..15 {
        deep = format!("parent {{ {deep} }}");
    }
    let refused = check(
        &format!("{{ region(code: \"620400\") {{ {deep} }} }}"),
        None,
        &json!({}),
        &limits(),
    );
    assert!(
        matches!(
            refused,
            Err(Refusal::Limit {
                limit: "maxDepth",
                ..
            })
        ),
        "{refused:?}"
    );
}
