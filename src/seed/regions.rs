//! The region spine: the real city, counties and 78 townships (NBS-2022), and synthetic villages
//! and communities under each township, flagged `is_synthetic`.

use entity::region;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::common::SEEDED_AT;
use super::regions_data::{CITY, COUNTIES, NBS_EDITION, SYNTHETIC_EDITION, TOWNSHIPS};
use super::{names, spell};
use crate::domain::enums::{RegionKind, RegionLevel};

/// A generated village or community.
pub struct Village {
    pub code: String,
    pub name: String,
    pub kind: RegionKind,
}

/// A real township-level unit with its generated villages.
pub struct Township {
    pub code: String,
    pub name: String,
    pub villages: Vec<Village>,
}

/// A real county-level division.
pub struct County {
    pub code: String,
    pub name: &'static str,
    pub townships: Vec<Township>,
}

/// The region tree the other steps place their rows in.
pub struct Geo {
    pub city: String,
    pub counties: Vec<County>,
}

/// Township kind from the code range (GB/T 10114) and the 族乡 suffix.
fn township_kind(code9: &str, name: &str) -> RegionKind {
    match code9.as_bytes().get(6) {
        Some(b'0') => RegionKind::Subdistrict,
        Some(b'1') => RegionKind::Town,
        Some(b'2' | b'3') if name.ends_with("族乡") => RegionKind::EthnicTownship,
        Some(b'2' | b'3') => RegionKind::Township,
        _ => RegionKind::QuasiTownship,
    }
}

fn row(
    code: &str,
    name: &str,
    level: RegionLevel,
    kind: RegionKind,
    parent: Option<&str>,
    urban_rural: Option<&str>,
) -> region::Model {
    let (name_pinyin, name_initials) = spell(name);
    let synthetic = level == RegionLevel::Village;
    region::Model {
        code: code.to_owned(),
        name: name.to_owned(),
        name_pinyin,
        name_initials,
        level,
        kind,
        parent_code: parent.map(str::to_owned),
        urban_rural_code: urban_rural.map(str::to_owned),
        code_edition: if synthetic {
            SYNTHETIC_EDITION
        } else {
            NBS_EDITION
        }
        .to_owned(),
        is_synthetic: synthetic,
        created_at: SEEDED_AT,
        updated_at: SEEDED_AT,
        version: 1,
        deleted_at: None,
    }
}

/// Generates the villages of one township: communities `001…`, village committees `201…`.
fn villages(rng: &mut ChaCha8Rng, code9: &str, kind: RegionKind) -> Vec<(Village, &'static str)> {
    let (communities, committees) = match kind {
        RegionKind::Subdistrict => (rng.random_range(5..=7), 0),
        RegionKind::Town => (rng.random_range(1..=2), rng.random_range(5..=7)),
        _ => (0, rng.random_range(5..=8)),
    };
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for i in 0..communities {
        let name = names::community(rng, &taken);
        taken.push(name.clone());
        // Urban–rural class: subdistrict communities are main urban (a few fringe), a town's
        // communities are its centre or centre fringe.
        let class = match (kind, i) {
            (RegionKind::Subdistrict, i) if i + 1 == communities => "112",
            (RegionKind::Subdistrict, _) => "111",
            (_, 0) => "121",
            _ => "122",
        };
        let village = Village {
            code: format!("{code9}{:03}", i + 1),
            name,
            kind: RegionKind::ResidentsCommittee,
        };
        out.push((village, class));
    }
    for i in 0..committees {
        let name = names::village(rng, &taken);
        taken.push(name.clone());
        let seat = i == 0 && matches!(kind, RegionKind::Township | RegionKind::EthnicTownship);
        let village = Village {
            code: format!("{code9}{:03}", 201 + i),
            name,
            kind: RegionKind::VillageCommittee,
        };
        out.push((village, if seat { "210" } else { "220" }));
    }
    out
}

impl Geo {
    /// Builds the tree and appends every region row, parents first.
    pub fn build(rng: &mut ChaCha8Rng, rows: &mut Vec<region::Model>) -> Self {
        let (city_code, city_name) = CITY;
        rows.push(row(
            city_code,
            city_name,
            RegionLevel::City,
            RegionKind::City,
            None,
            None,
        ));
        let mut counties = Vec::new();
        for def in &COUNTIES {
            let code = format!("{}000000", def.code6);
            let kind = if def.is_district {
                RegionKind::District
            } else {
                RegionKind::County
            };
            rows.push(row(
                &code,
                def.name,
                RegionLevel::County,
                kind,
                Some(city_code),
                None,
            ));
            let mut townships = Vec::new();
            for (code9, name) in TOWNSHIPS.iter().filter(|(c, _)| c.starts_with(def.code6)) {
                let kind = township_kind(code9, name);
                let t_code = format!("{code9}000");
                rows.push(row(
                    &t_code,
                    name,
                    RegionLevel::Township,
                    kind,
                    Some(&code),
                    None,
                ));
                let mut list = Vec::new();
                for (village, class) in villages(rng, code9, kind) {
                    rows.push(row(
                        &village.code,
                        &village.name,
                        RegionLevel::Village,
                        village.kind,
                        Some(&t_code),
                        Some(class),
                    ));
                    list.push(village);
                }
                townships.push(Township {
                    code: t_code,
                    name: (*name).to_owned(),
                    villages: list,
                });
            }
            counties.push(County {
                code,
                name: def.name,
                townships,
            });
        }
        Self {
            city: city_code.to_owned(),
            counties,
        }
    }

    /// Every village and community of county `county`, with its township's index.
    pub fn villages_of(&self, county: usize) -> Vec<(usize, &Village)> {
        self.counties
            .get(county)
            .map(|c| {
                c.townships
                    .iter()
                    .enumerate()
                    .flat_map(|(t, township)| township.villages.iter().map(move |v| (t, v)))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn townships_take_their_kind_from_the_code_range() {
        assert_eq!(
            township_kind("620402001", "人民路街道"),
            RegionKind::Subdistrict
        );
        assert_eq!(township_kind("620422118", "翟家所镇"), RegionKind::Town);
        assert_eq!(township_kind("620422204", "党家岘乡"), RegionKind::Township);
        assert_eq!(
            township_kind("620422202", "新添堡回族乡"),
            RegionKind::EthnicTownship
        );
    }

    #[test]
    fn the_table_has_all_78_townships_in_the_five_counties() {
        let per_county: Vec<usize> = COUNTIES
            .iter()
            .map(|c| {
                TOWNSHIPS
                    .iter()
                    .filter(|(t, _)| t.starts_with(c.code6))
                    .count()
            })
            .collect();
        assert_eq!(per_county, vec![10, 11, 18, 28, 11]);
        let subdistricts = TOWNSHIPS.iter().filter(|(c, _)| &c[6..7] == "0").count();
        let towns = TOWNSHIPS.iter().filter(|(_, n)| n.ends_with('镇')).count();
        let townships = TOWNSHIPS.iter().filter(|(_, n)| n.ends_with('乡')).count();
        assert_eq!((subdistricts, towns, townships), (9, 53, 16));
    }
}
