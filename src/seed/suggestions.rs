//! Democratic-party field research and suggestions (figures 6, 7), the livelihood projects adopted
//! suggestions went into, and suggestions the figures must not count.

use chrono::{Days, NaiveDate};
use entity::{livelihood_project, suggestion};

use super::activities::NewActivity;
use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::shares::SHARES;
use crate::domain::enums::{
    ActivityKind, DomainEnum, SuggestionChannel, SuggestionField as Field,
    SuggestionStatus as Status,
};
use crate::error::AppError;

const TOPICS: &[(Field, &str)] = &[
    (Field::LivingEnvironment, "农村生活污水治理"),
    (Field::LivingEnvironment, "老旧小区改造"),
    (Field::LivingEnvironment, "村庄垃圾分类收运"),
    (Field::PublicServices, "乡村学校午餐供应"),
    (Field::PublicServices, "社区养老服务站建设"),
    (Field::PublicServices, "城乡公交线路优化"),
    (Field::DisputeResolution, "基层矛盾纠纷多元化解"),
    (Field::DisputeResolution, "商事纠纷诉调对接"),
    (Field::RuralRevitalization, "特色农产品品牌培育"),
    (Field::Health, "村卫生室人才队伍建设"),
    (Field::Education, "职业教育校企合作"),
];

/// The statuses of suggestions neither adopted into a project nor converted into a measure.
const OPEN: [Status; 4] = [
    Status::Submitted,
    Status::Accepted,
    Status::Adopted,
    Status::RepliedNotAdopted,
];

impl Seeder {
    fn suggest(
        &mut self,
        org: i64,
        author: Option<i64>,
        region: &str,
        submitted_on: NaiveDate,
        status: Status,
    ) -> i64 {
        let (field, topic) = TOPICS[self.index(TOPICS.len())];
        let channel = SuggestionChannel::ALL[self.index(SuggestionChannel::ALL.len())];
        let later = submitted_on + Days::new(30 + u64::try_from(self.index(60)).unwrap_or(0));
        let adopted = matches!(
            status,
            Status::Adopted | Status::AdoptedIntoLivelihoodProject | Status::ConvertedToMeasure
        );
        let pressing = self.rng_bool(0.3);
        push(
            &mut self.ds.suggestions,
            suggestion::Model {
                id: 0,
                title: format!("关于{topic}的建议"),
                summary: Some(format!("经实地调研，就{topic}提出意见建议。")),
                field,
                channel,
                status,
                submitted_on,
                adopted_on: adopted.then_some(later),
                replied_on: (status == Status::RepliedNotAdopted).then_some(later),
                submitting_org_id: Some(org),
                author_id: author,
                region_code: region.to_owned(),
                pressing_concern: pressing,
                livelihood_project_id: None,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        )
    }

    /// Links the last suggestion to a new livelihood project of `year` in county `c`.
    fn add_project(&mut self, c: usize, year: i32) {
        let Some(last) = self.ds.suggestions.last() else {
            return;
        };
        let title = last
            .title
            .trim_start_matches("关于")
            .trim_end_matches("的建议")
            .to_owned();
        let region = last.region_code.clone();
        let budget = 50_000_000 + i64::try_from(self.index(300)).unwrap_or(0) * 1_000_000;
        let id = push(
            &mut self.ds.projects,
            livelihood_project::Model {
                id: 0,
                year,
                title: format!("{year}年{}民生实事：{title}", self.geo.counties[c].name),
                responsible_org_id: Some(self.idx.governments[c]),
                region_code: region,
                budget_fen: Some(budget),
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
        if let Some(last) = self.ds.suggestions.last_mut() {
            last.livelihood_project_id = Some(id);
        }
    }

    /// A DP organization of county `c` (a branch, sometimes a municipal committee) and an author.
    fn dp_submitter(&mut self, c: usize) -> (i64, Option<i64>) {
        let branches: Vec<i64> = self
            .idx
            .dp_branches
            .iter()
            .filter(|b| b.county == c)
            .map(|b| b.id)
            .collect();
        let org = if self.rng_bool(0.25) || branches.is_empty() {
            let committees: Vec<i64> = self.idx.dp_committees.iter().map(|(_, id)| *id).collect();
            committees[self.index(committees.len())]
        } else {
            branches[self.index(branches.len())]
        };
        let members: Vec<i64> = self
            .pool
            .dp_members
            .iter()
            .filter(|(_, o, _)| *o == org)
            .map(|(p, _, _)| *p)
            .collect();
        (org, self.pick(&members))
    }

    fn dp_suggestion(&mut self, c: usize, on: NaiveDate, status: Status) -> i64 {
        let (org, author) = self.dp_submitter(c);
        let region = self.rural_village(c);
        self.suggest(org, author, &region, on, status)
    }

    /// Figures 6 and 7 per county, field research behind them, and the decoys.
    pub fn seed_suggestions(&mut self) -> Result<(), AppError> {
        for branch in self.idx.dp_branches.clone() {
            let members: Vec<i64> = self
                .pool
                .dp_members
                .iter()
                .filter(|(_, o, _)| *o == branch.id)
                .map(|(p, _, _)| *p)
                .take(5)
                .collect();
            let region = self.rural_village(branch.county);
            let day = self.day_between(ymd(2025, 3, 1), ymd(2025, 10, 31));
            let id = self.add_activity(NewActivity {
                kind: ActivityKind::FieldResearch,
                title: "人居环境和公共服务专题调研".to_owned(),
                held_on: day,
                region: &region,
                organizer: Some(branch.id),
                place: None,
                audience: None,
                headcount: i32::try_from(members.len()).ok(),
            });
            self.add_participants(id, &members, "RESEARCHER");
        }
        for (c, share) in SHARES.iter().enumerate() {
            for i in 0..share.suggestions {
                let day = self.day_between(ymd(2025, 1, 1), ymd(2025, 11, 30));
                let status = if i < share.into_projects {
                    Status::AdoptedIntoLivelihoodProject
                } else if i < share.into_projects + share.into_measures {
                    Status::ConvertedToMeasure
                } else {
                    OPEN[self.index(OPEN.len())]
                };
                self.dp_suggestion(c, day, status);
                if status == Status::AdoptedIntoLivelihoodProject {
                    self.add_project(c, 2025);
                }
            }
            // The year before: counted in 2024, never in 2025.
            for i in 0..12 {
                let day = self.day_in(2024);
                let status = if i < 2 {
                    Status::ConvertedToMeasure
                } else {
                    OPEN[self.index(OPEN.len())]
                };
                self.dp_suggestion(c, day, status);
            }
            self.dp_suggestion(c, ymd(2025, 12, 15), Status::Draft);
            // Non-DP organizations' suggestions, some adopted.
            let chambers: Vec<i64> = self
                .idx
                .chambers
                .iter()
                .filter(|(_, cc)| *cc == c)
                .map(|(id, _)| *id)
                .collect();
            let orgs = [
                Some(self.idx.fic_county[c]),
                Some(self.idx.npi_association),
                self.pick(&chambers),
            ];
            for org in orgs.into_iter().flatten() {
                let region = self.rural_village(c);
                let day = self.day_in(2025);
                self.suggest(org, None, &region, day, Status::ConvertedToMeasure);
            }
        }
        self.dp_suggestion(0, ymd(2024, 5, 20), Status::AdoptedIntoLivelihoodProject);
        self.add_project(0, 2024);
        self.dp_suggestion(1, ymd(2024, 12, 31), Status::Submitted);
        self.dp_suggestion(2, ymd(2026, 1, 1), Status::Submitted);
        self.dp_suggestion(3, ymd(2025, 4, 1), Status::ConvertedToMeasure);
        delete_last(&mut self.ds.suggestions);
        Ok(())
    }
}
