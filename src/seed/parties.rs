//! The democratic parties: a municipal committee for each party but
//! 台盟, grassroots branches under it, their members and the 2025 re-elections (figure 13).

use chrono::{Datelike, NaiveDate};
use entity::{membership, term_election};

use super::common::{SEEDED_AT, Seeder, delete_last, jan1, push, ymd};
use super::organizations::{Branch, org};
use super::people::PersonSpec;
use crate::domain::enums::{
    DemocraticParty as Dp, DomainEnum, DpOrgLevel, MembershipRole, OrganizationKind,
    PoliticalStatus, TermElectionStatus, UfCategory,
};
use crate::error::AppError;

/// Grassroots organizations of a party: `(county, level)`.
type BranchPlan = &'static [(usize, DpOrgLevel)];

/// Each party's status code, committee name and branches.
const PARTIES: &[(Dp, PoliticalStatus, &str, BranchPlan)] = &[
    (
        Dp::Rcck,
        PoliticalStatus::RcckMember,
        "民革白银市委员会",
        &[
            (0, DpOrgLevel::Branch),
            (1, DpOrgLevel::Branch),
            (3, DpOrgLevel::Branch),
        ],
    ),
    (
        Dp::Cdl,
        PoliticalStatus::CdlMember,
        "民盟白银市委员会",
        &[
            (0, DpOrgLevel::GeneralBranch),
            (0, DpOrgLevel::Branch),
            (2, DpOrgLevel::Branch),
            (3, DpOrgLevel::Branch),
        ],
    ),
    (
        Dp::Cndca,
        PoliticalStatus::CndcaMember,
        "民建白银市委员会",
        &[
            (0, DpOrgLevel::Branch),
            (1, DpOrgLevel::Branch),
            (4, DpOrgLevel::Branch),
        ],
    ),
    (
        Dp::Capd,
        PoliticalStatus::CapdMember,
        "民进白银市委员会",
        &[
            (0, DpOrgLevel::Branch),
            (2, DpOrgLevel::Branch),
            (3, DpOrgLevel::Branch),
            (4, DpOrgLevel::Branch),
        ],
    ),
    (
        Dp::Cpwdp,
        PoliticalStatus::CpwdpMember,
        "农工党白银市委员会",
        &[
            (0, DpOrgLevel::Branch),
            (1, DpOrgLevel::Branch),
            (3, DpOrgLevel::Branch),
        ],
    ),
    (
        Dp::Czgp,
        PoliticalStatus::CzgpMember,
        "致公党白银市委员会",
        &[(0, DpOrgLevel::Branch), (2, DpOrgLevel::Branch)],
    ),
    (
        Dp::Jiusan,
        PoliticalStatus::JiusanMember,
        "九三学社白银市委员会",
        &[
            (0, DpOrgLevel::GrassrootsCommittee),
            (1, DpOrgLevel::Branch),
            (2, DpOrgLevel::Branch),
            (3, DpOrgLevel::Branch),
        ],
    ),
];

/// Work units DP members come from (county name is prefixed).
const UNITS: &[(&str, &str)] = &[
    ("第一中学", "教师"),
    ("第二中学", "教师"),
    ("人民医院", "主治医师"),
    ("中医医院", "医师"),
    ("职业中专", "讲师"),
    ("农业技术推广中心", "高级农艺师"),
    ("自然资源局", "工程师"),
    ("住房和城乡建设局", "工程师"),
];

impl Seeder {
    /// Adds a membership row.
    pub fn member(
        &mut self,
        person: i64,
        org: i64,
        role: MembershipRole,
        since: NaiveDate,
        until: Option<NaiveDate>,
    ) -> i64 {
        push(
            &mut self.ds.memberships,
            membership::Model {
                id: 0,
                person_id: person,
                organization_id: org,
                role,
                since,
                until,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        )
    }

    fn elect(
        &mut self,
        org: i64,
        held_on: NaiveDate,
        term: i32,
        status: TermElectionStatus,
        chair: Option<i64>,
    ) {
        push(
            &mut self.ds.elections,
            term_election::Model {
                id: 0,
                organization_id: org,
                held_on,
                term_number: term,
                status,
                chair_id: chair,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    fn dp_person(
        &mut self,
        county: usize,
        status: PoliticalStatus,
        org: i64,
    ) -> Result<i64, AppError> {
        let (unit, title) = UNITS[self.index(UNITS.len())];
        let unit = format!("{}{unit}", self.geo.counties[county].name);
        let spec = PersonSpec::new(county, status)
            .category(UfCategory::DemocraticPartyMember, None)
            .category(UfCategory::NonCpcIntellectual, None)
            .work(unit, title);
        let representative = self.rng_bool(0.2);
        let id = self.add_person(PersonSpec {
            born: (1962, 1992),
            representative,
            ..spec
        })?;
        self.pool.dp_members.push((id, org, county));
        Ok(id)
    }

    /// Committees, branches, members and elections, plus the re-election decoys.
    pub fn seed_parties(&mut self) -> Result<(), AppError> {
        let city = self.geo.city.clone();
        for (p, &(party, status, name, branches)) in PARTIES.iter().enumerate() {
            let mut committee = org(OrganizationKind::DpOrganization, name, &city);
            committee.party = Some(party);
            committee.dp_level = Some(DpOrgLevel::MunicipalCommittee);
            let term = 6 + i32::from(p % 3 == 0);
            let held = ymd(2021 + i32::try_from(p % 2).unwrap_or(0), 11, 20);
            committee.term_number = Some(term);
            committee.term_start = Some(held);
            committee.term_end = held.with_year(held.year() + 5);
            let committee_id = self.add_org(
                committee,
                Some("13"),
                Some(jan1(1988 + i32::try_from(p).unwrap_or(0))),
            )?;
            self.idx.dp_committees.push((party, committee_id));
            let mut chair = None;
            for (i, role) in [
                MembershipRole::Chair,
                MembershipRole::ViceChair,
                MembershipRole::ViceChair,
            ]
            .into_iter()
            .chain([MembershipRole::CommitteeMember; 4])
            .enumerate()
            {
                let county = if i < 3 { 0 } else { i % 5 };
                let person = self.dp_person(county, status, committee_id)?;
                self.member(person, committee_id, role, held, None);
                chair = chair.or(Some(person));
            }
            // The committee's own term (no 2025 election: the municipal level is outside figure
            // 13).
            self.elect(
                committee_id,
                held,
                term,
                TermElectionStatus::Completed,
                chair,
            );
            if p < 2 {
                self.elect(
                    committee_id,
                    ymd(2026, 11, 15),
                    term + 1,
                    TermElectionStatus::Planned,
                    None,
                );
            }
            for (b, &(county, level)) in branches.iter().enumerate() {
                self.seed_branch(party, status, committee_id, county, level, b)?;
            }
        }
        self.seed_branch_decoys()
    }

    fn seed_branch(
        &mut self,
        party: Dp,
        status: PoliticalStatus,
        committee: i64,
        county: usize,
        level: DpOrgLevel,
        ordinal: usize,
    ) -> Result<(), AppError> {
        let county_name = self.geo.counties[county].name;
        let short = party.label();
        let suffix = match (party, level) {
            (_, DpOrgLevel::GrassrootsCommittee) => "基层委员会".to_owned(),
            (_, DpOrgLevel::GeneralBranch) => "总支部".to_owned(),
            (Dp::Jiusan, _) => "支社".to_owned(),
            _ if ordinal > 0 && county == 0 => "第二支部".to_owned(),
            _ => "支部".to_owned(),
        };
        let held = self.day_between(ymd(2025, 3, 1), ymd(2025, 11, 30));
        let term = 3 + i32::try_from(ordinal % 3).unwrap_or(0);
        let mut row = org(
            OrganizationKind::DpOrganization,
            &format!("{short}{county_name}{suffix}"),
            &self.geo.counties[county].code,
        );
        row.parent_id = Some(committee);
        row.party = Some(party);
        row.dp_level = Some(level);
        row.term_number = Some(term);
        row.term_start = Some(held);
        row.term_end = held.with_year(2030);
        let id = self.add_org(
            row,
            None,
            Some(jan1(2000 + i32::try_from(ordinal * 3).unwrap_or(0))),
        )?;
        self.idx.dp_branches.push(Branch { id, party, county });
        let size = 8 + self.index(6);
        let mut chair = 0;
        for i in 0..size {
            let person = self.dp_person(county, status, id)?;
            let role = match i {
                0 => MembershipRole::Chair,
                1 => MembershipRole::ViceChair,
                2 | 3 => MembershipRole::CommitteeMember,
                _ => MembershipRole::Member,
            };
            if i == 0 {
                chair = person;
            }
            let since = self.day_between(jan1(2008), ymd(2024, 12, 31));
            self.member(person, id, role, if i < 4 { held } else { since }, None);
        }
        let former = self.day_between(ymd(2020, 3, 1), ymd(2020, 11, 30));
        self.elect(id, former, term - 1, TermElectionStatus::Completed, None);
        self.elect(id, held, term, TermElectionStatus::Completed, Some(chair));
        Ok(())
    }

    /// A soft-deleted branch and one founded after 2025: neither may enter 2025's denominator.
    fn seed_branch_decoys(&mut self) -> Result<(), AppError> {
        let Some(&(_, cndca)) = self.idx.dp_committees.iter().find(|(p, _)| *p == Dp::Cndca) else {
            return Ok(());
        };
        let Some(&(_, capd)) = self.idx.dp_committees.iter().find(|(p, _)| *p == Dp::Capd) else {
            return Ok(());
        };
        let county = self.geo.counties[4].code.clone();
        let mut gone = org(
            OrganizationKind::DpOrganization,
            "民建景泰县第二支部",
            &county,
        );
        gone.parent_id = Some(cndca);
        gone.party = Some(Dp::Cndca);
        gone.dp_level = Some(DpOrgLevel::Branch);
        let gone_id = self.add_org(gone, None, Some(jan1(2012)))?;
        delete_last(&mut self.ds.organizations);
        self.elect(
            gone_id,
            ymd(2019, 6, 1),
            2,
            TermElectionStatus::Completed,
            None,
        );
        let county = self.geo.counties[0].code.clone();
        let mut new = org(
            OrganizationKind::DpOrganization,
            "民进白银区第二支部",
            &county,
        );
        new.parent_id = Some(capd);
        new.party = Some(Dp::Capd);
        new.dp_level = Some(DpOrgLevel::Branch);
        let new_id = self.add_org(new, None, Some(ymd(2026, 3, 1)))?;
        self.elect(
            new_id,
            ymd(2026, 3, 1),
            1,
            TermElectionStatus::Planned,
            None,
        );
        Ok(())
    }
}
