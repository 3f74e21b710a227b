//! Spreadsheet files as rows of text: CSV (UTF-8 with or without BOM, or the GB18030/GBK that
//! Chinese Excel saves) and XLSX/XLS/ODS via calamine; written as UTF-8 CSV or XLSX.

use std::io::Cursor;

use calamine::{Data, Dimensions, Reader};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, Formula, Workbook, Worksheet,
    XlsxError, utility,
};

use super::RowError;
use super::headers::{self, Mapping};
use super::template::Column;
use crate::domain::aliases;
use crate::error::{AppError, AppResult, UserErrorCode};

/// The rows of a file to import: the header row and the data rows under it, from every sheet
/// whose header matches the template, in the first such sheet's column order.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The worksheet the header row is on (workbooks only).
    pub name: Option<String>,
    pub headers: Vec<String>,
    /// The header's row number as a spreadsheet program shows it (1 unless title rows are
    /// above it).
    pub header_row: u32,
    pub rows: Vec<SheetRow>,
    /// What the reader skipped and the clerk should know: ignored columns, total and
    /// signature rows, blank rows.
    pub warnings: Vec<RowError>,
    /// Header problems of the sheets when several are read (one sheet's header is checked
    /// by the import itself).
    pub header_errors: Vec<RowError>,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct SheetRow {
    /// As a spreadsheet program numbers it (the first row of the sheet is 1).
    pub number: u32,
    /// The worksheet it is on (workbooks only).
    pub sheet: Option<String>,
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

/// One worksheet (or a CSV file) as rows of text, merged ranges filled in.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The worksheet's name; `None` for CSV.
    pub name: Option<String>,
    pub rows: Vec<SheetRow>,
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

/// Every sheet of a CSV or workbook file as rows of text.
pub fn grids(name: Option<&str>, bytes: &[u8]) -> AppResult<Vec<Grid>> {
    match sniff(name, bytes) {
        FileType::Csv => Ok(vec![read_csv(bytes)?]),
        FileType::Workbook => read_workbook(bytes),
    }
}

/// The first sheet of a file, its first non-blank row taken as the header.
pub fn read(name: Option<&str>, bytes: &[u8]) -> AppResult<Sheet> {
    let grid = grids(name, bytes)?.into_iter().next().unwrap_or_default();
    let mut rows = grid.rows.into_iter().skip_while(SheetRow::is_blank);
    let header = rows.next();
    let Some(header) = header else {
        return Err(no_header());
    };
    Ok(Sheet {
        name: grid.name,
        headers: header.cells,
        header_row: header.number,
        rows: rows.collect(),
        ..Sheet::default()
    })
}

fn no_header() -> AppError {
    AppError::bad_input("the file has no header row (表头为空): use the downloadable template")
}

/// How far below the top a header row is looked for (title rows, notes, blank rows).
const HEADER_SEARCH_ROWS: usize = 30;

/// The header row of a grid: the row among the first ones naming the most template columns
/// (at least two), with its mapping.
pub(super) fn find_header(grid: &Grid, columns: &[Column]) -> Option<(usize, Mapping)> {
    let mut best: Option<(usize, Mapping)> = None;
    for (index, row) in grid
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .take(HEADER_SEARCH_ROWS)
    {
        let mapping = headers::map(columns, &row.cells, row.number);
        if mapping.matched() >= 2.min(columns.len())
            && best
                .as_ref()
                .is_none_or(|(_, b)| mapping.matched() > b.matched())
        {
            best = Some((index, mapping));
        }
    }
    best
}

/// Reads a file for a template: in every sheet, the header row is found below any title rows;
/// every sheet whose header names all the template's required columns is read (its rows keep
/// their sheet's name). A sheet that looks like the template but lacks a required column,
/// beside one that has them all, is refused by name: which one is meant is not for the reader
/// to guess. Total and signature rows under the data (合计, 填表人 …) are skipped with a
/// warning.
pub fn read_for(name: Option<&str>, bytes: &[u8], columns: &[Column]) -> AppResult<Sheet> {
    let mut grids = grids(name, bytes)?;
    let mut found: Vec<(usize, usize, Mapping)> = grids
        .iter()
        .enumerate()
        .filter_map(|(g, grid)| find_header(grid, columns).map(|(i, m)| (g, i, m)))
        .collect();
    let complete = found.iter().filter(|(_, _, m)| m.complete(columns)).count();
    if complete == 0 {
        // No sheet has every required column: the best one's header errors say what is missing.
        found.truncate(1);
    } else if let Some((partial, _, _)) = found.iter().find(|(_, _, m)| !m.complete(columns)) {
        let names = |g: usize| grids[g].name.clone().unwrap_or_default();
        let partial = names(*partial);
        let read: Vec<String> = found
            .iter()
            .filter(|(_, _, m)| m.complete(columns))
            .map(|(g, _, _)| format!("“{}”", names(*g)))
            .collect();
        let read = read.join("、");
        return Err(AppError::bad_input(format!(
            "the sheet “{partial}” looks like this template but lacks required columns, beside {read} which has them; remove it or complete its header (工作表“{partial}”的表头像本模板但缺少必填列，而工作表{read}是完整的，无法确定要导入哪些工作表：请删除该工作表或补全其表头)"
        )));
    }
    if found.is_empty() {
        // No sheet looks like the template: report the first sheet's header as it is.
        let grid = grids.first().ok_or_else(no_header)?;
        let index = grid
            .rows
            .iter()
            .position(|r| !r.is_blank())
            .ok_or_else(no_header)?;
        let mapping = headers::map(columns, &grid.rows[index].cells, grid.rows[index].number);
        found.push((0, index, mapping));
    }
    let (first_grid, first_index, _) = &found[0];
    let first_grid = &grids[*first_grid];
    let mut sheet = Sheet {
        name: first_grid.name.clone(),
        headers: first_grid.rows[*first_index].cells.clone(),
        header_row: first_grid.rows[*first_index].number,
        ..Sheet::default()
    };
    let several = found.len() > 1;
    if several {
        // Rows of several sheets are given in the template's own column order.
        sheet.headers = columns
            .iter()
            .enumerate()
            .filter(|(i, _)| found.iter().any(|(_, _, m)| m.positions[*i].is_some()))
            .map(|(_, c)| c.header.to_owned())
            .collect();
    }
    let target = headers::map(columns, &sheet.headers, sheet.header_row).positions;
    let width = sheet.headers.len();
    for (g, index, mapping) in &found {
        // The grid's rows are moved into the sheet, not copied: a big file is held once.
        let grid = Grid {
            name: grids[*g].name.clone(),
            rows: std::mem::take(&mut grids[*g].rows),
        };
        let mut warnings = mapping.warnings.clone();
        if several {
            for mut error in mapping.errors.clone() {
                error.sheet.clone_from(&grid.name);
                sheet.header_errors.push(error);
            }
        }
        let mut blank = 0;
        let header_number = grid.rows[*index].number;
        for row in grid.rows.into_iter().skip(index + 1) {
            if row.is_blank() {
                blank += 1;
                continue;
            }
            let first = row.cells.iter().find(|c| !c.trim().is_empty());
            if first.is_some_and(|c| aliases::is_footer(c)) {
                let text: String = first
                    .map(|c| c.chars().take(20).collect())
                    .unwrap_or_default();
                warnings.push(RowError::new(
                    row.number,
                    None,
                    UserErrorCode::IgnoredRow,
                    format!("a total or signature row ({text}) was skipped"),
                    format!("合计或签名行（{text}）已忽略，不导入"),
                ));
                continue;
            }
            if !several {
                sheet.rows.push(row);
                continue;
            }
            let mut cells = vec![String::new(); width];
            let mut imprecise = Vec::new();
            for (to, from) in target.iter().zip(&mapping.positions) {
                if let (Some(to), Some(from)) = (*to, *from) {
                    cells[to] = row.cells.get(from).cloned().unwrap_or_default();
                    if row.imprecise.contains(&from) {
                        imprecise.push(to);
                    }
                }
            }
            sheet.rows.push(SheetRow {
                number: row.number,
                sheet: row.sheet,
                cells,
                imprecise,
            });
        }
        if blank > 0 {
            warnings.push(RowError::new(
                header_number,
                None,
                UserErrorCode::IgnoredRow,
                format!("{blank} blank rows were skipped"),
                format!("已跳过 {blank} 个空行"),
            ));
        }
        for mut warning in warnings {
            warning.sheet.clone_from(&grid.name);
            sheet.warnings.push(warning);
        }
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

fn read_csv(bytes: &[u8]) -> AppResult<Grid> {
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
    let mut grid = Grid::default();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|err| {
            AppError::bad_input(format!(
                "the CSV file cannot be read (CSV 文件无法读取): {err}"
            ))
        })?;
        grid.rows.push(SheetRow {
            number: u32::try_from(index + 1).unwrap_or(u32::MAX),
            sheet: None,
            cells: record.iter().map(|c| restore(c.to_owned())).collect(),
            imprecise: Vec::new(),
        });
    }
    Ok(grid)
}

fn read_workbook(bytes: &[u8]) -> AppResult<Vec<Grid>> {
    let unreadable = |err: &dyn std::fmt::Display| {
        AppError::bad_input(format!(
            "the file is not a readable XLSX, XLS or ODS workbook (无法读取该工作簿): {err}"
        ))
    };
    let mut workbook =
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut grids = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(&e))?;
        let merged = merged_cells(&mut workbook, &name);
        grids.push(grid_of(name, &range, &merged));
    }
    if grids.is_empty() {
        return Err(unreadable(&"it has no worksheet"));
    }
    Ok(grids)
}

/// The merged ranges of a sheet (XLSX and XLS; other formats have none to report).
fn merged_cells(workbook: &mut calamine::Sheets<Cursor<&[u8]>>, name: &str) -> Vec<Dimensions> {
    match workbook {
        calamine::Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        calamine::Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// A worksheet's cells as text; a merged range's value is on every cell it covers (a 工作单位
/// merged down over four rows belongs to all four people).
fn grid_of(name: String, range: &calamine::Range<Data>, merged: &[Dimensions]) -> Grid {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut texts: Vec<Vec<String>> = Vec::new();
    let mut imprecise: Vec<Vec<usize>> = Vec::new();
    for cells in range.rows() {
        let mut row_imprecise = Vec::new();
        // Columns counted from A, so merged ranges (absolute) line up.
        let mut row: Vec<String> = vec![String::new(); first_column as usize];
        for (column, cell) in cells.iter().enumerate() {
            let (text, exact) = cell_text(cell);
            if !exact {
                row_imprecise.push(column + first_column as usize);
            }
            row.push(restore(text));
        }
        texts.push(row);
        imprecise.push(row_imprecise);
    }
    for area in merged {
        let (top, left) = area.start;
        let (bottom, right) = area.end;
        let at = |r: u32| r.checked_sub(first_row).map(|r| r as usize);
        let Some(value) = at(top)
            .and_then(|r| texts.get(r))
            .and_then(|row| row.get(left as usize))
            .cloned()
        else {
            continue;
        };
        for r in top..=bottom {
            let Some(row) = at(r).and_then(|r| texts.get_mut(r)) else {
                continue;
            };
            for c in left..=right {
                let c = c as usize;
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                if row[c].is_empty() {
                    row[c].clone_from(&value);
                }
            }
        }
    }
    let rows = texts
        .into_iter()
        .zip(imprecise)
        .enumerate()
        .map(|(index, (cells, imprecise))| SheetRow {
            number: first_row
                .saturating_add(u32::try_from(index).unwrap_or(u32::MAX))
                .saturating_add(1),
            sheet: Some(name.clone()),
            cells,
            imprecise,
        })
        .collect();
    Grid {
        name: Some(name),
        rows,
    }
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

/// A drop-down list of allowed values for one column of a template's data sheet.
#[derive(Debug, Clone)]
pub struct Choices {
    /// The column's index in the header.
    pub column: usize,
    /// What the list is (the column header).
    pub title: String,
    pub values: Vec<String>,
}

/// The sheet holding the drop-down lists of a template.
pub const CHOICES_SHEET: &str = "可选值";
/// How many rows of a template's data sheet get the drop-down lists.
const TEMPLATE_ROWS: u32 = 5000;

/// An XLSX workbook: one sheet of data whose columns are formatted as text (so ID numbers and
/// codes typed in later stay exact), and an optional instructions sheet.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    notes: &[Vec<String>],
) -> AppResult<Vec<u8>> {
    write_template_xlsx(sheet_name, headers, rows, notes, &[])
}

/// As [`write_xlsx`], with drop-down lists (data validation) of allowed values on the data
/// sheet's columns, listed on a hidden sheet. A value outside the list only warns: the
/// common spellings the import also reads may still be typed.
pub fn write_template_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    notes: &[Vec<String>],
    choices: &[Choices],
) -> AppResult<Vec<u8>> {
    build_xlsx(sheet_name, headers, rows, notes, choices)
        .map_err(|e| AppError::Internal(format!("could not write XLSX: {e}")))
}

fn build_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    notes: &[Vec<String>],
    choices: &[Choices],
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
    for (index, choice) in choices.iter().enumerate() {
        let letter = utility::column_number_to_name(u16::try_from(index).unwrap_or(0));
        let last = choice.values.len() + 1;
        let list = Formula::new(format!("='{CHOICES_SHEET}'!${letter}$2:${letter}${last}"));
        let validation = DataValidation::new()
            .allow_list_formula(list)
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title("不在可选值中")?
            .set_error_message("该值不在下拉列表中。常见写法（如 党员、男性、汉）导入时也能识别，详见“填写说明”；确定要保留吗？")?;
        let column = u16::try_from(choice.column).unwrap_or(u16::MAX);
        data.add_data_validation(1, column, TEMPLATE_ROWS, column, &validation)?;
    }
    if !notes.is_empty() {
        let sheet = workbook.add_worksheet();
        sheet.set_name("填写说明")?;
        write_table(
            sheet,
            &["列名", "必填", "说明", "可选值", "表头也可写作"],
            notes,
            &text,
            &bold,
        )?;
    }
    if !choices.is_empty() {
        let lists = workbook.add_worksheet();
        lists.set_name(CHOICES_SHEET)?;
        for (index, choice) in choices.iter().enumerate() {
            let column = u16::try_from(index).unwrap_or(u16::MAX);
            lists.set_column_width(column, 28)?;
            let title = format!("{}（可选值）", choice.title);
            lists.write_string_with_format(0, column, &title, &bold)?;
            for (row, value) in choice.values.iter().enumerate() {
                let row = u32::try_from(row + 1).unwrap_or(u32::MAX);
                lists.write_string_with_format(row, column, neutralise(value), &text)?;
            }
        }
        lists.set_hidden(true);
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
