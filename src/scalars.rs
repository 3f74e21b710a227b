//! API value scalars shared by GraphQL, filters and exports: `Money` (yuan as a two-decimal string over
//! integer fen), `BigInt` (string-encoded 64-bit integer) and `Date` (ISO calendar date, Asia/Shanghai).

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// An amount of money in yuan, as a decimal string with two decimals (`"612350.00"`).
/// Stored as integer fen; never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Money(pub i64);

impl Money {
    pub fn fen(self) -> i64 {
        self.0
    }
}

pub fn format_fen(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Parses `"12"`, `"12.3"` or `"12.34"` yuan into fen; more decimals or other text is refused.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let yuan: i64 = whole.parse().ok()?;
    let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
    let fen = yuan.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -fen } else { fen })
}

/// An amount of money in yuan (元), as a decimal string: sent with exactly two decimals
/// (`"612350.00"`, negative as `"-1.50"`); accepted with up to two (`"12"`, `"12.5"`). Exact to
/// the fen (分); never a float.
#[Scalar(name = "Money")]
impl ScalarType for Money {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => parse_yuan(text).map(Money).ok_or_else(|| {
                InputValueError::custom(
                    "Money is a decimal string in yuan with at most two decimals, e.g. \"1200.50\"",
                )
            }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(format_fen(self.0))
    }
}

/// A 64-bit integer sent as a decimal string, for counts that can pass 2^31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct BigInt(pub i64);

/// A signed 64-bit integer, sent as a decimal string (`"2147483648"`) because counts and sums
/// can pass what a GraphQL `Int` (32 bits) or a JavaScript number holds; accepted as a string
/// or an integer.
#[Scalar(name = "BigInt")]
impl ScalarType for BigInt {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => text
                .trim()
                .parse()
                .map(BigInt)
                .map_err(|_| InputValueError::custom("BigInt is a decimal integer string")),
            Value::Number(n) => n
                .as_i64()
                .map(BigInt)
                .ok_or_else(|| InputValueError::custom("BigInt must be an integer")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// A calendar date, `YYYY-MM-DD` (Asia/Shanghai).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub NaiveDate);

/// A calendar date without time, `YYYY-MM-DD` (`"2025-03-18"`), as the day is counted in
/// China (Asia/Shanghai).
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Date)
                .map_err(|_| InputValueError::custom("Date is a calendar date YYYY-MM-DD")),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_fen_as_yuan_and_parses_back() {
        assert_eq!(format_fen(61_235_000), "612350.00");
        assert_eq!(format_fen(20_680_000_000), "206800000.00");
        assert_eq!(format_fen(5), "0.05");
        assert_eq!(format_fen(-150), "-1.50");
        assert_eq!(parse_yuan("612350.00"), Some(61_235_000));
        assert_eq!(parse_yuan("12.5"), Some(1250));
        assert_eq!(parse_yuan("7"), Some(700));
        assert_eq!(parse_yuan("1.234"), None);
        assert_eq!(parse_yuan("1e5"), None);
        assert_eq!(parse_yuan(""), None);
    }
}
