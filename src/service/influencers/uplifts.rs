//! Income-uplift links: an influencer helped a household raise its income. One live link per
//! pair; writes are scoped to the household's village, where the effect is recorded.

use async_graphql::{ID, InputObject, MaybeUndefined};
use entity::income_uplift::{ActiveModel, Column, Entity, Model};
use entity::{household, person};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, NotSet, QueryFilter, Set};

use crate::db::table::Table;
use crate::domain::enums::{NetworkFigureKind, decode_set};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::scalars::{Date, Money};
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::people::rules;
use crate::service::write;

/// Links an influencer to a household whose income they helped raise.
#[derive(InputObject, Debug, Clone)]
pub struct LinkHouseholdInput {
    /// The influencer (global Person id); they need at least one network-figure kind.
    pub influencer: ID,
    /// The household (global id).
    pub household: ID,
    /// Since when the influencer has helped.
    pub since: Date,
    /// The household's yearly income increase in yuan, if known; not negative.
    pub annual_increase: Option<Money>,
}

/// An income-uplift link (the same as `linkHousehold`).
#[derive(InputObject, Debug, Clone)]
pub struct CreateIncomeUpliftInput {
    /// The influencer (global Person id); they need at least one network-figure kind.
    pub influencer: ID,
    /// The household (global id).
    pub household: ID,
    /// Since when the influencer has helped.
    pub since: Date,
    /// The household's yearly income increase in yuan, if known; not negative.
    pub annual_increase: Option<Money>,
}

impl From<LinkHouseholdInput> for CreateIncomeUpliftInput {
    fn from(input: LinkHouseholdInput) -> Self {
        Self {
            influencer: input.influencer,
            household: input.household,
            since: input.since,
            annual_increase: input.annual_increase,
        }
    }
}

/// Corrections to a link: only the fields given change. To link another pair, unlink this one
/// and link the new pair.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateIncomeUpliftInput {
    /// The link to correct (global id).
    pub id: ID,
    /// The `version` you read; a newer one in the database is a VERSION_CONFLICT.
    pub expected_version: i32,
    /// First day of the help; omitted: unchanged.
    pub since: Option<Date>,
    /// Yearly income increase in yuan; `null` clears it.
    pub annual_increase: MaybeUndefined<Money>,
}

/// Removes an influencer–household link (softly: `restoreIncomeUplift` brings it back).
#[derive(InputObject, Debug, Clone)]
pub struct UnlinkHouseholdInput {
    /// The link to remove (global id).
    pub id: ID,
    /// The `version` you read.
    pub expected_version: i32,
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

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: CreateIncomeUpliftInput,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let influencer =
        rules::reference::<person::Entity>(&mut check, db, "influencer", &input.influencer).await?;
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
        rules::reference::<household::Entity>(&mut check, db, "household", &input.household)
            .await?;
    let annual_increase = input.annual_increase.map(Money::fen);
    check.non_negative("annualIncrease", annual_increase);
    if let (Some(influencer), Some(household)) = (&influencer, &household) {
        let probe = Model {
            id: 0,
            influencer_id: influencer.id,
            household_id: household.id,
            since: input.since.0,
            annual_increase_fen: annual_increase,
            created_at: household.created_at,
            updated_at: household.updated_at,
            version: 0,
            deleted_at: None,
        };
        no_twin(&mut check, db, "household", &probe).await?;
    }
    check.finish()?;
    let (Some(influencer), Some(household)) = (influencer, household) else {
        return Err(AppError::Internal("checked references vanished".into()));
    };
    actor.may_write(&household.village_code)?;
    let row = ActiveModel {
        id: NotSet,
        influencer_id: Set(influencer.id),
        household_id: Set(household.id),
        since: Set(input.since.0),
        annual_increase_fen: Set(annual_increase),
        ..Default::default()
    };
    write::create::<Entity, _>(db, actor, row).await
}

/// The household a link belongs to: its village scopes writes of the link.
async fn village_of(db: &impl ConnectionTrait, row: &Model) -> AppResult<String> {
    Ok(
        write::get_live::<household::Entity, _>(db, row.household_id)
            .await?
            .village_code,
    )
}

pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: UpdateIncomeUpliftInput,
) -> AppResult<Model> {
    let key = crate::ids::key::<entity::income_uplift::Entity>(&input.id)?;
    let before = write::get_live::<Entity, _>(db, key).await?;
    actor.may_write(&village_of(db, &before).await?)?;
    let mut check = Checker::default();
    let mut row = before.clone().into_active_model();
    if let Some(since) = input.since {
        row.since = Set(since.0);
    }
    if let Some(amount) = rules::set_opt(input.annual_increase, Money::fen) {
        check.non_negative("annualIncrease", amount);
        row.annual_increase_fen = Set(amount);
    }
    check.finish()?;
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}

/// Soft-deletes a link (`unlinkHousehold` and `deleteIncomeUplift` alike).
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    id: &ID,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, id, expected_version, async |_, before| {
        actor.may_write(&village_of(db, before).await?)
    })
    .await
}

/// Restores a link whose influencer and household are live and not linked again meanwhile.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, id: &ID) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, id, async |_, before: &Model| {
        let household =
            rules::parent_live::<household::Entity>(db, before.household_id, "household", "农户")
                .await?;
        actor.may_write(&household.village_code)?;
        rules::parent_live::<person::Entity>(db, before.influencer_id, "influencer", "网络人士")
            .await?;
        let mut check = Checker::default();
        no_twin(&mut check, db, "id", before).await?;
        check.finish()
    })
    .await
}
