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

/// Fen as yuan with two decimals, as the API's `Money` writes it: `61235000` → `612350.00`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Large yuan amounts in 万元/亿元 as reports round them: `20680000000` fen → `约2.07亿元`.
pub fn yuan_rounded(fen: i64) -> Option<String> {
    // Integer arithmetic rounds half up exactly: 61.235万 is 61.24万, never 61.23 as a float
    // (61.2349999…) would print it.
    let hundredths = |unit_fen: i64| (fen + unit_fen / 2) / unit_fen;
    let show = |n: i64, unit: &str| format!("约{}.{:02}{unit}", n / 100, n % 100);
    if fen >= 10_000_000_000 {
        // 0.01亿元 = 1,000,000 yuan = 100,000,000 fen.
        Some(show(hundredths(100_000_000), "亿元"))
    } else if fen >= 1_000_000 {
        // 0.01万元 = 100 yuan = 10,000 fen.
        Some(show(hundredths(10_000), "万元"))
    } else {
        None
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
        assert_eq!(yuan(61_235_000), "612350.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-150), "-1.50");
        assert_eq!(yuan_rounded(20_680_000_000).as_deref(), Some("约2.07亿元"));
        assert_eq!(yuan_rounded(61_235_000).as_deref(), Some("约61.24万元"));
        assert_eq!(percent(2, 3), "66.7%");
        assert_eq!(percent(0, 0), "—");
        let day = NaiveDate::from_ymd_opt(2026, 1, 20).unwrap_or_default();
        assert_eq!(date(day), "2026年1月20日");
    }
}
