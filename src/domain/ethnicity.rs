//! The 56 ethnic groups of GB/T 3304-1991. Source: `tourze/gb-t-3304`
//! `src/Nationality.php`, checked against `bes2008/langx-java` and `gardenerframework/fragrans`,
//! 水族 corrected to `SU`. Ethnicity is sensitive personal data here (§4.5).

/// One ethnic group (民族) of GB/T 3304-1991.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ethnicity {
    /// Two-digit numeric code, `"01"` … `"56"`.
    pub code: &'static str,
    /// Two-letter code, `"HA"` … `"JN"`.
    pub alpha: &'static str,
    /// Chinese name, e.g. `"汉族"`.
    pub name: &'static str,
}

const fn e(code: &'static str, alpha: &'static str, name: &'static str) -> Ethnicity {
    Ethnicity { code, alpha, name }
}

/// All 56 groups in code order.
///
/// Generated from `tourze/gb-t-3304` `src/Nationality.php` (commit 225ee8f), not typed, and
/// checked against `bes2008/langx-java` `ChinaEthnic.java` (numeric codes and names) and
/// `gardenerframework/fragrans` `NationalityAbbreviationCodes.java` (two-letter codes). One
/// correction: tourze gives 水族 `SW`; the standard romanises it *Sui*, and the other sources
/// agree on `SU`. 藏族 is `ZA` (some libraries wrongly write `AZ`). The non-standard "other" and
/// "foreign-origin" codes (`57`/`58` or `97`/`98`) are deliberately not included.
pub const ETHNICITIES: [Ethnicity; 56] = [
    e("01", "HA", "汉族"),
    e("02", "MG", "蒙古族"),
    e("03", "HU", "回族"),
    e("04", "ZA", "藏族"),
    e("05", "UG", "维吾尔族"),
    e("06", "MH", "苗族"),
    e("07", "YI", "彝族"),
    e("08", "ZH", "壮族"),
    e("09", "BY", "布依族"),
    e("10", "CS", "朝鲜族"),
    e("11", "MA", "满族"),
    e("12", "DO", "侗族"),
    e("13", "YA", "瑶族"),
    e("14", "BA", "白族"),
    e("15", "TJ", "土家族"),
    e("16", "HN", "哈尼族"),
    e("17", "KZ", "哈萨克族"),
    e("18", "DA", "傣族"),
    e("19", "LI", "黎族"),
    e("20", "LS", "傈僳族"),
    e("21", "VA", "佤族"),
    e("22", "SH", "畲族"),
    e("23", "GS", "高山族"),
    e("24", "LH", "拉祜族"),
    e("25", "SU", "水族"),
    e("26", "DX", "东乡族"),
    e("27", "NX", "纳西族"),
    e("28", "JP", "景颇族"),
    e("29", "KG", "柯尔克孜族"),
    e("30", "TU", "土族"),
    e("31", "DU", "达斡尔族"),
    e("32", "ML", "仫佬族"),
    e("33", "QI", "羌族"),
    e("34", "BL", "布朗族"),
    e("35", "SL", "撒拉族"),
    e("36", "MN", "毛南族"),
    e("37", "GL", "仡佬族"),
    e("38", "XB", "锡伯族"),
    e("39", "AC", "阿昌族"),
    e("40", "PM", "普米族"),
    e("41", "TA", "塔吉克族"),
    e("42", "NU", "怒族"),
    e("43", "UZ", "乌孜别克族"),
    e("44", "RS", "俄罗斯族"),
    e("45", "EW", "鄂温克族"),
    e("46", "DE", "德昂族"),
    e("47", "BN", "保安族"),
    e("48", "YG", "裕固族"),
    e("49", "GI", "京族"),
    e("50", "TT", "塔塔尔族"),
    e("51", "DR", "独龙族"),
    e("52", "OR", "鄂伦春族"),
    e("53", "HZ", "赫哲族"),
    e("54", "MB", "门巴族"),
    e("55", "LB", "珞巴族"),
    e("56", "JN", "基诺族"),
];

/// Looks a group up by its two-digit numeric code (`"04"` → 藏族).
pub fn by_code(code: &str) -> Option<&'static Ethnicity> {
    ETHNICITIES.iter().find(|e| e.code == code)
}

/// Looks a group up by its two-letter code, case-insensitively (`"ZA"` → 藏族).
pub fn by_alpha(alpha: &str) -> Option<&'static Ethnicity> {
    ETHNICITIES
        .iter()
        .find(|e| e.alpha.eq_ignore_ascii_case(alpha))
}

/// Looks a group up by its Chinese name (`"回族"`).
pub fn by_name(name: &str) -> Option<&'static Ethnicity> {
    ETHNICITIES.iter().find(|e| e.name == name)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn fifty_six_unique_entries_in_code_order() {
        assert_eq!(ETHNICITIES.len(), 56);
        for (i, e) in ETHNICITIES.iter().enumerate() {
            assert_eq!(e.code, format!("{:02}", i + 1));
            assert_eq!(e.alpha.len(), 2);
            assert!(
                e.alpha.bytes().all(|b| b.is_ascii_uppercase()),
                "{}",
                e.alpha
            );
            assert!(e.name.ends_with('族'), "{}", e.name);
        }
        let codes: HashSet<_> = ETHNICITIES.iter().map(|e| e.code).collect();
        let alphas: HashSet<_> = ETHNICITIES.iter().map(|e| e.alpha).collect();
        let names: HashSet<_> = ETHNICITIES.iter().map(|e| e.name).collect();
        assert_eq!((codes.len(), alphas.len(), names.len()), (56, 56, 56));
    }

    #[test]
    fn reference_entries() {
        for (code, alpha, name) in [
            ("01", "HA", "汉族"),
            ("03", "HU", "回族"),
            ("04", "ZA", "藏族"),
            ("56", "JN", "基诺族"),
        ] {
            assert_eq!(by_code(code), Some(&e(code, alpha, name)));
        }
    }

    #[test]
    fn groups_that_matter_in_gansu() {
        let expected = [
            ("02", "MG", "蒙古族"),
            ("26", "DX", "东乡族"),
            ("30", "TU", "土族"),
            ("35", "SL", "撒拉族"),
            ("47", "BN", "保安族"),
            ("48", "YG", "裕固族"),
        ];
        for (code, alpha, name) in expected {
            assert_eq!(by_code(code), Some(&e(code, alpha, name)));
        }
    }

    #[test]
    fn known_pitfalls() {
        assert_eq!(by_alpha("ZA").map(|e| e.name), Some("藏族"));
        assert_eq!(by_alpha("AZ"), None);
        assert_eq!(by_code("25").map(|e| e.alpha), Some("SU"));
        assert_eq!(by_alpha("SW"), None);
        for missing in ["00", "57", "58", "97", "98", "1", "4", ""] {
            assert_eq!(by_code(missing), None, "{missing}");
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(by_alpha("hu").map(|e| e.code), Some("03"));
        assert_eq!(by_name("基诺族").map(|e| e.alpha), Some("JN"));
        assert_eq!(by_name("穿青人"), None);
    }

    #[test]
    fn alpha_codes_agree_with_second_source() {
        // Two-letter codes in code order as listed by gardenerframework/fragrans.
        let fragrans = "\
            HA MG HU ZA UG MH YI ZH BY CS MA DO YA BA TJ HN \
            KZ DA LI LS VA SH GS LH SU DX NX JP KG TU DU ML \
            QI BL SL MN GL XB AC PM TA NU UZ RS EW DE BN YG \
            GI TT DR OR HZ MB LB JN";
        let ours: Vec<_> = ETHNICITIES.iter().map(|e| e.alpha).collect();
        assert_eq!(ours, fragrans.split_whitespace().collect::<Vec<_>>());
    }
}
