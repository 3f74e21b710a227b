//! Schema migrations. Applied on server start (unless disabled) and by `tongxin migrate`.

pub use sea_orm_migration::prelude::*;

mod indexes;

mod m20261128_000001_create_directory;
mod m20261128_000002_create_audit_entry;
mod m20261128_000003_create_api_token;
mod m20261128_000004_create_access_log;
mod m20261128_000005_create_search_term;
mod m20261128_000006_add_report_indexes;
mod m20261128_000007_create_persisted_document;
mod m20261128_000008_add_person_county_index;
mod m20261202_000001_add_access_log_record_type;
mod m20261202_000002_encrypt_person_private;
mod m20261202_000003_add_duplicate_keys;
mod m20261202_000029_create_import_job;
mod m20261202_000032_add_live_indexes;
mod m20261202_000036_create_import_upload;
mod m20261202_000038_add_duplicate_match_keys;
mod m20261202_000039_add_order_indexes;
mod m20261202_000042_cover_report_figures;
mod m20261203_000043_plan_match_key_triggers_once;
mod m20261203_000044_indexes_the_statements_read;
mod m20261203_000045_one_live_category_per_person;
mod m20261203_000046_county_statistics_and_order_indexes;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_directory::Migration),
            Box::new(m20261128_000002_create_audit_entry::Migration),
            Box::new(m20261128_000003_create_api_token::Migration),
            Box::new(m20261128_000004_create_access_log::Migration),
            Box::new(m20261128_000005_create_search_term::Migration),
            Box::new(m20261128_000006_add_report_indexes::Migration),
            Box::new(m20261128_000007_create_persisted_document::Migration),
            Box::new(m20261128_000008_add_person_county_index::Migration),
            Box::new(m20261202_000001_add_access_log_record_type::Migration),
            Box::new(m20261202_000002_encrypt_person_private::Migration),
            Box::new(m20261202_000003_add_duplicate_keys::Migration),
            Box::new(m20261202_000029_create_import_job::Migration),
            Box::new(m20261202_000032_add_live_indexes::Migration),
            Box::new(m20261202_000036_create_import_upload::Migration),
            Box::new(m20261202_000038_add_duplicate_match_keys::Migration),
            Box::new(m20261202_000039_add_order_indexes::Migration),
            Box::new(m20261202_000042_cover_report_figures::Migration),
            Box::new(m20261203_000043_plan_match_key_triggers_once::Migration),
            Box::new(m20261203_000044_indexes_the_statements_read::Migration),
            Box::new(m20261203_000045_one_live_category_per_person::Migration),
            Box::new(m20261203_000046_county_statistics_and_order_indexes::Migration),
        ]
    }
}
