//! Domain vocabulary and rules that need no database: enumerations, codes, validation, masking.

pub mod aliases;
pub mod change;
pub mod enums;
pub mod ethnicity;
pub mod masking;
pub mod org_name;
pub mod pinyin;
mod record_kind;
pub mod region_code;
pub mod validate;

pub use record_kind::RecordKind;
