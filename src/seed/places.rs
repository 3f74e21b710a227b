//! Places: practice innovation bases (figure 3), work stations and liaison points on grassroots CPC
//! organizations, ethnic-unity and overseas-Chinese homes, DP members' homes (figure 14) and the
//! host platforms lectures use; coordinates inside Baiyin.

use chrono::NaiveDate;
use entity::place;

use super::common::{SEEDED_AT, Seeder, delete_last, jan1, push, ymd};
use super::names;
use super::shares::SHARES;
use super::spell;
use crate::domain::enums::{DemocraticParty as Dp, DomainEnum, PlaceKind};
use crate::error::AppError;

/// A place later steps hold activities at.
#[derive(Clone)]
pub struct Site {
    pub id: i64,
    pub county: usize,
    pub region: String,
    pub opened: NaiveDate,
    pub host: Option<i64>,
}

/// Places by what they are used for.
#[derive(Default)]
pub struct Sites {
    /// Practice innovation bases (open and not deleted).
    pub bases: Vec<Site>,
    /// Stations, liaison points, and the ethnic-unity and overseas-Chinese homes (figure 12's
    /// venues).
    pub event_venues: Vec<Site>,
    /// DP members' homes.
    pub dp_homes: Vec<Site>,
    /// Party–masses service centres and civilization-practice stations (lecture venues).
    pub hosts: Vec<Site>,
    /// Community service stations.
    pub service_stations: Vec<Site>,
    /// The soft-deleted duplicate base (a decoy venue).
    pub deleted_base: Option<Site>,
}

/// DP members' homes: party, county, opened, closed, soft-deleted. The first five stand at the
/// end of 2025 (figure 14: 白银区 2, 平川区 1, 靖远县 1, 会宁县 1); the rest are decoys.
const DP_HOMES: &[(Dp, usize, NaiveDate, Option<NaiveDate>, bool)] = &[
    (Dp::Jiusan, 0, ymd(2023, 5, 12), None, false),
    (Dp::Capd, 0, ymd(2025, 4, 18), None, false),
    (Dp::Rcck, 1, ymd(2022, 9, 6), None, false),
    (Dp::Czgp, 2, ymd(2025, 7, 1), None, false),
    (Dp::Cpwdp, 3, ymd(2024, 10, 26), None, false),
    (Dp::Cdl, 4, ymd(2026, 4, 20), None, false),
    (
        Dp::Cndca,
        0,
        ymd(2018, 3, 15),
        Some(ymd(2024, 8, 31)),
        false,
    ),
    (Dp::Capd, 3, ymd(2025, 6, 2), None, true),
];

/// Practice bases opened before 2025, per county (they still host 2025 activities).
const OLDER_BASES: [usize; 5] = [2, 1, 0, 1, 1];

/// The member term in a DP home's name.
fn home_label(party: Dp) -> &'static str {
    match party {
        Dp::Jiusan => "社员之家",
        Dp::Cndca | Dp::Capd => "会员之家",
        Dp::Cdl | Dp::Tdsl => "盟员之家",
        Dp::Rcck | Dp::Cpwdp | Dp::Czgp => "党员之家",
    }
}

impl Seeder {
    /// Adds a place at village `(c, t, v)` and returns it as a [`Site`].
    fn add_place(
        &mut self,
        kind: PlaceKind,
        name: &str,
        at: (usize, usize, usize),
        host: Option<i64>,
        party: Option<Dp>,
        opened: NaiveDate,
    ) -> Site {
        let (c, t, v) = at;
        let township = &self.geo.counties[c].townships[t];
        let village = &township.villages[v.min(township.villages.len() - 1)];
        let region = village.code.clone();
        let address = format!(
            "白银市{}{}{}",
            self.geo.counties[c].name, township.name, village.name
        );
        let (latitude, longitude) = self.coordinates(c);
        let (name_pinyin, name_initials) = spell(name);
        let id = push(
            &mut self.ds.places,
            place::Model {
                id: 0,
                kind,
                name: name.to_owned(),
                name_pinyin,
                name_initials,
                region_code: region.clone(),
                host_org_id: host,
                party,
                address: Some(address),
                latitude: Some(latitude),
                longitude: Some(longitude),
                opened_on: Some(opened),
                closed_on: None,
                is_uf_venue: kind.is_uf_venue(),
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
        Site {
            id,
            county: c,
            region,
            opened,
            host,
        }
    }

    /// Every place of the demo.
    pub fn seed_places(&mut self) -> Result<(), AppError> {
        for c in 0..self.geo.counties.len() {
            for t in 0..self.geo.counties[c].townships.len() {
                self.seed_township_places(c, t);
            }
            self.seed_bases(c);
        }
        self.seed_dp_homes();
        Ok(())
    }

    fn seed_township_places(&mut self, c: usize, t: usize) {
        let township = &self.geo.counties[c].townships[t];
        let t_name = township.name.clone();
        let names: Vec<String> = township.villages.iter().map(|v| v.name.clone()).collect();
        let cpc = self.idx.village_cpc[c][t].clone();
        let committee = self.idx.township_committees[c][t];
        let opened = self.day_between(jan1(2018), ymd(2022, 12, 31));
        let station = self.add_place(
            PlaceKind::UfWorkStation,
            &format!("{t_name}统战工作站"),
            (c, t, 0),
            cpc.first().copied(),
            None,
            opened,
        );
        self.sites.event_venues.push(station);
        let centre = self.add_place(
            PlaceKind::PartyMassesServiceCenter,
            &format!("{t_name}党群服务中心"),
            (c, t, 0),
            Some(committee),
            None,
            jan1(2016),
        );
        self.sites.hosts.push(centre);
        let v = 1.min(names.len() - 1);
        let practice = self.add_place(
            PlaceKind::CivilizationPracticeStation,
            &format!("{t_name}{}新时代文明实践站", names[v]),
            (c, t, v),
            cpc.get(v).copied(),
            None,
            jan1(2019),
        );
        self.sites.hosts.push(practice);
        for (v, name) in names.iter().enumerate().take(3).skip(1) {
            let opened = self.day_between(jan1(2019), ymd(2024, 6, 30));
            let point = self.add_place(
                PlaceKind::UfLiaisonPoint,
                &format!("{name}统战联络点"),
                (c, t, v),
                cpc.get(v).copied(),
                None,
                opened,
            );
            self.sites.event_venues.push(point);
        }
        if names[0].ends_with("社区") {
            let stn = self.add_place(
                PlaceKind::CommunityServiceStation,
                &format!("{}社区服务站", names[0].trim_end_matches("社区")),
                (c, t, 0),
                cpc.first().copied(),
                None,
                jan1(2017),
            );
            self.sites.service_stations.push(stn);
        }
        // Homes in about a third of the townships, and in the first township of every county.
        if t.is_multiple_of(3) {
            let roll = self.index(6);
            let (kind, label) = match roll {
                0..=2 => (PlaceKind::RedPomegranateHome, "红石榴家园"),
                3 | 4 => (PlaceKind::PomegranateSeedCouncilRoom, "石榴籽议事室"),
                _ => (PlaceKind::OverseasChineseHome, "侨胞之家"),
            };
            let v = self.index(names.len());
            let host = if kind == PlaceKind::OverseasChineseHome {
                Some(self.idx.overseas_federation)
            } else {
                cpc.get(v).copied()
            };
            let opened = self.day_between(jan1(2019), ymd(2024, 12, 31));
            let home = self.add_place(
                kind,
                &format!("{}{label}", names[v]),
                (c, t, v),
                host,
                None,
                opened,
            );
            self.sites.event_venues.push(home);
        }
    }

    fn seed_bases(&mut self, c: usize) {
        let county = self.geo.counties[c].name;
        let hosts: Vec<i64> = self
            .idx
            .enterprises
            .iter()
            .filter(|(_, ec)| *ec == c)
            .map(|(id, _)| *id)
            .collect();
        let older = OLDER_BASES[c];
        let count = SHARES[c].new_bases + older;
        for i in 0..count + usize::from(c == 0) + usize::from(c == 2) {
            let opened = match i {
                i if i < older => self.day_between(ymd(2023, 1, 1), ymd(2024, 12, 31)),
                i if i < count => self.day_between(ymd(2025, 1, 10), ymd(2025, 9, 30)),
                _ if c == 0 => self.day_between(ymd(2025, 3, 1), ymd(2025, 6, 30)),
                _ => ymd(2026, 2, 16),
            };
            let t = self.index(self.geo.counties[c].townships.len());
            let v = self.index(self.geo.counties[c].townships[t].villages.len());
            let host = self.pick(&hosts);
            let word = names::firm_word(&mut self.rng);
            let name = format!("{county}{word}新的社会阶层人士统战工作实践创新基地");
            let site = self.add_place(
                PlaceKind::NssPracticeInnovationBase,
                &name,
                (c, t, v),
                host,
                None,
                opened,
            );
            if i < count {
                self.sites.bases.push(site);
            } else if c == 0 {
                // Recorded twice by mistake and soft-deleted: not a 15th base.
                delete_last(&mut self.ds.places);
                self.sites.deleted_base = Some(site);
            }
        }
    }

    fn seed_dp_homes(&mut self) {
        for &(party, c, opened, closed, deleted) in DP_HOMES {
            let host = self
                .idx
                .dp_branches
                .iter()
                .find(|b| b.party == party && b.county == c)
                .map(|b| b.id)
                .or_else(|| {
                    self.idx
                        .dp_committees
                        .iter()
                        .find(|(p, _)| *p == party)
                        .map(|(_, id)| *id)
                });
            let name = format!(
                "{}{}{}",
                party.label(),
                self.geo.counties[c].name,
                home_label(party)
            );
            let site = self.add_place(
                PlaceKind::DpMembersHome,
                &name,
                (c, 0, 0),
                host,
                Some(party),
                opened,
            );
            if let Some(row) = self.ds.places.last_mut() {
                row.closed_on = closed;
            }
            if deleted {
                delete_last(&mut self.ds.places);
            } else if closed.is_none() && opened < ymd(2026, 1, 1) {
                self.sites.dp_homes.push(site);
            }
        }
    }
}
