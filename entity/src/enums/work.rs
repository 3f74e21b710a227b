//! Enumerations about the work: activities, pairings, suggestions, mediation, publicity.

use super::domain_enum;
use sea_orm::sea_query::StringLen;

domain_enum! {
    /// Kinds of activity.
    ActivityKind {
        TheoryLecture = "THEORY_LECTURE" "理论宣讲",
        RegularDialogue = "REGULAR_DIALOGUE" "定期恳谈",
        EmploymentService = "EMPLOYMENT_SERVICE" "就业服务",
        HardshipRelief = "HARDSHIP_RELIEF" "扶危济困",
        CharitableAid = "CHARITABLE_AID" "捐资助困",
        FieldResearch = "FIELD_RESEARCH" "实地调研",
        PolicyPublicity = "POLICY_PUBLICITY" "政策宣传",
        Fellowship = "FELLOWSHIP" "联谊交友",
        ResearchSymposium = "RESEARCH_SYMPOSIUM" "调研座谈",
        PolicySeminar = "POLICY_SEMINAR" "政策研讨",
        EntrepreneurFieldResearch = "ENTREPRENEUR_FIELD_RESEARCH" "民营企业家深入基层调研",
        SkillsTraining = "SKILLS_TRAINING" "就业技能培训",
        CultureToCountryside = "CULTURE_TO_COUNTRYSIDE" "送文化下乡",
        FreeClinic = "FREE_CLINIC" "健康义诊",
        FieldTrip = "FIELD_TRIP" "采风",
        EthnicUnityEvent = "ETHNIC_UNITY_EVENT" "民族团结活动",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// Campaigns a pairing belongs to.
    Campaign {
        WanqiXingcun = "WANQI_XINGCUN" "万企兴万村",
    }
}

domain_enum! {
    /// Forms of help in an enterprise–village pairing (兴村形式).
    PairingForm {
        Industry = "INDUSTRY" "产业兴村",
        Employment = "EMPLOYMENT" "就业兴村",
        Consumption = "CONSUMPTION" "消费兴村",
        PublicWelfare = "PUBLIC_WELFARE" "公益兴村",
        IntellectTalent = "INTELLECT_TALENT" "智力兴村/人才兴村",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// How partners and villages are paired.
    PairingMode {
        OneToOne = "ONE_TO_ONE" "一对一",
        OneToMany = "ONE_TO_MANY" "一对多",
        ManyToOne = "MANY_TO_ONE" "多对一",
    }
}

domain_enum! {
    /// The kind of village a pairing targets.
    TargetVillageType {
        KeyAssisted = "KEY_ASSISTED" "重点帮扶村",
        PovertyExited = "POVERTY_EXITED" "脱贫村",
        WeakCollectiveEconomy = "WEAK_COLLECTIVE_ECONOMY" "集体经济薄弱村",
        RelocationSite = "RELOCATION_SITE" "易地搬迁安置村(社区)",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// Status of a pairing.
    PairingStatus {
        Active = "ACTIVE" "结对中",
        Completed = "COMPLETED" "已完成",
        Terminated = "TERMINATED" "已终止",
    }
}

domain_enum! {
    /// Channel a suggestion came through.
    SuggestionChannel {
        WrittenSuggestion = "WRITTEN_SUGGESTION" "书面建议",
        ResearchReport = "RESEARCH_REPORT" "调研报告",
        SocialConditionsInfo = "SOCIAL_CONDITIONS_INFO" "社情民意信息",
        CppccProposal = "CPPCC_PROPOSAL" "政协提案",
        SymposiumInput = "SYMPOSIUM_INPUT" "座谈会发言",
    }
}

domain_enum! {
    /// Field a suggestion addresses.
    SuggestionField {
        LivingEnvironment = "LIVING_ENVIRONMENT" "人居环境",
        PublicServices = "PUBLIC_SERVICES" "公共服务",
        DisputeResolution = "DISPUTE_RESOLUTION" "矛盾调解",
        RuralRevitalization = "RURAL_REVITALIZATION" "乡村振兴",
        IndustryDevelopment = "INDUSTRY_DEVELOPMENT" "产业发展",
        Education = "EDUCATION" "教育",
        Health = "HEALTH" "医疗卫生",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// Where a suggestion stands (受理 ≠ 采纳).
    SuggestionStatus {
        Draft = "DRAFT" "草稿",
        Submitted = "SUBMITTED" "已提交",
        Accepted = "ACCEPTED" "已受理",
        Adopted = "ADOPTED" "已采纳",
        AdoptedIntoLivelihoodProject = "ADOPTED_INTO_LIVELIHOOD_PROJECT" "纳入民生实事",
        ConvertedToMeasure = "CONVERTED_TO_MEASURE" "转化为具体措施",
        RepliedNotAdopted = "REPLIED_NOT_ADOPTED" "答复未采纳",
        Withdrawn = "WITHDRAWN" "已撤回",
    }
}

domain_enum! {
    /// Category of a mediated dispute.
    MediationCategory {
        Commercial = "COMMERCIAL" "商事纠纷",
        Labor = "LABOR" "劳动争议",
        Neighborhood = "NEIGHBORHOOD" "邻里纠纷",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// Subtype of a commercial dispute.
    DisputeSubtype {
        Contract = "CONTRACT" "合同纠纷",
        PaymentArrears = "PAYMENT_ARREARS" "欠款纠纷",
        PartnershipEquity = "PARTNERSHIP_EQUITY" "合伙股权纠纷",
        Lease = "LEASE" "租赁纠纷",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// Status of a mediation case.
    MediationStatus {
        Accepted = "ACCEPTED" "已受理",
        InProgress = "IN_PROGRESS" "调解中",
        Settled = "SETTLED" "调解成功",
        Failed = "FAILED" "调解不成",
        Withdrawn = "WITHDRAWN" "已撤回",
        ReferredToLitigation = "REFERRED_TO_LITIGATION" "转诉讼",
    }
}

domain_enum! {
    /// Kind of publicity work.
    PublicityWorkKind {
        Video = "VIDEO" "视频",
        Article = "ARTICLE" "文章",
        Audio = "AUDIO" "音频",
        PhotoSet = "PHOTO_SET" "图集",
    }
}

domain_enum! {
    /// Status of a term election (换届).
    TermElectionStatus {
        Planned = "PLANNED" "计划中",
        Completed = "COMPLETED" "已完成",
    }
}
