//! Server-side masking of personal data for default display. Every function
//! fails closed: input it does not recognise comes back masked, never in the clear.

use chrono::{Datelike, NaiveDate};

use super::validate::phone;

/// Compound surnames kept whole by [`mask_name`] (the common ones; others keep one character).
const COMPOUND_SURNAMES: [&str; 32] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "令狐", "夏侯", "轩辕", "钟离", "端木", "独孤", "南宫", "西门", "万俟", "闻人", "澹台", "公羊",
    "赫连", "呼延", "申屠", "百里", "司空", "太史", "第五", "拓跋",
];

/// Middle dots used between the parts of transliterated names; kept in masked output.
const NAME_DOTS: [char; 5] = ['·', '•', '・', '‧', '･'];

/// Village-level markers: an address is kept up to the last of these, then numbers are masked.
const VILLAGE_MARKERS: [&str; 4] = ["村", "社区", "居委会", "居民委员会"];

/// Chinese numerals, masked when a unit such as 号 or 栋 follows them.
const HAN_NUMERALS: &str = "〇零一二三四五六七八九十百千两";

/// Units that follow a house, building, unit, floor, room or village-group number.
const NUMBER_UNITS: &str = "号栋幢楼单室层组户排弄";

/// A mobile number as `138****1234`: the first 3 and last 4 digits.
///
/// Input is normalised first (`+86`, spaces, hyphens). Anything that is not a mobile number keeps
/// its first 3 and last 4 characters if it has at least 8, and is masked whole otherwise.
pub fn mask_phone(phone: &str) -> String {
    let compact: String = match phone::normalize_mobile(phone) {
        Ok(digits) => digits,
        Err(_) => phone.chars().filter(|c| !c.is_whitespace()).collect(),
    };
    keep_ends(&compact, 3, 4, 8)
}

/// An identity number as `6204**********1237`: the first 4 (city) and last 4 characters.
///
/// The birth date (positions 7–14) is never shown. A 15-digit legacy number keeps its first 4 and
/// last 3; any other length is masked whole.
pub fn mask_id_number(id_number: &str) -> String {
    let id = id_number.trim().to_uppercase();
    match id.chars().count() {
        18 => keep_ends(&id, 4, 4, 18),
        15 => keep_ends(&id, 4, 3, 15),
        n => "*".repeat(n),
    }
}

/// The stricter export variant, `6****************7`: first and last character only.
pub fn mask_id_number_strict(id_number: &str) -> String {
    let id = id_number.trim().to_uppercase();
    match id.chars().count() {
        n @ (15 | 18) => keep_ends(&id, 1, 1, n),
        n => "*".repeat(n),
    }
}

/// A person's name: `张*`, `王**`, `欧阳**`, `买**·**`.
///
/// Keeps the surname's first character (both characters of a known compound surname when the
/// name has at least three) and masks the rest. In transliterated names with `·`, keeps the
/// first character of the first part and the dots. A one-character name is masked whole.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    let keep = if chars.len() <= 1 {
        0
    } else if chars.len() >= 3 && COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s)) {
        2
    } else {
        1
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if i < keep || NAME_DOTS.contains(&c) || c == ' ' {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// A birth date with month and day hidden: `1985-**-**`.
pub fn mask_birth_date(birth_date: NaiveDate) -> String {
    format!("{:04}-**-**", birth_date.year())
}

/// The ten-year age band on `today`, e.g. `40–49`, an alternative to [`mask_birth_date`].
pub fn age_band(birth_date: NaiveDate, today: NaiveDate) -> String {
    let low = (age(birth_date, today) / 10) * 10;
    format!("{low}–{}", low + 9)
}

/// Full years between `birth_date` and `today` (0 for dates in the future).
fn age(birth_date: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(birth_date).unwrap_or(0)
}

/// An address kept down to the village or community, with house, building, unit, room and
/// village-group numbers masked: `…水川镇某村**组**号`.
///
/// Everything after the last village-level marker (村, 社区, 居委会) has its digit runs replaced by
/// `**`, as have Chinese numerals followed by a unit (号, 栋, 楼, 单元, 室, 组 …). Without a marker
/// the whole address is treated that way. The run length is hidden too.
pub fn mask_address(address: &str) -> String {
    let start = VILLAGE_MARKERS
        .iter()
        .filter_map(|m| address.rfind(m).map(|i| i + m.len()))
        .max()
        .unwrap_or(0);
    let (kept, rest) = address.split_at(start);
    let chars: Vec<char> = rest.chars().collect();
    let mut out = String::with_capacity(address.len());
    out.push_str(kept);
    let mut i = 0;
    while i < chars.len() {
        let run = run_len(&chars[i..], is_digit);
        let han_run = run_len(&chars[i..], |c| HAN_NUMERALS.contains(c));
        let unit_follows = chars
            .get(i + han_run)
            .is_some_and(|c| NUMBER_UNITS.contains(*c));
        if run > 0 {
            out.push_str("**");
            i += run;
        } else if han_run > 0 && unit_follows {
            out.push_str("**");
            i += han_run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// ASCII or full-width digit.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Length of the run of characters at the start of `chars` that satisfy `pred`.
fn run_len(chars: &[char], pred: impl Fn(char) -> bool) -> usize {
    chars.iter().take_while(|&&c| pred(c)).count()
}

/// Keeps `head` leading and `tail` trailing characters if there are at least `min_len`,
/// masking the rest; masks everything otherwise.
fn keep_ends(text: &str, head: usize, tail: usize, min_len: usize) -> String {
    let n = text.chars().count();
    if n < min_len || n < head + tail {
        return "*".repeat(n);
    }
    text.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn phone_keeps_first_three_and_last_four() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("+86 138-1234-1234"), "138****1234");
        assert_eq!(mask_phone("008613812341234"), "138****1234");
    }

    #[test]
    fn phone_that_is_not_mobile_still_fails_closed() {
        assert_eq!(mask_phone("0943-8123456"), "094*****3456");
        assert_eq!(mask_phone("1234567"), "*******");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn id_number_hides_the_birth_date() {
        assert_eq!(mask_id_number("620402198506121237"), "6204**********1237");
        assert_eq!(mask_id_number(" 11010519491231002x "), "1101**********002X");
        assert_eq!(mask_id_number("620402850612123"), "6204********123");
        assert_eq!(mask_id_number("6204021985"), "**********");
        let masked = mask_id_number("620402198506121237");
        assert!(!masked.contains("19850612"));
    }

    #[test]
    fn id_number_strict_export_variant() {
        assert_eq!(
            mask_id_number_strict("620402198506121237"),
            "6****************7"
        );
        assert_eq!(mask_id_number_strict("abc"), "***");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("王小明"), "王**");
        assert_eq!(mask_name("欧阳娜娜"), "欧阳**");
        assert_eq!(mask_name("欧阳修"), "欧阳*");
        assert_eq!(mask_name("司马光"), "司马*");
        assert_eq!(mask_name(" 诸葛亮 "), "诸葛*");
        // Two characters: 欧 + given name 阳, not the compound surname.
        assert_eq!(mask_name("欧阳"), "欧*");
        assert_eq!(mask_name("李"), "*");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn transliterated_names_keep_the_dot() {
        assert_eq!(mask_name("买买提·艾力"), "买**·**");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿***·***");
        assert_eq!(mask_name("买买提•艾力•托乎提"), "买**•**•***");
    }

    #[test]
    fn birth_date_and_age_band() {
        assert_eq!(mask_birth_date(date(1985, 6, 12)), "1985-**-**");
        assert_eq!(mask_birth_date(date(1949, 12, 31)), "1949-**-**");
        assert_eq!(age_band(date(1985, 6, 12), date(2026, 1, 20)), "40–49");
        assert_eq!(age_band(date(1986, 1, 21), date(2026, 1, 20)), "30–39");
        assert_eq!(age_band(date(1986, 1, 20), date(2026, 1, 20)), "40–49");
        assert_eq!(age_band(date(2020, 1, 1), date(2026, 1, 20)), "0–9");
        assert_eq!(age_band(date(2030, 1, 1), date(2026, 1, 20)), "0–9");
    }

    #[test]
    fn address_kept_to_village_numbers_masked() {
        assert_eq!(
            mask_address("靖远县乌兰镇某某村3组15号"),
            "靖远县乌兰镇某某村**组**号"
        );
        assert_eq!(
            mask_address("平川区水川镇某村 12号"),
            "平川区水川镇某村 **号"
        );
        assert_eq!(mask_address("某镇三合村十二号"), "某镇三合村**号");
        assert_eq!(
            mask_address("会宁县会师镇某社区东山路８号"),
            "会宁县会师镇某社区东山路**号"
        );
    }

    #[test]
    fn address_without_village_masks_every_number() {
        assert_eq!(
            mask_address("白银区人民路12号院3号楼2单元501室"),
            "白银区人民路**号院**号楼**单元**室"
        );
        assert_eq!(mask_address("白银区人民路十二号"), "白银区人民路**号");
    }

    #[test]
    fn address_place_names_are_untouched() {
        assert_eq!(mask_address("景泰县一条山镇"), "景泰县一条山镇");
        assert_eq!(mask_address("白银区四龙镇"), "白银区四龙镇");
        assert_eq!(mask_address(""), "");
    }
}
