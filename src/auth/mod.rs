//! Who is calling: the `Viewer` every resolver can read from the request context.

pub mod jwt;
pub mod policy;
pub mod tokens;
pub mod verified;

use crate::domain::region_code::RegionCode;

/// Roles a caller acts with, from least to most privileged.
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

/// Turns `Authorization` headers into viewers: API tokens and, when configured, JWTs.
pub struct Authenticator {
    jwt: Option<jwt::JwtVerifier>,
}

/// A credential was presented and refused (unknown, revoked, expired, forged or malformed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unauthenticated;

/// Who a checked credential belongs to, however its header was spelled: what per-caller
/// limits count against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    /// No credential (the client's address stands in for it).
    Anonymous,
    /// An API token, by its id.
    Token(i64),
    /// A JWT, by its subject (`jwt:…`, as in audit entries).
    Jwt(String),
}

impl Authenticator {
    pub fn new(jwt: Option<jwt::JwtVerifier>) -> Self {
        Self { jwt }
    }

    /// The caller of a request: PUBLIC without a header, the token's viewer with a valid one,
    /// `Err(Unauthenticated)` for anything presented that does not check out.
    pub async fn viewer(
        &self,
        db: &sea_orm::DatabaseConnection,
        authorization: Option<&str>,
    ) -> crate::error::AppResult<Result<Viewer, Unauthenticated>> {
        Ok(self
            .identify(db, authorization)
            .await?
            .map(|(viewer, _)| viewer))
    }

    /// [`Self::viewer`], with the principal the credential belongs to.
    pub async fn identify(
        &self,
        db: &sea_orm::DatabaseConnection,
        authorization: Option<&str>,
    ) -> crate::error::AppResult<Result<(Viewer, Principal), Unauthenticated>> {
        let Some(header) = authorization else {
            return Ok(Ok((Viewer::public(), Principal::Anonymous)));
        };
        let Some(credential) = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|c| !c.is_empty())
        else {
            return Ok(Err(Unauthenticated));
        };
        if credential.starts_with(tokens::PREFIX) {
            return Ok(tokens::verify(db, credential)
                .await?
                .map(|(id, viewer)| (viewer, Principal::Token(id)))
                .ok_or(Unauthenticated));
        }
        Ok(self
            .jwt
            .as_ref()
            .and_then(|verifier| verifier.verify(credential))
            .map(|viewer| {
                let principal = Principal::Jwt(viewer.subject.clone());
                (viewer, principal)
            })
            .ok_or(Unauthenticated))
    }
}
