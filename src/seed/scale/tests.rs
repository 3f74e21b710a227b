//! The bulk is deterministic and well-formed (no database needed).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::build::Bulk;
use super::write::NextIds;
use crate::domain::enums::RegionLevel;
use crate::domain::validate::{credit_code, id_number};

fn sample() -> (
    Vec<entity::region::Model>,
    Vec<entity::organization::Model>,
    super::build::PeopleBlock,
) {
    let demo = crate::seed::build().unwrap();
    let mut bulk = Bulk::new(&demo, ChaCha8Rng::seed_from_u64(super::BULK_SEED)).unwrap();
    let mut ids = NextIds::after(&demo);
    let villages = bulk.villages(2);
    let (orgs, _) = bulk.enterprises(50, &mut ids).unwrap();
    let people = bulk.people(300, &mut ids).unwrap();
    (villages, orgs, people)
}

#[test]
fn the_bulk_is_deterministic_and_well_formed() {
    let demo = crate::seed::build().unwrap();
    let (villages, orgs, block) = sample();
    let (again, orgs_again, block_again) = sample();
    assert_eq!(villages, again);
    assert_eq!(orgs, orgs_again);
    assert_eq!(block.people, block_again.people);
    assert_eq!(block.private, block_again.private);
    assert_eq!(villages.len(), 2 * 78);
    for v in &villages {
        assert_eq!(v.code.len(), 12);
        assert!(v.code.bytes().all(|b| b.is_ascii_digit()));
        let parent = v.parent_code.as_deref().unwrap();
        assert!(
            demo.regions
                .iter()
                .any(|r| r.code == parent && r.level == RegionLevel::Township)
        );
        assert!(!demo.regions.iter().any(|r| r.code == v.code));
    }
    for o in &orgs {
        let code = o.credit_code.as_deref().unwrap();
        assert_eq!(credit_code::validate(code).as_deref(), Ok(code));
    }
    let first = i64::try_from(demo.people.len()).unwrap() + 1;
    assert_eq!(block.people[0].id, first);
    for p in &block.private {
        let n = p.id_number.as_deref().unwrap();
        assert_eq!(id_number::check_char(&n[..17]), n.chars().nth(17));
    }
    assert_eq!(block.memberships.len(), 300);
}
