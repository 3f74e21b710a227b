//! A GraphQL lexer that only counts: tokens and bracket nesting, in one pass over the bytes,
//! so that oversized or deeply nested documents are refused before the parser sees them.

/// What the scan found, or where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// The whole document: its token count and deepest `{`/`(`/`[` nesting.
    Done { tokens: usize, nesting: usize },
    /// Stopped at the first token past `max_tokens`.
    TooManyTokens,
    /// Stopped at the first bracket nested deeper than `max_nesting`.
    TooDeep,
}

/// Counts the significant tokens of `source` (names, numbers, strings, punctuators; not
/// whitespace, commas or comments), stopping early at either limit. Never panics: malformed
/// input is counted as best it can and left for the parser to reject.
pub fn scan(source: &str, max_tokens: usize, max_nesting: usize) -> Scan {
    let bytes = source.as_bytes();
    let (mut i, mut tokens, mut nesting, mut deepest) = (0usize, 0usize, 0usize, 0usize);
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => {
                i += 1;
                continue;
            }
            // A byte-order mark is ignored like whitespace.
            0xEF if bytes.get(i..i + 3) == Some(&[0xEF, 0xBB, 0xBF]) => {
                i += 3;
                continue;
            }
            b'#' => {
                while bytes.get(i).is_some_and(|b| *b != b'\n' && *b != b'\r') {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        tokens += 1;
        if tokens > max_tokens {
            return Scan::TooManyTokens;
        }
        match byte {
            b'{' | b'(' | b'[' => {
                nesting += 1;
                deepest = deepest.max(nesting);
                if nesting > max_nesting {
                    return Scan::TooDeep;
                }
                i += 1;
            }
            b'}' | b')' | b']' => {
                nesting = nesting.saturating_sub(1);
                i += 1;
            }
            b'"' => i = skip_string(bytes, i),
            b'.' if bytes.get(i..i + 3) == Some(b"...") => i += 3,
            b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'+' => {
                i += 1;
                while bytes.get(i).is_some_and(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-')
                }) {
                    i += 1;
                }
            }
            // Punctuators and anything else (the parser rejects what is not GraphQL).
            _ => i += 1,
        }
    }
    Scan::Done {
        tokens,
        nesting: deepest,
    }
}

/// The index just past the string starting at `start` (a `"…"` or a `"""…"""` block).
fn skip_string(bytes: &[u8], start: usize) -> usize {
    if bytes.get(start..start + 3) == Some(b"\"\"\"") {
        let mut i = start + 3;
        while i < bytes.len() {
            if bytes.get(i..i + 4) == Some(b"\\\"\"\"") {
                i += 4;
            } else if bytes.get(i..i + 3) == Some(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = start + 1;
    while let Some(&byte) = bytes.get(i) {
        match byte {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_significant_tokens_only() {
        let scan = scan("# hi\n{ a(x: \"s { ( [\", y: [1, 2]) { b ...F } }", 100, 10);
        // { a ( x : "…" y : [ 1 2 ] ) { b ... F } }
        assert_eq!(
            scan,
            Scan::Done {
                tokens: 19,
                nesting: 3
            }
        );
    }

    #[test]
    fn stops_early() {
        assert_eq!(scan("{ a b c d }", 3, 10), Scan::TooManyTokens);
        assert_eq!(scan(&"{".repeat(1000), 10_000, 64), Scan::TooDeep);
        assert!(matches!(
            scan("\"\"\" open block", 10, 10),
            Scan::Done { tokens: 1, .. }
        ));
    }
}
