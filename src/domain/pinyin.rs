//! Toneless pinyin keys for sorting and searching Chinese names and places.
//! A display and search helper only: it cannot know which reading a heteronym takes in context.

use std::collections::HashSet;

use ::pinyin::ToPinyinMulti;

/// Characters whose reading order differs from the dictionary's for names and places.
/// 翟 is "zhai" as a surname and in place names such as 翟家所; the crate's
/// default is "di".
const OVERRIDES: &[(char, &[&str])] = &[('翟', &["zhai", "di"])];

/// The possible readings of one character; the first is the default.
struct Syllable {
    readings: Vec<String>,
    /// Whether the readings are pinyin syllables (initial = first letter) or the character itself.
    han: bool,
}

impl Syllable {
    fn initial(&self, index: usize) -> &str {
        let reading = self.readings.get(index).map_or("", String::as_str);
        if self.han {
            reading.get(..1).unwrap_or(reading)
        } else {
            reading
        }
    }
}

/// Whitespace and the middle dots used between parts of transliterated names are dropped.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '·' | '•' | '・' | '‧' | '･')
}

/// Plain (toneless) reading with `ü` written as `v`, the usual keyboard and sort convention.
fn plain(reading: &str) -> String {
    reading.replace('ü', "v")
}

/// A non-Han character as it is kept: full-width ASCII folded to ASCII, then lowercased.
fn fold(c: char) -> String {
    let ascii = match u32::from(c) {
        code @ 0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    ascii.to_lowercase().collect()
}

fn syllable(c: char) -> Option<Syllable> {
    if is_separator(c) {
        return None;
    }
    if let Some((_, readings)) = OVERRIDES.iter().find(|(ch, _)| *ch == c) {
        let readings = readings.iter().map(|r| (*r).to_owned()).collect();
        return Some(Syllable {
            readings,
            han: true,
        });
    }
    let Some(multi) = c.to_pinyin_multi() else {
        return Some(Syllable {
            readings: vec![fold(c)],
            han: false,
        });
    };
    let mut readings: Vec<String> = Vec::with_capacity(multi.count());
    for reading in multi {
        let reading = plain(reading.plain());
        // Readings that differ only in tone collapse into one.
        if !readings.contains(&reading) {
            readings.push(reading);
        }
    }
    Some(Syllable {
        readings,
        han: true,
    })
}

fn syllables(text: &str) -> Vec<Syllable> {
    text.chars().filter_map(syllable).collect()
}

/// Full toneless pinyin with the default reading of every character, no spaces: `靖远县` →
/// `jingyuanxian`. Other characters are kept, lowercased; whitespace and `·` are dropped.
pub fn full(text: &str) -> String {
    syllables(text)
        .iter()
        .filter_map(|s| s.readings.first().map(String::as_str))
        .collect()
}

/// Initials of the default readings: `靖远县` → `jyx`. Other characters are kept, lowercased.
pub fn initials(text: &str) -> String {
    syllables(text).iter().map(|s| s.initial(0)).collect()
}

/// `(full, initials)` for combinations of heteronym readings, at most `limit` of them.
///
/// The first element is always the default reading (as [`full`] and [`initials`]). Then come
/// combinations that change one character, then two, and so on; among those, changes to earlier
/// characters (usually the surname) come first. Duplicates are removed. `limit == 0` gives an
/// empty list.
pub fn readings(text: &str, limit: usize) -> Vec<(String, String)> {
    let syllables = syllables(text);
    let mut out = Vec::new();
    if limit == 0 {
        return out;
    }
    // spare[i]: how many alternative steps positions i.. can absorb in total.
    let mut spare = vec![0; syllables.len() + 1];
    for (i, s) in syllables.iter().enumerate().rev() {
        spare[i] = spare[i + 1] + s.readings.len().saturating_sub(1);
    }
    let mut seen = HashSet::new();
    let mut choice = vec![0; syllables.len()];
    let mut emit = |choice: &[usize]| {
        let mut full = String::new();
        let mut initials = String::new();
        for (s, &index) in syllables.iter().zip(choice) {
            full.push_str(s.readings.get(index).map_or("", String::as_str));
            initials.push_str(s.initial(index));
        }
        if seen.insert(full.clone()) {
            out.push((full, initials));
        }
        out.len() >= limit
    };
    for total in 0..=spare[0] {
        if walk(&syllables, &spare, 0, total, &mut choice, &mut emit) {
            break;
        }
    }
    out
}

/// Visits every choice vector from position `i` whose alternative indices sum to `remaining`,
/// calling `emit` on complete vectors; returns `true` as soon as `emit` asks to stop.
fn walk(
    syllables: &[Syllable],
    spare: &[usize],
    i: usize,
    remaining: usize,
    choice: &mut [usize],
    emit: &mut impl FnMut(&[usize]) -> bool,
) -> bool {
    let Some(syllable) = syllables.get(i) else {
        return emit(choice);
    };
    let max = remaining.min(syllable.readings.len().saturating_sub(1));
    // Largest step first, so that earlier characters' alternatives are listed first. The
    // `spare` bound prunes every branch that cannot reach `remaining`, so each visit pays off.
    for step in (0..=max).rev() {
        if remaining - step > spare[i + 1] {
            break;
        }
        choice[i] = step;
        if walk(syllables, spare, i + 1, remaining - step, choice, emit) {
            return true;
        }
    }
    choice[i] = 0;
    false
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn pair(full: &str, initials: &str) -> (String, String) {
        (full.to_owned(), initials.to_owned())
    }

    #[test]
    fn city_and_county_names() {
        assert_eq!(full("白银"), "baiyin");
        assert_eq!(initials("白银"), "by");
        assert_eq!(full("靖远县"), "jingyuanxian");
        assert_eq!(initials("靖远县"), "jyx");
        assert_eq!(full("会宁县"), "huiningxian");
        assert_eq!(full("景泰县"), "jingtaixian");
        assert_eq!(full("平川区"), "pingchuanqu");
    }

    #[test]
    fn huining_readings_include_default_and_kuai() {
        let all = readings("会宁县", 10);
        assert_eq!(all[0], pair("huiningxian", "hnx"));
        assert!(all.contains(&pair("kuainingxian", "knx")));
        // 会: hui/kuai; 宁: ning/zhu once tones are dropped; 县: xian.
        assert_eq!(all.len(), 4);
        assert_eq!(all[1], pair("kuainingxian", "knx"));
        assert_eq!(all[3], pair("kuaizhuxian", "kzx"));
    }

    #[test]
    fn zhai_override_for_surname_and_place() {
        assert_eq!(full("翟家所"), "zhaijiasuo");
        assert_eq!(initials("翟家所"), "zjs");
        let all = readings("翟家所", 10);
        assert_eq!(all[0], pair("zhaijiasuo", "zjs"));
        assert_eq!(all[1], pair("dijiasuo", "djs"));
    }

    #[test]
    fn transliterated_names_drop_the_middle_dot() {
        assert_eq!(full("买买提·艾力"), "maimaitiaili");
        assert_eq!(initials("买买提·艾力"), "mmtal");
        assert_eq!(full("买买提 • 艾力"), "maimaitiaili");
        let all = readings("买买提·艾力", 100);
        assert_eq!(all[0], pair("maimaitiaili", "mmtal"));
        // 提: ti/di/chi/shi once tones are dropped (dī and dǐ collapse); 艾: ai/yi.
        assert_eq!(all.len(), 8);
        assert!(all.contains(&pair("maimaidiyili", "mmdyl")));
    }

    #[test]
    fn other_characters_are_kept_lowercased() {
        assert_eq!(full("A座3号"), "azuo3hao");
        assert_eq!(initials("A座3号"), "az3h");
        assert_eq!(full("ＡＢ１"), "ab1");
        assert_eq!(full("Hello World"), "helloworld");
        assert_eq!(full(""), "");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn u_umlaut_is_written_v() {
        assert_eq!(full("吕"), "lv");
        assert_eq!(full("绿化"), "lvhua");
        assert_eq!(full("女"), "nv");
    }

    #[test]
    fn limit_caps_the_combinations() {
        assert!(readings("会宁县", 0).is_empty());
        assert_eq!(readings("会宁县", 1), vec![pair("huiningxian", "hnx")]);
        assert_eq!(readings("", 3), vec![pair("", "")]);
        let many = readings("提提提提提提提提提提提提提提提提提提提提", 7);
        assert_eq!(many.len(), 7);
        assert_eq!(many[0].0, "ti".repeat(20));
        let unique: HashSet<_> = many.iter().collect();
        assert_eq!(unique.len(), 7);
    }

    #[test]
    fn default_reading_matches_full_and_initials() {
        for text in [
            "白银区",
            "翟家所",
            "会宁县",
            "买买提·艾力",
            "长城",
            "A座3号",
        ] {
            let first = readings(text, 5).into_iter().next().unwrap();
            assert_eq!(first, (full(text), initials(text)), "{text}");
        }
    }
}
