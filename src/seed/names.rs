//! Synthetic Chinese names: people, villages, communities and firms. Every combination is
//! invented; a match with a real person or firm would be a coincidence.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Surnames common in central Gansu, roughly by frequency (repeats weight the draw).
const SURNAMES: &[&str] = &[
    "王", "王", "王", "张", "张", "张", "李", "李", "李", "刘", "刘", "陈", "陈", "杨", "杨", "赵",
    "马", "马", "魏", "牛", "何", "高", "郭", "罗", "孙", "朱", "胡", "徐", "董", "石", "汪", "雒",
    "寇", "柴", "苟", "慕", "党", "把", "万", "白", "段", "侯", "曹", "韩", "潘", "贾", "田", "任",
    "姚", "蒋", "谢", "邓", "冯", "吴", "周", "黄", "金", "安", "景", "包", "翟", "欧阳",
];

/// Surnames frequent among Hui families in the region.
const HUI_SURNAMES: &[&str] = &[
    "马", "马", "马", "杨", "丁", "海", "哈", "沙", "白", "穆", "纳",
];

const MALE_CHARS: &[&str] = &[
    "伟", "强", "军", "斌", "涛", "明", "辉", "鹏", "杰", "勇", "海", "平", "刚", "建", "国", "文",
    "华", "俊", "志", "宏", "林", "峰", "磊", "亮", "东", "兴", "荣", "德", "福", "成", "永", "春",
    "生", "学", "武", "忠", "宁", "博", "浩", "宇", "泽", "晨", "铭", "睿", "航", "超", "彬", "瑞",
];

const FEMALE_CHARS: &[&str] = &[
    "芳", "娟", "霞", "丽", "敏", "静", "燕", "红", "梅", "兰", "琴", "玲", "婷", "慧", "娜", "萍",
    "莉", "秀", "英", "雪", "璐", "倩", "瑞", "悦", "欣", "怡", "佳", "晶", "蓉", "雯", "洁", "丹",
];

/// First parts of village names (Loess-plateau toponymy).
const VILLAGE_HEADS: &[&str] = &[
    "张家", "王家", "李家", "杨家", "马家", "何家", "赵家", "刘家", "魏家", "牛家", "陈家", "高家",
    "上", "下", "东", "西", "南", "北", "大", "小", "红", "黄", "新", "中", "柳", "杏", "枣", "沙",
    "石", "水", "泉", "黑", "白", "青", "金", "银", "双", "三", "五", "庙", "堡", "桥",
];

const VILLAGE_TAILS: &[&str] = &[
    "湾", "沟", "川", "塬", "滩", "岘", "岔", "台", "坪", "梁", "庄", "峪",
];

const COMMUNITY_WORDS: &[&str] = &[
    "人民", "友谊", "和平", "团结", "幸福", "建设", "文化", "光明", "新华", "长安", "铜城", "银光",
    "福利", "振兴", "兴盛", "金峰", "银山", "向阳", "东风", "南苑", "北苑", "西苑", "花园", "育才",
    "康乐", "安宁", "富民", "春晖", "祥和", "锦华", "丰收", "景苑",
];

const FIRM_WORDS: &[&str] = &[
    "金穗", "丰源", "银河", "鑫达", "瑞丰", "恒通", "宏泰", "润禾", "裕丰", "华晟", "兴盛", "祥瑞",
    "黄河", "丝路", "陇原", "铜韵", "沃土", "绿洲", "泰和", "嘉禾", "永兴", "新禾", "盛源", "博远",
    "汇通", "天翼", "宏远", "乾元", "德润", "锦程", "鼎盛", "福源",
];

/// Lines of business: (name part, GB/T 4754 section and division).
pub const FIRM_TRADES: &[(&str, &str)] = &[
    ("农业开发", "A01"),
    ("种植专业", "A01"),
    ("养殖", "A03"),
    ("枸杞", "A01"),
    ("小杂粮加工", "C13"),
    ("食品", "C14"),
    ("陶瓷", "C30"),
    ("建材", "C30"),
    ("新材料", "C32"),
    ("化工", "C26"),
    ("机械制造", "C34"),
    ("电子商务", "I64"),
    ("物流", "G54"),
    ("商贸", "F51"),
    ("文化旅游", "R90"),
    ("建筑工程", "E48"),
    ("新能源", "D44"),
    ("信息技术", "I65"),
];

fn pick<'a>(rng: &mut ChaCha8Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

/// A person's name: surname plus one or two given-name characters.
pub fn person(rng: &mut ChaCha8Rng, male: bool, hui: bool) -> String {
    let surname = pick(rng, if hui { HUI_SURNAMES } else { SURNAMES });
    let chars = if male { MALE_CHARS } else { FEMALE_CHARS };
    let mut name = surname.to_owned();
    name.push_str(pick(rng, chars));
    if rng.random_bool(0.6) {
        name.push_str(pick(rng, chars));
    }
    name
}

/// A village committee's name not yet in `taken`, e.g. `张家湾村`.
pub fn village(rng: &mut ChaCha8Rng, taken: &[String]) -> String {
    loop {
        let name = format!("{}{}村", pick(rng, VILLAGE_HEADS), pick(rng, VILLAGE_TAILS));
        if !taken.contains(&name) {
            return name;
        }
    }
}

/// A community's name not yet in `taken`, e.g. `友谊社区`.
pub fn community(rng: &mut ChaCha8Rng, taken: &[String]) -> String {
    loop {
        let name = format!("{}社区", pick(rng, COMMUNITY_WORDS));
        if !taken.contains(&name) {
            return name;
        }
    }
}

/// A trade name for a firm, e.g. `金穗`.
pub fn firm_word(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, FIRM_WORDS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn names_are_short_chinese_and_unique_where_asked() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let male = rng.random_bool(0.5);
            let name = person(&mut rng, male, false);
            assert!((2..=4).contains(&name.chars().count()), "{name}");
        }
        let mut taken = Vec::new();
        for _ in 0..30 {
            let name = village(&mut rng, &taken);
            assert!(!taken.contains(&name));
            taken.push(name);
        }
    }
}
