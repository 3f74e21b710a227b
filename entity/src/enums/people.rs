//! Enumerations about people, their groups and roles.

use super::domain_enum;
use sea_orm::sea_query::StringLen;

domain_enum! {
    /// Gender (性别).
    Gender {
        Male = "MALE" "男",
        Female = "FEMALE" "女",
    }
}

domain_enum! {
    /// The 12 categories of united-front work objects (统战工作对象, 2015/2020 regulation).
    UfCategory {
        DemocraticPartyMember = "DEMOCRATIC_PARTY_MEMBER" "民主党派成员",
        NonPartyPersonage = "NON_PARTY_PERSONAGE" "无党派人士",
        NonCpcIntellectual = "NON_CPC_INTELLECTUAL" "党外知识分子",
        EthnicMinorityFigure = "ETHNIC_MINORITY_FIGURE" "少数民族人士",
        ReligiousFigure = "RELIGIOUS_FIGURE" "宗教界人士",
        NonPublicEconomyFigure = "NON_PUBLIC_ECONOMY_FIGURE" "非公有制经济人士",
        NewSocialStratum = "NEW_SOCIAL_STRATUM" "新的社会阶层人士",
        OverseasStudentOrReturnee = "OVERSEAS_STUDENT_OR_RETURNEE" "出国和归国留学人员",
        HkMacaoCompatriot = "HK_MACAO_COMPATRIOT" "香港同胞、澳门同胞",
        TaiwanCompatriotOrRelative = "TAIWAN_COMPATRIOT_OR_RELATIVE" "台湾同胞及其在大陆的亲属",
        OverseasChineseReturneeOrRelative = "OVERSEAS_CHINESE_RETURNEE_OR_RELATIVE" "华侨、归侨及侨眷",
        OtherToUnite = "OTHER_TO_UNITE" "其他需要联系和团结的人员",
    }
}

domain_enum! {
    /// Sub-groups of a category: Hong Kong/Macao, overseas Chinese kinds, new-stratum subgroups.
    UfSubcategory {
        HongKong = "HONG_KONG" "香港同胞",
        Macao = "MACAO" "澳门同胞",
        OverseasChinese = "OVERSEAS_CHINESE" "华侨",
        ReturnedOverseasChinese = "RETURNED_OVERSEAS_CHINESE" "归侨",
        RelativeOfOverseasChinese = "RELATIVE_OF_OVERSEAS_CHINESE" "侨眷",
        PrivateForeignFirmManagerTech = "PRIVATE_FOREIGN_FIRM_MANAGER_TECH" "私营企业和外资企业的管理技术人员",
        IntermediarySocialOrgStaff = "INTERMEDIARY_SOCIAL_ORG_STAFF" "中介组织和社会组织从业人员",
        Freelancer = "FREELANCER" "自由职业人员",
        NewMediaPractitioner = "NEW_MEDIA_PRACTITIONER" "新媒体从业人员",
    }
}

domain_enum! {
    /// The eight democratic parties (民主党派).
    DemocraticParty {
        Rcck = "RCCK" "民革",
        Cdl = "CDL" "民盟",
        Cndca = "CNDCA" "民建",
        Capd = "CAPD" "民进",
        Cpwdp = "CPWDP" "农工党",
        Czgp = "CZGP" "致公党",
        Jiusan = "JIUSAN" "九三学社",
        Tdsl = "TDSL" "台盟",
    }
}

domain_enum! {
    /// Political status (政治面貌, GB/T 4762).
    PoliticalStatus {
        CpcMember = "CPC_MEMBER" "中共党员",
        CpcProbationary = "CPC_PROBATIONARY" "中共预备党员",
        CylMember = "CYL_MEMBER" "共青团员",
        RcckMember = "RCCK_MEMBER" "民革党员",
        CdlMember = "CDL_MEMBER" "民盟盟员",
        CndcaMember = "CNDCA_MEMBER" "民建会员",
        CapdMember = "CAPD_MEMBER" "民进会员",
        CpwdpMember = "CPWDP_MEMBER" "农工党党员",
        CzgpMember = "CZGP_MEMBER" "致公党党员",
        JiusanMember = "JIUSAN_MEMBER" "九三学社社员",
        TdslMember = "TDSL_MEMBER" "台盟盟员",
        NonPartyPersonage = "NON_PARTY_PERSONAGE" "无党派民主人士",
        Masses = "MASSES" "群众",
    }
}

impl PoliticalStatus {
    /// The democratic party this status denotes membership of, if any.
    pub fn party(self) -> Option<DemocraticParty> {
        Some(match self {
            Self::RcckMember => DemocraticParty::Rcck,
            Self::CdlMember => DemocraticParty::Cdl,
            Self::CndcaMember => DemocraticParty::Cndca,
            Self::CapdMember => DemocraticParty::Capd,
            Self::CpwdpMember => DemocraticParty::Cpwdp,
            Self::CzgpMember => DemocraticParty::Czgp,
            Self::JiusanMember => DemocraticParty::Jiusan,
            Self::TdslMember => DemocraticParty::Tdsl,
            _ => return None,
        })
    }
}

domain_enum! {
    /// Kinds of network figure (online influencers and writers).
    NetworkFigureKind {
        AgriAssistBlogger = "AGRI_ASSIST_BLOGGER" "助农博主",
        VillageInfluencer = "VILLAGE_INFLUENCER" "乡村网红",
        OnlineWriter = "ONLINE_WRITER" "网络作家",
        Streamer = "STREAMER" "主播",
        BigV = "BIG_V" "大V",
    }
}

domain_enum! {
    /// A person's role in an organization.
    MembershipRole {
        Chair = "CHAIR" "主任委员/主席",
        ViceChair = "VICE_CHAIR" "副主任委员/副主席",
        CommitteeMember = "COMMITTEE_MEMBER" "委员",
        Member = "MEMBER" "成员",
        LegalRepresentative = "LEGAL_REPRESENTATIVE" "法定代表人",
        Manager = "MANAGER" "管理人员",
        Staff = "STAFF" "从业人员",
    }
}

domain_enum! {
    /// Roles in the four-level united-front network.
    NetworkRole {
        UfDepartmentHead = "UF_DEPARTMENT_HEAD" "统战部负责人",
        TownshipUfCommissioner = "TOWNSHIP_UF_COMMISSIONER" "统战委员",
        LiaisonOfficer = "LIAISON_OFFICER" "统战联络员",
        GridInformant = "GRID_INFORMANT" "网格信息员",
    }
}

domain_enum! {
    /// Online platforms.
    Platform {
        Douyin = "DOUYIN" "抖音",
        Kuaishou = "KUAISHOU" "快手",
        WechatChannels = "WECHAT_CHANNELS" "微信视频号",
        Xiaohongshu = "XIAOHONGSHU" "小红书",
        Bilibili = "BILIBILI" "哔哩哔哩",
        Weibo = "WEIBO" "微博",
        TaobaoLive = "TAOBAO_LIVE" "淘宝直播",
        Other = "OTHER" "其他",
    }
}
