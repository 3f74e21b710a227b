//! Text helpers of the report: HTML escaping (every data string passes through [`esc`]) and the
//! number, money and date formats of a Chinese work report.

use std::fmt;

use chrono::{Datelike, NaiveDate};

/// Displays a string with `& < > " '` escaped: safe in element content and quoted attributes.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            let (plain, tail) = rest.split_at(at);
            f.write_str(plain)?;
            let mut chars = tail.chars();
            let entity = match chars.next() {
                Some('&') => "&amp;",
                Some('<') => "&lt;",
                Some('>') => "&gt;",
                Some('"') => "&quot;",
                _ => "&#39;",
            };
            f.write_str(entity)?;
            rest = chars.as_str();
        }
        f.write_str(rest)
    }
}

/// Escapes `s` for HTML (see [`Esc`]).
pub fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

/// Fen as yuan with thousands separators, for the figures table: `20680000000` →
/// `206,800,000.00`.
pub fn yuan_grouped(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", grouped(abs / 100), abs % 100)
}

/// `1234567` → `1,234,567`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount as a report's prose states it, number and unit apart (the number is set in
/// bold): 亿元 or 万元 with two decimals from 1万元 up (`20680000000` fen → `2.07`, `亿元`;
/// `61235000` → `61.24`, `万元`), below that the exact yuan (`350000` → `3,500.00`, `元`).
/// The figures table gives every amount exactly.
pub fn yuan_prose(fen: i64) -> (String, &'static str) {
    const FEN_PER_WAN: u64 = 1_000_000;
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    // Integer arithmetic rounds half up exactly: 61.235万 is 61.24万, never 61.23 as a float
    // (61.2349999…) would print it.
    let hundredths = |unit_fen: u64| (abs + unit_fen / 2) / unit_fen;
    let show = |n: u64| format!("{sign}{}.{:02}", n / 100, n % 100);
    let wan = hundredths(FEN_PER_WAN / 100);
    if wan >= 10_000 * 100 {
        // From 10000.00万元 (rounded) on: 亿元.
        (show(hundredths(FEN_PER_WAN * 100)), "亿元")
    } else if abs >= FEN_PER_WAN {
        (show(wan), "万元")
    } else {
        (yuan_grouped(fen), "元")
    }
}

/// `covered / total` as a percentage with one decimal (`100.0%`), or `—` with nothing to count.
pub fn percent(covered: i64, total: i64) -> String {
    match ratio(covered, total) {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "—".to_owned(),
    }
}

/// `covered / total`, `None` when `total` is 0.
pub fn ratio(covered: i64, total: i64) -> Option<f64> {
    (total > 0).then(|| covered as f64 / total as f64)
}

/// `2026年1月20日`.
pub fn date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        let out = esc(r#"<script>alert("x")</script> & 'y' 白银"#).to_string();
        assert_eq!(
            out,
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; 白银"
        );
        assert_eq!(esc("白银市").to_string(), "白银市");
    }

    #[test]
    fn formats_money_percent_and_dates() {
        assert_eq!(yuan_grouped(5), "0.05");
        assert_eq!(yuan_grouped(20_680_000_000), "206,800,000.00");
        assert_eq!(yuan_grouped(61_235_000), "612,350.00");
        assert_eq!(yuan_grouped(99_900), "999.00");
        assert_eq!(yuan_grouped(100_000), "1,000.00");
        assert_eq!(yuan_grouped(-123_456_789), "-1,234,567.89");
        let prose = |fen| {
            let (n, unit) = yuan_prose(fen);
            format!("{n}{unit}")
        };
        assert_eq!(prose(20_680_000_000), "2.07亿元");
        assert_eq!(prose(61_235_000), "61.24万元");
        assert_eq!(prose(1_000_000), "1.00万元");
        assert_eq!(prose(999_999), "9,999.99元");
        assert_eq!(prose(350_000), "3,500.00元");
        // 9999.9999万元 rounds to 1.00亿元, not 10000.00万元.
        assert_eq!(prose(9_999_999_999), "1.00亿元");
        assert_eq!(prose(9_999_949_999), "9999.95万元");
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(0, 0), "—");
        let day = NaiveDate::from_ymd_opt(2026, 1, 20).unwrap_or_default();
        assert_eq!(date(day), "2026年1月20日");
    }
}
