//! Organization names compared as people read them: the same organization is written with
//! full- or half-width characters, either kind of bracket, spaces, 有限公司 or 有限责任公司, and
//! its official abbreviation or full name (工商联 / 工商业联合会). [`normalize`] maps all of
//! these to one form, so that two spellings of one organization compare equal.

/// Official full names and the abbreviations used for them, applied in this order (a longer
/// name before any name it contains): each full name is replaced by its abbreviation.
pub const ALIASES: [(&str, &str); 24] = [
    ("中国共产党", "中共"),
    ("中国人民政治协商会议", "政协"),
    ("政治协商会议", "政协"),
    ("人民代表大会常务委员会", "人大常委会"),
    ("人民代表大会", "人大"),
    ("中国国民党革命委员会", "民革"),
    ("中国民主同盟", "民盟"),
    ("中国民主建国会", "民建"),
    ("中国民主促进会", "民进"),
    ("中国农工民主党", "农工党"),
    ("中国致公党", "致公党"),
    ("台湾民主自治同盟", "台盟"),
    ("统一战线工作部", "统战部"),
    ("工商业联合会", "工商联"),
    ("归国华侨联合会", "侨联"),
    ("新的社会阶层人士联合会", "新联会"),
    ("知识分子联谊会", "知联会"),
    ("妇女联合会", "妇联"),
    ("共产主义青年团", "共青团"),
    ("人民政府", "政府"),
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "有限公司"),
    ("常务委员会", "常委会"),
    ("委员会", "委"),
];

/// The comparable form of an organization name: half-width letters and digits (lowercase),
/// ASCII brackets, no white space or middle dots, official abbreviations for full names, and
/// without a leading 中共 (the party prefix of 市委/县委 departments is often left out:
/// 中共白银市委统战部 and 白银市委统战部 are one department).
pub fn normalize(name: &str) -> String {
    let mut text: String = name
        .chars()
        .map(half_width)
        .filter(|c| !c.is_whitespace() && *c != '·')
        .map(|c| match c {
            '（' | '【' | '〔' | '[' => '(',
            '）' | '】' | '〕' | ']' => ')',
            other => other.to_ascii_lowercase(),
        })
        .collect();
    for (full, short) in ALIASES {
        text = text.replace(full, short);
    }
    match text.strip_prefix("中共") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text,
    }
}

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space as their ASCII forms.
fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_organization_compare_equal() {
        let same = [
            ("白银市工商联", "白银市工商业联合会"),
            ("中共白银市委统战部", "白银市委统一战线工作部"),
            ("中国共产党白银市委员会统一战线工作部", "白银市委统战部"),
            (
                "甘肃银光化学工业集团有限责任公司",
                "甘肃银光化学工业集团有限公司",
            ),
            ("白银市 科技（集团）有限公司", "白银市科技(集团)有限公司"),
            ("ＡＢＣ白银分公司", "abc白银分公司"),
            ("白银市【科技】有限公司", "白银市〔科技〕有限公司"),
            ("白银市\u{3000}侨联", "白银市归国华侨联合会"),
            ("中国人民政治协商会议白银市委员会", "政协白银市委员会"),
            ("白银市人民代表大会常务委员会", "白银市人大常委会"),
            ("中国民主同盟白银市委员会", "民盟白银市委"),
            ("中国国民党革命委员会白银市委员会", "民革白银市委"),
            ("靖远县人民政府", "靖远县政府"),
            ("中共靖远县委员会统一战线工作部", "靖远县委统战部"),
            ("白银市妇女联合会", "白银市妇联"),
            ("白银银光股份有限公司", "白银银光有限公司"),
            ("白银市新的社会阶层人士联合会", "白银市新联会"),
        ];
        for (a, b) in same {
            assert_eq!(normalize(a), normalize(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_organizations_stay_different() {
        assert_ne!(normalize("白银市工商联"), normalize("靖远县工商联"));
        assert_ne!(normalize("白银市侨联"), normalize("白银市工商联"));
        assert_eq!(normalize("中共"), "中共", "a bare prefix is kept");
        assert_ne!(normalize("白银市委统战部"), normalize("靖远县委统战部"));
        assert_ne!(normalize("民盟白银市委"), normalize("民建白银市委"));
        assert_ne!(normalize("白银市政协"), normalize("白银市人大"));
    }
}
