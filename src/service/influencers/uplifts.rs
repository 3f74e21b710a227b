//! Income-uplift links: an influencer helped a household raise its income. One live link per
//! pair; writes are scoped to the household's village, where the effect is recorded.

use chrono::NaiveDate;
use entity::income_uplift::{ActiveModel, Column, Entity, Model};
use entity::{household, person};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Set};

use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{NetworkFigureKind, decode_set};
use crate::error::{AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::fields::put;
use crate::service::people::rules;
use crate::service::write::{self, OwnerRegion, Record};

/// An influencer helped a household raise its income.
pub struct IncomeUpliftDraft {
    pub influencer: Ref<person::Entity>,
    pub household: Ref<household::Entity>,
    pub since: NaiveDate,
    /// Yearly, in fen.
    pub annual_increase: Option<i64>,
}

/// Corrections to a link (never its pair): `None` and [`Change::Keep`] leave a field as it is.
#[derive(Default)]
pub struct IncomeUpliftPatch {
    pub since: Option<NaiveDate>,
    /// Yearly, in fen.
    pub annual_increase: Change<i64>,
}

/// One live link per influencer and household.
async fn no_twin(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    row: &Model,
) -> AppResult<()> {
    let twin = Entity::live()
        .filter(Column::InfluencerId.eq(row.influencer_id))
        .filter(Column::HouseholdId.eq(row.household_id))
        .filter(Column::Id.ne(row.id))
        .one(db)
        .await?;
    if twin.is_some() {
        check.fail(
            field,
            UserErrorCode::DuplicateLink,
            "this influencer is already linked to this household",
            "该网络人士与该农户已有关联",
        );
    }
    Ok(())
}

/// The household a link belongs to: its village scopes writes of the link.
async fn village_of(db: &impl ConnectionTrait, row: &Model) -> AppResult<String> {
    Ok(
        write::get_live::<household::Entity, _>(db, row.household_id)
            .await?
            .village_code,
    )
}

/// Influencer–household links: written by who may write the household's village.
pub struct IncomeUplifts;

impl Record for IncomeUplifts {
    type Entity = Entity;
    type Draft = IncomeUpliftDraft;
    type Patch = IncomeUpliftPatch;
    type Governor = ();
    /// The household's village, settled once every check has passed.
    type Outcome = OwnerRegion;

    async fn may_change<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        actor.may_write(&village_of(db, row).await?)
    }

    /// Its influencer and household are live, then, and not linked again meanwhile.
    async fn may_restore<C: ConnectionTrait>(db: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        let household =
            rules::parent_live::<household::Entity>(db, row.household_id, "household", "农户")
                .await?;
        actor.may_write(&household.village_code)?;
        rules::parent_live::<person::Entity>(db, row.influencer_id, "influencer", "网络人士")
            .await?;
        let mut check = Checker::default();
        no_twin(&mut check, db, "id", row).await?;
        check.finish()
    }

    /// Of an influencer to a household, once.
    async fn fill<C: ConnectionTrait>(
        db: &C,
        input: IncomeUpliftDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<OwnerRegion> {
        let influencer =
            rules::reference::<person::Entity>(check, db, "influencer", input.influencer).await?;
        if influencer
            .as_ref()
            .is_some_and(|p| decode_set::<NetworkFigureKind>(&p.figure_kinds).is_empty())
        {
            check.fail(
                "influencer",
                UserErrorCode::NotAnInfluencer,
                "the person has no network-figure kind; set figureKinds (e.g. VILLAGE_INFLUENCER) first",
                "此人不是网络人士，请先设置其网络人士类型（如乡村网红）",
            );
        }
        let household =
            rules::reference::<household::Entity>(check, db, "household", input.household).await?;
        let annual_increase = input.annual_increase;
        check.non_negative("annualIncrease", annual_increase);
        row.since = Set(input.since);
        row.annual_increase_fen = Set(annual_increase);
        let (Some(influencer), Some(household)) = (influencer, household) else {
            return Ok(OwnerRegion(None));
        };
        let probe = Model {
            id: 0,
            influencer_id: influencer.id,
            household_id: household.id,
            since: input.since,
            annual_increase_fen: annual_increase,
            created_at: household.created_at,
            updated_at: household.updated_at,
            version: 0,
            deleted_at: None,
        };
        no_twin(check, db, "household", &probe).await?;
        row.influencer_id = Set(influencer.id);
        row.household_id = Set(household.id);
        Ok(OwnerRegion(Some(household.village_code)))
    }

    async fn change<C: ConnectionTrait>(
        _: &C,
        patch: IncomeUpliftPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        _: &Model,
        (): (),
    ) -> AppResult<OwnerRegion> {
        put(&mut row.since, patch.since);
        if let Some(amount) = patch.annual_increase.into_new() {
            check.non_negative("annualIncrease", amount);
            row.annual_increase_fen = Set(amount);
        }
        Ok(OwnerRegion(None))
    }
}
