//! Relay global ids: opaque, stable `base64url("Type:key")`.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::{AppError, AppResult};

/// Every record type clients address by global id and can watch for changes: the one list of
/// them. A new record type adds a variant here, and the compiler then points at each place that
/// must handle it (node resolution, change events, search, the graph).
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[graphql(name = "ChangeType")]
pub enum RecordType {
    /// 区划
    Region,
    /// 人员
    Person,
    /// 组织
    Organization,
    /// 成员关系
    Membership,
    /// 联络员任职
    LiaisonAssignment,
    /// 基地（站、点）
    Base,
    /// 家园
    Home,
    /// 结对
    Pairing,
    /// 活动
    Activity,
    /// 捐赠
    Donation,
    /// 建言
    Suggestion,
    /// 民生项目
    LivelihoodProject,
    /// 调解案件
    MediationCase,
    /// 宣传作品
    PublicityWork,
    /// 作品刊发
    Publication,
    /// 平台账号
    PlatformAccount,
    /// 带货销售
    SalesRecord,
    /// 帮扶农户
    Household,
    /// 增收帮带
    IncomeUplift,
    /// 换届
    TermElection,
}

impl RecordType {
    pub const ALL: [Self; 20] = [
        Self::Region,
        Self::Person,
        Self::Organization,
        Self::Membership,
        Self::LiaisonAssignment,
        Self::Base,
        Self::Home,
        Self::Pairing,
        Self::Activity,
        Self::Donation,
        Self::Suggestion,
        Self::LivelihoodProject,
        Self::MediationCase,
        Self::PublicityWork,
        Self::Publication,
        Self::PlatformAccount,
        Self::SalesRecord,
        Self::Household,
        Self::IncomeUplift,
        Self::TermElection,
    ];

    /// The type name global ids and audit entries carry, e.g. `Person`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Region => "Region",
            Self::Person => "Person",
            Self::Organization => "Organization",
            Self::Membership => "Membership",
            Self::LiaisonAssignment => "LiaisonAssignment",
            Self::Base => "Base",
            Self::Home => "Home",
            Self::Pairing => "Pairing",
            Self::Activity => "Activity",
            Self::Donation => "Donation",
            Self::Suggestion => "Suggestion",
            Self::LivelihoodProject => "LivelihoodProject",
            Self::MediationCase => "MediationCase",
            Self::PublicityWork => "PublicityWork",
            Self::Publication => "Publication",
            Self::PlatformAccount => "PlatformAccount",
            Self::SalesRecord => "SalesRecord",
            Self::Household => "Household",
            Self::IncomeUplift => "IncomeUplift",
            Self::TermElection => "TermElection",
        }
    }

    /// The record type a global id's type name names.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

pub fn encode(type_name: &str, key: impl std::fmt::Display) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}")))
}

/// Splits a global id into its type name and key.
pub fn decode(id: &str) -> AppResult<(String, String)> {
    let malformed = || {
        AppError::bad_input(format!(
            "malformed id {id:?}: pass an id returned by this API"
        ))
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(id.as_bytes())
        .map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    let (type_name, key) = text.split_once(':').ok_or_else(malformed)?;
    if type_name.is_empty() || key.is_empty() {
        return Err(malformed());
    }
    Ok((type_name.to_owned(), key.to_owned()))
}

/// A record type clients address by global id: its name, the part before the key.
pub trait Typed {
    /// The record's type name in the API and the audit trail, e.g. `Organization`.
    const TYPE_NAME: &'static str;
    /// The record type the rows are addressed as; `None` for parts of a record (its private
    /// data, categories, participants) and for tables whose rows are more than one type
    /// (places are bases or homes).
    const RECORD: Option<RecordType> = None;
}

/// The global id of the `T` keyed `key`.
pub fn of<T: Typed>(key: impl std::fmt::Display) -> ID {
    encode(T::TYPE_NAME, key)
}

/// The integer key of a global id that must name a `T`; any other id is bad input.
pub fn key<T: Typed>(id: &str) -> AppResult<i64> {
    decode_int(id, T::TYPE_NAME)
}

/// A reference to a `T` as the caller named it, decoded where the request arrives: the key,
/// or none when the id was malformed or named another type. The service reports a reference
/// without a key beside its other checks of the same input (INVALID_ID on that field).
pub struct Ref<T> {
    key: Option<i64>,
    of: std::marker::PhantomData<fn() -> T>,
}

impl<T: Typed> Ref<T> {
    /// Decodes a global id that should name a `T`.
    pub fn decode(id: &str) -> Self {
        Self {
            key: key::<T>(id).ok(),
            of: std::marker::PhantomData,
        }
    }
}

impl<T> Ref<T> {
    /// The reference to the `T` keyed `key`.
    pub fn to(key: i64) -> Self {
        Self {
            key: Some(key),
            of: std::marker::PhantomData,
        }
    }

    /// The key named, or `None` for an id that named no `T`.
    pub fn key(&self) -> Option<i64> {
        self.key
    }
}

impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ref<T> {}

impl<T> std::fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Ref").field(&self.key).finish()
    }
}

impl<T> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

/// A base or home as the caller named it (both are places, addressed as `Base` or `Home`),
/// decoded where the request arrives: which of the two and its key, or none when the id was
/// malformed or named anything else (reported as INVALID_ID by the service).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlaceRef(Option<(RecordType, i64)>);

impl PlaceRef {
    /// Decodes a global id that should name a base or a home.
    pub fn decode(id: &str) -> Self {
        let named = decode(id).ok().and_then(|(type_name, key)| {
            Some((RecordType::from_name(&type_name)?, key.parse().ok()?))
        });
        Self(named.filter(|(record, _)| Self::is_place(*record)))
    }

    /// The reference to the base or home (`record`) keyed `key`; none for another record type.
    pub fn to(record: RecordType, key: i64) -> Self {
        Self(Self::is_place(record).then_some((record, key)))
    }

    /// Whether it named a base or a home, and which, with its key.
    pub fn named(&self) -> Option<(RecordType, i64)> {
        self.0
    }

    fn is_place(record: RecordType) -> bool {
        matches!(record, RecordType::Base | RecordType::Home)
    }
}

/// Decodes an id that must name a row of `expected` with an integer key.
pub fn decode_int(id: &str, expected: &str) -> AppResult<i64> {
    let (type_name, key) = decode(id)?;
    if type_name != expected {
        return Err(AppError::bad_input(format!(
            "id {id:?} is a {type_name}, not a {expected}"
        )));
    }
    key.parse()
        .map_err(|_| AppError::bad_input(format!("malformed id {id:?}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn ids_round_trip_and_refuse_garbage() {
        let id = encode("Person", 42);
        assert_eq!(decode(&id).unwrap(), ("Person".into(), "42".into()));
        assert_eq!(decode_int(&id, "Person").unwrap(), 42);
        assert!(decode_int(&id, "Organization").is_err());
        assert!(decode("%%%").is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("nocolon")).is_err());
        assert!(decode_int(&encode("Person", "x"), "Person").is_err());
    }

    struct Person;
    impl Typed for Person {
        const TYPE_NAME: &'static str = "Person";
    }
    struct Organization;
    impl Typed for Organization {
        const TYPE_NAME: &'static str = "Organization";
    }

    #[test]
    fn record_types_round_trip_by_name() {
        for t in RecordType::ALL {
            assert_eq!(RecordType::from_name(t.name()), Some(t));
        }
        assert_eq!(RecordType::from_name("Place"), None);
    }

    #[test]
    fn typed_ids_name_their_type() {
        let id = of::<Person>(7);
        assert_eq!(key::<Person>(&id).unwrap(), 7);
        assert!(key::<Organization>(&id).is_err());
        assert_eq!(Ref::<Person>::decode(&id).key(), Some(7));
        assert_eq!(Ref::<Organization>::decode(&id).key(), None);
        assert_eq!(Ref::<Person>::decode("%%%").key(), None);
        let home = PlaceRef::decode(&encode("Home", 3));
        assert_eq!(home.named(), Some((RecordType::Home, 3)));
        assert_eq!(PlaceRef::decode(&encode("Person", 3)).named(), None);
        assert_eq!(PlaceRef::decode(&encode("Base", "x")).named(), None);
        assert_eq!(PlaceRef::to(RecordType::Pairing, 3).named(), None);
    }
}
