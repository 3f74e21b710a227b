//! Who may change what. Every write path asks here before it reads anything to validate the
//! input, so that a refusal never depends on what is stored: a caller who may not write gets
//! FORBIDDEN whatever the input, and learns nothing from it.

use crate::auth::{Role, Viewer};
use crate::domain::region_code::RegionCode;
use crate::ids::RecordType;

/// May the viewer change records at all (any mutation or import)? EDITOR and ADMIN. This is
/// the first question of every write, asked before its input is looked at.
pub fn may_write_any(viewer: &Viewer) -> bool {
    viewer.role >= Role::Editor
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

/// May the viewer write a record that links records of several regions (a membership links a
/// person and an organization, a participation a person and an activity)? Only who may write
/// every end: an editor may not tie another county's people to their own records.
pub fn may_link<'a>(viewer: &Viewer, regions: impl IntoIterator<Item = &'a str>) -> bool {
    let mut regions = regions.into_iter().peekable();
    regions.peek().is_some() && regions.all(|region| may_write(viewer, region))
}

/// May the viewer write in the region a form names, judged from the input text alone, before
/// the code is looked up? `None` when the text is not a region code at all (validation will say
/// so, and that reveals nothing stored). A code outside an editor's subtree is refused at once.
pub fn may_write_input(viewer: &Viewer, input: &str) -> Option<bool> {
    let code = RegionCode::parse(input.trim()).ok()?;
    Some(may_write(viewer, code.as_str()))
}

/// Where may the viewer list likely duplicates (`duplicateCandidates`)? Comparing records
/// means reading their personal data, and the list leads to merges: who may change records
/// there. Admins anywhere (`Some(within)`); editors inside their subtree (`within` narrowed to
/// it, or their subtree when `within` covers it or is absent); `None` (refused) for everyone else
/// and for an editor asking about a region outside their subtree — decided from the request
/// alone, before anything is read.
pub fn duplicates_scope(
    viewer: &Viewer,
    within: Option<&RegionCode>,
) -> Option<Option<RegionCode>> {
    match (viewer.role, &viewer.region_scope, within) {
        (Role::Admin, _, within) => Some(within.cloned()),
        (Role::Editor, Some(scope), None) => Some(Some(scope.clone())),
        (Role::Editor, Some(scope), Some(within)) if scope.contains(within.as_str()) => {
            Some(Some(within.clone()))
        }
        (Role::Editor, Some(scope), Some(within)) if within.contains(scope.as_str()) => {
            Some(Some(scope.clone()))
        }
        _ => None,
    }
}

/// May a refusal of a value another record already holds (an ID number, a credit code, a name
/// in the same region) name that record? Only when the caller may read what the refusal would
/// tell: for a person, their personal data (an ID number is personal; naming its holder to
/// anyone else says whose number it is), for other records, the type. The refusal itself, its
/// code and the rows read are the same either way.
pub fn may_name_holder(viewer: &Viewer, record: RecordType, holder_region: &str) -> bool {
    match record {
        RecordType::Person => super::sees_personal(viewer, holder_region),
        _ => super::sees_type(viewer, record),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn editor(scope: &str) -> Viewer {
        Viewer {
            role: Role::Editor,
            region_scope: Some(RegionCode::parse(scope).unwrap()),
            subject: "editor".into(),
        }
    }

    #[test]
    fn a_person_holding_a_value_is_named_only_to_who_sees_their_personal_data() {
        assert!(may_name_holder(
            &editor("620421"),
            RecordType::Person,
            "620421101201"
        ));
        assert!(!may_name_holder(
            &editor("620422"),
            RecordType::Person,
            "620421101201"
        ));
        assert!(may_name_holder(
            &Viewer::system(),
            RecordType::Person,
            "620421101201"
        ));
        assert!(!may_name_holder(
            &Viewer::public(),
            RecordType::Person,
            "620421101201"
        ));
        assert!(may_name_holder(
            &editor("620422"),
            RecordType::Organization,
            "620421000000"
        ));
    }

    #[test]
    fn only_editors_and_admins_write_at_all() {
        let viewer = |role| Viewer {
            role,
            region_scope: None,
            subject: "x".into(),
        };
        assert!(!may_write_any(&Viewer::public()));
        assert!(!may_write_any(&viewer(Role::Viewer)));
        assert!(!may_write_any(&viewer(Role::Analyst)));
        assert!(may_write_any(&editor("620421")));
        assert!(may_write_any(&Viewer::system()));
    }

    #[test]
    fn a_link_needs_every_end_writable() {
        let jingyuan = editor("620421");
        assert!(may_link(&jingyuan, ["620421101201", "620421000000"]));
        assert!(!may_link(&jingyuan, ["620421101201", "620422118201"]));
        assert!(!may_link(&jingyuan, []));
        assert!(may_link(&Viewer::system(), ["620422118201"]));
    }

    #[test]
    fn duplicates_are_listed_by_editors_in_their_subtree_and_admins() {
        let jingyuan = editor("620421");
        let code = |c: &str| RegionCode::parse(c).unwrap();
        assert_eq!(
            duplicates_scope(&jingyuan, None),
            Some(Some(code("620421")))
        );
        assert_eq!(
            duplicates_scope(&jingyuan, Some(&code("620400"))),
            Some(Some(code("620421")))
        );
        assert_eq!(
            duplicates_scope(&jingyuan, Some(&code("620421101"))),
            Some(Some(code("620421101")))
        );
        assert_eq!(duplicates_scope(&jingyuan, Some(&code("620422"))), None);
        let viewer = Viewer {
            role: Role::Analyst,
            region_scope: None,
            subject: "a".into(),
        };
        assert_eq!(duplicates_scope(&viewer, None), None);
        assert_eq!(duplicates_scope(&Viewer::system(), None), Some(None));
    }

    #[test]
    fn region_input_is_judged_before_lookup() {
        let jingyuan = editor("620421");
        assert_eq!(may_write_input(&jingyuan, "620421101"), Some(true));
        assert_eq!(may_write_input(&jingyuan, "620422"), Some(false));
        assert_eq!(may_write_input(&jingyuan, "not a code"), None);
    }
}
