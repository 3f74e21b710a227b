//! Spreadsheet files as rows of text: CSV (UTF-8 with or without BOM, or the GB18030/GBK that
//! Chinese Excel saves) and XLSX/XLS/ODS via calamine; written as UTF-8 CSV or XLSX.

use std::io::Cursor;

use calamine::{Data, Reader};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::error::{AppError, AppResult};

/// The first sheet of a file: its header row and data rows as text.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct SheetRow {
    /// As a spreadsheet program numbers it: the header row is 1.
    pub number: u32,
    /// Cell texts, in header order (missing trailing cells are empty).
    pub cells: Vec<String>,
    /// Indexes of cells holding a number too long for Excel to keep exactly (an ID number or
    /// credit code typed into a cell not formatted as text).
    pub imprecise: Vec<usize>,
}

impl SheetRow {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// What a file holds, by its first bytes; the name's extension decides for text files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileType {
    Csv,
    Workbook,
}

fn sniff(name: Option<&str>, bytes: &[u8]) -> FileType {
    // XLSX and ODS are ZIP archives; XLS is an OLE compound file.
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return FileType::Workbook;
    }
    let extension = name
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("xlsx" | "xlsm" | "xls" | "ods") => FileType::Workbook,
        _ => FileType::Csv,
    }
}

/// Reads the first sheet of a CSV or workbook file.
pub fn read(name: Option<&str>, bytes: &[u8]) -> AppResult<Sheet> {
    let sheet = match sniff(name, bytes) {
        FileType::Csv => read_csv(bytes)?,
        FileType::Workbook => read_workbook(bytes)?,
    };
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(AppError::bad_input(
            "the file has no header row (表头为空): use the downloadable template",
        ));
    }
    Ok(sheet)
}

/// UTF-8 (a BOM is dropped), else GB18030, the superset of the GBK that Excel writes.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

fn read_csv(bytes: &[u8]) -> AppResult<Sheet> {
    let text = decode(bytes);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut sheet = Sheet::default();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|err| {
            AppError::bad_input(format!(
                "the CSV file cannot be read (CSV 文件无法读取): {err}"
            ))
        })?;
        let cells: Vec<String> = record.iter().map(|c| restore(c.to_owned())).collect();
        if index == 0 {
            sheet.headers = cells;
        } else {
            sheet.rows.push(SheetRow {
                number: u32::try_from(index + 1).unwrap_or(u32::MAX),
                cells,
                imprecise: Vec::new(),
            });
        }
    }
    Ok(sheet)
}

fn read_workbook(bytes: &[u8]) -> AppResult<Sheet> {
    let unreadable = |err: &dyn std::fmt::Display| {
        AppError::bad_input(format!(
            "the file is not a readable XLSX, XLS or ODS workbook (无法读取该工作簿): {err}"
        ))
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"it has no worksheet"))?
        .map_err(|e| unreadable(&e))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut sheet = Sheet::default();
    for (index, cells) in range.rows().enumerate() {
        let number = first_row
            .saturating_add(u32::try_from(index).unwrap_or(u32::MAX))
            .saturating_add(1);
        let mut imprecise = Vec::new();
        let texts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(column, cell)| {
                let (text, exact) = cell_text(cell);
                if !exact {
                    imprecise.push(column);
                }
                restore(text)
            })
            .collect();
        if sheet.headers.is_empty() {
            if texts.iter().all(|t| t.trim().is_empty()) {
                continue;
            }
            sheet.headers = texts;
        } else {
            sheet.rows.push(SheetRow {
                number,
                cells: texts,
                imprecise,
            });
        }
    }
    Ok(sheet)
}

/// Largest integer a float holds exactly (2^53).
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// A cell as text, and whether that text is exactly what was typed.
fn cell_text(cell: &Data) -> (String, bool) {
    match cell {
        Data::Empty => (String::new(), true),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), true),
        Data::Int(n) => (n.to_string(), true),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < EXACT_FLOAT => {
            (format!("{f:.0}"), f.abs() < 1e15)
        }
        Data::Float(f) => (f.to_string(), f.abs() < 1e15),
        Data::Bool(b) => (if *b { "是" } else { "否" }.to_owned(), true),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(at) if dt.is_datetime() => (at.date().format("%Y-%m-%d").to_string(), true),
            _ => (dt.as_f64().to_string(), true),
        },
        Data::Error(e) => (format!("#{e:?}"), true),
    }
}

/// First characters that make a spreadsheet read a cell as a formula (or a DDE command).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as it may be written to a download: text a spreadsheet would take for a formula
/// (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`) gets a leading `'` (OWASP's CSV-injection rule). A plain
/// number (`-5`, `+3`, `-12.5`) stays as it is: it cannot be a formula. Every CSV and XLSX
/// writer passes every cell through here; [`read`] takes the `'` off again.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// An optional sign, digits, and at most one decimal point between digits.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// The text a cell held before [`neutralise`]: a file this server wrote re-imports unchanged.
fn restore(cell: String) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) && !is_plain_number(rest) => rest.to_owned(),
        _ => cell,
    }
}

/// A UTF-8 CSV with a BOM, so that Excel opens the Chinese text correctly.
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> AppResult<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new().from_writer(b"\xEF\xBB\xBF".to_vec());
    let failed = |e: csv::Error| AppError::Internal(format!("could not write CSV: {e}"));
    writer
        .write_record(headers.iter().map(|h| neutralise(h).into_owned()))
        .map_err(failed)?;
    for row in rows {
        writer
            .write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
            .map_err(failed)?;
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Internal(format!("could not write CSV: {e}")))
}

/// An XLSX workbook: one sheet of data whose columns are formatted as text (so ID numbers and
/// codes typed in later stay exact), and an optional instructions sheet.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    notes: &[Vec<String>],
) -> AppResult<Vec<u8>> {
    build_xlsx(sheet_name, headers, rows, notes)
        .map_err(|e| AppError::Internal(format!("could not write XLSX: {e}")))
}

fn build_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    notes: &[Vec<String>],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new()
        .set_bold()
        .set_num_format("@")
        .set_align(FormatAlign::Center);
    let data = workbook.add_worksheet();
    data.set_name(sheet_name)?;
    write_table(data, headers, rows, &text, &bold)?;
    data.set_freeze_panes(1, 0)?;
    if !notes.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("填写说明")?;
        write_table(
            sheet,
            &["列名", "必填", "说明", "可选值"],
            notes,
            &text,
            &bold,
        )?;
    }
    workbook.save_to_buffer()
}

fn write_table(
    sheet: &mut Worksheet,
    headers: &[&str],
    rows: &[Vec<String>],
    text: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    for (column, header) in headers.iter().enumerate() {
        let column = u16::try_from(column).unwrap_or(u16::MAX);
        let width = header.chars().count().max(6) * 2 + 4;
        sheet.set_column_width(column, u32::try_from(width).unwrap_or(40).min(40))?;
        sheet.set_column_format(column, text)?;
        sheet.write_string_with_format(0, column, neutralise(header), bold)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        for (column, value) in row.iter().enumerate() {
            if !value.is_empty() {
                let column = u16::try_from(column).unwrap_or(u16::MAX);
                sheet.write_string_with_format(number, column, neutralise(value), text)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn csv_in_utf8_with_bom_and_in_gbk() {
        let utf8 = "\u{feff}名称,类型\n甲公司,企业\n";
        let sheet = read(Some("a.csv"), utf8.as_bytes()).unwrap();
        assert_eq!(sheet.headers, ["名称", "类型"]);
        assert_eq!(sheet.rows[0].cells, ["甲公司", "企业"]);
        assert_eq!(sheet.rows[0].number, 2);
        let (gbk, _, _) = encoding_rs::GBK.encode("名称,类型\n乙公司,企业\n");
        let sheet = read(Some("b.csv"), &gbk).unwrap();
        assert_eq!(sheet.rows[0].cells, ["乙公司", "企业"]);
    }

    #[test]
    fn xlsx_written_reads_back() {
        let rows = vec![vec!["甲".to_owned(), "620402198506121237".to_owned()]];
        let bytes = write_xlsx("组织", &["名称", "号码"], &rows, &[]).unwrap();
        let sheet = read(None, &bytes).unwrap();
        assert_eq!(sheet.headers, ["名称", "号码"]);
        assert_eq!(sheet.rows[0].cells, rows[0]);
        assert_eq!(sheet.rows[0].number, 2);
    }

    #[test]
    fn formula_cells_are_neutralised_and_read_back_as_written() {
        let rows = vec![vec![
            "=HYPERLINK(\"http://x\")".to_owned(),
            "-5".to_owned(),
            "-2+3".to_owned(),
            "'plain".to_owned(),
        ]];
        let csv = write_csv(&["a", "b", "c", "d"], &rows).unwrap();
        let text = String::from_utf8(csv.clone()).unwrap();
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains(",-5,'-2+3,"), "{text}");
        let xlsx = write_xlsx("s", &["a", "b", "c", "d"], &rows, &[]).unwrap();
        for bytes in [csv, xlsx] {
            assert_eq!(read(Some("x.csv"), &bytes).unwrap().rows[0].cells, rows[0]);
        }
    }

    #[test]
    fn long_numbers_are_flagged() {
        let (text, exact) = cell_text(&Data::Float(620_402_198_506_121_200.0));
        assert!(!exact, "{text}");
        assert_eq!(
            cell_text(&Data::Float(620_402.0)),
            ("620402".to_owned(), true)
        );
    }
}
