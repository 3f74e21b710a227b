//! Publicity works of the "铸牢大家谈" series (figures 20, 21) and their publications on provincial,
//! municipal and county outlets, with unpublished, other-series and out-of-period decoys.

use chrono::NaiveDate;
use entity::{publication, publicity_work};

use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::shares::SHARES;
use crate::domain::enums::{OutletLevel, PublicityWorkKind as Kind};
use crate::service::summary::ZHULAO_SERIES as SERIES;

const OTHER_SERIES: &str = "铜城故事";

const SUBJECTS: &[&str] = &[
    "红溪村的石榴籽",
    "兄弟村里的邻里情",
    "黄河岸边的民族团结花",
    "铜城红石榴",
    "一碗百家饭",
    "守望相助的村规民约",
    "校园里的民族团结课",
    "牛肉面馆里的团结故事",
];

impl Seeder {
    fn work(&mut self, c: usize, kind: Kind, series: &str, produced_on: NaiveDate) -> i64 {
        let subject = SUBJECTS[self.index(SUBJECTS.len())];
        let story = ["红溪村", "兄弟村"]
            .into_iter()
            .find(|s| subject.starts_with(s));
        let authors: Vec<i64> = self
            .pool
            .new_stratum
            .iter()
            .filter(|(_, cc)| *cc == c)
            .map(|(id, _)| *id)
            .collect();
        let author = self.pick(&authors);
        push(
            &mut self.ds.works,
            publicity_work::Model {
                id: 0,
                kind,
                title: format!("{series}｜{subject}"),
                series: Some(series.to_owned()),
                theme: Some("ZHULAO".to_owned()),
                produced_on,
                featured_story: story.map(|s| format!("{s}民族团结故事")),
                featured_region_code: None,
                author_id: author,
                region_code: self.geo.counties[c].code.clone(),
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        )
    }

    fn publish(&mut self, work: i64, outlet: i64, on: NaiveDate) {
        let views = i64::try_from(500 + self.index(50_000)).ok();
        push(
            &mut self.ds.publications,
            publication::Model {
                id: 0,
                work_id: work,
                outlet_id: outlet,
                published_on: on,
                url: Some(format!("https://media.example.cn/works/{work}")),
                views,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        );
    }

    /// Publishes `work` on one to three outlets between `from` and `to`.
    fn publish_widely(&mut self, c: usize, work: i64, from: NaiveDate, to: NaiveDate) {
        let county_outlet = self
            .idx
            .outlets
            .iter()
            .filter(|(_, l)| *l == OutletLevel::County)
            .nth(c)
            .map(|(id, _)| *id);
        let all: Vec<i64> = self.idx.outlets.iter().map(|(id, _)| *id).collect();
        let mut outlets: Vec<i64> = county_outlet.into_iter().collect();
        for _ in 0..self.index(3) {
            if let Some(o) = self.pick(&all)
                && !outlets.contains(&o)
            {
                outlets.push(o);
            }
        }
        for outlet in outlets {
            let day = self.day_between(from, to);
            self.publish(work, outlet, day);
        }
    }

    /// Figures 20 and 21 per county, and the decoys.
    pub fn seed_publicity(&mut self) {
        let (from, to) = (ymd(2025, 1, 1), ymd(2025, 12, 31));
        for (c, share) in SHARES.iter().enumerate() {
            let kinds = std::iter::repeat_n(Kind::Video, share.videos)
                .chain(std::iter::repeat_n(Kind::Article, share.articles));
            for kind in kinds.collect::<Vec<_>>() {
                let produced = self.day_between(ymd(2024, 12, 1), ymd(2025, 11, 30));
                let id = self.work(c, kind, SERIES, produced);
                self.publish_widely(c, id, produced.max(from), to);
            }
            // Produced but never published, and another series published in 2025.
            let day = self.day_in(2025);
            self.work(c, Kind::Article, SERIES, day);
            for kind in [Kind::Video, Kind::Article] {
                let day = self.day_in(2025);
                let id = self.work(c, kind, OTHER_SERIES, day);
                self.publish_widely(c, id, day, to);
            }
            // Published in 2024 only.
            let day = self.day_in(2024);
            let id = self.work(c, Kind::Video, SERIES, day);
            self.publish_widely(c, id, day, ymd(2024, 12, 31));
        }
        let audio = self.work(0, Kind::Audio, SERIES, ymd(2025, 3, 3));
        self.publish_widely(0, audio, ymd(2025, 3, 4), ymd(2025, 3, 31));
        let withdrawn = self.work(1, Kind::Video, SERIES, ymd(2025, 4, 4));
        self.publish_widely(1, withdrawn, ymd(2025, 4, 5), ymd(2025, 4, 30));
        delete_last(&mut self.ds.works);
        let retracted = self.work(2, Kind::Article, SERIES, ymd(2025, 5, 5));
        let outlet = self.idx.outlets.first().map_or(1, |(id, _)| *id);
        self.publish(retracted, outlet, ymd(2025, 5, 6));
        delete_last(&mut self.ds.publications);
        let late = self.work(3, Kind::Video, SERIES, ymd(2025, 12, 20));
        self.publish(late, outlet, ymd(2026, 1, 1));
        // Posted on a firm's own account, not on a media outlet.
        let firm = self.idx.enterprises.first().map_or(1, |(id, _)| *id);
        let own = self.work(4, Kind::Article, SERIES, ymd(2025, 6, 6));
        self.publish(own, firm, ymd(2025, 6, 7));
    }
}
