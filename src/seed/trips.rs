//! Online writers, streamers and big-V accounts on field trips to key enterprises and innovation
//! platforms (figure 22), counted as distinct people, with the participants that must not count.

use super::activities::NewActivity;
use super::common::{Seeder, delete_last, ymd};
use super::shares::SHARES;
use crate::domain::enums::{ActivityKind, NetworkFigureKind as Figure, Platform};
use crate::error::AppError;

const KINDS: [&[Figure]; 5] = [
    &[Figure::OnlineWriter],
    &[Figure::Streamer],
    &[Figure::BigV],
    &[Figure::OnlineWriter, Figure::BigV],
    &[Figure::Streamer, Figure::BigV],
];

/// Field trips of 2025 (the first ones) and of 2024.
const TRIPS_2025: usize = 10;
const TRIPS_2024: usize = 3;

impl Seeder {
    fn writer(&mut self, c: usize, i: usize) -> Result<i64, AppError> {
        let id = self.figure_person(c, KINDS[i % KINDS.len()])?;
        let followers = 50_000 + 10_000 * i64::try_from(self.index(200)).unwrap_or(0);
        self.account(
            id,
            [Platform::Weibo, Platform::Bilibili, Platform::Douyin][i % 3],
            followers,
            ymd(2025, 9, 30),
        );
        Ok(id)
    }

    fn trip(&mut self, year: i32, n: usize) -> i64 {
        let destinations: Vec<(i64, usize)> = self.idx.platforms.clone();
        let (host, c) = destinations[n % destinations.len()];
        let day = self.day_between(ymd(year, 3, 1), ymd(year, 11, 30));
        let region = self.geo.counties[c].code.clone();
        let name = self
            .ds
            .organizations
            .iter()
            .find(|o| o.id == host)
            .map_or("铜城", |o| o.name.as_str())
            .to_owned();
        self.add_activity(NewActivity {
            kind: ActivityKind::FieldTrip,
            title: format!("网络名人走进{name}·讲好铜城故事采风活动"),
            held_on: day,
            region: &region,
            organizer: Some(if n.is_multiple_of(2) {
                self.idx.city_uf
            } else {
                self.idx.nss_association
            }),
            place: None,
            audience: None,
            headcount: None,
        })
    }

    /// Figure 22 and its decoys.
    pub fn seed_trips(&mut self) -> Result<(), AppError> {
        let trips: Vec<i64> = (0..TRIPS_2025).map(|n| self.trip(2025, n)).collect();
        let old: Vec<i64> = (0..TRIPS_2024).map(|n| self.trip(2024, n)).collect();
        let mut k = 0;
        for (c, share) in SHARES.iter().enumerate() {
            for _ in 0..share.field_trippers {
                let id = self.writer(c, k)?;
                // Everyone on at least one 2025 trip, some on two; a few were there in 2024 too.
                self.add_participants(trips[k % TRIPS_2025], &[id], "PARTICIPANT");
                if k % 3 == 0 {
                    self.add_participants(trips[(k + 4) % TRIPS_2025], &[id], "PARTICIPANT");
                }
                if k % 10 == 0 {
                    self.add_participants(old[k % TRIPS_2024], &[id], "PARTICIPANT");
                }
                k += 1;
            }
        }
        // 2024 only.
        for i in 0..12 {
            let id = self.writer(i % 5, i)?;
            self.add_participants(old[i % TRIPS_2024], &[id], "PARTICIPANT");
        }
        // Other kinds of people on 2025 trips: farm-help bloggers and entrepreneurs.
        let bloggers: Vec<i64> = self
            .ds
            .people
            .iter()
            .filter(|p| p.figure_kinds == ",AGRI_ASSIST_BLOGGER,")
            .map(|p| p.id)
            .take(3)
            .collect();
        self.add_participants(trips[0], &bloggers, "PARTICIPANT");
        let bosses: Vec<i64> = self
            .pool
            .entrepreneurs
            .iter()
            .take(4)
            .map(|(id, _)| *id)
            .collect();
        self.add_participants(trips[1], &bosses, "HOST");
        // Writers on field research (another kind), on a soft-deleted trip, and by a deleted row.
        let region = self.geo.counties[0].code.clone();
        let research = self.add_activity(NewActivity {
            kind: ActivityKind::FieldResearch,
            title: "网络名人企业调研".to_owned(),
            held_on: ymd(2025, 8, 8),
            region: &region,
            organizer: Some(self.idx.city_uf),
            place: None,
            audience: None,
            headcount: None,
        });
        let cancelled = self.trip(2025, 0);
        delete_last(&mut self.ds.activities);
        for i in 0..3 {
            let a = self.writer(0, i)?;
            self.add_participants(research, &[a], "PARTICIPANT");
            let b = self.writer(1, i)?;
            self.add_participants(cancelled, &[b], "PARTICIPANT");
            let d = self.writer(2, i)?;
            self.add_participants(trips[2], &[d], "PARTICIPANT");
            delete_last(&mut self.ds.participants);
        }
        // A deleted person on a 2025 trip.
        let gone = self.writer(3, 0)?;
        delete_last(&mut self.ds.people);
        self.add_participants(trips[3], &[gone], "PARTICIPANT");
        Ok(())
    }
}
