//! Mutations of households and of the influencer–household links, and the link's own type
//! (`IncomeUplift`), which the mutations return and `Household`/`Person` list.

use crate::graphql::inputs::influencers::CreateHouseholdInput;
use crate::graphql::inputs::influencers::CreateIncomeUpliftInput;
use crate::graphql::inputs::influencers::LinkHouseholdInput;
use crate::graphql::inputs::influencers::UnlinkHouseholdInput;
use crate::graphql::inputs::influencers::UpdateHouseholdInput;
use crate::graphql::inputs::influencers::UpdateIncomeUpliftInput;
use crate::graphql::mutation;
use crate::graphql::mutation::DeleteInput;
use crate::graphql::mutation::RestoreInput;
use crate::graphql::mutation::UserError;
use crate::graphql::object::Record;
use crate::graphql::object::date;
use crate::graphql::object::loaders;
use crate::graphql::types::Household;
use crate::graphql::types::Person;
use crate::ids;
use crate::scalars::Date;
use crate::scalars::Money;
use crate::service::influencers::households::Households;
use crate::service::influencers::uplifts::IncomeUpliftDraft;
use crate::service::influencers::uplifts::IncomeUplifts;
use async_graphql::Context;
use async_graphql::ID;
use async_graphql::Object;
use async_graphql::Result;
use async_graphql::ResultExt;
use async_graphql::SimpleObject;

/// An influencer helped a household raise its income (乡村网红带动农户增收).
#[derive(Clone)]
pub struct IncomeUplift(pub entity::income_uplift::Model);

/// An influencer helped a household raise its income (乡村网红带动农户增收).
#[Object]
impl IncomeUplift {
    /// Opaque, stable global id (Relay).
    pub(crate) async fn id(&self) -> ID {
        ids::of::<entity::income_uplift::Entity>(&self.0.id)
    }

    #[graphql(flatten)]
    async fn record(&self) -> Record<'_> {
        Record::row(&self.0)
    }

    /// The influencer.
    async fn influencer(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
        Ok(loaders(ctx)?
            .person_by_id
            .load_one(self.0.influencer_id)
            .await
            .extend()?
            .map(Person))
    }

    /// The household helped.
    async fn household(&self, ctx: &Context<'_>) -> Result<Option<Household>> {
        Ok(loaders(ctx)?
            .household_by_id
            .load_one(self.0.household_id)
            .await
            .extend()?
            .map(Household))
    }

    /// Since when the influencer has helped.
    async fn since(&self) -> Date {
        date(self.0.since)
    }

    /// The household's yearly income increase in yuan, if known.
    async fn annual_increase(&self) -> Option<Money> {
        self.0.annual_increase_fen.map(Money)
    }
}

/// The result of a mutation of a `Household`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct HouseholdPayload {
    /// The record as written; null when the input was refused.
    pub household: Option<Household>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl HouseholdPayload {
    pub fn new(household: Option<Household>, user_errors: Vec<UserError>) -> Self {
        Self {
            household,
            user_errors,
        }
    }
}

/// The result of a mutation of a `IncomeUplift`: the record, or why the input was refused.
#[derive(SimpleObject)]
pub struct IncomeUpliftPayload {
    /// The record as written; null when the input was refused.
    pub income_uplift: Option<IncomeUplift>,
    /// Why the input was refused, field by field; empty on success.
    pub user_errors: Vec<UserError>,
}

impl IncomeUpliftPayload {
    pub fn new(income_uplift: Option<IncomeUplift>, user_errors: Vec<UserError>) -> Self {
        Self {
            income_uplift,
            user_errors,
        }
    }
}

#[derive(Default)]
pub struct HouseholdsMutation;

#[Object]
impl HouseholdsMutation {
    /// Adds a household in a village.
    async fn create_household(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateHouseholdInput,
    ) -> Result<HouseholdPayload> {
        mutation::create::<Households, _, _>(
            ctx,
            move || Ok(input.into()),
            Household,
            HouseholdPayload::new,
        )
        .await
    }

    /// Changes the fields given; refused with VERSION_CONFLICT if the household changed since read.
    async fn update_household(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateHouseholdInput,
    ) -> Result<HouseholdPayload> {
        mutation::update::<Households, _, _>(
            ctx,
            move || input.into_update(),
            Household,
            HouseholdPayload::new,
        )
        .await
    }

    /// Soft-deletes a household; refused while influencers are linked to it (see `endLinks`).
    async fn delete_household(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<HouseholdPayload> {
        mutation::delete::<Households, _, _>(ctx, input, Household, HouseholdPayload::new).await
    }

    /// Restores a soft-deleted household.
    async fn restore_household(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<HouseholdPayload> {
        mutation::restore::<Households, _, _>(ctx, input, Household, HouseholdPayload::new).await
    }

    /// Links an influencer to a household whose income they helped raise.
    async fn link_household(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The influencer, the household and the income increase.")]
        input: LinkHouseholdInput,
    ) -> Result<IncomeUpliftPayload> {
        create_uplift(ctx, input).await
    }

    /// Removes an influencer–household link (softly; `restoreIncomeUplift` brings it back).
    async fn unlink_household(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The link to remove and the `version` you read.")]
        input: UnlinkHouseholdInput,
    ) -> Result<IncomeUpliftPayload> {
        mutation::delete::<IncomeUplifts, _, _>(
            ctx,
            input.into(),
            IncomeUplift,
            IncomeUpliftPayload::new,
        )
        .await
    }

    /// Records an influencer–household link (the same as `linkHousehold`).
    async fn create_income_uplift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new record's fields.")] input: CreateIncomeUpliftInput,
    ) -> Result<IncomeUpliftPayload> {
        create_uplift(ctx, input).await
    }

    /// Corrects a link's start or income increase.
    async fn update_income_uplift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record, the `version` you read, and the fields to change.")]
        input: UpdateIncomeUpliftInput,
    ) -> Result<IncomeUpliftPayload> {
        mutation::update::<IncomeUplifts, _, _>(
            ctx,
            move || input.into_update(),
            IncomeUplift,
            IncomeUpliftPayload::new,
        )
        .await
    }

    /// Soft-deletes a link (the same as `unlinkHousehold`).
    async fn delete_income_uplift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The record to delete and the `version` you read.")] input: DeleteInput,
    ) -> Result<IncomeUpliftPayload> {
        mutation::delete::<IncomeUplifts, _, _>(ctx, input, IncomeUplift, IncomeUpliftPayload::new)
            .await
    }

    /// Restores a soft-deleted link.
    async fn restore_income_uplift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The soft-deleted record to restore.")] input: RestoreInput,
    ) -> Result<IncomeUpliftPayload> {
        mutation::restore::<IncomeUplifts, _, _>(ctx, input, IncomeUplift, IncomeUpliftPayload::new)
            .await
    }
}

/// Creates an income-uplift link: `linkHousehold` and `createIncomeUplift` are one write under
/// two names.
async fn create_uplift(
    ctx: &Context<'_>,
    input: impl Into<IncomeUpliftDraft> + Send + 'static,
) -> Result<IncomeUpliftPayload> {
    mutation::create::<IncomeUplifts, _, _>(
        ctx,
        move || Ok(input.into()),
        IncomeUplift,
        IncomeUpliftPayload::new,
    )
    .await
}
