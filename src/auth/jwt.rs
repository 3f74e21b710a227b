//! JWTs from an external identity provider: RS256 or EdDSA (PEM public key or JWKS file), or
//! HS256 with a long shared secret. `iss`, `aud` and `exp` are required; `alg: none` and any
//! algorithm other than the configured one are refused.

use std::collections::HashSet;

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde_json::Value;

use super::Viewer;
use super::tokens::parse_role;
use crate::domain::region_code::RegionCode;

/// How JWTs are checked; built once from configuration.
pub struct JwtVerifier {
    keys: Keys,
    algorithm: Algorithm,
    validation: Validation,
    role_claim: String,
    region_claim: String,
}

enum Keys {
    One(DecodingKey),
    Set(JwkSet),
}

pub use crate::config::JwtConfig;

impl JwtVerifier {
    /// `Ok(None)` when JWTs are not configured; an error when the configuration is unusable.
    pub fn from_config(config: &JwtConfig) -> anyhow::Result<Option<Self>> {
        let (Some(issuer), Some(audience)) = (&config.jwt_issuer, &config.jwt_audience) else {
            return Ok(None);
        };
        let (keys, algorithm) = if let Some(path) = &config.jwt_jwks_file {
            let set: JwkSet = serde_json::from_slice(&std::fs::read(path)?)?;
            let algorithm = set
                .keys
                .iter()
                .find_map(|k| k.common.key_algorithm)
                .and_then(|a| a.to_string().parse::<Algorithm>().ok())
                .unwrap_or(Algorithm::RS256);
            (Keys::Set(set), algorithm)
        } else if let Some(path) = &config.jwt_public_key_file {
            let pem = std::fs::read(path)?;
            match DecodingKey::from_rsa_pem(&pem) {
                Ok(key) => (Keys::One(key), Algorithm::RS256),
                Err(_) => (Keys::One(DecodingKey::from_ed_pem(&pem)?), Algorithm::EdDSA),
            }
        } else if let Some(secret) = &config.jwt_hs256_secret {
            anyhow::ensure!(
                secret.len() >= 32,
                "TONGXIN_JWT_HS256_SECRET must have at least 32 bytes"
            );
            (
                Keys::One(DecodingKey::from_secret(secret.as_bytes())),
                Algorithm::HS256,
            )
        } else {
            anyhow::bail!(
                "JWT issuer and audience are set but no key: set a public key, JWKS file or HS256 secret"
            );
        };
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.required_spec_claims = HashSet::from(["exp", "iss", "aud"].map(String::from));
        validation.leeway = config.jwt_leeway_seconds;
        validation.validate_nbf = true;
        Ok(Some(Self {
            keys,
            algorithm,
            validation,
            role_claim: config.jwt_role_claim.clone(),
            region_claim: config.jwt_region_claim.clone(),
        }))
    }

    /// The viewer a JWT stands for, or `None` when it fails any check.
    pub fn verify(&self, token: &str) -> Option<Viewer> {
        let header = decode_header(token).ok()?;
        if header.alg != self.algorithm {
            return None;
        }
        let key = match &self.keys {
            Keys::One(key) => key.clone(),
            Keys::Set(set) => {
                let jwk = match &header.kid {
                    Some(kid) => set.find(kid)?,
                    None if set.keys.len() == 1 => set.keys.first()?,
                    None => return None,
                };
                DecodingKey::from_jwk(jwk).ok()?
            }
        };
        let claims = decode::<Value>(token, &key, &self.validation).ok()?.claims;
        let role = parse_role(claims.get(&self.role_claim)?.as_str()?)?;
        let region_scope = match claims.get(&self.region_claim) {
            None | Some(Value::Null) => None,
            Some(value) => Some(RegionCode::parse(value.as_str()?).ok()?),
        };
        if !super::policy::credential_scope_allowed(role, region_scope.as_ref()) {
            return None;
        }
        let subject = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or("unknown");
        Some(Viewer {
            role,
            region_scope,
            subject: format!("jwt:{subject}"),
        })
    }
}
