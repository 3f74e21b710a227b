//! Plain SQL statements with `?` placeholders, numbered for PostgreSQL.

use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

/// `sql` with its `?` placeholders as the backend writes them.
pub fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_owned(),
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// Runs `sql` and reads each row's first two columns as ids.
pub async fn id_pairs(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<(i64, i64)>, sea_orm::DbErr> {
    let rows = db
        .query_all_raw(statement(db.get_database_backend(), sql, values))
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get_by_index(0)?, row.try_get_by_index(1)?)))
        .collect()
}
