//! Checks for the identifiers: the unified social credit code, the
//! resident identity number and the mainland mobile number. Pure functions, no database.

pub mod credit_code;
pub mod explain;
pub mod id_number;
pub mod phone;

pub use credit_code::CreditCodeError;
pub use id_number::{IdNumber, IdNumberError};
pub use phone::PhoneError;
