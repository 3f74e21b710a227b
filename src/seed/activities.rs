//! Activities: theory lectures (figures 1, 2), publicity and fellowship events at stations, points
//! and homes (figure 12), and the service visits that make the graph richer, each with its decoys.

use chrono::NaiveDate;
use entity::{activity, activity_participant};

use super::common::{SEEDED_AT, Seeder, delete_last, push, ymd};
use super::places::Site;
use super::shares::SHARES;
use crate::domain::enums::{ActivityKind as Kind, DomainEnum};
use crate::error::AppError;

const LECTURE_TOPICS: &[&str] = &[
    "铸牢中华民族共同体意识",
    "中央民族工作会议精神",
    "民营经济促进法",
    "乡村振兴政策",
    "统一战线工作条例",
    "宗教工作法规",
    "新时代爱国主义教育",
    "基层法治建设",
];

/// What an activity row needs; participants are added separately.
pub struct NewActivity<'a> {
    pub kind: Kind,
    pub title: String,
    pub held_on: NaiveDate,
    pub region: &'a str,
    pub organizer: Option<i64>,
    pub place: Option<i64>,
    pub audience: Option<i32>,
    pub headcount: Option<i32>,
}

impl Seeder {
    /// Adds an activity row and returns its id.
    pub fn add_activity(&mut self, new: NewActivity<'_>) -> i64 {
        push(
            &mut self.ds.activities,
            activity::Model {
                id: 0,
                kind: new.kind,
                title: new.title,
                held_on: new.held_on,
                ended_on: None,
                region_code: new.region.to_owned(),
                organizer_id: new.organizer,
                place_id: new.place,
                audience_person_times: new.audience,
                participant_count: new.headcount,
                description: None,
                created_at: SEEDED_AT,
                updated_at: SEEDED_AT,
                version: 1,
                deleted_at: None,
            },
        )
    }

    /// Records that `people` took part in `activity` in `role`.
    pub fn add_participants(&mut self, activity: i64, people: &[i64], role: &str) {
        for &person in people {
            push(
                &mut self.ds.participants,
                activity_participant::Model {
                    id: 0,
                    activity_id: activity,
                    person_id: person,
                    role: Some(role.to_owned()),
                    created_at: SEEDED_AT,
                    updated_at: SEEDED_AT,
                    version: 1,
                    deleted_at: None,
                },
            );
        }
    }

    /// `n` distinct people of county `c`.
    pub fn people_of(&mut self, c: usize, n: usize) -> Vec<i64> {
        let mut out = Vec::new();
        for _ in 0..n * 3 {
            let id = self.anyone_in(c);
            if !out.contains(&id) {
                out.push(id);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }

    fn lecture(&mut self, c: usize, held_on: NaiveDate, audience: i64) -> i64 {
        let hosts: Vec<Site> = self
            .sites
            .hosts
            .iter()
            .filter(|s| s.county == c)
            .cloned()
            .collect();
        let site = hosts[self.index(hosts.len())].clone();
        let topic = LECTURE_TOPICS[self.index(LECTURE_TOPICS.len())];
        let audience = i32::try_from(audience).unwrap_or(i32::MAX);
        let id = self.add_activity(NewActivity {
            kind: Kind::TheoryLecture,
            title: format!("{topic}宣讲"),
            held_on,
            region: &site.region,
            organizer: Some(self.idx.county_uf[c]),
            place: Some(site.id),
            audience: Some(audience),
            headcount: Some(audience),
        });
        let n = 1 + self.index(2);
        let lecturers = self.people_of(c, n);
        self.add_participants(id, &lecturers, "LECTURER");
        id
    }

    /// Figures 1 and 2: each county's 2025 lectures with its audience, and lectures outside the
    /// period.
    pub fn seed_lectures(&mut self) {
        for (c, share) in SHARES.iter().enumerate() {
            let audiences = self.split(share.audience, share.lectures, 300);
            for audience in audiences {
                let day = self.day_between(ymd(2025, 1, 2), ymd(2025, 12, 30));
                self.lecture(c, day, audience);
            }
            // Decoys: the year before, and the first weeks of 2026.
            for _ in 0..14 + c {
                let day = self.day_in(2024);
                let audience = 400 + i64::try_from(self.index(900)).unwrap_or(0);
                self.lecture(c, day, audience);
            }
            let day = self.day_between(ymd(2026, 1, 2), ymd(2026, 2, 28));
            self.lecture(c, day, 650);
        }
        // Boundary days, and a soft-deleted 2025 lecture.
        self.lecture(0, ymd(2024, 12, 31), 880);
        self.lecture(1, ymd(2026, 1, 1), 720);
        self.lecture(3, ymd(2025, 6, 18), 900);
        delete_last(&mut self.ds.activities);
    }

    fn venue_event(&mut self, kind: Kind, site: &Site, held_on: NaiveDate) -> i64 {
        let headcount = 20 + i32::try_from(self.index(100)).unwrap_or(0);
        let id = self.add_activity(NewActivity {
            kind,
            title: format!("{}活动", kind.label()),
            held_on,
            region: &site.region,
            organizer: site.host.or(Some(self.idx.county_uf[site.county])),
            place: Some(site.id),
            audience: None,
            headcount: Some(headcount),
        });
        let n = 3 + self.index(5);
        let people = self.people_of(site.county, n);
        self.add_participants(id, &people, "PARTICIPANT");
        id
    }

    /// Figure 12: publicity and fellowship events at stations, points and homes, with decoys.
    pub fn seed_venue_events(&mut self) -> Result<(), AppError> {
        for (c, share) in SHARES.iter().enumerate() {
            let venues: Vec<Site> = self
                .sites
                .event_venues
                .iter()
                .filter(|s| s.county == c)
                .cloned()
                .collect();
            for i in 0..share.home_events + 16 {
                let site = venues[self.index(venues.len())].clone();
                let kind = if self.rng_bool(0.5) {
                    Kind::PolicyPublicity
                } else {
                    Kind::Fellowship
                };
                // The first `home_events` fall in 2025; the rest are 2024's.
                let year = if i < share.home_events { 2025 } else { 2024 };
                let day = self.day_in(year);
                self.venue_event(kind, &site, day);
            }
            // Same kinds elsewhere (host platforms) and other kinds at the venues.
            let hosts: Vec<Site> = self
                .sites
                .hosts
                .iter()
                .filter(|s| s.county == c)
                .cloned()
                .collect();
            let host = hosts[self.index(hosts.len())].clone();
            let day = self.day_in(2025);
            self.venue_event(Kind::Fellowship, &host, day);
            let site = venues[self.index(venues.len())].clone();
            let day = self.day_in(2025);
            self.venue_event(Kind::EthnicUnityEvent, &site, day);
        }
        // At DP members' homes (not among figure 12's venues), on 1 January 2026, and soft-deleted.
        let homes = self.sites.dp_homes.clone();
        for home in &homes {
            let day = self.day_between(home.opened, ymd(2025, 12, 31));
            self.venue_event(Kind::PolicyPublicity, home, day);
            let day = self.day_between(home.opened, ymd(2025, 12, 31));
            let seminar = if self.rng_bool(0.5) {
                Kind::ResearchSymposium
            } else {
                Kind::PolicySeminar
            };
            self.venue_event(seminar, home, day);
        }
        let first = self.sites.event_venues.first().cloned();
        if let Some(site) = first {
            self.venue_event(Kind::Fellowship, &site, ymd(2026, 1, 1));
            self.venue_event(Kind::PolicyPublicity, &site, ymd(2025, 9, 9));
            delete_last(&mut self.ds.activities);
        }
        Ok(())
    }
}
