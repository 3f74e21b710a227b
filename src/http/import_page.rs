//! `GET /import`: the import page for data managers, one self-contained HTML file compiled
//! into the binary (no CDN: it works offline). It signs in with an API token kept in the
//! tab's sessionStorage and talks to `/graphql` like any client. `GET
//! /import/jobs/{id}/annotated.xlsx`: the workbook of a finished job with its errors marked.

use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use sea_orm::EntityTrait;

use super::AppState;
use super::export::{app_error, attachment, error};
use crate::auth::{Unauthenticated, policy};
use crate::error::code;
use crate::service::bulk::ExportFormat;
use crate::service::import_jobs::{self, Annotated};
use crate::service::import_uploads;

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
    ids: Option<Extension<super::request_id::RequestIds>>,
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
    let annotated = match import_jobs::annotated_workbook(&state.db, &state.keys, &job).await {
        Ok(annotated) => annotated,
        Err(err) => return app_error(&err),
    };
    let days = import_uploads::RETENTION.num_days();
    let mb = import_uploads::MAX_KEPT_BYTES / 1024 / 1024;
    match annotated {
        Annotated::Workbook(bytes) => {
            // Someone else's file is personal data they entered: logged before it is sent, and
            // not sent when the log cannot be written.
            let request_id = ids.map(|Extension(ids)| ids.server);
            let logged = import_jobs::log_file_read(
                &state.pools.write,
                &viewer,
                &job,
                request_id.as_deref(),
            )
            .await;
            if let Err(err) = logged {
                return app_error(&err);
            }
            attachment(&format!("import-{id}-annotated"), ExportFormat::Xlsx, bytes)
        }
        Annotated::NotFinished => error(
            StatusCode::CONFLICT,
            "NOT_FINISHED",
            "导入尚未结束：请在完成后下载批注工作簿",
        ),
        Annotated::Cancelled => error(
            StatusCode::CONFLICT,
            "CANCELLED",
            "导入已取消，没有批注工作簿：请重新上传文件",
        ),
        Annotated::Unreadable(failure) => {
            let why = failure
                .map(|f| f.zh)
                .unwrap_or_else(|| "文件无法读取".into());
            error(
                StatusCode::CONFLICT,
                "FILE_UNREADABLE",
                &format!("{why}；没有可以批注的行，请修正文件后重新上传"),
            )
        }
        Annotated::NothingToMark => error(
            StatusCode::CONFLICT,
            "NO_ERRORS",
            "本次导入没有发现错误或提示，没有需要批注的内容",
        ),
        Annotated::FileGone => error(
            StatusCode::GONE,
            "FILE_EXPIRED",
            &format!(
                "上传的文件已删除（有错误的文件在导入结束后保留 {days} 天，超过 {mb} MB 的文件不保留）：请重新试运行以生成批注工作簿"
            ),
        ),
    }
}
