//! Who may see what: the one place personal-data decisions are made.

use super::{Role, Viewer};

/// May the viewer see personal data (phone, ID number, birth date, address) and sensitive
/// identity fields (ethnicity, political status, religion, categories) of a record located in
/// `region_code` unmasked? Admins everywhere; editors inside their region subtree.
pub fn sees_personal(viewer: &Viewer, region_code: &str) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Editor => viewer
            .region_scope
            .as_ref()
            .is_none_or(|scope| scope.contains(region_code)),
        Role::Public | Role::Viewer | Role::Analyst => false,
    }
}

/// May the viewer create, change or delete records located in `region_code`? Admins anywhere;
/// editors inside their region subtree; nobody else.
pub fn may_write(viewer: &Viewer, region_code: &str) -> bool {
    match viewer.role {
        Role::Admin => true,
        Role::Editor => viewer
            .region_scope
            .as_ref()
            .is_none_or(|scope| scope.contains(region_code)),
        Role::Public | Role::Viewer | Role::Analyst => false,
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

/// What a field of people reveals when records are grouped or filtered by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonFieldClass {
    /// Where someone is registered, whether they are a representative figure, figure kinds.
    Public,
    /// Personal data (DOMAIN.md §4.5 "P"): name, gender, phone, ID number, birth date, address,
    /// income (sales).
    Personal,
    /// Sensitive identity (DOMAIN.md §4.5 "S"): ethnicity, political status and party,
    /// religion, united-front categories.
    Sensitive,
}

/// Where the viewer may aggregate people by a field of `class`: `None` nowhere (FORBIDDEN),
/// `Some(None)` everywhere, `Some(Some(scope))` only inside that subtree (the aggregate is
/// narrowed to it). PUBLIC only by public fields; signed-in roles also by personal ones;
/// sensitive ones follow [`sees_personal`] (admins everywhere, editors in their subtree), and
/// analysts, whose job is these counts, everywhere with small groups withheld
/// ([`suppresses_small_groups`]).
pub fn aggregate_people_scope(
    viewer: &Viewer,
    class: PersonFieldClass,
) -> Option<Option<crate::domain::region_code::RegionCode>> {
    match (class, viewer.role) {
        (PersonFieldClass::Public, _) => Some(None),
        (PersonFieldClass::Personal, Role::Public) => None,
        (PersonFieldClass::Personal, _) => Some(None),
        (PersonFieldClass::Sensitive, Role::Admin | Role::Analyst) => Some(None),
        (PersonFieldClass::Sensitive, Role::Editor) => Some(viewer.region_scope.clone()),
        (PersonFieldClass::Sensitive, Role::Public | Role::Viewer) => None,
    }
}

/// The fewest people a figure shown to PUBLIC may count (issue 4): smaller groups are withheld.
pub const MIN_PUBLIC_GROUP: i64 = 5;

/// Are figures about people withheld from this viewer when they count fewer than
/// [`MIN_PUBLIC_GROUP`] people? Only for PUBLIC.
pub fn suppresses_small_groups(viewer: &Viewer) -> bool {
    viewer.role == Role::Public
}

/// Are groups of fewer than [`MIN_PUBLIC_GROUP`] people withheld from this viewer when people
/// are grouped or filtered by a sensitive field? For PUBLIC (who may not do that at all) and
/// ANALYST: a count of three people of one religion in a village names them.
pub fn suppresses_small_sensitive_groups(viewer: &Viewer) -> bool {
    matches!(viewer.role, Role::Public | Role::Analyst)
}

/// May the viewer download aggregates, coverage and record exports? ANALYST and above
/// (API.md: "ANALYST: VIEWER plus aggregates and exports").
pub fn may_export(viewer: &Viewer) -> bool {
    viewer.role >= Role::Analyst
}

/// May the PUBLIC role read records of this GraphQL type at all?
pub fn public_may_read(type_name: &str) -> bool {
    PUBLIC_TYPES.contains(&type_name)
}

/// API types the PUBLIC role may see at all: in node lookups, search hits and graph nodes.
/// People, pairings, activities and the rest need a signed-in caller.
pub const PUBLIC_TYPES: [&str; 6] = [
    "Region",
    "Organization",
    "Base",
    "Home",
    "PublicityWork",
    "Publication",
];

/// May the viewer see records of API type `type_name` (not their personal data) at all, e.g.
/// find them by search or meet them, or an edge to them, in a graph? Signed-in roles see every
/// type; PUBLIC only [`PUBLIC_TYPES`].
pub fn sees_type(viewer: &Viewer, type_name: &str) -> bool {
    viewer.role >= Role::Viewer || PUBLIC_TYPES.contains(&type_name)
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
        assert!(sees_type(&Viewer::public(), "Region"));
        assert!(sees_type(&Viewer::public(), "Home"));
        assert!(!sees_type(&Viewer::public(), "Person"));
        assert!(!sees_type(&Viewer::public(), "Pairing"));
        assert!(sees_type(&Viewer::system(), "Person"));
    }

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
        assert!(suppresses_small_groups(&public) && !suppresses_small_groups(&viewer));
        assert!(!may_export(&viewer) && may_export(&Viewer::system()));
    }
}
