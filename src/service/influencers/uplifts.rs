//! Income-uplift links: an influencer helped a household raise its income. One live link per
//! pair; writes are scoped to the household's village, where the effect is recorded.

use chrono::NaiveDate;
use entity::income_uplift::{ActiveModel, Column, Entity, Model};
use entity::{household, person};
use sea_orm::{ColumnTrait, ConnectionTrait, NotSet, QueryFilter, Set};

use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{NetworkFigureKind, decode_set};
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;
use crate::service::audit::Actor;
use crate::service::check::Checker;
use crate::service::fields::put;
use crate::service::people::rules;
use crate::service::write::{self, Update};

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

pub async fn create(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: IncomeUpliftDraft,
) -> AppResult<Model> {
    let mut check = Checker::default();
    let influencer =
        rules::reference::<person::Entity>(&mut check, db, "influencer", input.influencer).await?;
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
        rules::reference::<household::Entity>(&mut check, db, "household", input.household).await?;
    let annual_increase = input.annual_increase;
    check.non_negative("annualIncrease", annual_increase);
    if let (Some(influencer), Some(household)) = (&influencer, &household) {
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
        since: Set(input.since),
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

/// Corrects a link; refused with VERSION_CONFLICT if it changed since read.
pub async fn update(
    db: &impl ConnectionTrait,
    actor: &Actor,
    update: Update<IncomeUpliftPatch>,
) -> AppResult<Model> {
    let Update {
        key,
        expected_version,
        patch,
    } = update;
    let updated = write::update_with::<Entity, _, _>(
        db,
        actor,
        key,
        expected_version,
        async |before| actor.may_write(&village_of(db, before).await?),
        async |check, row| {
            put(&mut row.since, patch.since);
            if let Some(amount) = patch.annual_increase.into_new() {
                check.non_negative("annualIncrease", amount);
                row.annual_increase_fen = Set(amount);
            }
            Ok(())
        },
        |_| Ok(()),
    );
    Ok(updated.await?.0)
}

/// Soft-deletes a link (`unlinkHousehold` and `deleteIncomeUplift` alike).
pub async fn delete(
    db: &impl ConnectionTrait,
    actor: &Actor,
    key: i64,
    expected_version: i32,
) -> AppResult<Model> {
    write::delete_by_id::<Entity, _>(db, actor, key, expected_version, async |_, before| {
        actor.may_write(&village_of(db, before).await?)
    })
    .await
}

/// Restores a link whose influencer and household are live and not linked again meanwhile.
pub async fn restore(db: &impl ConnectionTrait, actor: &Actor, key: i64) -> AppResult<Model> {
    write::restore_by_id::<Entity, _>(db, actor, key, async |_, before: &Model| {
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
