//! Who may see what: the one place personal-data decisions are made.

mod jobs;
mod rows;
mod writes;

pub use jobs::{JobOwner, lists_every_import_job, logs_job_file_read, may_see_import_job};

pub use rows::{
    Reach, RowRule, SENSITIVE_MEMBERSHIP_KINDS, personal_reach, row_rule,
    sensitive_membership_codes,
};
pub use writes::{
    duplicates_scope, may_link, may_name_holder, may_write, may_write_any, may_write_input,
};

use super::{Role, Viewer};
use crate::ids::RecordType;

/// May the viewer see personal data (phone, ID number, birth date, address) and sensitive
/// identity fields (ethnicity, political status, religion, categories) of a record located in
/// `region_code` unmasked? Admins everywhere; editors inside their region subtree.
pub fn sees_personal(viewer: &Viewer, region_code: &str) -> bool {
    match personal_reach(viewer) {
        Reach::Everywhere => true,
        Reach::Within(scope) => scope.contains(region_code),
        Reach::Nowhere => false,
    }
}

/// May a credential (an API token, a JWT) give `role` with this region scope? An EDITOR must
/// be limited to a region: one without would change records across the whole city, so such a
/// token is not issued and such a JWT or stored token is not accepted.
pub fn credential_scope_allowed(
    role: Role,
    region_scope: Option<&crate::domain::region_code::RegionCode>,
) -> bool {
    role != Role::Editor || region_scope.is_some()
}

/// May the viewer download aggregates, coverage and record exports? ANALYST and above
/// (ANALYST is VIEWER plus aggregates and exports).
pub fn may_export(viewer: &Viewer) -> bool {
    viewer.role >= Role::Analyst
}

/// May the PUBLIC role read records of this type at all?
pub fn public_may_read(record: RecordType) -> bool {
    PUBLIC_TYPES.contains(&record)
}

/// API types the PUBLIC role may see at all: in node lookups, search hits and graph nodes.
/// People, pairings, activities and the rest need a signed-in caller.
pub const PUBLIC_TYPES: [RecordType; 6] = [
    RecordType::Region,
    RecordType::Organization,
    RecordType::Base,
    RecordType::Home,
    RecordType::PublicityWork,
    RecordType::Publication,
];

/// May the viewer see records of type `record` (not their personal data) at all, e.g.
/// find them by search or meet them, or an edge to them, in a graph? Signed-in roles see every
/// type; PUBLIC only [`PUBLIC_TYPES`].
pub fn sees_type(viewer: &Viewer, record: RecordType) -> bool {
    viewer.role >= Role::Viewer || public_may_read(record)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::region_code::RegionCode;

    #[test]
    fn editors_see_personal_data_only_inside_their_subtree() {
        let editor = Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse("620421").unwrap()),
            subject: "jingyuan-editor".into(),
        };
        assert!(sees_personal(&editor, "620421101201"));
        assert!(!sees_personal(&editor, "620422118201"));
        assert!(!sees_personal(&Viewer::public(), "620421101201"));
        assert!(sees_personal(&Viewer::system(), "620422118201"));
    }

    #[test]
    fn an_editor_credential_needs_a_region() {
        let region = RegionCode::parse("620421").unwrap();
        assert!(!credential_scope_allowed(Role::Editor, None));
        assert!(credential_scope_allowed(Role::Editor, Some(&region)));
        assert!(credential_scope_allowed(Role::Admin, None));
        assert!(credential_scope_allowed(Role::Viewer, None));
    }

    #[test]
    fn public_sees_public_types_only() {
        assert!(sees_type(&Viewer::public(), RecordType::Region));
        assert!(sees_type(&Viewer::public(), RecordType::Home));
        assert!(!sees_type(&Viewer::public(), RecordType::Person));
        assert!(!sees_type(&Viewer::public(), RecordType::Pairing));
        assert!(sees_type(&Viewer::system(), RecordType::Person));
    }
}

// --- Aggregates: who may group/filter by what, and small-group rules ---
//
// The rules of docs/decisions/0010-aggregates.md and 0023-aggregate-disclosure-control.md. The
// aggregate service asks [`aggregate_rules`] before it reads anything, checks each filter field
// it is given against [`AGGREGATE_FILTER_FIELDS`], and withholds small figures with
// [`is_small_group`]; `summary` and the printable report withhold theirs with
// [`withholds_person_count`].

/// What a field of people reveals when records are grouped or filtered by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonFieldClass {
    /// Where someone is registered, whether they are a representative figure, figure kinds;
    /// every field of records that are not people.
    Public,
    /// Personal data: name, gender, phone, ID number, birth date, address,
    /// income (sales).
    Personal,
    /// Sensitive identity: ethnicity, political status and party,
    /// religion, united-front categories.
    Sensitive,
}

/// How far a filter field can narrow the set of records an aggregate counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Narrowing {
    /// A broad part selected by a shared property: a region subtree, codes, a date range, a
    /// flag. Many records share each value.
    Coarse,
    /// Can select a handful of records or a single one: ids, names, titles, unique numbers,
    /// exact figures, one named organization, place or person.
    Identifying,
    /// `or` and `not` over filters of the named input type: two queries whose sets differ by
    /// one record (a set and the same set but one) give that record's figures by subtraction.
    Complement(&'static str),
    /// A filter of the named input type (`and`, `memberOf`, `place`, `submittedBy`), judged
    /// by its own fields.
    Nested(&'static str),
}

use self::Narrowing::{Coarse, Complement, Identifying, Nested};
use self::PersonFieldClass::{Personal, Public as Open, Sensitive};

/// A filter input type and what each of its own fields reveals and how far it narrows; `and`,
/// `or` and `not`, which every filter has, are classified by [`aggregate_filter_field`].
pub type FilterFields = (
    &'static str,
    &'static [(&'static str, PersonFieldClass, Narrowing)],
);

/// Every filter an aggregate takes, each field classified. A field missing here is treated as
/// sensitive and identifying; a unit test of the aggregate service checks that the table covers
/// every field of every input type it walks.
pub const AGGREGATE_FILTER_FIELDS: &[FilterFields] = &[
    (
        "PersonFilter",
        &[
            ("ids", Personal, Identifying),
            ("name", Personal, Identifying),
            ("namePinyin", Personal, Identifying),
            ("gender", Personal, Coarse),
            ("withinRegion", Open, Coarse),
            ("category", Sensitive, Coarse),
            ("figureKind", Open, Coarse),
            ("isRepresentative", Open, Coarse),
            // Current memberships include democratic-party ones: party membership is sensitive.
            ("memberOf", Sensitive, Nested("OrganizationFilter")),
            ("liaisonIn", Open, Coarse),
            ("activeOn", Open, Coarse),
        ],
    ),
    (
        "SalesRecordFilter",
        &[
            ("withinRegion", Open, Coarse),
            ("periodStart", Open, Coarse),
            ("platform", Open, Coarse),
            ("person", Personal, Identifying),
        ],
    ),
    (
        "OrganizationFilter",
        &[
            ("ids", Open, Identifying),
            ("name", Open, Identifying),
            ("namePinyin", Open, Identifying),
            ("kind", Open, Coarse),
            ("creditCode", Open, Identifying),
            ("withinRegion", Open, Coarse),
            ("party", Open, Coarse),
            ("dpLevel", Open, Coarse),
            ("parent", Open, Identifying),
            ("isKeyEnterprise", Open, Coarse),
            // Like `memberOf`: the memberships it asks about include democratic-party ones.
            ("hasMember", Sensitive, Nested("PersonFilter")),
            ("pairedWithin", Open, Coarse),
            ("activeOn", Open, Coarse),
        ],
    ),
    (
        "PlaceFilter",
        &[
            ("name", Open, Identifying),
            ("namePinyin", Open, Identifying),
            ("kind", Open, Coarse),
            ("withinRegion", Open, Coarse),
            ("hostOrganization", Open, Identifying),
            ("party", Open, Coarse),
            ("openedOn", Open, Coarse),
            ("isOpen", Open, Coarse),
            ("activeOn", Open, Coarse),
        ],
    ),
    (
        "ActivityFilter",
        &[
            ("kind", Open, Coarse),
            ("title", Open, Identifying),
            ("heldOn", Open, Coarse),
            ("withinRegion", Open, Coarse),
            ("organizer", Open, Identifying),
            ("place", Open, Nested("PlaceFilter")),
            // Exact figures pick out single activities.
            ("participantCount", Open, Identifying),
            ("audiencePersonTimes", Open, Identifying),
        ],
    ),
    (
        "PairingFilter",
        &[
            ("status", Open, Coarse),
            ("focus", Open, Coarse),
            ("withinRegion", Open, Coarse),
            ("enterprise", Open, Identifying),
            ("startedOn", Open, Coarse),
            ("activeOn", Open, Coarse),
        ],
    ),
    (
        "SuggestionFilter",
        &[
            ("title", Open, Identifying),
            ("field", Open, Coarse),
            ("channel", Open, Coarse),
            ("status", Open, Coarse),
            ("submittedOn", Open, Coarse),
            ("withinRegion", Open, Coarse),
            ("submittedBy", Open, Nested("OrganizationFilter")),
            ("pressingConcern", Open, Coarse),
        ],
    ),
    (
        "MediationCaseFilter",
        &[
            ("caseNo", Open, Identifying),
            ("category", Open, Coarse),
            ("subtype", Open, Coarse),
            ("status", Open, Coarse),
            ("acceptedOn", Open, Coarse),
            ("withinRegion", Open, Coarse),
        ],
    ),
    (
        "PublicityWorkFilter",
        &[
            ("kind", Open, Coarse),
            ("title", Open, Identifying),
            ("series", Open, Coarse),
            ("producedOn", Open, Coarse),
            ("withinRegion", Open, Coarse),
            ("isPublished", Open, Coarse),
        ],
    ),
];

/// What `filter.field_name` reveals and how far it narrows: from [`AGGREGATE_FILTER_FIELDS`],
/// with `and` nesting the same filter and `or`/`not` complementing it; a field or filter the
/// table does not know is sensitive and identifying (fail closed).
pub fn aggregate_filter_field(filter: &str, field_name: &str) -> (PersonFieldClass, Narrowing) {
    let Some((name, fields)) = AGGREGATE_FILTER_FIELDS.iter().find(|(f, _)| *f == filter) else {
        return (Sensitive, Identifying);
    };
    match field_name {
        "and" => (Open, Nested(name)),
        "or" | "not" => (Open, Complement(name)),
        _ => fields
            .iter()
            .find(|(f, _, _)| *f == field_name)
            .map_or((Sensitive, Identifying), |&(_, reveals, narrowing)| {
                (reveals, narrowing)
            }),
    }
}

/// Where the viewer may aggregate people by a field of `class`: `None` nowhere (FORBIDDEN),
/// `Some(None)` everywhere, `Some(Some(scope))` only inside that subtree (the aggregate is
/// narrowed to it). PUBLIC only by public fields; signed-in roles also by personal ones (they
/// read names and genders in lists); sensitive ones follow [`sees_personal`] (admins
/// everywhere, editors in their subtree), and analysts, whose job is these counts, everywhere
/// under disclosure control ([`aggregate_rules`]).
pub fn aggregate_people_scope(
    viewer: &Viewer,
    class: PersonFieldClass,
) -> Option<Option<crate::domain::region_code::RegionCode>> {
    match (class, viewer.role) {
        (Open, _) => Some(None),
        (Personal, Role::Public) => None,
        (Personal, _) => Some(None),
        (Sensitive, Role::Admin | Role::Analyst) => Some(None),
        (Sensitive, Role::Editor) => Some(viewer.region_scope.clone()),
        (Sensitive, Role::Public | Role::Viewer) => None,
    }
}

/// How an aggregate is answered to a viewer ([`aggregate_rules`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateRules {
    /// The rows are narrowed to this subtree (an editor's sensitive aggregate).
    pub scope: Option<crate::domain::region_code::RegionCode>,
    /// Disclosure control: the caller may not read what is counted, only statistics of it.
    /// Then only coarse filters ([`aggregate_filter_allowed`]); the whole selection and each
    /// group must count at least [`MIN_PUBLIC_GROUP`] people (records, for records not about
    /// people), or they are withheld ([`is_small_group`]); minimum and maximum, each one
    /// record's value, are withheld.
    pub controlled: bool,
}

/// The rules of an aggregate over records of type `record_type` that groups or filters
/// by fields revealing `classes`; `Err(class)` when a class may not be used at all (FORBIDDEN).
///
/// Under disclosure control: PUBLIC on every record type it may not list (people, sales,
/// activities, pairings, suggestions, mediation cases; organizations, places and published
/// works it reads anyway), and whoever groups or filters people by a sensitive field without
/// seeing it on every person counted (ANALYST; an editor's such aggregate is narrowed to where
/// they see it, a viewer's refused).
pub fn aggregate_rules(
    viewer: &Viewer,
    record_type: RecordType,
    classes: &[PersonFieldClass],
) -> Result<AggregateRules, PersonFieldClass> {
    let mut scope = None;
    for &class in classes {
        match aggregate_people_scope(viewer, class) {
            None => return Err(class),
            Some(Some(narrowed)) => scope = Some(narrowed),
            Some(None) => {}
        }
    }
    let sensitive = classes.contains(&Sensitive);
    let controlled = match viewer.role {
        Role::Public => !public_may_read(record_type),
        Role::Viewer | Role::Analyst => sensitive,
        Role::Editor | Role::Admin => false,
    };
    Ok(AggregateRules { scope, controlled })
}

/// May an aggregate under `rules` filter by a field that narrows like `narrowing`? Without
/// disclosure control anything; with it coarse fields and nested filters (whose own fields are
/// judged in turn), never identifying ones nor `or`/`not`.
pub fn aggregate_filter_allowed(rules: &AggregateRules, narrowing: Narrowing) -> bool {
    !rules.controlled || matches!(narrowing, Coarse | Nested(_))
}

/// The fewest people (or records) a figure under disclosure control may count; smaller
/// groups and selections are withheld.
pub const MIN_PUBLIC_GROUP: i64 = 5;

/// Is a figure counting `n` people (or records) too small to show under disclosure control?
/// 1 to [`MIN_PUBLIC_GROUP`] − 1; zero names nobody. The one small-group rule of aggregates,
/// `summary` and the printable report.
pub fn is_small_group(n: i64) -> bool {
    (1..MIN_PUBLIC_GROUP).contains(&n)
}

/// Is a figure of `summary` or the printable report that counts `people` people withheld from
/// the viewer? For PUBLIC, when [`is_small_group`]: the people aggregates' rule for a total.
pub fn withholds_person_count(viewer: &Viewer, people: i64) -> bool {
    viewer.role == Role::Public && is_small_group(people)
}

#[cfg(test)]
mod aggregate_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::region_code::RegionCode;

    #[test]
    fn aggregates_by_sensitive_fields_follow_sees_personal() {
        let viewer = Viewer {
            role: Role::Viewer,
            region_scope: None,
            subject: "viewer".into(),
        };
        let editor = Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse("620421").unwrap()),
            subject: "jingyuan-editor".into(),
        };
        let public = Viewer::public();
        assert_eq!(
            aggregate_people_scope(&public, PersonFieldClass::Public),
            Some(None)
        );
        assert_eq!(
            aggregate_people_scope(&public, PersonFieldClass::Personal),
            None
        );
        assert_eq!(
            aggregate_people_scope(&viewer, PersonFieldClass::Personal),
            Some(None)
        );
        assert_eq!(
            aggregate_people_scope(&viewer, PersonFieldClass::Sensitive),
            None
        );
        assert_eq!(
            aggregate_people_scope(&editor, PersonFieldClass::Sensitive),
            Some(editor.region_scope.clone())
        );
        assert_eq!(
            aggregate_people_scope(&Viewer::system(), PersonFieldClass::Sensitive),
            Some(None)
        );
        assert!(withholds_person_count(&public, 4) && !withholds_person_count(&viewer, 4));
        assert!(!withholds_person_count(&public, 0) && !withholds_person_count(&public, 5));
        assert!(!may_export(&viewer) && may_export(&Viewer::system()));
    }

    #[test]
    fn disclosure_control_covers_public_on_unlisted_records_and_sensitive_statistics() {
        let analyst = Viewer {
            role: Role::Analyst,
            region_scope: None,
            subject: "analyst".into(),
        };
        let editor = Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse("620421").unwrap()),
            subject: "jingyuan-editor".into(),
        };
        let public = Viewer::public();
        let rules = |v: &Viewer, t: &str, c: &[PersonFieldClass]| {
            aggregate_rules(v, RecordType::from_name(t).unwrap(), c)
        };
        assert!(rules(&public, "MediationCase", &[]).unwrap().controlled);
        assert!(rules(&public, "Person", &[Open]).unwrap().controlled);
        assert!(!rules(&public, "Home", &[]).unwrap().controlled);
        assert_eq!(rules(&public, "Person", &[Personal]), Err(Personal));
        assert!(
            rules(&analyst, "Person", &[Open, Sensitive])
                .unwrap()
                .controlled
        );
        assert!(!rules(&analyst, "Person", &[Personal]).unwrap().controlled);
        let narrowed = rules(&editor, "Person", &[Sensitive]).unwrap();
        assert!(!narrowed.controlled && narrowed.scope == editor.region_scope);
        assert!(
            !rules(&Viewer::system(), "Person", &[Sensitive])
                .unwrap()
                .controlled
        );

        let controlled = rules(&analyst, "Person", &[Sensitive]).unwrap();
        let free = rules(&analyst, "Person", &[Open]).unwrap();
        let narrowing = |f: &str| aggregate_filter_field("PersonFilter", f).1;
        for f in ["ids", "name", "namePinyin", "or", "not"] {
            assert!(!aggregate_filter_allowed(&controlled, narrowing(f)), "{f}");
            assert!(aggregate_filter_allowed(&free, narrowing(f)), "{f}");
        }
        for f in ["withinRegion", "gender", "category", "and", "memberOf"] {
            assert!(aggregate_filter_allowed(&controlled, narrowing(f)), "{f}");
        }
        assert_eq!(
            aggregate_filter_field("PersonFilter", "shoeSize"),
            (Sensitive, Identifying),
            "unknown fields fail closed"
        );
        assert!(is_small_group(1) && is_small_group(4));
        assert!(!is_small_group(0) && !is_small_group(MIN_PUBLIC_GROUP));
    }
}
