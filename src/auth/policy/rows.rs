//! Which rows of a record type a caller may know exist, where the type alone does not settle
//! it. Every read of these tables (lists, relations, `node`, the graph, filters over them,
//! live updates) applies the rule; the database layer turns it into SQL.

use crate::auth::{Role, Viewer};
use crate::domain::enums::{DomainEnum, OrganizationKind};
use crate::domain::region_code::RegionCode;
use crate::ids::RecordType;

/// Where the viewer sees people's personal data and sensitive relations unmasked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Everywhere,
    /// Inside one region subtree (an editor's).
    Within(RegionCode),
    Nowhere,
}

/// The viewer's [`Reach`]: admins everywhere, editors inside their subtree, nobody else.
pub fn personal_reach(viewer: &Viewer) -> Reach {
    match (viewer.role, &viewer.region_scope) {
        (Role::Admin, _) | (Role::Editor, None) => Reach::Everywhere,
        (Role::Editor, Some(scope)) => Reach::Within(scope.clone()),
        (Role::Public | Role::Viewer | Role::Analyst, _) => Reach::Nowhere,
    }
}

/// Organizations whose memberships are as sensitive as a person's `party`: a democratic-party
/// membership reveals a political affiliation.
pub const SENSITIVE_MEMBERSHIP_KINDS: [OrganizationKind; 1] = [OrganizationKind::DpOrganization];

/// The stored codes of [`SENSITIVE_MEMBERSHIP_KINDS`].
pub fn sensitive_membership_codes() -> impl Iterator<Item = &'static str> {
    SENSITIVE_MEMBERSHIP_KINDS.iter().map(|k| k.code())
}

/// A restriction on which rows of one table the viewer may know exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowRule {
    /// Memberships of [`SENSITIVE_MEMBERSHIP_KINDS`] organizations are hidden, except those of
    /// members registered inside the given subtree.
    SensitiveMembershipsOnlyWithin(Option<RegionCode>),
    /// Publicity works only once published on at least one outlet.
    PublishedWorksOnly,
}

/// The row rule of records of type `record` for this viewer; `None` when every live row of a
/// type the viewer may read at all is visible.
pub fn row_rule(viewer: &Viewer, record: RecordType) -> Option<RowRule> {
    match record {
        RecordType::Membership => match personal_reach(viewer) {
            Reach::Everywhere => None,
            Reach::Within(scope) => Some(RowRule::SensitiveMembershipsOnlyWithin(Some(scope))),
            Reach::Nowhere => Some(RowRule::SensitiveMembershipsOnlyWithin(None)),
        },
        RecordType::PublicityWork if viewer.role == Role::Public => {
            Some(RowRule::PublishedWorksOnly)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn party_memberships_follow_the_personal_data_reach() {
        let viewer = Viewer {
            role: Role::Viewer,
            region_scope: None,
            subject: "v".into(),
        };
        let editor = Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse("620421").unwrap()),
            subject: "e".into(),
        };
        assert_eq!(
            row_rule(&viewer, RecordType::Membership),
            Some(RowRule::SensitiveMembershipsOnlyWithin(None))
        );
        assert_eq!(
            row_rule(&editor, RecordType::Membership),
            Some(RowRule::SensitiveMembershipsOnlyWithin(
                editor.region_scope.clone()
            ))
        );
        assert_eq!(row_rule(&Viewer::system(), RecordType::Membership), None);
        assert_eq!(
            row_rule(&Viewer::public(), RecordType::PublicityWork),
            Some(RowRule::PublishedWorksOnly)
        );
        assert_eq!(row_rule(&viewer, RecordType::PublicityWork), None);
        assert_eq!(row_rule(&viewer, RecordType::Organization), None);
    }
}
