//! Organizations of the wider united front and their partners: the federation of industry and
//! commerce and its chambers, the 侨联/新联会/知联会, courts, justice bureaus, community
//! mediation bodies, media outlets and innovation platforms.

use crate::domain::enums::{OrganizationKind, OutletKind, OutletLevel};
use crate::error::AppError;

use super::common::{Seeder, jan1};
use super::organizations::org;

/// Chambers of commerce: name and county (`None` = city-wide).
const CHAMBERS: &[(&str, Option<usize>)] = &[
    ("白银市餐饮商会", None),
    ("白银市建材商会", None),
    ("白银市女企业家商会", None),
    ("白银市青年企业家商会", None),
    ("白银区电子商务商会", Some(0)),
    ("平川区陶瓷产业商会", Some(1)),
    ("靖远县羊羔肉产业商会", Some(2)),
    ("靖远县枸杞产业商会", Some(2)),
    ("会宁县小杂粮商会", Some(3)),
    ("会宁县温州商会", Some(3)),
    ("景泰县枸杞商会", Some(4)),
    ("景泰县文化旅游商会", Some(4)),
];

/// Media outlets: name, level, kind, county (`None` = city seat).
const OUTLETS: &[(&str, OutletLevel, OutletKind, Option<usize>)] = &[
    (
        "每日甘肃网",
        OutletLevel::Provincial,
        OutletKind::NewsSite,
        None,
    ),
    (
        "新甘肃客户端",
        OutletLevel::Provincial,
        OutletKind::NewMediaAccount,
        None,
    ),
    (
        "白银日报社",
        OutletLevel::Municipal,
        OutletKind::NewsSite,
        None,
    ),
    (
        "白银市融媒体中心",
        OutletLevel::Municipal,
        OutletKind::ConvergedMediaCenter,
        None,
    ),
    (
        "白银统战微信公众号",
        OutletLevel::Municipal,
        OutletKind::NewMediaAccount,
        None,
    ),
    (
        "白银区融媒体中心",
        OutletLevel::County,
        OutletKind::ConvergedMediaCenter,
        Some(0),
    ),
    (
        "平川区融媒体中心",
        OutletLevel::County,
        OutletKind::ConvergedMediaCenter,
        Some(1),
    ),
    (
        "靖远县融媒体中心",
        OutletLevel::County,
        OutletKind::ConvergedMediaCenter,
        Some(2),
    ),
    (
        "会宁县融媒体中心",
        OutletLevel::County,
        OutletKind::ConvergedMediaCenter,
        Some(3),
    ),
    (
        "景泰县融媒体中心",
        OutletLevel::County,
        OutletKind::ConvergedMediaCenter,
        Some(4),
    ),
    (
        "会宁县乡村大喇叭",
        OutletLevel::County,
        OutletKind::VillageLoudspeaker,
        Some(3),
    ),
];

/// Innovation platforms field trips visit: name and county.
const PLATFORMS: &[(&str, usize)] = &[
    ("白银高新区科技创新服务中心", 0),
    ("白银有色金属新材料中试基地", 0),
    ("平川区陶瓷产业创新中心", 1),
    ("靖远县现代农业科技示范园", 2),
    ("会宁县电商产业孵化园", 3),
    ("景泰县黄河石林文旅创新基地", 4),
];

impl Seeder {
    fn region_of(&self, county: Option<usize>) -> String {
        match county {
            Some(c) => self.geo.counties[c].code.clone(),
            None => self.geo.city.clone(),
        }
    }

    /// FIC, chambers, associations, judicial and community bodies, outlets, platforms.
    pub fn seed_civic_orgs(&mut self) -> Result<(), AppError> {
        let city = self.geo.city.clone();
        let fic = org(
            OrganizationKind::FederationOfIndustryCommerce,
            "白银市工商业联合会",
            &city,
        );
        self.idx.fic_city = self.add_org(fic, Some("13"), Some(jan1(1988)))?;
        for c in 0..5 {
            let name = format!("{}工商业联合会", self.geo.counties[c].name);
            let mut row = org(
                OrganizationKind::FederationOfIndustryCommerce,
                &name,
                &self.geo.counties[c].code,
            );
            row.parent_id = Some(self.idx.fic_city);
            self.idx.fic_county[c] = self.add_org(row, Some("13"), Some(jan1(1992)))?;
        }
        for &(name, county) in CHAMBERS {
            let mut row = org(
                OrganizationKind::ChamberOfCommerce,
                name,
                &self.region_of(county),
            );
            row.parent_id = Some(county.map_or(self.idx.fic_city, |c| self.idx.fic_county[c]));
            let since = self.day_between(jan1(2008), jan1(2021));
            let id = self.add_org(row, Some("51"), Some(since))?;
            self.idx.chambers.push((id, county.unwrap_or(0)));
        }
        let associations = [
            (
                OrganizationKind::ReturnedOverseasChineseFederation,
                "白银市归国华侨联合会",
            ),
            (
                OrganizationKind::NssAssociation,
                "白银市新的社会阶层人士联谊会",
            ),
            (OrganizationKind::NpiAssociation, "白银市党外知识分子联谊会"),
        ];
        let mut ids = Vec::new();
        for (kind, name) in associations {
            let mut row = org(kind, name, &city);
            row.parent_id = Some(self.idx.city_uf);
            ids.push(self.add_org(row, Some("51"), Some(jan1(2016)))?);
        }
        if let [overseas, nss, npi] = ids[..] {
            self.idx.overseas_federation = overseas;
            self.idx.nss_association = nss;
            self.idx.npi_association = npi;
        }
        self.seed_mediation_bodies()?;
        for &(name, level, kind, county) in OUTLETS {
            let mut row = org(OrganizationKind::MediaOutlet, name, &self.region_of(county));
            row.outlet_level = Some(level);
            row.outlet_kind = Some(kind);
            let id = self.add_org(row, Some("12"), Some(jan1(2018)))?;
            self.idx.outlets.push((id, level));
        }
        for &(name, county) in PLATFORMS {
            let row = org(
                OrganizationKind::InnovationPlatform,
                name,
                &self.geo.counties[county].code,
            );
            let id = self.add_org(row, Some("12"), Some(jan1(2019)))?;
            self.idx.platforms.push((id, county));
        }
        Ok(())
    }

    /// Courts, justice bureaus and community mediation committees, the partners of figure 19.
    fn seed_mediation_bodies(&mut self) -> Result<(), AppError> {
        let city = self.geo.city.clone();
        let city_court = self.add_org(
            org(OrganizationKind::Court, "白银市中级人民法院", &city),
            Some("11"),
            Some(jan1(1985)),
        )?;
        for c in 0..5 {
            let (code, name) = (self.geo.counties[c].code.clone(), self.geo.counties[c].name);
            let mut court = org(OrganizationKind::Court, &format!("{name}人民法院"), &code);
            court.parent_id = Some(city_court);
            self.idx.courts[c] = self.add_org(court, Some("11"), Some(jan1(1985)))?;
            let bureau = org(
                OrganizationKind::JusticeBureau,
                &format!("{name}司法局"),
                &code,
            );
            self.idx.justice_bureaus[c] = self.add_org(bureau, Some("11"), Some(jan1(1985)))?;
            // Two communities per county host a people's mediation committee.
            let communities: Vec<(String, String, String)> = self.geo.counties[c]
                .townships
                .iter()
                .flat_map(|t| {
                    t.villages
                        .iter()
                        .filter(|v| v.name.ends_with("社区"))
                        .map(|v| (v.code.clone(), t.name.clone(), v.name.clone()))
                })
                .take(2)
                .collect();
            for (v_code, t_name, v_name) in communities {
                let row = org(
                    OrganizationKind::CommunityOrg,
                    &format!("{t_name}{v_name}人民调解委员会"),
                    &v_code,
                );
                let id = self.add_org(row, None, Some(jan1(2010)))?;
                self.idx.community_orgs.push((id, c));
            }
        }
        Ok(())
    }
}
