//! `GET /import`: the import page for data managers, one self-contained HTML file compiled
//! into the binary (no CDN: it works offline). It signs in with an API token kept in the
//! tab's sessionStorage and talks to `/graphql` like any client. `GET
//! /import/jobs/{id}/annotated.xlsx`: the workbook of a finished job with its errors marked.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sea_orm::EntityTrait;

use super::AppState;
use super::export::{app_error, error};
use crate::auth::{Unauthenticated, policy};
use crate::error::code;
use crate::service::import_jobs;

const PAGE: &str = include_str!("../../assets/import/import.html");

/// The page itself; it holds no data, only the form and its script.
pub async fn page() -> Response {
    let mut response = Html(PAGE).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Everything the page needs is in it or on this server.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob: data:; frame-ancestors 'none'",
        ),
    );
    response
}

/// The annotated workbook of a job the caller may see (the one who started it, or an ADMIN).
pub async fn annotated(
    State(state): State<AppState>,
    Path((id, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
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
    let missing = || error(StatusCode::NOT_FOUND, code::NOT_FOUND, "no such import job");
    if file != "annotated.xlsx" {
        return missing();
    }
    let Ok(id) = crate::ids::decode_int(&id, crate::graphql::import_jobs::TYPE_NAME) else {
        return missing();
    };
    let job = match entity::import_job::Entity::find_by_id(id)
        .one(&state.db)
        .await
    {
        Ok(job) => job,
        Err(err) => return app_error(&err.into()),
    };
    let Some(job) = job.filter(|j| policy::may_see_import_job(&viewer, &import_jobs::owner_of(j)))
    else {
        return missing();
    };
    match import_jobs::annotated_workbook(&job) {
        Some(bytes) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            );
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"annotated.xlsx\""),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        None => error(
            StatusCode::NOT_IMPLEMENTED,
            "NOT_AVAILABLE",
            "批注工作簿暂不可用：请按页面上的错误列表修改文件后重新导入",
        ),
    }
}
