//! Which database failures mean "unreachable right now, retry later" rather than a defect:
//! clients get `UNAVAILABLE` (503) for these and "internal error" for the rest.

use sea_orm::{DbErr, RuntimeErr};

/// Whether `err` means the database cannot be reached right now (pool timeout, connection
/// refused or reset, server shutting down or starting): clients should retry later.
pub fn is_unavailable(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => {
            runtime_unavailable(runtime)
        }
        _ => false,
    }
}

fn runtime_unavailable(err: &RuntimeErr) -> bool {
    use sea_orm::sqlx::Error;
    let RuntimeErr::SqlxError(sqlx) = err else {
        return false;
    };
    match sqlx.as_ref() {
        Error::Io(_)
        | Error::Tls(_)
        | Error::PoolTimedOut
        | Error::PoolClosed
        | Error::WorkerCrashed
        | Error::Protocol(_) => true,
        // PostgreSQL: connection exceptions (08…), shutting down or starting (57P01-57P03).
        Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}
