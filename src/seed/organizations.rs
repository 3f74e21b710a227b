//! Organizations of the network's spine: the UF work departments, township Party committees,
//! the grassroots CPC organizations (hosts of stations and points) and government offices.

use chrono::NaiveDate;
use entity::organization;
use rand::Rng;

use super::common::{SEEDED_AT, Seeder, jan1, push};
use super::spell;
use crate::domain::enums::{DemocraticParty, OrganizationKind, OutletLevel};
use crate::error::AppError;

/// A democratic party's grassroots organization (branch, general branch, grassroots committee).
#[derive(Clone, Copy)]
pub struct Branch {
    pub id: i64,
    pub party: DemocraticParty,
    pub county: usize,
}

/// Ids of the organizations later steps refer to.
#[derive(Default)]
pub struct OrgIndex {
    pub city_uf: i64,
    pub county_uf: [i64; 5],
    /// `[county][township]` → the township Party committee.
    pub township_committees: Vec<Vec<i64>>,
    /// `[county][township][village]` → the village's or community's CPC organization.
    pub village_cpc: Vec<Vec<Vec<i64>>>,
    pub dp_committees: Vec<(DemocraticParty, i64)>,
    pub dp_branches: Vec<Branch>,
    pub fic_city: i64,
    pub fic_county: [i64; 5],
    pub chambers: Vec<(i64, usize)>,
    pub overseas_federation: i64,
    pub nss_association: i64,
    pub npi_association: i64,
    pub courts: [i64; 5],
    pub justice_bureaus: [i64; 5],
    pub community_orgs: Vec<(i64, usize)>,
    pub outlets: Vec<(i64, OutletLevel)>,
    pub governments: [i64; 5],
    pub city_government: i64,
    pub platforms: Vec<(i64, usize)>,
    pub enterprises: Vec<(i64, usize)>,
}

/// A fresh organization row with everything optional unset.
pub fn org(kind: OrganizationKind, name: &str, region: &str) -> organization::Model {
    let (name_pinyin, name_initials) = spell(name);
    organization::Model {
        id: 0,
        kind,
        name: name.to_owned(),
        name_pinyin,
        name_initials,
        name_key: crate::domain::org_name::normalize(name),
        region_code: region.to_owned(),
        credit_code: None,
        parent_id: None,
        party: None,
        dp_level: None,
        term_number: None,
        term_start: None,
        term_end: None,
        ownership: None,
        industry_code: None,
        is_key_enterprise: false,
        outlet_level: None,
        outlet_kind: None,
        established_on: None,
        phone: None,
        address: None,
        is_synthetic: true,
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
        version: 1,
        deleted_at: None,
        merged_into: None,
    }
}

impl Seeder {
    /// Adds an organization with an office landline and, when `kind2` is given, a credit code
    /// registered in the organization's county.
    pub fn add_org(
        &mut self,
        mut row: organization::Model,
        kind2: Option<&str>,
        established: Option<NaiveDate>,
    ) -> Result<i64, AppError> {
        if let Some(kind2) = kind2 {
            let division = format!("{}00", &row.region_code[..4]);
            let division = if &row.region_code[4..6] == "00" {
                division
            } else {
                row.region_code[..6].to_owned()
            };
            row.credit_code = Some(super::ids::credit_code(
                &mut self.rng,
                kind2,
                &division,
                &mut self.used_credit_codes,
            )?);
        }
        row.phone = Some(format!(
            "0943-{}",
            self.rng.random_range(8_100_000..8_999_999)
        ));
        row.established_on = established;
        Ok(push(&mut self.ds.organizations, row))
    }

    /// UF work departments, governments, township Party committees and one CPC organization
    /// per village or community.
    pub fn seed_spine_orgs(&mut self) -> Result<(), AppError> {
        let city = self.geo.city.clone();
        self.idx.city_uf = self.add_org(
            org(
                OrganizationKind::UfWorkDepartment,
                "中共白银市委统战部",
                &city,
            ),
            Some("11"),
            Some(jan1(1985)),
        )?;
        self.idx.city_government = self.add_org(
            org(
                OrganizationKind::GovernmentDepartment,
                "白银市人民政府办公室",
                &city,
            ),
            Some("11"),
            Some(jan1(1985)),
        )?;
        for c in 0..self.geo.counties.len() {
            let code = self.geo.counties[c].code.clone();
            let name = self.geo.counties[c].name;
            let party = if name.ends_with('区') {
                "区委"
            } else {
                "县委"
            };
            let mut dept = org(
                OrganizationKind::UfWorkDepartment,
                &format!("中共{}{party}统战部", name.trim_end_matches(['区', '县'])),
                &code,
            );
            // Not a line of command (each is its county Party committee's department): the
            // link records the city department's guidance, which the graph explorer follows.
            dept.parent_id = Some(self.idx.city_uf);
            self.idx.county_uf[c] = self.add_org(dept, Some("11"), Some(jan1(1985)))?;
            self.idx.governments[c] = self.add_org(
                org(
                    OrganizationKind::GovernmentDepartment,
                    &format!("{name}人民政府办公室"),
                    &code,
                ),
                Some("11"),
                Some(jan1(1985)),
            )?;
            let mut committees = Vec::new();
            let mut cpc = Vec::new();
            for t in 0..self.geo.counties[c].townships.len() {
                let township = &self.geo.counties[c].townships[t];
                let (t_code, t_name) = (township.code.clone(), township.name.clone());
                let villages: Vec<(String, String)> = township
                    .villages
                    .iter()
                    .map(|v| (v.code.clone(), v.name.clone()))
                    .collect();
                let committee = org(
                    OrganizationKind::TownshipPartyCommittee,
                    &format!("中共{t_name}委员会"),
                    &t_code,
                );
                let committee_id = self.add_org(committee, None, Some(jan1(1990)))?;
                committees.push(committee_id);
                let mut branches = Vec::new();
                for (v_code, v_name) in villages {
                    let kind = if v_name.ends_with("社区") {
                        "委员会"
                    } else {
                        "支部委员会"
                    };
                    let mut branch = org(
                        OrganizationKind::CpcGrassrootsOrg,
                        &format!("中共{t_name}{v_name}{kind}"),
                        &v_code,
                    );
                    branch.parent_id = Some(committee_id);
                    branches.push(self.add_org(branch, None, Some(jan1(1995)))?);
                }
                cpc.push(branches);
            }
            self.idx.township_committees.push(committees);
            self.idx.village_cpc.push(cpc);
        }
        Ok(())
    }
}
