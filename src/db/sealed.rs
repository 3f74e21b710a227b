//! The one place where the identifying personal columns are sealed and opened (decision 0025):
//! `person_private.id_number` and `person_private.phone` are stored as
//! `v1:<key id>:<base64(nonce ‖ ciphertext)>` (AES-256-GCM, a random nonce per value, the column
//! and the row as associated data), with an HMAC-SHA256 of the plaintext beside each
//! (`id_number_hash`, `phone_hash`) for equality lookups and the uniqueness of ID numbers.
//! Services handle plaintext: they seal with [`DataKeys::seal_private`] before writing and open
//! with [`DataKeys::open_private`] after reading. A value that does not open (tampered, moved to
//! another row, or sealed under a key that is not configured) is an INTERNAL error, never data.

pub mod reseal;
mod settings;

use std::sync::Arc;

use aes_gcm::aead::{Aead, Payload};
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use entity::person_private::Model;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::error::{AppError, AppResult};

/// Bytes of a data key (AES-256).
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;
/// The stored format's version: the prefix of every sealed value.
const VERSION: &str = "v1";

/// The development key: public (it is in the source and the README), used only when no key is
/// configured outside production, so that the demo works out of the box. Its base64 form is
/// `dG9uZ3hpbiBkZXZlbG9wbWVudCBrZXk6IFBVQkxJQyE=`.
pub const DEVELOPMENT_KEY: &[u8; KEY_BYTES] = b"tongxin development key: PUBLIC!";

/// A sealed column of `person_private`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    IdNumber,
    Phone,
}

impl Column {
    pub fn name(self) -> &'static str {
        match self {
            Self::IdNumber => "id_number",
            Self::Phone => "phone",
        }
    }

    /// The associated data: a value opens only in the column and row it was sealed for.
    fn binding(self, person_id: i64) -> String {
        format!("person_private.{}:{person_id}", self.name())
    }
}

/// One data key and what is derived from it.
#[derive(Clone)]
struct Key {
    /// 8 hex digits naming the key in stored values (derived, so it says nothing of the key).
    id: String,
    cipher: Aes256Gcm,
    /// HMAC keyed with the lookup key (separate from the encryption key), ready to clone.
    lookup: Hmac<Sha256>,
}

impl Key {
    fn new(secret: &[u8; KEY_BYTES]) -> AppResult<Self> {
        let kdf = Hkdf::<Sha256>::new(Some(b"tongxin data key"), secret);
        let derive = |label: &[u8], out: &mut [u8]| {
            kdf.expand(label, out)
                .map_err(|_| AppError::Internal("data key derivation failed".into()))
        };
        let mut encryption = [0u8; KEY_BYTES];
        derive(b"person_private encryption v1", &mut encryption)?;
        let mut lookup = [0u8; KEY_BYTES];
        derive(b"person_private lookup hash v1", &mut lookup)?;
        let mut id = [0u8; 4];
        derive(b"key id", &mut id)?;
        let cipher = Aes256Gcm::new_from_slice(&encryption)
            .map_err(|_| AppError::Internal("data key of the wrong length".into()))?;
        let lookup = <Hmac<Sha256> as Mac>::new_from_slice(&lookup)
            .map_err(|_| AppError::Internal("lookup key of the wrong length".into()))?;
        Ok(Self {
            id: hex::encode(id),
            cipher,
            lookup,
        })
    }

    fn seal(&self, column: Column, person_id: i64, plain: &str) -> AppResult<String> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let binding = column.binding(person_id);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: binding.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal(format!("could not seal {binding}")))?;
        let mut bytes = Vec::with_capacity(NONCE_BYTES + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(format!("{VERSION}:{}:{}", self.id, STANDARD.encode(bytes)))
    }

    fn open(&self, column: Column, person_id: i64, bytes: &[u8]) -> Option<String> {
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let nonce = Nonce::from(<[u8; NONCE_BYTES]>::try_from(nonce).ok()?);
        let binding = column.binding(person_id);
        let plain = self
            .cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: binding.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }

    /// `nonce ‖ ciphertext` of `plain`, bound to `binding`.
    fn seal_bytes(&self, binding: &str, plain: &[u8]) -> AppResult<Vec<u8>> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: binding.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal(format!("could not seal {binding}")))?;
        let mut bytes = Vec::with_capacity(NONCE_BYTES + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(bytes)
    }

    fn open_bytes(&self, binding: &str, bytes: &[u8]) -> Option<Vec<u8>> {
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let nonce = Nonce::from(<[u8; NONCE_BYTES]>::try_from(nonce).ok()?);
        self.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: binding.as_bytes(),
                },
            )
            .ok()
    }

    fn hash(&self, column: Column, plain: &str) -> AppResult<String> {
        let mut mac = self.lookup.clone();
        // The column is part of the input: equal text in two columns hashes differently.
        mac.update(column.name().as_bytes());
        mac.update(b"\0");
        mac.update(plain.as_bytes());
        Ok(hex::encode(mac.finalize().into_bytes()))
    }
}

struct Keyring {
    /// Seals, hashes and opens.
    current: Key,
    /// Open and hash only: the key before a rotation (or the one after it, while it runs).
    others: Vec<Key>,
}

impl Keyring {
    fn all(&self) -> impl Iterator<Item = &Key> {
        std::iter::once(&self.current).chain(&self.others)
    }
}

/// The configured data keys: cheap to clone. Built by `Config::data_keys` (production refuses
/// to start without one), or [`DataKeys::unusable`] when the configuration could not be read:
/// then every operation fails with INTERNAL instead of touching data.
#[derive(Clone)]
pub struct DataKeys(Option<Arc<Keyring>>);

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(ring) => {
                let others: Vec<&str> = ring.others.iter().map(|k| k.id.as_str()).collect();
                write!(
                    f,
                    "DataKeys(current {}, others {others:?})",
                    ring.current.id
                )
            }
            None => write!(f, "DataKeys(unusable)"),
        }
    }
}

/// The personal columns [`DataKeys::open_private`] opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opened {
    pub id_number: Option<String>,
    pub phone: Option<String>,
}

/// The stored form of the sealed columns, ready to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedColumns {
    pub id_number: Option<String>,
    pub id_number_hash: Option<String>,
    pub phone: Option<String>,
    pub phone_hash: Option<String>,
}

impl DataKeys {
    /// Seals with `current`; opens values sealed with it or with any of `others`.
    pub fn new(current: &[u8; KEY_BYTES], others: &[[u8; KEY_BYTES]]) -> AppResult<Self> {
        let current = Key::new(current)?;
        let mut ring = Keyring {
            current,
            others: Vec::new(),
        };
        for secret in others {
            let key = Key::new(secret)?;
            if ring.all().all(|k| k.id != key.id) {
                ring.others.push(key);
            }
        }
        Ok(Self(Some(Arc::new(ring))))
    }

    /// The public development key alone ([`DEVELOPMENT_KEY`]).
    pub fn development() -> AppResult<Self> {
        Self::new(DEVELOPMENT_KEY, &[])
    }

    /// Keys that refuse every operation (fail closed).
    pub fn unusable() -> Self {
        Self(None)
    }

    fn ring(&self) -> AppResult<&Keyring> {
        self.0
            .as_deref()
            .ok_or_else(|| AppError::Internal("no usable data key is configured".into()))
    }

    /// The id of the key that seals, as stored values name it.
    pub fn current_id(&self) -> AppResult<&str> {
        Ok(&self.ring()?.current.id)
    }

    /// Whether `secret` is the key that seals.
    pub fn is_current_key(&self, secret: &[u8; KEY_BYTES]) -> AppResult<bool> {
        Ok(Key::new(secret)?.id == self.current_id()?)
    }

    /// These keys with `secret` as the sealing key and the current one kept for opening: what
    /// a rotation to `secret` seals with.
    pub fn rotated_to(&self, secret: &[u8; KEY_BYTES]) -> AppResult<Self> {
        let ring = self.ring()?;
        let new = Key::new(secret)?;
        let mut others = Vec::new();
        for key in ring.all() {
            if key.id != new.id && others.iter().all(|k: &Key| k.id != key.id) {
                others.push(key.clone());
            }
        }
        Ok(Self(Some(Arc::new(Keyring {
            current: new,
            others,
        }))))
    }

    /// `plain` sealed for `column` of person `person_id` with the current key.
    pub fn seal(&self, column: Column, person_id: i64, plain: &str) -> AppResult<String> {
        self.ring()?.current.seal(column, person_id, plain)
    }

    /// The plaintext of a value stored in `column` of person `person_id`. Fails (INTERNAL,
    /// logged with the row, never the value) unless it is a well-formed sealed value that opens
    /// with one of the configured keys for exactly this column and row.
    pub fn open(&self, column: Column, person_id: i64, stored: &str) -> AppResult<String> {
        let ring = self.ring()?;
        let failed = |why: &str| {
            AppError::Internal(format!(
                "person_private.{} of person {person_id} does not open: {why}",
                column.name()
            ))
        };
        let mut parts = stored.splitn(3, ':');
        let (Some(VERSION), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(failed("not a sealed value"));
        };
        let bytes = STANDARD
            .decode(body)
            .map_err(|_| failed("not base64 after the key id"))?;
        let mut candidates = ring.all().filter(|k| k.id == key_id).peekable();
        if candidates.peek().is_none() {
            return Err(failed("sealed under a key that is not configured"));
        }
        candidates
            .find_map(|key| key.open(column, person_id, &bytes))
            .ok_or_else(|| failed("it fails authentication (altered, or moved from another row)"))
    }

    /// A file sealed with the current key for the place `binding` names (e.g.
    /// `import_upload:42`): the key's id and `nonce ‖ ciphertext`. It opens only under the
    /// same binding, so a sealed file copied to another row does not open there.
    pub fn seal_file(&self, binding: &str, plain: &[u8]) -> AppResult<(String, Vec<u8>)> {
        let key = &self.ring()?.current;
        Ok((key.id.clone(), key.seal_bytes(binding, plain)?))
    }

    /// The bytes of a file [`DataKeys::seal_file`] sealed for `binding` with key `key_id`;
    /// INTERNAL when no configured key opens it.
    pub fn open_file(&self, binding: &str, key_id: &str, sealed: &[u8]) -> AppResult<Vec<u8>> {
        self.ring()?
            .all()
            .filter(|k| k.id == key_id)
            .find_map(|key| key.open_bytes(binding, sealed))
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "{binding} does not open: sealed under a key that is not configured, or altered"
                ))
            })
    }

    /// The lookup hash of `plain` in `column` under the current key.
    pub fn hash(&self, column: Column, plain: &str) -> AppResult<String> {
        self.ring()?.current.hash(column, plain)
    }

    /// The lookup hashes of `plain` under every configured key: rows written before (or
    /// during) a rotation carry another key's hash.
    pub fn hashes(&self, column: Column, plain: &str) -> AppResult<Vec<String>> {
        self.ring()?
            .all()
            .map(|key| key.hash(column, plain))
            .collect()
    }

    /// Whether `stored` is sealed with the current key.
    pub fn is_current(&self, stored: &str) -> bool {
        self.0.as_deref().is_some_and(|ring| {
            stored
                .strip_prefix(VERSION)
                .and_then(|rest| rest.strip_prefix(':'))
                .and_then(|rest| rest.strip_prefix(ring.current.id.as_str()))
                .is_some_and(|rest| rest.starts_with(':'))
        })
    }

    /// The plaintext of one sealed column of a stored row.
    pub fn open_column(&self, row: &Model, column: Column) -> AppResult<Option<String>> {
        let stored = match column {
            Column::IdNumber => &row.id_number,
            Column::Phone => &row.phone,
        };
        stored
            .as_deref()
            .map(|s| self.open(column, row.person_id, s))
            .transpose()
    }

    /// The plaintext ID number and phone of a stored row.
    pub fn open_private(&self, row: &Model) -> AppResult<Opened> {
        Ok(Opened {
            id_number: self.open_column(row, Column::IdNumber)?,
            phone: self.open_column(row, Column::Phone)?,
        })
    }

    /// The stored columns for person `person_id`'s plaintext ID number and phone. A value equal
    /// to what `stored` holds keeps its stored form when that is sealed with the current key,
    /// so that an unchanged value is not a change (in the audit trail, or to a reader).
    pub fn seal_private(
        &self,
        person_id: i64,
        id_number: Option<&str>,
        phone: Option<&str>,
        stored: Option<&Model>,
    ) -> AppResult<SealedColumns> {
        let opened = stored.map(|row| self.open_private(row)).transpose()?;
        let seal = |column: Column,
                    plain: Option<&str>,
                    was: Option<&str>,
                    was_sealed: Option<&String>,
                    was_hash: Option<&String>|
         -> AppResult<(Option<String>, Option<String>)> {
            let Some(plain) = plain else {
                return Ok((None, None));
            };
            if let (Some(was), Some(sealed), Some(hash)) = (was, was_sealed, was_hash)
                && was == plain
                && self.is_current(sealed)
            {
                return Ok((Some(sealed.clone()), Some(hash.clone())));
            }
            Ok((
                Some(self.seal(column, person_id, plain)?),
                Some(self.hash(column, plain)?),
            ))
        };
        let (id_number, id_number_hash) = seal(
            Column::IdNumber,
            id_number,
            opened.as_ref().and_then(|o| o.id_number.as_deref()),
            stored.and_then(|r| r.id_number.as_ref()),
            stored.and_then(|r| r.id_number_hash.as_ref()),
        )?;
        let (phone, phone_hash) = seal(
            Column::Phone,
            phone,
            opened.as_ref().and_then(|o| o.phone.as_deref()),
            stored.and_then(|r| r.phone.as_ref()),
            stored.and_then(|r| r.phone_hash.as_ref()),
        )?;
        Ok(SealedColumns {
            id_number,
            id_number_hash,
            phone,
            phone_hash,
        })
    }

    /// Rows built with plaintext ID numbers and phones (the seeders'), sealed for storage.
    pub fn seal_rows(&self, rows: Vec<Model>) -> AppResult<Vec<Model>> {
        rows.into_iter()
            .map(|mut row| {
                let sealed = self.seal_private(
                    row.person_id,
                    row.id_number.as_deref(),
                    row.phone.as_deref(),
                    None,
                )?;
                row.id_number = sealed.id_number;
                row.id_number_hash = sealed.id_number_hash;
                row.phone = sealed.phone;
                row.phone_hash = sealed.phone_hash;
                Ok(row)
            })
            .collect()
    }
}

/// A data key as configured: base64 of 32 bytes (e.g. `openssl rand -base64 32`).
pub fn parse_key(text: &str) -> Result<[u8; KEY_BYTES], String> {
    let bytes = STANDARD
        .decode(text.trim())
        .map_err(|_| "a data key is the base64 encoding of 32 random bytes".to_owned())?;
    <[u8; KEY_BYTES]>::try_from(bytes.as_slice()).map_err(|_| {
        format!(
            "a data key is 32 bytes (base64 of 32 random bytes), not {}",
            bytes.len()
        )
    })
}

/// A new random data key, base64-encoded (`tongxin keys generate`).
pub fn generate_key() -> String {
    let mut key = [0u8; KEY_BYTES];
    rand::rng().fill_bytes(&mut key);
    STANDARD.encode(key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn keys(byte: u8) -> DataKeys {
        DataKeys::new(&[byte; KEY_BYTES], &[]).unwrap()
    }

    #[test]
    fn a_sealed_value_opens_only_in_its_own_column_and_row() {
        let keys = keys(1);
        let sealed = keys
            .seal(Column::IdNumber, 7, "620402198506121237")
            .unwrap();
        assert!(sealed.starts_with(&format!("v1:{}:", keys.current_id().unwrap())));
        assert!(!sealed.contains("1985"), "{sealed}");
        assert_eq!(
            keys.open(Column::IdNumber, 7, &sealed).unwrap(),
            "620402198506121237"
        );
        // Moved to another person, or to the phone column: refused, not someone's data.
        let moved = keys.open(Column::IdNumber, 8, &sealed).unwrap_err();
        assert_eq!(moved.code(), "INTERNAL");
        assert!(keys.open(Column::Phone, 7, &sealed).is_err());
    }

    #[test]
    fn a_sealed_file_opens_only_under_its_binding_and_key() {
        let keys = keys(1);
        let plain = "姓名,公民身份号码\n王芳,620402198506121237\n".as_bytes();
        let (key_id, sealed) = keys.seal_file("import_upload:3", plain).unwrap();
        assert_eq!(key_id, keys.current_id().unwrap());
        assert!(!sealed.windows(4).any(|w| w == b"1985"));
        assert_eq!(
            keys.open_file("import_upload:3", &key_id, &sealed).unwrap(),
            plain
        );
        assert!(keys.open_file("import_upload:4", &key_id, &sealed).is_err());
        let other = self::keys(2);
        assert!(
            other
                .open_file("import_upload:3", &key_id, &sealed)
                .is_err()
        );
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(
            keys.open_file("import_upload:3", &key_id, &altered)
                .is_err()
        );
    }

    #[test]
    fn the_same_value_seals_differently_each_time() {
        let keys = keys(1);
        let a = keys.seal(Column::Phone, 1, "13812341234").unwrap();
        let b = keys.seal(Column::Phone, 1, "13812341234").unwrap();
        assert_ne!(a, b, "a random nonce per value");
        assert_eq!(
            keys.hash(Column::Phone, "13812341234").unwrap(),
            keys.hash(Column::Phone, "13812341234").unwrap(),
            "the lookup hash is deterministic"
        );
    }

    #[test]
    fn altered_or_malformed_values_fail_closed() {
        let keys = keys(1);
        let sealed = keys.seal(Column::Phone, 3, "13812341234").unwrap();
        let (head, body) = sealed.rsplit_once(':').unwrap();
        let mut bytes = STANDARD.decode(body).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let flipped = format!("{head}:{}", STANDARD.encode(&bytes));
        for stored in [
            flipped.as_str(),
            "13812341234",
            "v1:",
            "v1:zzzz:AAAA",
            &format!("{head}:!!!"),
            &format!("{head}:AAAA"),
            &sealed.replacen("v1:", "v2:", 1),
        ] {
            let err = keys.open(Column::Phone, 3, stored).unwrap_err();
            assert_eq!(err.code(), "INTERNAL", "{stored}");
            assert!(
                !err.to_string().contains("1381"),
                "the message names no value"
            );
        }
    }

    #[test]
    fn another_key_neither_opens_nor_matches() {
        let (a, b) = (keys(1), keys(2));
        let sealed = a.seal(Column::IdNumber, 1, "x").unwrap();
        assert!(b.open(Column::IdNumber, 1, &sealed).is_err());
        assert_ne!(
            a.hash(Column::IdNumber, "x").unwrap(),
            b.hash(Column::IdNumber, "x").unwrap()
        );
        assert_ne!(
            a.hash(Column::IdNumber, "x").unwrap(),
            a.hash(Column::Phone, "x").unwrap(),
            "each column hashes apart"
        );
    }

    #[test]
    fn during_a_rotation_both_keys_open_and_the_new_one_seals() {
        let old = keys(1);
        let before = old.seal(Column::Phone, 1, "13812341234").unwrap();
        let both = old.rotated_to(&[2; KEY_BYTES]).unwrap();
        assert_eq!(both.open(Column::Phone, 1, &before).unwrap(), "13812341234");
        let after = both.seal(Column::Phone, 1, "13812341234").unwrap();
        assert!(both.is_current(&after) && !both.is_current(&before));
        assert!(old.open(Column::Phone, 1, &after).is_err());
        let hashes = both.hashes(Column::Phone, "13812341234").unwrap();
        assert_eq!(hashes.len(), 2);
        assert!(hashes.contains(&old.hash(Column::Phone, "13812341234").unwrap()));
        // Configured as current + previous, the server reads what either sealed.
        let configured = DataKeys::new(&[2; KEY_BYTES], &[[1; KEY_BYTES]]).unwrap();
        assert_eq!(
            configured.open(Column::Phone, 1, &before).unwrap(),
            "13812341234"
        );
        assert_eq!(
            configured.open(Column::Phone, 1, &after).unwrap(),
            "13812341234"
        );
    }

    #[test]
    fn unusable_keys_refuse_everything() {
        let keys = DataKeys::unusable();
        assert_eq!(
            keys.seal(Column::Phone, 1, "1").unwrap_err().code(),
            "INTERNAL"
        );
        assert!(keys.hash(Column::Phone, "1").is_err());
        assert!(!keys.is_current("v1:00000000:AAAA"));
    }

    #[test]
    fn unchanged_values_keep_their_stored_form() {
        let keys = keys(1);
        let mut row = stored_row(4);
        let first = keys
            .seal_private(4, Some("620402198506121237"), Some("13812341234"), None)
            .unwrap();
        row.id_number = first.id_number.clone();
        row.id_number_hash = first.id_number_hash.clone();
        row.phone = first.phone.clone();
        row.phone_hash = first.phone_hash.clone();
        let again = keys
            .seal_private(
                4,
                Some("620402198506121237"),
                Some("13912341234"),
                Some(&row),
            )
            .unwrap();
        assert_eq!(again.id_number, first.id_number);
        assert_ne!(again.phone, first.phone);
        assert_eq!(
            keys.open(Column::Phone, 4, again.phone.as_deref().unwrap())
                .unwrap(),
            "13912341234"
        );
        // Sealed under an older key: written again under the current one.
        let rotated = keys.rotated_to(&[9; KEY_BYTES]).unwrap();
        let moved = rotated
            .seal_private(4, Some("620402198506121237"), None, Some(&row))
            .unwrap();
        assert!(rotated.is_current(moved.id_number.as_deref().unwrap()));
        assert_eq!(moved.phone, None);
        assert_eq!(moved.phone_hash, None);
    }

    fn stored_row(person_id: i64) -> Model {
        let now = chrono::Utc::now();
        Model {
            person_id,
            id_number: None,
            id_number_hash: None,
            phone: None,
            phone_hash: None,
            birth_date: None,
            address: None,
            ethnicity: None,
            political_status: None,
            religion: None,
            created_at: now,
            updated_at: now,
            version: 1,
            deleted_at: None,
        }
    }

    #[test]
    fn keys_are_base64_of_32_bytes() {
        assert_eq!(
            parse_key("dG9uZ3hpbiBkZXZlbG9wbWVudCBrZXk6IFBVQkxJQyE=").unwrap(),
            *DEVELOPMENT_KEY
        );
        assert!(parse_key("c2hvcnQ=").unwrap_err().contains("not 5"));
        assert!(parse_key("not base64!").is_err());
        let generated = generate_key();
        assert!(parse_key(&generated).is_ok());
        assert_ne!(generated, generate_key());
    }
}
