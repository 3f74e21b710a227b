//! Logging: `tracing` events to stderr, human-readable or JSON lines (`TONGXIN_LOG_FORMAT=json`),
//! filtered by `RUST_LOG`; spans exported over OTLP (HTTP/protobuf) when
//! `OTEL_EXPORTER_OTLP_ENDPOINT` is set. What is logged never holds tokens, passwords or
//! unmasked personal data: HTTP spans name the path without its query, never headers.

pub mod metrics;
pub mod operation;
pub mod request_id;

use std::io::IsTerminal;

use anyhow::anyhow;
use axum::http::{Request, Response};
use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tower_http::classify::{
    ClassifiedResponse, ClassifyResponse, NeverClassifyEos, ServerErrorsAsFailures,
    ServerErrorsFailureClass,
};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::Config;

/// The filter used when `RUST_LOG` is unset or unreadable: our own `info` lines, and only
/// warnings from sqlx (PostgreSQL notices) and the migrator, so a normal start logs little
/// more than where to point a browser. The DataLoader opens an `info` span for every load
/// (hundreds per nested page), each formatted and closed by the subscriber: a few per cent of
/// a read's CPU, so its spans are off unless `RUST_LOG` asks for them.
const DEFAULT_FILTER: &str = "info,sqlx=warn,sea_orm_migration=warn,async_graphql::dataloader=warn";

/// The standard OpenTelemetry variable naming the collector (`http://host:4318`).
pub const OTLP_ENDPOINT_ENV: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";

/// Keeps the span exporter alive; dropping it flushes the spans not yet sent.
#[must_use = "dropping the guard stops the span export"]
pub struct Guard(Option<SdkTracerProvider>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(provider) = self.0.take()
            && let Err(err) = provider.shutdown()
        {
            eprintln!("could not flush the OpenTelemetry spans: {err}");
        }
    }
}

/// Installs the global subscriber. Logs go to stderr so that stdout stays clean for commands
/// whose output is meant for scripts (`tongxin schema`).
pub fn init(config: &Config) -> anyhow::Result<Guard> {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let provider = otlp_provider()?;
    let otel = provider
        .as_ref()
        .map(|provider| tracing_opentelemetry::layer().with_tracer(provider.tracer("tongxin")));
    let registry = tracing_subscriber::registry().with(filter).with(otel);
    let json = config.log_json || config.ops.log_format.eq_ignore_ascii_case("json");
    let installed = if json {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_writer(std::io::stderr),
            )
            .try_init()
    } else {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_ansi(std::io::stderr().is_terminal()),
            )
            .try_init()
    };
    installed.map_err(|err| anyhow!("could not install the logger: {err}"))?;
    if provider.is_some() {
        tracing::info!("exporting spans over OTLP");
    }
    Ok(Guard(provider))
}

/// An OTLP/HTTP span exporter when the endpoint variable is set; the exporter reads the
/// standard `OTEL_*` variables (endpoint, headers, timeout) itself.
fn otlp_provider() -> anyhow::Result<Option<SdkTracerProvider>> {
    if std::env::var(OTLP_ENDPOINT_ENV).map_or(true, |v| v.trim().is_empty()) {
        return Ok(None);
    }
    // The exporter's HTTP client has TLS (https collectors) but no crypto provider of its
    // own (Cargo.toml): it takes the process default, ring's, as sqlx uses. Installing fails
    // only when a provider is installed already, which serves as well.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .build()
        .map_err(|err| anyhow!("could not set up the OTLP exporter: {err}"))?;
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name("tongxin")
        .build();
    Ok(Some(
        SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(resource)
            .build(),
    ))
}

/// Marks a 5xx response that is the server's normal answer rather than a failure: `/readyz`
/// saying "not ready", the data routes saying "starting". The request trace logs it at
/// debug, as any answered request, instead of as an error.
#[derive(Debug, Clone, Copy)]
pub struct Expected;

/// The request trace's classifier: server errors are failures (logged at ERROR as
/// "response failed"), except responses marked [`Expected`].
#[derive(Debug, Clone, Copy, Default)]
pub struct HttpFailures;

impl ClassifyResponse for HttpFailures {
    type FailureClass = ServerErrorsFailureClass;
    type ClassifyEos = NeverClassifyEos<ServerErrorsFailureClass>;

    fn classify_response<B>(
        self,
        response: &Response<B>,
    ) -> ClassifiedResponse<Self::FailureClass, Self::ClassifyEos> {
        if response.extensions().get::<Expected>().is_some() {
            return ClassifiedResponse::Ready(Ok(()));
        }
        ServerErrorsAsFailures::new().classify_response(response)
    }

    fn classify_error<E: std::fmt::Display + 'static>(self, error: &E) -> Self::FailureClass {
        ServerErrorsAsFailures::new().classify_error(error)
    }
}

/// The span of one HTTP request: method, path (no query string: GET queries carry
/// variables), the server's request id and the client's own id beside it when it sent a valid
/// one (`http::request_id`). Other headers, Authorization included, are never recorded.
pub fn http_span<B>(request: &Request<B>) -> tracing::Span {
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let request_id = header(request_id::HEADER);
    let client_request_id = header(request_id::CLIENT_HEADER);
    tracing::info_span!(
        "http.request",
        method = %request.method(),
        path = request.uri().path(),
        request_id,
        client_request_id,
    )
}
