//! The wider circle of united-front work objects: intellectuals, new-stratum
//! people, returnees, ethnic-minority and religious figures, with their association memberships.

use super::common::{Seeder, jan1, ymd};
use super::people::PersonSpec;
use crate::domain::enums::{
    MembershipRole, PoliticalStatus, UfCategory as Cat, UfSubcategory as Sub,
};
use crate::error::AppError;

/// How many of each kind, city-wide; split over the counties by `COUNTY_WEIGHTS`.
const KINDS: &[(Kind, usize)] = &[
    (Kind::Intellectual, 420),
    (Kind::NewStratum, 300),
    (Kind::Returnee, 80),
    (Kind::Minority, 150),
    (Kind::Religious, 40),
    (Kind::OverseasStudent, 60),
    (Kind::Compatriot, 40),
    (Kind::NonParty, 60),
    (Kind::Other, 70),
];

/// Share of people per county, in percent.
const COUNTY_WEIGHTS: [usize; 5] = [30, 17, 20, 20, 13];

#[derive(Clone, Copy)]
enum Kind {
    Intellectual,
    NewStratum,
    Returnee,
    Minority,
    Religious,
    OverseasStudent,
    Compatriot,
    NonParty,
    Other,
}

const INTELLECTUAL_UNITS: &[(&str, &str)] = &[
    ("第一中学", "高级教师"),
    ("实验小学", "教师"),
    ("人民医院", "副主任医师"),
    ("妇幼保健院", "医师"),
    ("疾病预防控制中心", "主管医师"),
    ("农业技术推广中心", "农艺师"),
    ("文化馆", "馆员"),
];

const NSS_WORK: &[(&str, &str, Sub)] = &[
    ("律师事务所", "律师", Sub::IntermediarySocialOrgStaff),
    (
        "会计师事务所",
        "注册会计师",
        Sub::IntermediarySocialOrgStaff,
    ),
    (
        "社会工作服务中心",
        "社会工作者",
        Sub::IntermediarySocialOrgStaff,
    ),
    ("设计工作室", "自由设计师", Sub::Freelancer),
    ("书画工作室", "书画家", Sub::Freelancer),
    ("文化传媒有限公司", "新媒体运营", Sub::NewMediaPractitioner),
];

impl Seeder {
    /// Everyone in `KINDS`, spread over the counties.
    pub fn seed_objects(&mut self) -> Result<(), AppError> {
        for &(kind, total) in KINDS {
            for (c, weight) in COUNTY_WEIGHTS.iter().enumerate() {
                for _ in 0..total * weight / 100 {
                    self.seed_object(kind, c)?;
                }
            }
        }
        Ok(())
    }

    fn seed_object(&mut self, kind: Kind, c: usize) -> Result<(), AppError> {
        let county = self.geo.counties[c].name;
        let status = if self.rng_bool(0.15) {
            PoliticalStatus::NonPartyPersonage
        } else {
            PoliticalStatus::Masses
        };
        let base = PersonSpec::new(c, status);
        let spec = match kind {
            Kind::Intellectual => {
                let (unit, title) = INTELLECTUAL_UNITS[self.index(INTELLECTUAL_UNITS.len())];
                base.category(Cat::NonCpcIntellectual, None)
                    .work(format!("{county}{unit}"), title)
            }
            Kind::NewStratum => {
                let (unit, title, sub) = NSS_WORK[self.index(NSS_WORK.len())];
                base.category(Cat::NewSocialStratum, Some(sub))
                    .work(format!("白银{unit}"), title)
            }
            Kind::Returnee => {
                let sub =
                    [Sub::ReturnedOverseasChinese, Sub::RelativeOfOverseasChinese][self.index(2)];
                base.category(Cat::OverseasChineseReturneeOrRelative, Some(sub))
            }
            Kind::Minority => PersonSpec {
                ethnicity: Some(["03", "03", "03", "26", "04", "02"][self.index(6)]),
                ..base.category(Cat::EthnicMinorityFigure, None)
            },
            Kind::Religious => {
                let (religion, ethnicity) = [
                    ("伊斯兰教", "03"),
                    ("佛教", "01"),
                    ("道教", "01"),
                    ("基督教", "01"),
                ][self.index(4)];
                PersonSpec {
                    religion: Some(religion),
                    ethnicity: Some(ethnicity),
                    born: (1950, 1985),
                    ..base.category(Cat::ReligiousFigure, None)
                }
            }
            Kind::OverseasStudent => base
                .category(Cat::OverseasStudentOrReturnee, None)
                .category(Cat::NonCpcIntellectual, None),
            Kind::Compatriot => {
                if self.rng_bool(0.5) {
                    let sub = [Sub::HongKong, Sub::Macao][self.index(2)];
                    base.category(Cat::HkMacaoCompatriot, Some(sub))
                } else {
                    base.category(Cat::TaiwanCompatriotOrRelative, None)
                }
            }
            Kind::NonParty => PersonSpec {
                status: PoliticalStatus::NonPartyPersonage,
                representative: true,
                ..base
                    .category(Cat::NonPartyPersonage, None)
                    .category(Cat::NonCpcIntellectual, None)
            },
            Kind::Other => base.category(Cat::OtherToUnite, None),
        };
        let id = self.add_person(spec)?;
        let since = self.day_between(jan1(2016), ymd(2024, 12, 31));
        match kind {
            Kind::Intellectual | Kind::OverseasStudent | Kind::NonParty => {
                self.pool.intellectuals.push((id, c));
                if self.rng_bool(0.5) {
                    self.member(
                        id,
                        self.idx.npi_association,
                        MembershipRole::Member,
                        since,
                        None,
                    );
                }
            }
            Kind::NewStratum => {
                self.pool.new_stratum.push((id, c));
                if self.rng_bool(0.5) {
                    self.member(
                        id,
                        self.idx.nss_association,
                        MembershipRole::Member,
                        since,
                        None,
                    );
                }
            }
            Kind::Returnee => {
                self.pool.returnees.push((id, c));
                if self.rng_bool(0.7) {
                    self.member(
                        id,
                        self.idx.overseas_federation,
                        MembershipRole::Member,
                        since,
                        None,
                    );
                }
            }
            Kind::Minority | Kind::Religious => self.pool.minorities.push((id, c)),
            Kind::Compatriot | Kind::Other => {}
        }
        Ok(())
    }
}
