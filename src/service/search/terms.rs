//! The spellings a name is found by: its characters, full pinyin and initials for each reading
//! combination (capped), plus suffixes so that a substring search is a prefix search too.

use std::collections::HashSet;

use crate::domain::pinyin;

/// How a term spells the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermKind {
    /// The characters themselves (`白银区`).
    Hanzi,
    /// Full toneless pinyin (`baiyinqu`).
    Full,
    /// Pinyin initials (`byq`).
    Initials,
    /// A code: a region's statistical code or an organization's credit code.
    Code,
}

impl TermKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Hanzi => "HANZI",
            Self::Full => "FULL",
            Self::Initials => "INITIALS",
            Self::Code => "CODE",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Hanzi, Self::Full, Self::Initials, Self::Code]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// The API field a name term matched.
    pub fn field(self) -> &'static str {
        match self {
            Self::Hanzi => "name",
            Self::Full => "namePinyin",
            Self::Initials => "nameInitials",
            Self::Code => "code",
        }
    }
}

/// Reading combinations indexed for the whole name (heteronyms: 会 hui/kuai, 翟 zhai/di …).
pub const WHOLE_READINGS: usize = 8;
/// Reading combinations indexed for each suffix of the name.
pub const SUFFIX_READINGS: usize = 2;
/// Suffixes indexed per name: names are short, and longer names keep their first ones.
pub const MAX_SUFFIXES: usize = 24;
/// Longest query, in characters, after normalization.
pub const MAX_QUERY_CHARS: usize = 64;

/// One term of one record.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    pub kind: TermKind,
    pub text: String,
    pub is_suffix: bool,
    /// Characters in the whole spelling this term belongs to.
    pub whole_len: usize,
    /// Spelled with another reading of a heteronym than the usual one (ranked lower).
    pub alt_reading: bool,
}

/// Separators dropped from names and queries alike: whitespace, middle dots, apostrophes.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '·' | '•' | '・' | '‧' | '･' | '\'' | '’' | '-')
}

/// Lowercase, full-width ASCII folded to ASCII, `ü` written `v`, separators dropped: the form
/// both terms and queries take (`"Bai Yin"` → `baiyin`, `"白 银"` → `白银`).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !is_separator(*c)) {
        let c = match u32::from(c) {
            code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            'ü' | 'Ü' => out.push('v'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Every term of a name: characters, pinyin and initials of the whole name; characters and
/// pinyin of each later suffix (a substring match is a prefix match of some suffix).
pub fn name_terms(name: &str) -> Vec<Term> {
    let chars: Vec<char> = name.chars().filter(|c| !is_separator(*c)).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut push = |kind: TermKind, text: String, is_suffix: bool, len: usize, alt: bool| {
        if !text.is_empty() && seen.insert((kind, text.clone())) {
            out.push(Term {
                kind,
                text,
                is_suffix,
                whole_len: len,
                alt_reading: alt,
            });
        }
    };
    let hanzi = normalize(name);
    let hanzi_len = hanzi.chars().count();
    let full_len = pinyin::full(name).chars().count();
    for (start, _) in chars.iter().enumerate().take(MAX_SUFFIXES) {
        let suffix: String = chars[start..].iter().collect();
        let is_suffix = start > 0;
        push(
            TermKind::Hanzi,
            normalize(&suffix),
            is_suffix,
            hanzi_len,
            false,
        );
        let limit = if is_suffix {
            SUFFIX_READINGS
        } else {
            WHOLE_READINGS
        };
        for (reading, (full, initials)) in pinyin::readings(&suffix, limit).into_iter().enumerate()
        {
            let alt = reading > 0;
            let len = if is_suffix {
                full_len
            } else {
                full.chars().count()
            };
            push(TermKind::Full, normalize(&full), is_suffix, len, alt);
            if !is_suffix {
                let len = initials.chars().count();
                push(TermKind::Initials, normalize(&initials), false, len, alt);
            }
        }
    }
    out
}

/// The terms of a code (whole and, for regions, the short form `620421`); exact and prefix only.
pub fn code_terms(codes: &[String]) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    for code in codes {
        let text = normalize(code);
        if !text.is_empty() && !out.iter().any(|t| t.text == text) {
            out.push(Term {
                kind: TermKind::Code,
                whole_len: text.chars().count(),
                text,
                is_suffix: false,
                alt_reading: false,
            });
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn has(terms: &[Term], kind: TermKind, text: &str, is_suffix: bool) -> bool {
        terms
            .iter()
            .any(|t| t.kind == kind && t.text == text && t.is_suffix == is_suffix)
    }

    #[test]
    fn normalize_drops_spaces_and_case() {
        assert_eq!(normalize(" Bai  Yin "), "baiyin");
        assert_eq!(normalize("白 银"), "白银");
        assert_eq!(normalize("ＪＹＸ"), "jyx");
        assert_eq!(normalize("Lü"), "lv");
        assert_eq!(normalize("xi'an"), "xian");
    }

    #[test]
    fn names_get_whole_and_suffix_terms() {
        let terms = name_terms("靖远县");
        assert!(has(&terms, TermKind::Hanzi, "靖远县", false));
        assert!(has(&terms, TermKind::Hanzi, "远县", true));
        assert!(has(&terms, TermKind::Full, "jingyuanxian", false));
        assert!(has(&terms, TermKind::Full, "yuanxian", true));
        assert!(has(&terms, TermKind::Initials, "jyx", false));
        assert!(
            !terms
                .iter()
                .any(|t| t.kind == TermKind::Initials && t.is_suffix)
        );
    }

    #[test]
    fn heteronyms_index_every_reading_up_to_the_cap() {
        let terms = name_terms("会宁县");
        assert!(has(&terms, TermKind::Full, "huiningxian", false));
        assert!(has(&terms, TermKind::Full, "kuainingxian", false));
        assert!(has(&terms, TermKind::Initials, "knx", false));
        let many = name_terms("提提提提提提提提提提");
        let whole = many
            .iter()
            .filter(|t| t.kind == TermKind::Full && !t.is_suffix);
        assert_eq!(whole.count(), WHOLE_READINGS);
    }
}
