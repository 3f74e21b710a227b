//! The annotated workbook a clerk downloads after an import with problems: their own file,
//! sheet by sheet and row by row, with each cell an error is about filled red (a warning's
//! yellow) and a 错误说明 column saying what is wrong; when many rows share one problem, a
//! summary sheet groups them so that one fix is seen as one fix.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::sheet::{self, Grid};
use super::{ImportReport, RecordKind, RowError};
use crate::domain::aliases;
use crate::error::{AppError, AppResult};

/// The header of the added column.
pub const EXPLANATION: &str = "错误说明";
/// The name of the summary sheet.
pub const SUMMARY: &str = "错误汇总";
/// A problem shared by at least this many rows gets the summary sheet.
pub const SUMMARY_FROM_ROWS: usize = 10;
/// How many row numbers one summary line lists.
const LISTED_ROWS: usize = 50;

/// The uploaded file (CSV or workbook, as given to the import) annotated with `report`'s
/// errors and warnings, as an XLSX workbook.
pub fn annotate(bytes: &[u8], report: &ImportReport) -> AppResult<Vec<u8>> {
    let grids = sheet::grids(None, bytes)?;
    build(&grids, report).map_err(|e| AppError::Internal(format!("could not write XLSX: {e}")))
}

/// Errors and warnings by (sheet, row).
type ByRow<'a> = HashMap<(Option<&'a str>, u32), Vec<(&'a RowError, bool)>>;

fn build(grids: &[Grid], report: &ImportReport) -> Result<Vec<u8>, XlsxError> {
    let mut by_row: ByRow<'_> = HashMap::new();
    let single = grids.len() == 1;
    for (message, is_error) in report
        .errors
        .iter()
        .map(|e| (e, true))
        .chain(report.warnings.iter().map(|w| (w, false)))
    {
        // A CSV has no sheet name; a one-sheet workbook's rows may not name it either.
        let sheet = if single {
            grids[0].name.as_deref()
        } else {
            message.sheet.as_deref()
        };
        by_row
            .entry((sheet, message.row))
            .or_default()
            .push((message, is_error));
    }
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_num_format("@");
    let error = Format::new()
        .set_num_format("@")
        .set_background_color(Color::RGB(0xFF_C7_CE));
    let warning = Format::new()
        .set_num_format("@")
        .set_background_color(Color::RGB(0xFF_EB_9C));
    let explanation = Format::new()
        .set_num_format("@")
        .set_font_color(Color::RGB(0x9C_00_06))
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let styles = Styles {
        text: &text,
        bold: &bold,
        error: &error,
        warning: &warning,
        explanation: &explanation,
    };
    let mut workbook = Workbook::new();
    for grid in grids {
        let sheet = workbook.add_worksheet();
        sheet.set_name(grid.name.as_deref().unwrap_or("数据"))?;
        write_grid(sheet, grid, &by_row, &styles)?;
    }
    write_summary(&mut workbook, report, &styles)?;
    workbook.save_to_buffer()
}

struct Styles<'a> {
    text: &'a Format,
    bold: &'a Format,
    error: &'a Format,
    warning: &'a Format,
    explanation: &'a Format,
}

/// The header row of a grid as the import found it, whatever the kind.
fn header_index(grid: &Grid) -> Option<usize> {
    RecordKind::ALL
        .iter()
        .filter_map(|kind| sheet::find_header(grid, super::export::columns_of(*kind)))
        .max_by_key(|(index, mapping)| (mapping.matched(), std::cmp::Reverse(*index)))
        .map(|(index, _)| index)
}

/// Whether a header cell of the file is the column `column` (its template header or a synonym).
fn names_column(cell: &str, column: &str) -> bool {
    let cell = aliases::normalize_header(cell);
    !cell.is_empty()
        && (cell == aliases::normalize_header(column)
            || aliases::HEADER_ALIASES.iter().any(|(canonical, synonyms)| {
                *canonical == column && synonyms.contains(&cell.as_str())
            }))
}

fn write_grid(
    sheet: &mut Worksheet,
    grid: &Grid,
    by_row: &ByRow<'_>,
    styles: &Styles<'_>,
) -> Result<(), XlsxError> {
    let header = header_index(grid);
    let header_cells: &[String] = header.map_or(&[], |i| &grid.rows[i].cells);
    let width = grid.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let explanation_column = u16::try_from(width).unwrap_or(u16::MAX - 1);
    sheet.set_column_width(explanation_column, 60)?;
    for (index, row) in grid.rows.iter().enumerate() {
        let at = row.number.saturating_sub(1);
        let is_header = Some(index) == header;
        let messages = by_row.get(&(grid.name.as_deref(), row.number));
        let mut marked: HashMap<usize, bool> = HashMap::new();
        for (message, is_error) in messages.into_iter().flatten() {
            let Some(column) = message.column.as_deref() else {
                continue;
            };
            if let Some(position) = header_cells.iter().position(|h| names_column(h, column)) {
                let entry = marked.entry(position).or_insert(false);
                *entry |= *is_error;
            }
        }
        for (position, value) in row.cells.iter().enumerate() {
            let format = match marked.get(&position) {
                Some(true) => styles.error,
                Some(false) => styles.warning,
                None if is_header => styles.bold,
                None => styles.text,
            };
            let column = u16::try_from(position).unwrap_or(u16::MAX - 1);
            sheet.write_string_with_format(at, column, sheet::neutralise(value), format)?;
        }
        if is_header {
            sheet.write_string_with_format(at, explanation_column, EXPLANATION, styles.bold)?;
        }
        if let Some(messages) = messages {
            let said: Vec<String> = messages
                .iter()
                .map(|(m, is_error)| {
                    let prefix = if *is_error { "" } else { "提示：" };
                    match &m.column {
                        Some(column) => format!("{prefix}【{column}】{}", m.zh),
                        None => format!("{prefix}{}", m.zh),
                    }
                })
                .collect();
            // The header row keeps its 错误说明 title, the header's own problems after it.
            let said = if is_header {
                format!("{EXPLANATION}\n{}", said.join("\n"))
            } else {
                said.join("\n")
            };
            sheet.write_string_with_format(
                at,
                explanation_column,
                sheet::neutralise(&said),
                styles.explanation,
            )?;
        }
    }
    if let Some(header) = header {
        sheet.set_freeze_panes(grid.rows[header].number, 0)?;
    }
    Ok(())
}

/// One line per (column, code) shared by at least [`SUMMARY_FROM_ROWS`] rows.
fn write_summary(
    workbook: &mut Workbook,
    report: &ImportReport,
    styles: &Styles<'_>,
) -> Result<(), XlsxError> {
    let mut groups: BTreeMap<(Option<&str>, &str), Vec<&RowError>> = BTreeMap::new();
    for error in &report.errors {
        groups
            .entry((error.column.as_deref(), error.code.as_str()))
            .or_default()
            .push(error);
    }
    if groups.values().all(|g| g.len() < SUMMARY_FROM_ROWS) {
        return Ok(());
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(SUMMARY)?;
    for (column, (header, width)) in [
        ("列", 16),
        ("错误代码", 22),
        ("行数", 8),
        ("示例说明", 60),
        ("涉及行", 60),
    ]
    .into_iter()
    .enumerate()
    {
        let column = u16::try_from(column).unwrap_or(0);
        sheet.set_column_width(column, width)?;
        sheet.write_string_with_format(0, column, header, styles.bold)?;
    }
    let mut sorted: Vec<_> = groups.into_iter().collect();
    sorted.sort_by_key(|(_, rows)| std::cmp::Reverse(rows.len()));
    for (line, ((column, code), errors)) in sorted.into_iter().enumerate() {
        let line = u32::try_from(line + 1).unwrap_or(u32::MAX);
        let mut rows: Vec<String> = errors
            .iter()
            .take(LISTED_ROWS)
            .map(|e| match &e.sheet {
                Some(sheet) => format!("{sheet}!{}", e.row),
                None => e.row.to_string(),
            })
            .collect();
        if errors.len() > LISTED_ROWS {
            rows.push(format!("…等共 {} 行", errors.len()));
        }
        sheet.write_string_with_format(line, 0, column.unwrap_or("（整行）"), styles.text)?;
        sheet.write_string_with_format(line, 1, code, styles.text)?;
        sheet.write_number(line, 2, errors.len() as f64)?;
        sheet.write_string_with_format(
            line,
            3,
            sheet::neutralise(&errors[0].zh),
            styles.explanation,
        )?;
        sheet.write_string_with_format(line, 4, rows.join("、"), styles.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::UserErrorCode;

    #[test]
    fn errors_are_marked_on_the_rows_and_summarised() {
        let mut csv = String::from("白银市平川区统战对象名册\n序号,姓名,身份证号\n");
        for n in 0..12 {
            csv.push_str(&format!("{n},人{n},12345\n"));
        }
        let mut report = ImportReport::default();
        for n in 0..12 {
            report.errors.push(RowError::new(
                n + 3,
                Some("公民身份号码"),
                UserErrorCode::IdNumberFormat,
                "en",
                "公民身份号码应为 18 位，这里是 5 位",
            ));
        }
        let bytes = annotate(csv.as_bytes(), &report).unwrap();
        let grids = sheet::grids(None, &bytes).unwrap();
        assert_eq!(grids.len(), 2, "data and summary");
        let data = &grids[0];
        assert_eq!(data.rows[1].cells[3], EXPLANATION);
        assert!(
            data.rows[2].cells[3]
                .contains("【公民身份号码】“公民身份号码”格式错误：公民身份号码应为 18 位")
        );
        assert_eq!(grids[1].name.as_deref(), Some(SUMMARY));
        assert_eq!(grids[1].rows[1].cells[2], "12");
    }
}
