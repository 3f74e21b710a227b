//! `import_upload`: the file an import job was started with, sealed with the data key, kept
//! only while the job's annotated workbook may be downloaded.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_upload")]
pub struct Model {
    /// The job (`import_job.id`) the file belongs to.
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: i64,
    /// The id of the data key that sealed it.
    pub key_id: String,
    /// Nonce and AES-256-GCM ciphertext of the file's bytes.
    #[sea_orm(column_type = "Blob")]
    pub sealed: Vec<u8>,
    /// The file's size in bytes.
    pub size: i64,
    /// When it is deleted at the latest.
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
