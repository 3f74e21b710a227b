//! Side channels to personal data. Every path decides who may act, and what may be known to
//! exist, before it reads anything: no answer (an error code, a userError, a count, a row) may
//! differ between "exists" and "does not exist" for a caller whose role may not know.

mod bulk;
mod memberships;
mod reads;
mod writes;

use serde_json::{Value, json};

use crate::access_control::Server;

/// What a mutation answered: the top-level error code, else the userError codes, else `OK`.
pub(crate) fn outcome(body: &Value, field: &str) -> String {
    if let Some(code) = body["errors"][0]["extensions"]["code"].as_str() {
        return code.to_owned();
    }
    let codes: Vec<&str> = body["data"][field]["userErrors"]
        .as_array()
        .map(|errors| errors.iter().filter_map(|e| e["code"].as_str()).collect())
        .unwrap_or_default();
    if codes.is_empty() {
        "OK".to_owned()
    } else {
        codes.join(",")
    }
}

/// `path` read out of an admin query's answer.
pub(crate) async fn admin_read(server: &Server, admin: &str, query: &str) -> Value {
    let (_, body, _) = server.ask(Some(admin), query, json!({})).await;
    assert!(body["errors"].is_null(), "{query} → {body}");
    body["data"].clone()
}

/// A valid 18-character ID number (GB 11643 check digit) from its first 17 digits.
pub(crate) fn id_number(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}
