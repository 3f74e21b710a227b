//! Service visits that make the graph richer without entering a headline figure: skills
//! training, culture and free clinics by intellectuals, entrepreneurs' field research.

use super::activities::NewActivity;
use super::common::Seeder;
use crate::domain::enums::ActivityKind as Kind;

const INTELLECT: [(Kind, &str); 3] = [
    (Kind::SkillsTraining, "党外知识分子就业技能培训"),
    (Kind::CultureToCountryside, "送文化下乡"),
    (Kind::FreeClinic, "健康义诊进乡村"),
];

impl Seeder {
    /// Visits in 2024 and 2025 in every county.
    pub fn seed_visits(&mut self) {
        for c in 0..self.geo.counties.len() {
            for i in 0..8 {
                let (kind, title) = INTELLECT[i % 3];
                let year = if i < 6 { 2025 } else { 2024 };
                let day = self.day_in(year);
                let region = self.rural_village(c);
                let headcount = Some(30 + i32::try_from(self.index(150)).unwrap_or(0));
                let id = self.add_activity(NewActivity {
                    kind,
                    title: title.to_owned(),
                    held_on: day,
                    region: &region,
                    organizer: Some(self.idx.npi_association),
                    place: None,
                    audience: None,
                    headcount,
                });
                let people: Vec<i64> = self
                    .pool
                    .intellectuals
                    .iter()
                    .filter(|(_, cc)| *cc == c)
                    .map(|(p, _)| *p)
                    .skip(i * 3)
                    .take(3)
                    .collect();
                self.add_participants(id, &people, "VOLUNTEER");
            }
            for _ in 0..2 {
                let day = self.day_in(2025);
                let region = self.rural_village(c);
                let id = self.add_activity(NewActivity {
                    kind: Kind::EntrepreneurFieldResearch,
                    title: "民营企业家深入基层调研".to_owned(),
                    held_on: day,
                    region: &region,
                    organizer: Some(self.idx.fic_county[c]),
                    place: None,
                    audience: None,
                    headcount: Some(12),
                });
                let people: Vec<i64> = self
                    .pool
                    .entrepreneurs
                    .iter()
                    .filter(|(_, cc)| *cc == c)
                    .map(|(p, _)| *p)
                    .take(4)
                    .collect();
                self.add_participants(id, &people, "PARTICIPANT");
            }
        }
    }
}
