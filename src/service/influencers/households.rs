//! Households that village influencers help: each lives in a village, and its head's name is
//! personal data. Writes are scoped to the household's village.

use entity::household::{ActiveModel, Entity};
use sea_orm::{ConnectionTrait, Set};

use crate::domain::enums::RegionLevel;
use crate::error::AppResult;
use crate::service::check::Checker;
use crate::service::fields::put;
use crate::service::links::Link;
use crate::service::people::rules;
use crate::service::write::{InOwnRegion, Patch};

/// A rural household.
pub struct HouseholdDraft {
    pub village: String,
    pub head_name: String,
    pub member_count: i32,
}

/// Corrections to a household: `None` leaves a field as it is.
#[derive(Default)]
pub struct HouseholdPatch {
    pub village: Option<String>,
    pub head_name: Option<String>,
    pub member_count: Option<i32>,
}

impl From<HouseholdDraft> for HouseholdPatch {
    fn from(draft: HouseholdDraft) -> Self {
        Self {
            village: Some(draft.village),
            head_name: Some(draft.head_name),
            member_count: Some(draft.member_count),
        }
    }
}

impl Patch for HouseholdPatch {
    type Entity = Entity;

    async fn apply<C: ConnectionTrait>(
        self,
        db: &C,
        check: &mut Checker,
        row: &mut ActiveModel,
        key: Option<i64>,
    ) -> AppResult<()> {
        if key.is_none() {
            row.is_synthetic = Set(false);
        }
        let village = Some(RegionLevel::Village);
        check
            .put_region(db, &mut row.village_code, "village", self.village, village)
            .await?;
        put(
            &mut row.head_name,
            self.head_name.map(|n| rules::name(check, "headName", &n)),
        );
        if let Some(count) = self.member_count {
            check.at_least_one("memberCount", "家庭人口数", count);
            row.member_count = Set(count);
        }
        Ok(())
    }
}

/// Households: written in their village.
pub struct Households;

impl InOwnRegion for Households {
    type Draft = HouseholdDraft;
    type Patch = HouseholdPatch;
    const LINKS: &'static [Link] = &[Link::ended(
        "income_uplift",
        "household_id",
        "income-uplift links",
        "增收带动关联",
    )];
}
