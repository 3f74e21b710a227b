//! `GET /reports/{regionCode}/{year}`: the annual summary and the coverage table of a region as
//! a printable HTML page in Chinese, with server-rendered SVG charts and no script or outside
//! asset (docs/decisions/0015). Same credentials and rules as `summary` and `coverage`.

mod html;
mod sections;
mod svg;
mod text;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::auth::Unauthenticated;
use crate::db::filters::parse_region;
use crate::error::{AppError, code};
use crate::service::check::today;
use crate::service::report;

/// Nothing but inline styles and inline SVG may load: the page fetches nothing at all.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `GET /reports/{regionCode}/{year}`.
pub async fn report(
    State(state): State<AppState>,
    Path((region, year)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let viewer = match state.auth.viewer(&state.db, authorization).await {
        Ok(Ok(viewer)) => viewer,
        Ok(Err(Unauthenticated)) => {
            return page(
                StatusCode::UNAUTHORIZED,
                html::error_page("身份验证失败", "访问令牌无效、已过期或已被吊销。"),
            );
        }
        Err(err) => return app_error(&err),
    };
    let Some(year) = parse_year(&year) else {
        return page(
            StatusCode::BAD_REQUEST,
            html::error_page("请求有误", "年度应为四位数字，例如 2025。"),
        );
    };
    let code = match parse_region(&region) {
        Ok(code) => code,
        Err(_) => {
            return page(
                StatusCode::BAD_REQUEST,
                html::error_page(
                    "请求有误",
                    "区划代码应为6、9或12位统计用区划代码，例如 620400。",
                ),
            );
        }
    };
    match report::annual_report(&state.db, &viewer, &code, year, today()).await {
        Ok(report) => page(StatusCode::OK, html::report_page(&report)),
        Err(err) => app_error(&err),
    }
}

/// A calendar year written as four digits.
fn parse_year(input: &str) -> Option<i32> {
    (input.len() == 4 && input.bytes().all(|b| b.is_ascii_digit()))
        .then(|| input.parse().ok())
        .flatten()
}

fn app_error(err: &AppError) -> Response {
    match err.code() {
        code::BAD_USER_INPUT => page(
            StatusCode::BAD_REQUEST,
            html::error_page("请求有误", "年度应在1900年至2100年之间。"),
        ),
        code::NOT_FOUND => page(
            StatusCode::NOT_FOUND,
            html::error_page("未找到该行政区划", "名录中没有这个区划代码对应的行政区划。"),
        ),
        _ => {
            tracing::error!(error = ?err, "report failed");
            page(
                StatusCode::INTERNAL_SERVER_ERROR,
                html::error_page("服务暂时不可用", "生成报告时出现内部错误，请稍后再试。"),
            )
        }
    }
}

fn page(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_four_digits() {
        assert_eq!(parse_year("2025"), Some(2025));
        for bad in ["25", "20250", "+202", "２０２５", "abcd", ""] {
            assert_eq!(parse_year(bad), None, "{bad}");
        }
    }
}
