//! The four-level network's people: department heads, township UF commissioners and a liaison
//! officer in every village and community (figure 9), plus the decoys coverage must not count.

use chrono::NaiveDate;
use entity::liaison_assignment;

use super::common::{SEEDED_AT, Seeder, delete_last, jan1, push, ymd};
use super::people::PersonSpec;
use crate::domain::enums::{NetworkRole, PoliticalStatus};
use crate::error::AppError;

/// Villages (one per county and township index 0) whose officer changed in 2025: the old
/// assignment ended mid-2024, so 2024's coverage falls short while 2025's is full.
const HANDOVER_ENDED: NaiveDate = ymd(2024, 6, 30);
const HANDOVER_STARTED: NaiveDate = ymd(2025, 3, 1);

impl Seeder {
    fn assign(
        &mut self,
        person_id: i64,
        region: &str,
        role: NetworkRole,
        org: Option<i64>,
        start_on: NaiveDate,
        end_on: Option<NaiveDate>,
    ) -> i64 {
        push(
            &mut self.ds.liaisons,
            liaison_assignment::Model {
                id: 0,
                person_id,
                region_code: region.to_owned(),
                role,
                organization_id: org,
                start_on,
                end_on,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        )
    }

    /// Heads, commissioners and liaison officers.
    pub fn seed_network(&mut self) -> Result<(), AppError> {
        let city = self.geo.city.clone();
        let spec =
            PersonSpec::new(0, PoliticalStatus::CpcMember).work("中共白银市委统战部", "部长");
        let head = self.add_person(PersonSpec {
            born: (1968, 1975),
            ..spec
        })?;
        let dept = self.idx.city_uf;
        self.assign(
            head,
            &city,
            NetworkRole::UfDepartmentHead,
            Some(dept),
            ymd(2021, 9, 1),
            None,
        );
        for c in 0..self.geo.counties.len() {
            let code = self.geo.counties[c].code.clone();
            let unit = format!("{}委统战部", self.geo.counties[c].name);
            let spec = PersonSpec::new(c, PoliticalStatus::CpcMember).work(unit, "部长");
            let head = self.add_person(PersonSpec {
                born: (1970, 1980),
                ..spec
            })?;
            let dept = self.idx.county_uf[c];
            self.assign(
                head,
                &code,
                NetworkRole::UfDepartmentHead,
                Some(dept),
                ymd(2022, 1, 1),
                None,
            );
            for t in 0..self.geo.counties[c].townships.len() {
                self.seed_township_network(c, t)?;
            }
        }
        Ok(())
    }

    fn seed_township_network(&mut self, c: usize, t: usize) -> Result<(), AppError> {
        let township = &self.geo.counties[c].townships[t];
        let t_code = township.code.clone();
        let t_name = township.name.clone();
        let villages: Vec<(String, String)> = township
            .villages
            .iter()
            .map(|v| (v.code.clone(), v.name.clone()))
            .collect();
        let committee = self.idx.township_committees[c][t];
        let spec = PersonSpec::new(c, PoliticalStatus::CpcMember)
            .work(format!("中共{t_name}委员会"), "党委委员、统战委员");
        let commissioner = self.add_person(PersonSpec {
            home: Some((t, 0)),
            ..spec
        })?;
        let start = self.day_between(jan1(2021), jan1(2024));
        self.assign(
            commissioner,
            &t_code,
            NetworkRole::TownshipUfCommissioner,
            Some(committee),
            start,
            None,
        );
        for (v, (v_code, v_name)) in villages.into_iter().enumerate() {
            let cpc = self.idx.village_cpc[c][t][v];
            let unit = if v_name.ends_with("社区") {
                format!("{t_name}{v_name}居民委员会")
            } else {
                format!("{t_name}{v_name}村民委员会")
            };
            let status = if self.rng_bool(0.8) {
                PoliticalStatus::CpcMember
            } else {
                PoliticalStatus::Masses
            };
            let spec = PersonSpec::new(c, status).work(unit.clone(), "统战联络员");
            let officer = self.add_person(PersonSpec {
                home: Some((t, v)),
                ..spec
            })?;
            let handover = t == 0 && v == 0;
            if handover {
                let spec =
                    PersonSpec::new(c, PoliticalStatus::CpcMember).work(unit, "原统战联络员");
                let former = self.add_person(PersonSpec {
                    home: Some((t, v)),
                    born: (1955, 1965),
                    ..spec
                })?;
                let role = NetworkRole::LiaisonOfficer;
                self.assign(
                    former,
                    &v_code,
                    role,
                    Some(cpc),
                    ymd(2019, 4, 1),
                    Some(HANDOVER_ENDED),
                );
                // Entered by mistake and soft-deleted: it must not close 2024's gap.
                self.assign(officer, &v_code, role, Some(cpc), ymd(2024, 7, 1), None);
                delete_last(&mut self.ds.liaisons);
                self.assign(officer, &v_code, role, Some(cpc), HANDOVER_STARTED, None);
                // A grid informant is a different role: it never covers a village.
                self.assign(
                    former,
                    &v_code,
                    NetworkRole::GridInformant,
                    Some(cpc),
                    ymd(2024, 7, 1),
                    None,
                );
            } else {
                let start = self.day_between(jan1(2019), ymd(2024, 6, 1));
                self.assign(
                    officer,
                    &v_code,
                    NetworkRole::LiaisonOfficer,
                    Some(cpc),
                    start,
                    None,
                );
            }
        }
        Ok(())
    }

    /// A biased coin.
    pub fn rng_bool(&mut self, p: f64) -> bool {
        rand::Rng::random_bool(&mut self.rng, p)
    }
}
