//! Server-rendered SVG charts of the report: a horizontal bar chart of coverage by child region
//! and a column chart of the year's work figures. Plain shapes and text, no script.

use std::fmt::Write;

use super::text::esc;

/// Colours of the coverage measures, in `CoverageMeasure::ALL` order (print well in grey too).
pub const MEASURE_COLOURS: [&str; 4] = ["#a61b1b", "#d9822b", "#e8c14f", "#4d6473"];

/// One region's bars: its name and, per measure, the share covered (0–1; `None` = no villages).
pub struct CoverageBars<'a> {
    pub name: &'a str,
    pub shares: [Option<f64>; 4],
}

const WIDTH: f64 = 680.0;
const LABEL: f64 = 104.0;
const PLOT: f64 = 500.0;

/// Horizontal grouped bars: per region one bar per measure, 0–100 % with a grid every 25 %.
pub fn coverage_chart(title: &str, legend: &[&str; 4], rows: &[CoverageBars<'_>]) -> String {
    const BAR: f64 = 9.0;
    const GAP: f64 = 14.0;
    let group = BAR * 4.0 + GAP;
    let top = 44.0;
    let height = top + group * rows.len() as f64 + 40.0;
    let mut s = open(height, title);
    let _ = write!(
        s,
        r#"<text x="{x}" y="18" class="c-title" text-anchor="middle">{t}</text>"#,
        x = WIDTH / 2.0,
        t = esc(title)
    );
    let bottom = top + group * rows.len() as f64 - GAP / 2.0;
    for step in 0..=4 {
        let x = LABEL + PLOT * f64::from(step) / 4.0;
        let _ = write!(
            s,
            r#"<line x1="{x}" y1="{y1}" x2="{x}" y2="{bottom}" class="c-grid"/><text x="{x}" y="{ty}" class="c-axis" text-anchor="middle">{p}%</text>"#,
            y1 = top - 6.0,
            ty = top - 10.0,
            p = step * 25
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y0 = top + group * i as f64;
        let _ = write!(
            s,
            r#"<text x="{x}" y="{y}" class="c-label" text-anchor="end">{n}</text>"#,
            x = LABEL - 8.0,
            y = y0 + BAR * 2.0 + 4.0,
            n = esc(row.name)
        );
        for (j, (share, colour)) in row.shares.iter().zip(MEASURE_COLOURS).enumerate() {
            let y = y0 + BAR * j as f64;
            let w = share.unwrap_or(0.0).clamp(0.0, 1.0) * PLOT;
            let value = share.map_or("—".to_owned(), |r| format!("{:.1}%", r * 100.0));
            let _ = write!(
                s,
                r#"<rect x="{LABEL}" y="{y}" width="{w:.1}" height="{h}" fill="{colour}"/><text x="{tx:.1}" y="{ty}" class="c-value">{value}</text>"#,
                h = BAR - 1.5,
                tx = LABEL + w + 4.0,
                ty = y + BAR - 2.0,
            );
        }
    }
    legend_row(&mut s, bottom + 26.0, legend);
    s.push_str("</svg>");
    s
}

/// One column of the figures chart: label, value and unit.
pub struct Column<'a> {
    pub label: &'a str,
    pub value: i64,
    pub unit: &'a str,
}

/// Vertical columns scaled to the largest value, each labelled with its value and unit.
pub fn column_chart(title: &str, columns: &[Column<'_>]) -> String {
    let height = 290.0;
    let (top, base) = (46.0, 240.0);
    let max = columns.iter().map(|c| c.value).max().unwrap_or(0).max(1) as f64;
    let slot = (WIDTH - 40.0) / columns.len().max(1) as f64;
    let mut s = open(height, title);
    let _ = write!(
        s,
        r#"<text x="{x}" y="18" class="c-title" text-anchor="middle">{t}</text><line x1="20" y1="{base}" x2="{x2}" y2="{base}" class="c-base"/>"#,
        x = WIDTH / 2.0,
        t = esc(title),
        x2 = WIDTH - 20.0
    );
    for (i, c) in columns.iter().enumerate() {
        let cx = 20.0 + slot * (i as f64 + 0.5);
        let h = (c.value.max(0) as f64 / max) * (base - top);
        let w = (slot * 0.5).min(46.0);
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="#a61b1b"/><text x="{cx:.1}" y="{vy:.1}" class="c-value" text-anchor="middle">{v}{u}</text><text x="{cx:.1}" y="{ly}" class="c-label" text-anchor="middle">{l}</text>"##,
            x = cx - w / 2.0,
            y = base - h,
            vy = base - h - 6.0,
            v = c.value,
            u = esc(c.unit),
            ly = base + 20.0,
            l = esc(c.label),
        );
    }
    s.push_str("</svg>");
    s
}

fn open(height: f64, title: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{t}" class="chart">"#,
        t = esc(title)
    )
}

fn legend_row(s: &mut String, y: f64, legend: &[&str; 4]) {
    let step = PLOT / 4.0;
    for (i, (label, colour)) in legend.iter().zip(MEASURE_COLOURS).enumerate() {
        let x = LABEL + step * i as f64;
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{ry}" width="12" height="12" fill="{colour}"/><text x="{tx}" y="{y}" class="c-legend">{l}</text>"#,
            ry = y - 10.0,
            tx = x + 17.0,
            l = esc(label)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_names_and_scale_bars() {
        let rows = [CoverageBars {
            name: "<b>区",
            shares: [Some(1.0), Some(0.5), None, Some(0.0)],
        }];
        let svg = coverage_chart("覆盖率", &["甲", "乙", "丙", "丁"], &rows);
        assert!(svg.contains("&lt;b&gt;区") && !svg.contains("<b>"));
        assert!(svg.contains(r#"width="500.0""#) && svg.contains(r#"width="250.0""#));
        assert!(svg.contains("100.0%") && svg.contains(">—<"));
        let cols = [
            Column {
                label: "理论宣讲",
                value: 106,
                unit: "场",
            },
            Column {
                label: "化解纠纷",
                value: 53,
                unit: "件",
            },
        ];
        let svg = column_chart("工作量", &cols);
        assert!(svg.contains("106场") && svg.contains("理论宣讲"));
        assert!(svg.ends_with("</svg>"));
    }
}
