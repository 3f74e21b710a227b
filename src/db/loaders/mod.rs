//! Per-request DataLoaders, one per relation, each batching its keys into one `IN (…)` query.
//! Each loader reads only the rows its caller may know exist (the policy's row rules, see
//! `db::visibility`); masking of fields stays in the resolvers that use them. A has-many
//! relation whose items refer to another row can read that row in the same statement
//! (`joined`).

mod fetch;
mod joined;

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

pub use fetch::{Count, Joined, Many, One, Window};
pub use joined::{Joins, Priming};

use super::batches::Batches;
use crate::auth::Viewer;
use crate::error::AppError;

macro_rules! loaders {
    ($($field:ident: $kind:ident<$module:ident, $key:ty> = $column:ident => |$m:ident| $key_expr:expr $(; joins $target:ident via $relation:ident as $item_field:literal)?),+ $(,)?) => {
        /// Every relation's loader, built fresh for each request.
        pub struct Loaders {
            /// When their fetches start (see `db::batches`).
            pub batches: Batches,
            /// Whether joined reads are kept for the loaders they feed (queries only).
            pub priming: Priming,
            $(pub $field: DataLoader<$kind<entity::$module::Entity, $key>>,)+
            pub history: DataLoader<AuditByRecord>,
        }

        impl Loaders {
            /// The loaders of one request (or one WebSocket connection) of `viewer`.
            pub fn new(db: &DatabaseConnection, viewer: &Viewer) -> Self {
                let batches = Batches::default();
                let spawner = || {
                    let batches = batches.clone();
                    move |fetch| batches.spawn(fetch)
                };
                let loaders = Self {
                    $($field: DataLoader::new(
                        $kind::new(db.clone(), viewer, entity::$module::Column::$column, |$m: &entity::$module::Model| -> $key { $key_expr }),
                        spawner(),
                    ).delay(std::time::Duration::ZERO),)+
                    history: DataLoader::new(AuditByRecord { db: db.clone() }, spawner())
                        .delay(std::time::Duration::ZERO),
                    batches,
                    priming: Priming::default(),
                };
                $($(loaders.$field.loader().reads().join_to(
                    sea_orm::RelationTrait::def(&entity::$module::Relation::$relation),
                    $item_field,
                    loaders.$target.loader(),
                    &loaders.priming,
                );)?)+
                loaders
            }
        }
    };
}

loaders! {
    region_by_code: One<region, String> = Code => |m| m.code.clone(),
    person_by_id: One<person, i64> = Id => |m| m.id; joins region_by_code via Region as "region",
    private_by_person: One<person_private, i64> = PersonId => |m| m.person_id,
    organization_by_id: One<organization, i64> = Id => |m| m.id; joins region_by_code via Region as "region",
    membership_by_id: One<membership, i64> = Id => |m| m.id,
    liaison_by_id: One<liaison_assignment, i64> = Id => |m| m.id,
    place_by_id: One<place, i64> = Id => |m| m.id,
    pairing_by_id: One<pairing, i64> = Id => |m| m.id,
    activity_by_id: One<activity, i64> = Id => |m| m.id,
    donation_by_id: One<donation, i64> = Id => |m| m.id,
    project_by_id: One<livelihood_project, i64> = Id => |m| m.id,
    suggestion_by_id: One<suggestion, i64> = Id => |m| m.id,
    mediation_by_id: One<mediation_case, i64> = Id => |m| m.id,
    work_by_id: One<publicity_work, i64> = Id => |m| m.id,
    publication_by_id: One<publication, i64> = Id => |m| m.id,
    account_by_id: One<platform_account, i64> = Id => |m| m.id,
    sales_by_id: One<sales_record, i64> = Id => |m| m.id,
    household_by_id: One<household, i64> = Id => |m| m.id,
    uplift_by_id: One<income_uplift, i64> = Id => |m| m.id,
    election_by_id: One<term_election, i64> = Id => |m| m.id,
    regions_by_parent: Many<region, String> = ParentCode => |m| m.parent_code.clone().unwrap_or_default(),
    categories_by_person: Many<person_category, i64> = PersonId => |m| m.person_id,
    memberships_by_person: Many<membership, i64> = PersonId => |m| m.person_id; joins organization_by_id via Organization as "organization",
    memberships_by_organization: Many<membership, i64> = OrganizationId => |m| m.organization_id; joins person_by_id via Person as "person",
    liaisons_by_person: Many<liaison_assignment, i64> = PersonId => |m| m.person_id,
    liaisons_by_region: Many<liaison_assignment, String> = RegionCode => |m| m.region_code.clone(),
    organizations_by_parent: Many<organization, i64> = ParentId => |m| m.parent_id.unwrap_or_default(),
    places_by_region: Many<place, String> = RegionCode => |m| m.region_code.clone(),
    places_by_host: Many<place, i64> = HostOrgId => |m| m.host_org_id.unwrap_or_default(),
    pairings_by_enterprise: Many<pairing, i64> = EnterpriseId => |m| m.enterprise_id; joins region_by_code via Village as "village",
    pairings_by_village: Many<pairing, String> = VillageCode => |m| m.village_code.clone(); joins organization_by_id via Enterprise as "enterprise",
    activities_by_region: Many<activity, String> = RegionCode => |m| m.region_code.clone(),
    activities_by_place: Many<activity, i64> = PlaceId => |m| m.place_id.unwrap_or_default(),
    activities_by_organizer: Many<activity, i64> = OrganizerId => |m| m.organizer_id.unwrap_or_default(),
    participants_by_activity: Many<activity_participant, i64> = ActivityId => |m| m.activity_id,
    participants_by_person: Many<activity_participant, i64> = PersonId => |m| m.person_id,
    donations_by_activity: Many<donation, i64> = ActivityId => |m| m.activity_id,
    suggestions_by_author: Many<suggestion, i64> = AuthorId => |m| m.author_id.unwrap_or_default(),
    suggestions_by_organization: Many<suggestion, i64> = SubmittingOrgId => |m| m.submitting_org_id.unwrap_or_default(),
    suggestions_by_project: Many<suggestion, i64> = LivelihoodProjectId => |m| m.livelihood_project_id.unwrap_or_default(),
    partners_by_case: Many<mediation_partner, i64> = CaseId => |m| m.case_id,
    publications_by_work: Many<publication, i64> = WorkId => |m| m.work_id,
    publications_by_outlet: Many<publication, i64> = OutletId => |m| m.outlet_id,
    accounts_by_person: Many<platform_account, i64> = PersonId => |m| m.person_id,
    sales_by_person: Many<sales_record, i64> = PersonId => |m| m.person_id,
    households_by_village: Many<household, String> = VillageCode => |m| m.village_code.clone(),
    uplifts_by_influencer: Many<income_uplift, i64> = InfluencerId => |m| m.influencer_id,
    uplifts_by_household: Many<income_uplift, i64> = HouseholdId => |m| m.household_id,
    elections_by_organization: Many<term_election, i64> = OrganizationId => |m| m.organization_id,
}

/// Audit entries of records, keyed by `(type name, record key)`: a record's `history`.
pub struct AuditByRecord {
    db: DatabaseConnection,
}

impl Loader<(String, String)> for AuditByRecord {
    type Value = Vec<entity::audit_entry::Model>;
    type Error = AppError;

    async fn load(
        &self,
        keys: &[(String, String)],
    ) -> Result<HashMap<(String, String), Self::Value>, Self::Error> {
        use entity::audit_entry::{Column, Entity};
        let mut grouped: HashMap<(String, String), Self::Value> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        let mut by_type: HashMap<&str, Vec<&str>> = HashMap::new();
        for (type_name, key) in keys {
            by_type.entry(type_name).or_default().push(key);
        }
        for (type_name, record_keys) in by_type {
            let rows = Entity::find()
                .filter(Column::EntityType.eq(type_name))
                .filter(Column::EntityKey.is_in(record_keys.iter().copied()))
                .order_by_asc(Column::Id)
                .all(&self.db)
                .await?;
            for row in rows {
                grouped
                    .entry((row.entity_type.clone(), row.entity_key.clone()))
                    .or_default()
                    .push(row);
            }
        }
        Ok(grouped)
    }
}
