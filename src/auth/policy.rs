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
}
