//! The real region table of the demo: Baiyin city, its five county-level divisions and all 78
//! township-level units, as the NBS statistical codes (2022 edition) give them.

/// Edition recorded on every real region row.
pub const NBS_EDITION: &str = "NBS-2022";
/// Edition recorded on the generated villages and communities.
pub const SYNTHETIC_EDITION: &str = "SYNTHETIC";

/// The city row.
pub const CITY: (&str, &str) = ("620400000000", "白银市");

/// A county-level division: 6-digit code, name, whether it is a district (区) and where its
/// places are drawn on the map (latitude and longitude ranges inside the city's extent).
pub struct CountyDef {
    /// GB/T 2260 code (also the first six digits of the statistical code).
    pub code6: &'static str,
    /// Chinese name.
    pub name: &'static str,
    /// 市辖区 rather than 县.
    pub is_district: bool,
    /// Latitude range (degrees north) used for the county's synthetic coordinates.
    pub lat: (f64, f64),
    /// Longitude range (degrees east) used for the county's synthetic coordinates.
    pub lon: (f64, f64),
}

/// The five county-level divisions, in code order.
pub const COUNTIES: [CountyDef; 5] = [
    CountyDef {
        code6: "620402",
        name: "白银区",
        is_district: true,
        lat: (36.45, 36.65),
        lon: (103.95, 104.35),
    },
    CountyDef {
        code6: "620403",
        name: "平川区",
        is_district: true,
        lat: (36.65, 36.95),
        lon: (104.60, 105.00),
    },
    CountyDef {
        code6: "620421",
        name: "靖远县",
        is_district: false,
        lat: (36.30, 36.90),
        lon: (104.40, 104.95),
    },
    // 会宁县 reaches south of 36° N; the demo keeps every place inside 36.0–37.6 N.
    CountyDef {
        code6: "620422",
        name: "会宁县",
        is_district: false,
        lat: (36.02, 36.30),
        lon: (104.80, 105.35),
    },
    CountyDef {
        code6: "620423",
        name: "景泰县",
        is_district: false,
        lat: (37.00, 37.40),
        lon: (103.80, 104.50),
    },
];

/// All 78 township-level units: 9-digit code and name (NBS-2022).
pub const TOWNSHIPS: [(&str, &str); 78] = [
    ("620402001", "人民路街道"),
    ("620402002", "公园路街道"),
    ("620402003", "四龙路街道"),
    ("620402004", "工农路街道"),
    ("620402005", "纺织路街道"),
    ("620402100", "水川镇"),
    ("620402101", "四龙镇"),
    ("620402102", "王岘镇"),
    ("620402201", "强湾乡"),
    ("620402202", "武川乡"),
    ("620403001", "长征街道"),
    ("620403002", "电力路街道"),
    ("620403003", "红会路街道"),
    ("620403004", "兴平路街道"),
    ("620403100", "王家山镇"),
    ("620403101", "水泉镇"),
    ("620403102", "共和镇"),
    ("620403105", "宝积镇"),
    ("620403106", "黄峤镇"),
    ("620403203", "种田乡"),
    ("620403204", "复兴乡"),
    ("620421101", "北湾镇"),
    ("620421102", "东湾镇"),
    ("620421103", "乌兰镇"),
    ("620421104", "刘川镇"),
    ("620421105", "北滩镇"),
    ("620421106", "五合镇"),
    ("620421107", "大芦镇"),
    ("620421108", "糜滩镇"),
    ("620421109", "高湾镇"),
    ("620421110", "平堡镇"),
    ("620421111", "东升镇"),
    ("620421112", "双龙镇"),
    ("620421113", "三滩镇"),
    ("620421206", "兴隆乡"),
    ("620421208", "石门乡"),
    ("620421211", "靖安乡"),
    ("620421215", "永新乡"),
    ("620421216", "若笠乡"),
    ("620422100", "会师镇"),
    ("620422101", "郭城驿镇"),
    ("620422102", "河畔镇"),
    ("620422103", "头寨子镇"),
    ("620422104", "太平店镇"),
    ("620422105", "甘沟驿镇"),
    ("620422106", "侯家川镇"),
    ("620422107", "柴家门镇"),
    ("620422108", "汉家岔镇"),
    ("620422109", "刘家寨子镇"),
    ("620422110", "白草塬镇"),
    ("620422111", "大沟镇"),
    ("620422112", "四房吴镇"),
    ("620422113", "中川镇"),
    ("620422114", "老君坡镇"),
    ("620422115", "平头川镇"),
    ("620422116", "丁家沟镇"),
    ("620422117", "杨崖集镇"),
    ("620422118", "翟家所镇"),
    ("620422119", "韩家集镇"),
    ("620422120", "土门岘镇"),
    ("620422121", "新塬镇"),
    ("620422122", "草滩镇"),
    ("620422123", "新庄镇"),
    ("620422202", "新添堡回族乡"),
    ("620422204", "党家岘乡"),
    ("620422213", "八里湾乡"),
    ("620422225", "土高山乡"),
    ("620423100", "一条山镇"),
    ("620423101", "芦阳镇"),
    ("620423102", "上沙沃镇"),
    ("620423103", "喜泉镇"),
    ("620423104", "草窝滩镇"),
    ("620423105", "红水镇"),
    ("620423106", "中泉镇"),
    ("620423107", "正路镇"),
    ("620423203", "寺滩乡"),
    ("620423205", "五佛乡"),
    ("620423207", "漫水滩乡"),
];
