//! Enumerations about regions, organizations and venues.

use super::domain_enum;
use sea_orm::sea_query::StringLen;

domain_enum! {
    /// The four levels of the network (四级统战工作联动架构).
    RegionLevel {
        City = "CITY" "市",
        County = "COUNTY" "县(区)",
        Township = "TOWNSHIP" "乡镇(街道)",
        Village = "VILLAGE" "村(社区)",
    }
}

domain_enum! {
    /// The kind of a region, following the statistical code ranges.
    RegionKind {
        City = "CITY" "地级市",
        District = "DISTRICT" "市辖区",
        County = "COUNTY" "县",
        Subdistrict = "SUBDISTRICT" "街道",
        Town = "TOWN" "镇",
        Township = "TOWNSHIP" "乡",
        EthnicTownship = "ETHNIC_TOWNSHIP" "民族乡",
        QuasiTownship = "QUASI_TOWNSHIP" "类似乡级单位",
        ResidentsCommittee = "RESIDENTS_COMMITTEE" "社区(居民委员会)",
        VillageCommittee = "VILLAGE_COMMITTEE" "村民委员会",
        QuasiResidentsCommittee = "QUASI_RESIDENTS_COMMITTEE" "类似居委会",
        QuasiVillageCommittee = "QUASI_VILLAGE_COMMITTEE" "类似村委会",
    }
}

domain_enum! {
    /// Kinds of organization.
    OrganizationKind {
        UfWorkDepartment = "UF_WORK_DEPARTMENT" "党委统战部",
        CpcGrassrootsOrg = "CPC_GRASSROOTS_ORG" "基层党组织",
        TownshipPartyCommittee = "TOWNSHIP_PARTY_COMMITTEE" "乡镇(街道)党委",
        DpOrganization = "DP_ORGANIZATION" "民主党派组织",
        FederationOfIndustryCommerce = "FEDERATION_OF_INDUSTRY_COMMERCE" "工商联",
        ChamberOfCommerce = "CHAMBER_OF_COMMERCE" "商会",
        ReturnedOverseasChineseFederation = "RETURNED_OVERSEAS_CHINESE_FEDERATION" "侨联",
        NssAssociation = "NSS_ASSOCIATION" "新联会",
        NpiAssociation = "NPI_ASSOCIATION" "知联会",
        Enterprise = "ENTERPRISE" "企业",
        SocialOrganization = "SOCIAL_ORGANIZATION" "社会组织",
        Court = "COURT" "人民法院",
        JusticeBureau = "JUSTICE_BUREAU" "司法局(所)",
        CommunityOrg = "COMMUNITY_ORG" "社区组织",
        MediaOutlet = "MEDIA_OUTLET" "媒体",
        GovernmentDepartment = "GOVERNMENT_DEPARTMENT" "政府部门",
        InnovationPlatform = "INNOVATION_PLATFORM" "创新平台",
    }
}

domain_enum! {
    /// Levels inside a democratic party's local organization.
    DpOrgLevel {
        MunicipalCommittee = "MUNICIPAL_COMMITTEE" "市委会",
        GrassrootsCommittee = "GRASSROOTS_COMMITTEE" "基层委员会",
        GeneralBranch = "GENERAL_BRANCH" "总支部",
        Branch = "BRANCH" "支部",
    }
}

domain_enum! {
    /// Ownership of an enterprise.
    EnterpriseOwnership {
        Private = "PRIVATE" "民营企业",
        ForeignInvested = "FOREIGN_INVESTED" "外商投资企业",
        IndividualBusiness = "INDIVIDUAL_BUSINESS" "个体工商户",
        FarmerCooperative = "FARMER_COOPERATIVE" "农民专业合作社",
        Other = "OTHER" "其他",
    }
}

domain_enum! {
    /// Level of a media outlet.
    OutletLevel {
        Provincial = "PROVINCIAL" "省级",
        Municipal = "MUNICIPAL" "市级",
        County = "COUNTY" "县级",
    }
}

domain_enum! {
    /// Kind of a media outlet.
    OutletKind {
        ConvergedMediaCenter = "CONVERGED_MEDIA_CENTER" "融媒体中心",
        NewsSite = "NEWS_SITE" "新闻网站",
        NewMediaAccount = "NEW_MEDIA_ACCOUNT" "新媒体账号",
        VillageLoudspeaker = "VILLAGE_LOUDSPEAKER" "乡村大喇叭",
    }
}

domain_enum! {
    /// Kinds of place: bases, homes and the host platforms they sit in.
    PlaceKind {
        NssPracticeInnovationBase = "NSS_PRACTICE_INNOVATION_BASE" "新的社会阶层人士统战工作实践创新基地",
        UfWorkStation = "UF_WORK_STATION" "统战工作站",
        UfLiaisonPoint = "UF_LIAISON_POINT" "统战联络点",
        RedPomegranateHome = "RED_POMEGRANATE_HOME" "红石榴家园",
        PomegranateSeedCouncilRoom = "POMEGRANATE_SEED_COUNCIL_ROOM" "石榴籽议事室",
        OverseasChineseHome = "OVERSEAS_CHINESE_HOME" "侨胞之家",
        DpMembersHome = "DP_MEMBERS_HOME" "党员之家/社员之家/会员之家/盟员之家",
        PartyMassesServiceCenter = "PARTY_MASSES_SERVICE_CENTER" "党群服务中心",
        CivilizationPracticeStation = "CIVILIZATION_PRACTICE_STATION" "新时代文明实践站",
        CommunityServiceStation = "COMMUNITY_SERVICE_STATION" "社区服务站",
        Other = "OTHER" "其他",
    }
}

impl PlaceKind {
    /// Homes: the ethnic-unity, overseas-Chinese and democratic-party members' homes.
    pub const HOMES: [PlaceKind; 4] = [
        Self::RedPomegranateHome,
        Self::PomegranateSeedCouncilRoom,
        Self::OverseasChineseHome,
        Self::DpMembersHome,
    ];

    pub fn is_home(self) -> bool {
        Self::HOMES.contains(&self)
    }

    /// United-front venues proper; host platforms (service centres, practice stations) are not.
    pub fn is_uf_venue(self) -> bool {
        !matches!(
            self,
            Self::PartyMassesServiceCenter
                | Self::CivilizationPracticeStation
                | Self::CommunityServiceStation
                | Self::Other
        )
    }
}
