//! What the generic query and write code needs to know about each table: its key, its
//! bookkeeping columns, the name the API and audit trail use, and which fields are personal.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};

pub use crate::ids::{RecordType, Typed};

/// A table keyed by one column: enough to page through it.
pub trait Keyed: EntityTrait {
    /// The primary-key column, also the stable tie-breaker of every ordering.
    fn key_column() -> Self::Column;
}

/// The audit trail: keyed, but never versioned or deleted.
impl Keyed for entity::audit_entry::Entity {
    fn key_column() -> Self::Column {
        entity::audit_entry::Column::Id
    }
}

impl Typed for entity::audit_entry::Entity {
    const TYPE_NAME: &'static str = "AuditEntry";
}

/// The access log: append-only.
impl Keyed for entity::access_log::Entity {
    fn key_column() -> Self::Column {
        entity::access_log::Column::Id
    }
}

impl Typed for entity::api_token::Entity {
    const TYPE_NAME: &'static str = "ApiToken";
}

/// API tokens: keyed; revoked, never deleted.
impl Keyed for entity::api_token::Entity {
    fn key_column() -> Self::Column {
        entity::api_token::Column::Id
    }
}

/// Import jobs: keyed; never versioned or deleted.
impl Keyed for entity::import_job::Entity {
    fn key_column() -> Self::Column {
        entity::import_job::Column::Id
    }
}

/// A table whose rows are soft-deleted, versioned and keyed by one column.
pub trait Table: Keyed + Typed {
    /// Fields holding personal data: masked in audit entries.
    const PERSONAL: &'static [&'static str] = &[];
    /// `deleted_at`: rows with a value are hidden from every query.
    fn deleted_at() -> Self::Column;
    /// `version`: incremented by every change (optimistic concurrency).
    fn version() -> Self::Column;
    fn created_at() -> Self::Column;
    fn updated_at() -> Self::Column;
    /// All rows that are not soft-deleted.
    fn live() -> Select<Self> {
        Self::find().filter(Self::deleted_at().is_null())
    }
}

/// A stored row keyed by an integer `id`: what relation lists page by and what the demo data
/// numbers.
pub trait IdRow {
    fn id(&self) -> i64;
    /// The row's `version` (optimistic concurrency).
    fn version(&self) -> i32;
    fn created_at(&self) -> chrono::DateTime<chrono::Utc>;
    fn updated_at(&self) -> chrono::DateTime<chrono::Utc>;
    fn is_deleted(&self) -> bool;
    fn set_id(&mut self, id: i64);
    /// Marks the row soft-deleted at `at`.
    fn set_deleted_at(&mut self, at: chrono::DateTime<chrono::Utc>);
}

/// One table's declaration: its key column, the record type its rows are addressed as (or a
/// type name of its own for parts of a record) and its personal fields. Tables keyed by `Id`
/// are also [`IdRow`]s.
macro_rules! table {
    ($module:ident => Id as $($rest:tt)+) => {
        table!(@table $module => Id as $($rest)+);
        impl IdRow for entity::$module::Model {
            fn id(&self) -> i64 {
                self.id
            }
            fn version(&self) -> i32 {
                self.version
            }
            fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
                self.created_at
            }
            fn updated_at(&self) -> chrono::DateTime<chrono::Utc> {
                self.updated_at
            }
            fn is_deleted(&self) -> bool {
                self.deleted_at.is_some()
            }
            fn set_id(&mut self, id: i64) {
                self.id = id;
            }
            fn set_deleted_at(&mut self, at: chrono::DateTime<chrono::Utc>) {
                self.deleted_at = Some(at);
            }
        }
    };
    ($module:ident => $key:ident as $($rest:tt)+) => {
        table!(@table $module => $key as $($rest)+);
    };
    (@table $module:ident => $key:ident as $record:ident $([$($personal:literal),+])?) => {
        impl Typed for entity::$module::Entity {
            const TYPE_NAME: &'static str = RecordType::$record.name();
            const RECORD: Option<RecordType> = Some(RecordType::$record);
        }
        table!(@common $module => $key $([$($personal),+])?);
    };
    (@table $module:ident => $key:ident as $type_name:literal $([$($personal:literal),+])?) => {
        impl Typed for entity::$module::Entity {
            const TYPE_NAME: &'static str = $type_name;
        }
        table!(@common $module => $key $([$($personal),+])?);
    };
    (@common $module:ident => $key:ident $([$($personal:literal),+])?) => {
        impl Keyed for entity::$module::Entity {
            fn key_column() -> Self::Column {
                entity::$module::Column::$key
            }
        }

        impl Table for entity::$module::Entity {
            $(const PERSONAL: &'static [&'static str] = &[$($personal),+];)?
            fn deleted_at() -> Self::Column {
                entity::$module::Column::DeletedAt
            }
            fn version() -> Self::Column {
                entity::$module::Column::Version
            }
            fn created_at() -> Self::Column {
                entity::$module::Column::CreatedAt
            }
            fn updated_at() -> Self::Column {
                entity::$module::Column::UpdatedAt
            }
        }
    };
}

macro_rules! tables {
    ($($module:ident => $key:ident as $name:tt $([$($personal:literal),+])?),+ $(,)?) => {
        $(table!($module => $key as $name $([$($personal),+])?);)+
    };
}

// Record types take their name from `RecordType`; parts of a record (private data, categories,
// participants, partners) and places (bases and homes alike) name themselves.
tables! {
    region => Code as Region,
    person => Id as Person,
    person_private => PersonId as "PersonPrivate" [
        "id_number", "phone", "birth_date", "address", "ethnicity", "political_status", "religion"
    ],
    person_category => Id as "PersonCategory" ["category", "subcategory"],
    organization => Id as Organization,
    membership => Id as Membership,
    liaison_assignment => Id as LiaisonAssignment,
    place => Id as "Place",
    pairing => Id as Pairing,
    activity => Id as Activity,
    activity_participant => Id as "ActivityParticipant",
    donation => Id as Donation,
    livelihood_project => Id as LivelihoodProject,
    suggestion => Id as Suggestion,
    mediation_case => Id as MediationCase,
    mediation_partner => Id as "MediationPartner",
    publicity_work => Id as PublicityWork,
    publication => Id as Publication,
    platform_account => Id as PlatformAccount,
    sales_record => Id as SalesRecord,
    household => Id as Household ["head_name"],
    income_uplift => Id as IncomeUplift,
    term_election => Id as TermElection,
}
