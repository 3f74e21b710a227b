//! Who is calling: the `Viewer` every resolver can read from the request context.

pub mod policy;

use crate::domain::region_code::RegionCode;

/// Roles, from least to most privileged (API.md).
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// No token: public places, regions, organizations and aggregates only.
    Public,
    /// Reads everything, personal data masked.
    Viewer,
    /// Viewer plus aggregates and exports.
    Analyst,
    /// Reads and changes records inside a region subtree.
    Editor,
    /// Everything, including tokens and the audit log.
    Admin,
}

/// The caller of one request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub role: Role,
    /// The region subtree the caller is limited to; `None` means the whole city.
    pub region_scope: Option<RegionCode>,
    /// Stable identity for audit entries: a token name, a JWT subject, or `anonymous`.
    pub subject: String,
}

impl Viewer {
    pub fn public() -> Self {
        Self {
            role: Role::Public,
            region_scope: None,
            subject: "anonymous".into(),
        }
    }

    pub fn system() -> Self {
        Self {
            role: Role::Admin,
            region_scope: None,
            subject: "system".into(),
        }
    }
}
