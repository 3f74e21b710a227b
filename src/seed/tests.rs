//! Checks over the generated rows (no database): identifiers pass their checksums, codes and
//! coordinates are well-formed, and the integrity rules hold (stations and liaison points on
//! grassroots CPC organizations, donations positive, adopted suggestions linked to a project …).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};

use super::build;
use super::common::ymd;
use crate::domain::enums::{
    Gender, MediationStatus, OrganizationKind, PlaceKind, RegionLevel, SuggestionStatus,
};
use crate::domain::region_code::RegionCode;
use crate::domain::validate::{credit_code, id_number, phone};

#[test]
fn every_id_number_phone_and_credit_code_passes_its_check() {
    let ds = build().unwrap();
    let today = ymd(2026, 1, 20);
    for private in &ds.private {
        let id = private.id_number.as_deref().unwrap();
        assert_eq!(id_number::check_char(&id[..17]), id.chars().nth(17), "{id}");
        let parsed = id_number::validate(id, today).unwrap();
        assert!(parsed.address_code().starts_with("6204"));
        assert_eq!(Some(parsed.birth_date()), private.birth_date);
        let ethnicity = private.ethnicity.as_deref().unwrap();
        assert!(
            crate::domain::ethnicity::by_code(ethnicity).is_some(),
            "{ethnicity}"
        );
        let mobile = private.phone.as_deref().unwrap();
        assert_eq!(phone::normalize_mobile(mobile).as_deref(), Ok(mobile));
    }
    let genders: HashMap<i64, Gender> = ds.people.iter().map(|p| (p.id, p.gender)).collect();
    for private in &ds.private {
        let parsed = id_number::validate(private.id_number.as_deref().unwrap(), today).unwrap();
        let male = genders[&private.person_id] == Gender::Male;
        assert_eq!(parsed.is_male(), male, "sequence parity follows gender");
    }
    let codes: Vec<&str> = ds
        .organizations
        .iter()
        .filter_map(|o| o.credit_code.as_deref())
        .collect();
    assert!(codes.len() > 150, "{}", codes.len());
    for code in &codes {
        assert_eq!(credit_code::validate(code).as_deref(), Ok(*code));
        assert!(credit_code::is_registered_in_baiyin(code), "{code}");
    }
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), codes.len());
}

#[test]
fn regions_are_well_formed_and_villages_synthetic() {
    let ds = build().unwrap();
    let codes: HashSet<&str> = ds.regions.iter().map(|r| r.code.as_str()).collect();
    for r in &ds.regions {
        let code = RegionCode::parse(&r.code).unwrap();
        assert_eq!(code.level(), r.level);
        assert_eq!(code.parent().map(|p| p.to_string()), r.parent_code);
        let village = code.level() == RegionLevel::Village;
        assert_eq!(r.is_synthetic, village);
        assert_eq!(
            r.code_edition,
            if village { "SYNTHETIC" } else { "NBS-2022" }
        );
        assert_eq!(r.urban_rural_code.is_some(), village);
        assert!(!r.name_pinyin.is_empty() && !r.name_initials.is_empty());
    }
    let levels = |level| ds.regions.iter().filter(|r| r.level == level).count();
    assert_eq!(
        (
            levels(RegionLevel::City),
            levels(RegionLevel::County),
            levels(RegionLevel::Township)
        ),
        (1, 5, 78)
    );
    assert!(codes.contains("620422118000"));
    for p in &ds.pairings {
        assert_eq!(p.village_code.len(), 12);
        assert!(codes.contains(p.village_code.as_str()) && !p.village_code.ends_with("000"));
    }
}

#[test]
fn places_and_records_follow_the_integrity_rules() {
    let ds = build().unwrap();
    let kinds: HashMap<i64, OrganizationKind> =
        ds.organizations.iter().map(|o| (o.id, o.kind)).collect();
    for place in &ds.places {
        let kind = place.kind;
        assert_eq!(place.is_uf_venue, kind.is_uf_venue());
        let (lat, lon) = (place.latitude.unwrap(), place.longitude.unwrap());
        assert!((36.0..=37.6).contains(&lat) && (103.6..=105.6).contains(&lon));
        if matches!(kind, PlaceKind::UfWorkStation | PlaceKind::UfLiaisonPoint) {
            let host = kinds[&place.host_org_id.unwrap()];
            assert_eq!(host, OrganizationKind::CpcGrassrootsOrg);
        }
        assert_eq!(kind == PlaceKind::DpMembersHome, place.party.is_some());
    }
    for d in &ds.donations {
        assert!(d.cash_fen >= 0 && d.in_kind_fen >= 0 && d.cash_fen + d.in_kind_fen > 0);
    }
    for s in &ds.suggestions {
        if s.status == SuggestionStatus::AdoptedIntoLivelihoodProject {
            assert!(s.livelihood_project_id.is_some());
        }
    }
    for c in &ds.cases {
        if matches!(c.status, MediationStatus::Settled | MediationStatus::Failed) {
            assert!(c.closed_on.unwrap() >= c.accepted_on);
        }
    }
    for person in &ds.people {
        assert!(person.figure_kinds.starts_with(',') && person.figure_kinds.ends_with(','));
        assert!(person.is_synthetic);
    }
}
