//! `GET /graphql`: the GraphiQL IDE, served entirely from files compiled into the binary
//! (`assets/graphiql/`), because the networks Tongxin runs in often have no internet.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

/// One file under `/graphiql/`.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Everything the page loads, plus the licences of the vendored files.
static ASSETS: &[Asset] = &[
    Asset {
        name: "react.production.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "tongxin-graphiql.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/tongxin-graphiql.js"),
    },
    Asset {
        name: "graphiql.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.js"),
    },
    Asset {
        name: "graphiql.min.css",
        content_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.css"),
    },
    Asset {
        name: "LICENSE-graphiql",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/LICENSE-graphiql"),
    },
    Asset {
        name: "LICENSE-react",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/LICENSE-react"),
    },
    Asset {
        name: "LICENSE-react-dom",
        content_type: TEXT,
        bytes: include_bytes!("../../assets/graphiql/LICENSE-react-dom"),
    },
];

/// Each asset's fingerprint, computed once, in the order of `ASSETS`.
static FINGERPRINTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| fingerprint(asset.bytes))
        .collect()
});

/// The asset named `name` and its fingerprint.
fn find(name: &str) -> Option<(&'static Asset, &'static str)> {
    let index = ASSETS.iter().position(|asset| asset.name == name)?;
    Some((ASSETS.get(index)?, FINGERPRINTS.get(index)?.as_str()))
}

/// Assets are cached for a year: their URLs carry a content hash, so a new binary with new
/// files produces new URLs.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// The page, built once: every asset URL is local and versioned by `?v=<content hash>`.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    let url = |name: &str| {
        let hash = find(name).map(|(_, hash)| hash).unwrap_or_default();
        format!("/graphiql/{name}?v={hash}")
    };
    format!(
        r#"<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>Tongxin 同心 · GraphiQL</title>
    <style>
      body {{ height: 100%; margin: 0; width: 100%; overflow: hidden; }}
      #graphiql {{ height: 100vh; }}
    </style>
    <link rel="stylesheet" href="{css}" />
  </head>
  <body>
    <div id="graphiql" data-endpoint="/graphql">Loading GraphiQL…</div>
    <script src="{react}"></script>
    <script src="{react_dom}"></script>
    <script src="{start}"></script>
    <script src="{graphiql}"></script>
  </body>
</html>
"#,
        css = url("graphiql.min.css"),
        react = url("react.production.min.js"),
        react_dom = url("react-dom.production.min.js"),
        start = url("tongxin-graphiql.js"),
        graphiql = url("graphiql.min.js"),
    )
});

/// `GET /graphql`: the IDE page.
pub async fn page() -> Response {
    (
        [(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))],
        Html(PAGE.as_str()),
    )
        .into_response()
}

/// `GET /graphiql/{file}`: one embedded file with its content type and a long cache lifetime.
pub async fn asset(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let Some((asset, hash)) = find(&file) else {
        return (StatusCode::NOT_FOUND, "no such GraphiQL file").into_response();
    };
    let etag = format!("\"{hash}\"");
    let cached = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let common = [
        (header::CACHE_CONTROL, CACHE_FOREVER.to_owned()),
        (header::ETAG, etag),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    if cached {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(header::CONTENT_TYPE, asset.content_type)],
        asset.bytes,
    )
        .into_response()
}

/// A short, stable content hash (FNV-1a, 64 bit) for cache busting; not a security measure.
fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_on_the_page_is_a_served_asset() {
        for name in ["graphiql.min.js", "graphiql.min.css", "tongxin-graphiql.js"] {
            assert!(PAGE.contains(&format!("/graphiql/{name}?v=")), "{name}");
        }
        assert!(!PAGE.contains("http://") && !PAGE.contains("https://"));
    }

    #[test]
    fn fingerprints_differ_by_content() {
        assert_eq!(fingerprint(b""), "cbf29ce484222325");
        assert_ne!(fingerprint(b"a"), fingerprint(b"b"));
    }
}
