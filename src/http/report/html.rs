//! The report page's shell: head, print CSS (A4), the red-headed title block, and the error
//! pages. Every data string is escaped (`text::esc`); the rest is literal markup.

use std::fmt::Write;

use super::sections;
use super::text::{date, esc};
use crate::service::report::AnnualReport;

/// Serif CJK first, as printed government documents are set; then sans, then system fallbacks.
const FONTS: &str =
    r#""Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", SimSun, serif"#;

const CSS: &str = r#"
@page { size: A4; margin: 22mm 20mm 20mm 20mm; }
* { box-sizing: border-box; }
html { background: #e9e7e2; }
body { margin: 0; color: #1a1a1a; font-family: FONTS; font-size: 15px; line-height: 1.85; }
.sheet { width: 210mm; min-height: 297mm; margin: 16px auto; padding: 22mm 20mm 20mm; background: #fff;
  box-shadow: 0 1px 6px rgba(0,0,0,.18); }
.hint { width: 210mm; margin: 12px auto 0; font-size: 13px; color: #555; font-family: "Noto Sans CJK SC", sans-serif; }
header.masthead { text-align: center; border-bottom: 3px solid #b0151b; padding-bottom: 10px; margin-bottom: 6px; }
.masthead .issuer { color: #b0151b; font-size: 30px; font-weight: 700; letter-spacing: 6px; margin: 0; }
.masthead h1 { font-size: 24px; margin: 10px 0 0; letter-spacing: 1px; }
.rule2 { border-top: 1px solid #b0151b; margin: 0 0 14px; }
.meta { display: flex; flex-wrap: wrap; justify-content: center; gap: 2px 22px; font-size: 13px; color: #444; margin-bottom: 18px; }
.meta span { white-space: nowrap; }
h2 { font-size: 18px; margin: 22px 0 8px; font-family: "Noto Sans CJK SC", "Source Han Sans SC", SimHei, sans-serif; }
h3 { font-size: 15.5px; margin: 14px 0 4px; }
p { margin: 0 0 8px; text-indent: 2em; text-align: left; }
p.lead { font-size: 15px; }
b.num { color: #8b0000; font-weight: 700; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 14px; font-size: 13px; line-height: 1.5; }
caption { font-weight: 700; margin-bottom: 6px; font-size: 14px; }
th, td { border: 1px solid #555; padding: 4px 6px; text-align: center; }
th { background: #f3ece4; font-weight: 700; }
td.name, th.name { text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; background: #faf6f0; }
figure { margin: 10px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figcaption { text-align: center; font-size: 13px; color: #333; }
.chart text { font-family: FONTS; }
.c-title { font-size: 15px; font-weight: 700; fill: #1a1a1a; }
.c-label { font-size: 12.5px; fill: #1a1a1a; }
.c-value { font-size: 11px; fill: #333; }
.c-axis, .c-legend { font-size: 11.5px; fill: #444; }
.c-grid { stroke: #ccc; stroke-width: 1; stroke-dasharray: 3 3; }
.c-base { stroke: #555; stroke-width: 1; }
.notes { font-size: 12.5px; color: #444; border-top: 1px solid #999; margin-top: 22px; padding-top: 8px; }
.notes p { text-indent: 0; margin: 0 0 4px; }
.withheld { color: #666; }
footer.sign { text-align: right; margin-top: 26px; }
footer.sign p { text-indent: 0; margin: 0; text-align: right; }
h2, h3, caption { break-after: avoid; page-break-after: avoid; }
tr, .notes { break-inside: avoid; page-break-inside: avoid; }
.page-break { break-before: page; page-break-before: always; }
@media print {
  html { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .hint, nav { display: none; }
  b.num { color: #000; }
}
"#;

fn head(out: &mut String, title: &str) {
    let css = CSS.replace("FONTS", FONTS);
    let _ = write!(
        out,
        r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
"#,
        title = esc(title),
    );
}

/// The whole report page.
pub fn report_page(report: &AnnualReport) -> String {
    let name = report.region_name.as_str();
    let year = report.summary.year;
    let title = format!("{name}{year}年统战工作网络名录年度报告");
    let mut out = String::with_capacity(48 * 1024);
    head(&mut out, &title);
    out.push_str(
        r#"<p class="hint">本页为可打印的年度报告：使用浏览器的“打印”（Ctrl+P），选择“另存为 PDF”、纸张 A4，即可生成 PDF 文件。</p>
<main class="sheet">
"#,
    );
    let _ = write!(
        out,
        r#"<header class="masthead"><p class="issuer">{name}统战工作网络名录</p><h1>{title}</h1></header>
<div class="rule2"></div>
<div class="meta"><span>统计范围：{name}（区划代码 {code}）全域</span><span>统计年度：{year}年1月1日至12月31日</span><span>生成日期：{generated}</span></div>
"#,
        name = esc(name),
        title = esc(&title),
        code = esc(report.summary.region.as_str()),
        generated = date(report.generated_on),
    );
    sections::write_body(&mut out, report);
    let _ = write!(
        out,
        r#"<footer class="sign"><p>同心 · 统战工作网络名录数据平台</p><p>{generated}</p></footer>
</main>
</body>
</html>
"#,
        generated = date(report.generated_on),
    );
    out
}

/// A short page in Chinese for a refused or failed request.
pub fn error_page(heading: &str, message: &str) -> String {
    let mut out = String::new();
    head(&mut out, heading);
    let _ = write!(
        out,
        r#"<main class="sheet"><header class="masthead"><p class="issuer">统战工作网络名录</p><h1>{h}</h1></header><div class="rule2"></div><p>{m}</p><p>报告地址格式：/reports/区划代码/年度，例如 /reports/620400/2025。</p></main>
</body>
</html>
"#,
        h = esc(heading),
        m = esc(message),
    );
    out
}
