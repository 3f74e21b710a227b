//! Point 8: property tests of the parsers of untrusted input on the request path: the
//! document guard (never panics, work linear in the document), cursors and global ids
//! (never panic on arbitrary strings).

use proptest::prelude::*;
use serde_json::json;
use tongxin::http::guard::{self, GuardLimits};

fn limits() -> GuardLimits {
    GuardLimits {
        max_document_bytes: 32 * 1024,
        max_tokens: 5_000,
        max_fragments: 64,
        max_selections: usize::MAX,
        max_depth: 64,
        max_complexity: usize::MAX,
        max_aliases: usize::MAX,
        max_directives_per_field: 64,
        default_page_size: 20,
    }
}

/// Documents built from GraphQL's own pieces, so that many of them parse: fields, aliases,
/// arguments, spreads of fragments defined (or not) later, inline fragments, directives.
fn document() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a ".to_owned()),
        Just("b: a ".to_owned()),
        Just("__typename ".to_owned()),
        Just("c(first: 5) ".to_owned()),
        Just("d(first: $n) ".to_owned()),
        Just("{ ".to_owned()),
        Just("} ".to_owned()),
        Just("edges { node { a } } ".to_owned()),
        Just("... on Q { a } ".to_owned()),
        Just("@include(if: true) ".to_owned()),
        (0u8..6).prop_map(|i| format!("...F{i} ")),
        (0u8..6).prop_map(|i| format!("}} fragment F{i} on Q {{ ")),
        Just("query($n: Int) { ".to_owned()),
        Just("mutation { ".to_owned()),
        Just("\"str{\" ".to_owned()),
        Just("# comment {\n".to_owned()),
    ];
    prop::collection::vec(piece, 0..200).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_guard_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = guard::check(&text, None, &json!({}), &limits());
    }

    #[test]
    fn the_guard_never_panics_and_its_work_is_linear(doc in document(), n in 0u64..1_000) {
        // Balanced enough to parse sometimes: close what is open.
        let opened = doc.matches('{').count().saturating_sub(doc.matches('}').count());
        let doc = format!("{{ {doc}{} }}", "} ".repeat(opened));
        if let Ok(checked) = guard::check(&doc, None, &json!({ "n": n }), &limits()) {
            // Every selection visited is a selection written in the document, once.
            prop_assert!(checked.work <= checked.tokens as u64, "{} > {}", checked.work, checked.tokens);
        }
    }

    #[test]
    fn fragment_graphs_are_measured_exactly_in_linear_work(
        spreads in prop::collection::vec(prop::collection::vec((0usize..30, 1usize..4), 0..5), 1..30)
    ) {
        // Fragment i spreads fragments j > i (so no cycles), each `times` over, plus one field.
        let n = spreads.len();
        let mut doc = String::from("{ ");
        for i in 0..n {
            doc.push_str(&format!("...F{i} "));
        }
        doc.push_str("}\n");
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, list) in spreads.iter().enumerate() {
            doc.push_str(&format!("fragment F{i} on Q {{ a "));
            for &(target, times) in list {
                let j = i + 1 + target;
                if j < n {
                    for _ in 0..times {
                        doc.push_str(&format!("...F{j} "));
                        children[i].push(j);
                    }
                }
            }
            doc.push_str("}\n");
        }
        // Fields once expanded, computed bottom-up.
        let mut fields = vec![0u128; n];
        for i in (0..n).rev() {
            fields[i] = 1 + children[i].iter().map(|&j| fields[j]).sum::<u128>();
        }
        let expected: u128 = fields.iter().sum();
        let checked = guard::check(&doc, None, &json!({}), &limits());
        let checked = checked.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(u128::from(checked.cost.selections), expected.min(u128::from(u64::MAX)));
        prop_assert!(checked.work <= checked.tokens as u64);
    }

    #[test]
    fn cursors_never_panic(ordering in "[A-Z_]{0,12}", cursor in "\\PC{0,200}") {
        let _ = tongxin::db::cursor::decode(&ordering, &cursor);
    }

    #[test]
    fn base64_cursors_never_panic(ordering in "[A-Z_]{0,12}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        use base64::Engine;
        let cursor = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let _ = tongxin::db::cursor::decode(&ordering, &cursor);
    }

    #[test]
    fn global_ids_never_panic(id in "\\PC{0,200}", expected in "[A-Za-z]{0,12}") {
        let _ = tongxin::ids::decode(&id);
        let _ = tongxin::ids::decode_int(&id, &expected);
    }

    #[test]
    fn global_ids_round_trip(type_name in "[A-Z][A-Za-z]{0,15}", key in any::<i64>()) {
        let id = tongxin::ids::encode(&type_name, key);
        prop_assert_eq!(tongxin::ids::decode_int(&id.0, &type_name).ok(), Some(key));
        use base64::Engine;
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}x"));
        prop_assert!(tongxin::ids::decode_int(&raw, &type_name).is_err());
    }
}
