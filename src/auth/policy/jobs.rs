//! Who may see and cancel import jobs. A job holds what its file said about records and the
//! errors found in them, so only the caller who started it (the same name, role and region
//! scope) and ADMINs see it; for anyone else it does not exist.

use crate::auth::{Role, Viewer};

/// The principal a job is attributed to, as stored with it.
pub struct JobOwner<'a> {
    pub subject: &'a str,
    pub role: Role,
    pub region: Option<&'a str>,
}

/// May the viewer see, follow and cancel this job?
pub fn may_see_import_job(viewer: &Viewer, owner: &JobOwner<'_>) -> bool {
    if viewer.role == Role::Admin {
        return true;
    }
    viewer.role >= Role::Editor
        && viewer.subject == owner.subject
        && viewer.role == owner.role
        && viewer.region_scope.as_ref().map(|r| r.as_str()) == owner.region
}

/// Does the viewer's job list hold every caller's jobs (not only their own)?
pub fn lists_every_import_job(viewer: &Viewer) -> bool {
    viewer.role == Role::Admin
}

/// Is the viewer's download of this job's file (the annotated workbook: the starter's own
/// spreadsheet, personal data included) written to the access log? When it is someone else's
/// (an ADMIN's look at another caller's job), as any read of personal data they did not enter.
pub fn logs_job_file_read(viewer: &Viewer, owner: &JobOwner<'_>) -> bool {
    !(viewer.subject == owner.subject
        && viewer.role == owner.role
        && viewer.region_scope.as_ref().map(|r| r.as_str()) == owner.region)
}
