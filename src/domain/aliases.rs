//! The spellings county spreadsheets use for the directory's values and column headers: short
//! forms (`汉` for 汉族, `民盟` for 民盟盟员), other common words (`男性`, `M`, `√`), and the
//! headers offices write instead of the template's (`身份证号` for 公民身份号码). Each alias names
//! the canonical label or header it stands for; the reader still checks that the label belongs
//! to the column it is read for, so one table serves every enum.

/// Alias → the canonical labels it may stand for (the first label the column's enum has wins).
pub const VALUE_ALIASES: &[(&str, &[&str])] = &[
    // 性别
    ("男性", &["男"]),
    ("女性", &["女"]),
    ("M", &["男"]),
    ("F", &["女"]),
    ("MALE", &["男"]),
    ("FEMALE", &["女"]),
    // 政治面貌
    ("党员", &["中共党员"]),
    ("中国共产党党员", &["中共党员"]),
    ("共产党员", &["中共党员"]),
    ("预备党员", &["中共预备党员"]),
    ("中国共产党预备党员", &["中共预备党员"]),
    ("团员", &["共青团员"]),
    ("共青团", &["共青团员"]),
    ("中国共产主义青年团团员", &["共青团员"]),
    ("无党派", &["无党派民主人士", "无党派人士"]),
    ("无党派人士", &["无党派民主人士", "无党派人士"]),
    ("无党派民主人士", &["无党派人士", "无党派民主人士"]),
    ("群众", &["群众"]),
    ("普通群众", &["群众"]),
    // 民主党派：简称、全称，作为政治面貌（党员）或党派（组织）
    ("民革", &["民革党员", "民革"]),
    ("中国国民党革命委员会", &["民革", "民革党员"]),
    ("民革党员", &["民革党员", "民革"]),
    ("民盟", &["民盟盟员", "民盟"]),
    ("中国民主同盟", &["民盟", "民盟盟员"]),
    ("民盟盟员", &["民盟盟员", "民盟"]),
    ("民建", &["民建会员", "民建"]),
    ("中国民主建国会", &["民建", "民建会员"]),
    ("民建会员", &["民建会员", "民建"]),
    ("民进", &["民进会员", "民进"]),
    ("中国民主促进会", &["民进", "民进会员"]),
    ("民进会员", &["民进会员", "民进"]),
    ("农工党", &["农工党党员", "农工党"]),
    ("中国农工民主党", &["农工党", "农工党党员"]),
    ("农工党党员", &["农工党党员", "农工党"]),
    ("致公党", &["致公党党员", "致公党"]),
    ("中国致公党", &["致公党", "致公党党员"]),
    ("致公党党员", &["致公党党员", "致公党"]),
    ("九三学社", &["九三学社社员", "九三学社"]),
    ("九三", &["九三学社社员", "九三学社"]),
    ("九三学社社员", &["九三学社社员", "九三学社"]),
    ("台盟", &["台盟盟员", "台盟"]),
    ("台湾民主自治同盟", &["台盟", "台盟盟员"]),
    ("台盟盟员", &["台盟盟员", "台盟"]),
];

/// The canonical labels `text` may stand for, in preference order (empty when it is no alias).
/// Compared without spaces and, for Latin letters, in any case.
pub fn value_labels(text: &str) -> &'static [&'static str] {
    let wanted: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    VALUE_ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(&wanted))
        .map_or(&[], |(_, labels)| labels)
}

/// An ethnic group written without its trailing `族` (`汉`, `回`, `蒙古`): the full name.
pub fn ethnicity_name(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.is_empty() || text.ends_with('族') {
        return None;
    }
    let full = format!("{text}族");
    super::ethnicity::by_name(&full).map(|e| e.name)
}

/// Yes/no as clerks write it: 是/否, 有/无, √/×, Y/N, true/false, 1/0.
pub fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "是" | "有" | "√" | "✓" | "✔" | "☑" | "true" | "1" | "y" | "yes" | "对" => {
            Some(true)
        }
        "否" | "无" | "没有" | "不是" | "×" | "✗" | "✘" | "false" | "0" | "n" | "no" => {
            Some(false)
        }
        _ => None,
    }
}

/// The characters that separate several values in one cell.
pub const LIST_SEPARATORS: [char; 6] = [';', '；', ',', '，', '、', '\n'];

/// Template header → the other headers county files use for the same column.
pub const HEADER_ALIASES: &[(&str, &[&str])] = &[
    ("姓名", &["名字", "人员姓名"]),
    (
        "公民身份号码",
        &[
            "身份证号",
            "身份证号码",
            "身份证",
            "居民身份证号码",
            "公民身份证号码",
            "身份证件号码",
            "证件号码",
        ],
    ),
    (
        "手机号码",
        &["手机号", "手机", "联系电话", "电话", "联系方式", "电话号码"],
    ),
    ("出生日期", &["出生年月", "出生年月日", "生日"]),
    ("民族", &["族别"]),
    ("政治面貌", &["党派面貌", "政治身份"]),
    ("宗教信仰", &["宗教"]),
    ("统战对象类别", &["统战类别", "人士类别", "类别"]),
    ("工作单位", &["单位", "工作单位名称", "所在单位"]),
    ("职务", &["现任职务", "职务职称"]),
    ("学历", &["文化程度", "最高学历"]),
    ("代表人士", &["是否代表人士"]),
    ("家庭住址", &["住址", "现住址", "家庭地址", "居住地址"]),
    (
        "所属区划代码",
        &[
            "区划代码",
            "所属区划",
            "行政区划代码",
            "所在区划代码",
            "所在区划",
        ],
    ),
    (
        "所在区划代码",
        &[
            "区划代码",
            "所在区划",
            "行政区划代码",
            "所属区划代码",
            "所属区划",
        ],
    ),
    ("名称", &["单位名称", "组织名称", "企业名称"]),
    ("类型", &["组织类型", "单位类型"]),
    (
        "统一社会信用代码",
        &["信用代码", "社会信用代码", "统一信用代码"],
    ),
    ("重点企业", &["是否重点企业"]),
    ("成立日期", &["成立时间"]),
    ("活动名称", &["名称", "活动主题"]),
    ("开始日期", &["活动日期", "日期"]),
    ("结对日期", &["开始日期"]),
];

/// Headers of columns that only help the reader of a sheet (row numbers, remarks): ignored
/// without a second thought.
pub const HARMLESS_HEADERS: &[&str] = &["序号", "编号", "备注", "说明", "No", "No."];

/// The words a row under the data starts with when it is a total or a signature line.
pub const FOOTER_WORDS: &[&str] = &[
    "合计",
    "总计",
    "小计",
    "共计",
    "填表人",
    "审核人",
    "制表人",
    "填报人",
    "负责人",
    "经办人",
    "填表日期",
    "制表日期",
    "填报日期",
    "填报单位",
    "审核",
    "单位盖章",
    "签字",
];

/// Whether a row whose first non-blank cell is `first` is a total or signature line.
pub fn is_footer(first: &str) -> bool {
    let first: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    FOOTER_WORDS.iter().any(|word| first.starts_with(word))
}

/// A header as compared: no spaces or line breaks, no required-marker `*`, full-width
/// brackets and letters made ASCII.
pub fn normalize_header(text: &str) -> String {
    half_width(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

/// Full-width ASCII (`１２３`, `ＡＢ`, `（`) and the ideographic space made half-width.
pub fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_name_their_canonical_labels() {
        assert_eq!(value_labels("党员"), ["中共党员"]);
        assert_eq!(value_labels("m"), ["男"]);
        assert_eq!(value_labels(" 男性 "), ["男"]);
        assert_eq!(value_labels("民盟"), ["民盟盟员", "民盟"]);
        assert_eq!(value_labels("九三学社")[0], "九三学社社员");
        assert!(value_labels("公司").is_empty());
    }

    #[test]
    fn ethnic_groups_without_their_suffix() {
        assert_eq!(ethnicity_name("汉"), Some("汉族"));
        assert_eq!(ethnicity_name("回"), Some("回族"));
        assert_eq!(ethnicity_name("蒙古"), Some("蒙古族"));
        assert_eq!(ethnicity_name("汉族"), None);
        assert_eq!(ethnicity_name("火星"), None);
    }

    #[test]
    fn yes_and_no() {
        for yes in ["是", "有", "√", "Y", "true"] {
            assert_eq!(yes_no(yes), Some(true), "{yes}");
        }
        for no in ["否", "无", "×", "n", "0"] {
            assert_eq!(yes_no(no), Some(false), "{no}");
        }
        assert_eq!(yes_no("也许"), None);
    }

    #[test]
    fn headers_and_footers() {
        assert_eq!(normalize_header(" 公民身份\n号码* "), "公民身份号码");
        assert_eq!(normalize_header("投资金额（元）"), "投资金额(元)");
        assert_eq!(half_width("６２０４２１　ＡＢ"), "620421 AB");
        assert!(is_footer("合计：3人"));
        assert!(is_footer("填表人：张三"));
        assert!(!is_footer("张三"));
        for (header, aliases) in HEADER_ALIASES {
            assert_eq!(normalize_header(header), *header);
            for alias in *aliases {
                assert_eq!(normalize_header(alias), *alias);
            }
        }
    }
}
