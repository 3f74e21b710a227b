//! The product's code, comments and docs stand alone: they state a rule rather than point at a
//! planning document or a tracker. A line that cites the domain or API reference files, or an
//! issue by number, fails here with its file and line; decision records are where the why lives.

use std::path::{Path, PathBuf};

/// Folders and files a reader of the product sees. Decision records may cite anything.
const ROOTS: &[&str] = &[
    "src",
    "entity/src",
    "migration/src",
    "bench/src",
    "tests/it",
    "README.md",
    "Cargo.toml",
    "bench/Cargo.toml",
    "docs/architecture.md",
    "docs/performance.md",
];

/// Files that hold such citations on purpose, as inputs a check must refuse.
const FIXTURES: &[&str] = &["tests/it/schema_descriptions.rs", "tests/it/citations.rs"];

const REFERENCE_FILES: &[&str] = &["DOMAIN.md", "API.md", "STYLE.md", "../shared/"];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("a readable folder") {
            files(&entry.expect("a directory entry").path(), out);
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "rs" || e == "md" || e == "toml")
    {
        out.push(path.to_path_buf());
    }
}

/// "issue 8", "Issue #12", "issues 4 and 7": a tracker's number.
fn cites_issue(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.match_indices("issue").any(|(at, word)| {
        let rest = lower[at + word.len()..].trim_start_matches('s');
        let rest = rest.strip_prefix(' ').unwrap_or(rest);
        let rest = rest.strip_prefix('#').unwrap_or(rest);
        rest.starts_with(|c: char| c.is_ascii_digit())
    })
}

fn citation(line: &str) -> Option<&'static str> {
    REFERENCE_FILES
        .iter()
        .find(|name| line.contains(*name))
        .copied()
        .or_else(|| cites_issue(line).then_some("an issue number"))
}

#[test]
fn nothing_cites_reference_files_or_issue_numbers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for name in ROOTS {
        files(&root.join(name), &mut all);
    }
    assert!(all.len() > 100, "the walk found the sources");
    let mut found = Vec::new();
    for path in all {
        let relative = path.strip_prefix(root).expect("under the root");
        if FIXTURES.iter().any(|f| Path::new(f) == relative) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a UTF-8 source file");
        for (number, line) in text.lines().enumerate() {
            if let Some(what) = citation(line) {
                found.push(format!(
                    "{}:{}: cites {what}",
                    relative.display(),
                    number + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "say the rule itself:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_recognises_citations() {
    assert_eq!(citation("see DOMAIN.md §4.5"), Some("DOMAIN.md"));
    assert_eq!(citation("(issue 8)"), Some("an issue number"));
    assert_eq!(citation("Issue #12 on lists"), Some("an issue number"));
    assert_eq!(citation("the issues 4 and 7"), Some("an issue number"));
    assert_eq!(citation("a token is issued to one person"), None);
    assert_eq!(citation("figure 15 of the report"), None);
}
