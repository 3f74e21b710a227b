//! `GET /export/{kind}.csv|.xlsx?filter=<JSON>`: the records the list query's filter selects, as
//! the import template's columns, masked for the caller; `GET /export/{kind}/template.xlsx`
//! (or `.csv`): the empty template with an example row.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use crate::auth::{Role, Unauthenticated};
use crate::error::{AppError, code};
use crate::service::bulk::{self, ExportFormat, RecordKind};

/// The query string of an export.
#[derive(Debug, Deserialize)]
pub struct ExportParams {
    /// The JSON of the list query's filter input, e.g. `{"kind":["ENTERPRISE"]}`.
    pub filter: Option<String>,
}

/// `organizations.csv` → (Organizations, Csv).
fn parse_file(file: &str) -> Option<(RecordKind, ExportFormat)> {
    let (stem, extension) = file.rsplit_once('.')?;
    Some((
        RecordKind::from_slug(stem)?,
        ExportFormat::from_extension(extension)?,
    ))
}

/// `GET /export/{kind}.{csv|xlsx}`.
pub async fn export(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<ExportParams>,
    ids: Option<Extension<super::request_id::RequestIds>>,
    headers: HeaderMap,
) -> Response {
    let Some((kind, format)) = parse_file(&file) else {
        return not_found(&file);
    };
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let viewer = match state.auth.viewer(&state.db, authorization).await {
        Ok(Ok(viewer)) => viewer,
        Ok(Err(Unauthenticated)) => {
            return error(
                StatusCode::UNAUTHORIZED,
                code::UNAUTHENTICATED,
                "the bearer token is invalid, expired or revoked",
            );
        }
        Err(err) => return app_error(&err),
    };
    if viewer.role == Role::Public {
        // No credential at all: ask for one; a PUBLIC-role token: it is known and not enough.
        let (status, code) = if authorization.is_none() {
            (StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED)
        } else {
            (StatusCode::FORBIDDEN, code::FORBIDDEN)
        };
        return error(
            status,
            code,
            "exports need a token with the ANALYST role or above",
        );
    }
    let request_id = ids.map(|Extension(ids)| ids.server);
    let export = bulk::ExportRequest {
        viewer: &viewer,
        keys: &state.keys,
        request_id: request_id.as_deref(),
        kind,
        filter: params.filter.as_deref(),
        format,
    };
    match bulk::export(&state.pools, export).await {
        Ok(bytes) => attachment(kind.slug(), format, bytes),
        Err(err) => app_error(&err),
    }
}

/// `GET /export/{kind}/template.{csv|xlsx}`. Needs no token; with an importing caller's token
/// the XLSX offers the regions that caller may write as a drop-down list.
pub async fn template(
    State(state): State<AppState>,
    Path((kind, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let format = match file.as_str() {
        "template.xlsx" => ExportFormat::Xlsx,
        "template.csv" => ExportFormat::Csv,
        _ => return not_found(&file),
    };
    let Some(kind) = RecordKind::from_slug(&kind) else {
        return not_found(&kind);
    };
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let regions = match state.auth.viewer(&state.db, authorization).await {
        Ok(Ok(viewer)) if format == ExportFormat::Xlsx => {
            match bulk::regions::choices_for(&state.db, &viewer).await {
                Ok(regions) => regions,
                Err(err) => return app_error(&err),
            }
        }
        Ok(_) => Vec::new(),
        Err(err) => return app_error(&err),
    };
    match bulk::export::template_file_with_regions(kind, format, &regions) {
        Ok(bytes) => attachment(&format!("{}-template", kind.slug()), format, bytes),
        Err(err) => app_error(&err),
    }
}

/// A downloadable file: its media type, a file name, and never stored by caches.
pub(super) fn attachment(stem: &str, format: ExportFormat, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{stem}.{}\"", format.extension());
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition)
                    .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
            ),
            // Exports may carry personal data: never stored by caches.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

fn not_found(what: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        code::NOT_FOUND,
        &format!(
            "no export named {what:?}: use /export/{{people|organizations|activities|pairings}}.{{csv|xlsx}}"
        ),
    )
}

pub(super) fn app_error(err: &AppError) -> Response {
    let status = match err.code() {
        code::BAD_USER_INPUT => StatusCode::BAD_REQUEST,
        code::NOT_FOUND => StatusCode::NOT_FOUND,
        code::FORBIDDEN => StatusCode::FORBIDDEN,
        code::UNAUTHENTICATED => StatusCode::UNAUTHORIZED,
        code::LIMIT_EXCEEDED => StatusCode::PAYLOAD_TOO_LARGE,
        code::VERSION_CONFLICT => StatusCode::CONFLICT,
        _ => {
            tracing::error!(error = ?err, "export failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    error(status, err.code(), &err.to_string())
}

pub(super) fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, Json(body)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_name_a_kind_and_a_format() {
        assert_eq!(
            parse_file("organizations.csv"),
            Some((RecordKind::Organizations, ExportFormat::Csv))
        );
        assert_eq!(
            parse_file("people.xlsx"),
            Some((RecordKind::People, ExportFormat::Xlsx))
        );
        assert_eq!(parse_file("people.pdf"), None);
        assert_eq!(parse_file("users.csv"), None);
    }
}
