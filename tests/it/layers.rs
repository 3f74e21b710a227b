//! The crate's modules depend on each other in one direction only: a request flows
//! http → graphql → service → db, with the small shared modules below them importing nothing
//! above. A `crate::…` path from a lower layer to a higher one (or across one layer) fails here,
//! naming the file, so a dependency cycle cannot creep back in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Each top-level module of `src/` and its layer: a module may use only modules of lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("domain", 1),
    ("ids", 1),
    ("scalars", 1),
    ("config", 2),
    ("auth", 3),
    ("telemetry", 3),
    ("db", 4),
    ("live", 5),
    ("service", 6),
    ("graphql", 7),
    ("seed", 7),
    ("http", 8),
    ("cli", 8),
    ("app", 9),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, layer)| *layer)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a line of code names through `crate::`, including those inside a
/// `use crate::{a::x, b}` group.
fn named_modules(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            names.push(item);
        } else {
            names.push(rest.to_owned());
        }
    }
    names
        .iter()
        .map(|path| {
            path.trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn modules_depend_only_on_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut unknown = BTreeMap::new();
    let mut upward = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let mut parts = relative.components();
        let first = parts
            .next()
            .expect("a path")
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if first == "main" || first == "lib" {
            continue;
        }
        let Some(own) = layer(&first) else {
            unknown.insert(first, relative.display().to_string());
            continue;
        };
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (number, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for target in named_modules(line) {
                if target == first {
                    continue;
                }
                match layer(&target) {
                    Some(theirs) if theirs < own => {}
                    Some(_) => upward.push(format!(
                        "{}:{}: `{first}` uses `{target}`",
                        relative.display(),
                        number + 1
                    )),
                    None => {
                        unknown.insert(target, relative.display().to_string());
                    }
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "modules without a layer (add them to LAYERS): {unknown:?}"
    );
    assert!(
        upward.is_empty(),
        "dependencies that point up or across the layers:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_path_reader_sees_grouped_imports() {
    assert_eq!(
        named_modules("use crate::{db::x, error::{A, B}, ids};"),
        ["db", "error", "ids"]
    );
    assert_eq!(
        named_modules("let a = crate::db::f(crate::ids::g());"),
        ["db", "ids"]
    );
}
