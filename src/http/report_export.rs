//! Downloads for BI tools, with the GraphQL arguments as query parameters:
//! `GET /export/aggregate/{entity}.csv|xlsx?groupBy=county,year&filter=<JSON>` and
//! `GET /export/coverage/{region}.csv|xlsx?level=TOWNSHIP&asOf=2025-12-31`. Bearer token, and
//! the export rule (`policy::may_export`: ANALYST and above); Chinese headers.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::AppState;
use super::export::{attachment, error};
use crate::auth::{Role, Unauthenticated, Viewer, policy};
use crate::db::filters::parse_region;
use crate::domain::enums::{DomainEnum, RegionLevel};
use crate::error::{AppError, code};
use crate::service::aggregate::table::{self, Table};
use crate::service::bulk::{ExportFormat, sheet};
use crate::service::coverage;

/// The query string of an aggregate download.
#[derive(Debug, Deserialize)]
pub struct AggregateParams {
    /// The JSON of the list query's filter input, e.g. `{"heldOn":{"gte":"2025-01-01"}}`.
    pub filter: Option<String>,
    /// Comma-separated group-by values, any case: `county,year`.
    #[serde(rename = "groupBy")]
    pub group_by: Option<String>,
}

/// The query string of a coverage download.
#[derive(Debug, Deserialize)]
pub struct CoverageParams {
    /// `COUNTY`, `TOWNSHIP` or `VILLAGE` (any case); default the next level down.
    pub level: Option<String>,
    /// `YYYY-MM-DD`; default today (Asia/Shanghai).
    #[serde(rename = "asOf")]
    pub as_of: Option<String>,
}

/// `GET /export/aggregate/{entity}.{csv|xlsx}`.
pub async fn aggregate(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<AggregateParams>,
    headers: HeaderMap,
) -> Response {
    let (stem, format, viewer) = match request(&state, &headers, &file).await {
        Ok(parts) => parts,
        Err(response) => return *response,
    };
    let result = table::table(
        &state.db,
        &viewer,
        stem,
        params.filter.as_deref(),
        params.group_by.as_deref(),
    )
    .await;
    respond(result, &format!("{stem}-aggregate"), format)
}

/// `GET /export/coverage/{region}.{csv|xlsx}`.
pub async fn coverage(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<CoverageParams>,
    headers: HeaderMap,
) -> Response {
    let (stem, format, viewer) = match request(&state, &headers, &file).await {
        Ok(parts) => parts,
        Err(response) => return *response,
    };
    tracing::info!(subject = %viewer.subject, region = stem, "coverage export");
    let result = async {
        let region = parse_region(stem)?;
        let level = match params.level.as_deref().filter(|l| !l.is_empty()) {
            None => None,
            Some(text) => Some(RegionLevel::from_code(&text.to_uppercase()).ok_or_else(|| {
                AppError::bad_input(format!(
                    "level {text:?} is not one of CITY, COUNTY, TOWNSHIP, VILLAGE"
                ))
            })?),
        };
        let as_of = match params.as_of.as_deref().filter(|d| !d.is_empty()) {
            None => crate::service::check::today(),
            Some(text) => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                AppError::bad_input(format!("asOf {text:?} is not a date YYYY-MM-DD"))
            })?,
        };
        let report = coverage::coverage(&state.db, &region, level, as_of).await?;
        Ok(coverage::table(&report))
    }
    .await;
    respond(result, &format!("coverage-{stem}"), format)
}

/// The file's stem and format, and the caller, who must be allowed to export.
async fn request<'f>(
    state: &AppState,
    headers: &HeaderMap,
    file: &'f str,
) -> Result<(&'f str, ExportFormat, Viewer), Box<Response>> {
    let (stem, format) = split(file)?;
    Ok((stem, format, exporter(state, headers).await?))
}

fn split(file: &str) -> Result<(&str, ExportFormat), Box<Response>> {
    file.rsplit_once('.')
        .and_then(|(stem, ext)| Some((stem, ExportFormat::from_extension(ext)?)))
        .ok_or_else(|| {
            Box::new(error(
                StatusCode::NOT_FOUND,
                code::NOT_FOUND,
                &format!("{file:?} is not NAME.csv or NAME.xlsx"),
            ))
        })
}

/// The caller, if they may export: 401 without or with a bad credential, 403 below ANALYST
/// (a PUBLIC-role token included).
async fn exporter(state: &AppState, headers: &HeaderMap) -> Result<Viewer, Box<Response>> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let refuse = |status, code, message: &str| Err(Box::new(error(status, code, message)));
    match state.auth.viewer(&state.db, authorization).await {
        Ok(Ok(viewer)) if policy::may_export(&viewer) => Ok(viewer),
        // No credential at all: ask for one; a PUBLIC-role token is known and not enough.
        Ok(Ok(viewer)) if viewer.role == Role::Public && authorization.is_none() => refuse(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHENTICATED,
            "exports need a token with the ANALYST role or above",
        ),
        Ok(Ok(_)) => refuse(
            StatusCode::FORBIDDEN,
            code::FORBIDDEN,
            "exports need the ANALYST role or above",
        ),
        Ok(Err(Unauthenticated)) => refuse(
            StatusCode::UNAUTHORIZED,
            code::UNAUTHENTICATED,
            "the bearer token is invalid, expired or revoked",
        ),
        Err(err) => Err(Box::new(app_error(&err))),
    }
}

fn respond(result: Result<Table, AppError>, stem: &str, format: ExportFormat) -> Response {
    let bytes = result.and_then(|t| {
        let headers: Vec<&str> = t.headers.iter().map(String::as_str).collect();
        match format {
            ExportFormat::Csv => sheet::write_csv(&headers, &t.rows),
            ExportFormat::Xlsx => sheet::write_xlsx(t.sheet, &headers, &t.rows, &[]),
        }
    });
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(err) => return app_error(&err),
    };
    attachment(stem, format, bytes)
}

fn app_error(err: &AppError) -> Response {
    let status = match err.code() {
        code::BAD_USER_INPUT => StatusCode::BAD_REQUEST,
        code::NOT_FOUND => StatusCode::NOT_FOUND,
        code::FORBIDDEN => StatusCode::FORBIDDEN,
        code::UNAUTHENTICATED => StatusCode::UNAUTHORIZED,
        code::LIMIT_EXCEEDED => StatusCode::BAD_REQUEST,
        _ => {
            tracing::error!(error = ?err, "report export failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    error(status, err.code(), &err.to_string())
}
