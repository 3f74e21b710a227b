//! Commercial disputes mediated with courts, justice bureaus and community bodies (figure 19:
//! commercial cases that ended in settlement or failed), and the cases that rule must leave out.

use chrono::{Days, NaiveDate};
use entity::{mediation_case, mediation_partner};

use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::shares::SHARES;
use crate::domain::enums::{
    DisputeSubtype, DomainEnum, MediationCategory as Category, MediationStatus as Status,
};

/// Who mediated alongside the chamber or the UF department.
#[derive(Clone, Copy, PartialEq)]
enum Partner {
    Court,
    Justice,
    Community,
    ChamberOnly,
    Nobody,
}

const SUBJECTS: &[&str] = &[
    "买卖合同货款",
    "工程款结算",
    "租赁合同",
    "合伙分红",
    "加工承揽合同",
    "运输服务费",
];

impl Seeder {
    fn case(
        &mut self,
        c: usize,
        accepted_on: NaiveDate,
        category: Category,
        status: Status,
        partner: Partner,
    ) -> i64 {
        let seq = self.ds.cases.len() + 1;
        let subtype = DisputeSubtype::ALL[self.index(DisputeSubtype::ALL.len())];
        let subject = SUBJECTS[self.index(SUBJECTS.len())];
        let closed = matches!(
            status,
            Status::Settled | Status::Failed | Status::Withdrawn | Status::ReferredToLitigation
        )
        .then(|| accepted_on + Days::new(7 + u64::try_from(self.index(50)).unwrap_or(0)));
        let region = self.rural_village(c);
        let confirmed = (status == Status::Settled).then(|| self.rng_bool(0.4));
        let amount = 2_000_000 + i64::try_from(self.index(500)).unwrap_or(0) * 1_000_000;
        let id = push(
            &mut self.ds.cases,
            mediation_case::Model {
                id: 0,
                case_no: format!("白统调〔{}〕{}号", accepted_on.format("%Y"), seq),
                category,
                subtype: (category == Category::Commercial).then_some(subtype),
                accepted_on,
                closed_on: closed,
                status,
                amount_fen: Some(amount),
                region_code: region,
                summary: Some(format!("两家企业之间的{subject}纠纷，经联合调解处理。")),
                judicially_confirmed: confirmed,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
        let community: Vec<i64> = self
            .idx
            .community_orgs
            .iter()
            .filter(|(_, cc)| *cc == c)
            .map(|(id, _)| *id)
            .collect();
        let chambers: Vec<i64> = self
            .idx
            .chambers
            .iter()
            .filter(|(_, cc)| *cc == c)
            .map(|(id, _)| *id)
            .collect();
        let chamber = self.pick(&chambers).unwrap_or(self.idx.fic_county[c]);
        let orgs: Vec<i64> = match partner {
            Partner::Court => vec![self.idx.courts[c], chamber],
            Partner::Justice => vec![self.idx.justice_bureaus[c]],
            Partner::Community => self
                .pick(&community)
                .into_iter()
                .chain([self.idx.justice_bureaus[c]])
                .collect(),
            Partner::ChamberOnly => vec![chamber],
            Partner::Nobody => Vec::new(),
        };
        for org in orgs {
            push(
                &mut self.ds.partners,
                mediation_partner::Model {
                    id: 0,
                    case_id: id,
                    organization_id: org,
                    created_at: SEEDED_AT,
                    updated_at: SEEDED_AT,
                    version: 1,
                    deleted_at: None,
                },
            );
        }
        id
    }

    /// Figure 19 per county and the decoys.
    pub fn seed_mediation(&mut self) {
        let partners = [Partner::Court, Partner::Justice, Partner::Community];
        for (c, share) in SHARES.iter().enumerate() {
            for i in 0..share.settled + share.failed {
                let day = match (c, i) {
                    (0, 0) => ymd(2025, 1, 1),
                    (4, 0) => ymd(2025, 12, 31),
                    _ => self.day_between(ymd(2025, 1, 2), ymd(2025, 12, 20)),
                };
                let status = if i < share.failed {
                    Status::Failed
                } else {
                    Status::Settled
                };
                let partner = partners[i % 3];
                self.case(c, day, Category::Commercial, status, partner);
            }
            for i in 0..5 {
                let day = self.day_in(2024);
                self.case(
                    c,
                    day,
                    Category::Commercial,
                    Status::Settled,
                    partners[i % 3],
                );
            }
            let day = self.day_in(2025);
            self.case(
                c,
                day,
                Category::Commercial,
                Status::Withdrawn,
                Partner::Court,
            );
            let day = self.day_in(2025);
            self.case(c, day, Category::Labor, Status::Settled, Partner::Justice);
            let day = self.day_in(2025);
            let lone = if c < 3 {
                Partner::ChamberOnly
            } else {
                Partner::Nobody
            };
            self.case(c, day, Category::Commercial, Status::Settled, lone);
        }
        self.case(
            0,
            ymd(2024, 12, 31),
            Category::Commercial,
            Status::Settled,
            Partner::Court,
        );
        self.case(
            1,
            ymd(2026, 1, 1),
            Category::Commercial,
            Status::InProgress,
            Partner::Court,
        );
        self.case(
            2,
            ymd(2025, 10, 10),
            Category::Commercial,
            Status::Settled,
            Partner::Court,
        );
        delete_last(&mut self.ds.cases);
        // The court's part was entered by mistake and soft-deleted: no judicial partner remains.
        self.case(
            3,
            ymd(2025, 5, 5),
            Category::Commercial,
            Status::Settled,
            Partner::Justice,
        );
        delete_last(&mut self.ds.partners);
    }
}
