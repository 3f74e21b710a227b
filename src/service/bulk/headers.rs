//! Header rows as county files write them: the template's header or a common synonym
//! (`身份证号` for 公民身份号码), with line breaks, spaces, full-width brackets or a required-marker
//! `*`; columns the template does not have (`序号`, `备注`, anything else) are ignored with a
//! warning, so nothing is dropped without the clerk being told.

use super::RowError;
use super::import::VERSION_HEADER;
use super::template::Column;
use crate::domain::aliases;
use crate::error::UserErrorCode;

/// Where each template column is in the file, and what the header row says about the file.
#[derive(Debug, Default)]
pub struct Mapping {
    /// For each template column, the file's column index.
    pub positions: Vec<Option<usize>>,
    /// Problems that stop the file from being written (duplicated or missing columns).
    pub errors: Vec<RowError>,
    /// Columns ignored (harmless or unknown), reported so the clerk knows.
    pub warnings: Vec<RowError>,
    /// The export's record-version column, when the file has one.
    pub version: Option<usize>,
}

impl Mapping {
    /// How many template columns the header names.
    pub fn matched(&self) -> usize {
        self.positions.iter().flatten().count()
    }

    /// Whether every required column is present.
    pub fn complete(&self, columns: &[Column]) -> bool {
        columns
            .iter()
            .zip(&self.positions)
            .all(|(c, p)| !c.required || p.is_some())
    }
}

/// The template column a header names: its own header first, then a synonym.
pub fn column_for(columns: &[Column], header: &str) -> Option<usize> {
    let header = aliases::normalize_header(header);
    if header.is_empty() {
        return None;
    }
    columns
        .iter()
        .position(|c| aliases::normalize_header(c.header) == header)
        .or_else(|| {
            columns.iter().position(|c| {
                aliases::HEADER_ALIASES.iter().any(|(canonical, synonyms)| {
                    *canonical == c.header && synonyms.contains(&header.as_str())
                })
            })
        })
}

/// Maps a header row (row `number` of the sheet) to the template's columns.
pub fn map(columns: &[Column], headers: &[String], number: u32) -> Mapping {
    let mut mapping = Mapping {
        positions: vec![None; columns.len()],
        ..Mapping::default()
    };
    let mut ignored = Vec::new();
    for (index, raw) in headers.iter().enumerate() {
        let shown = raw.split_whitespace().collect::<Vec<_>>().join("");
        if shown.is_empty() {
            continue;
        }
        if shown == VERSION_HEADER {
            if mapping.version.replace(index).is_some() {
                mapping.errors.push(RowError::new(
                    number,
                    Some(VERSION_HEADER),
                    UserErrorCode::DuplicateColumn,
                    "",
                    "请删去一列",
                ));
            }
            continue;
        }
        match column_for(columns, raw) {
            Some(column) if mapping.positions[column].is_some() => {
                mapping.errors.push(RowError::new(
                    number,
                    Some(columns[column].header),
                    UserErrorCode::DuplicateColumn,
                    format!("one is written {shown}"),
                    format!("其中一列写作“{shown}”，请删去一列"),
                ));
            }
            Some(column) => mapping.positions[column] = Some(index),
            None => ignored.push(shown),
        }
    }
    if !ignored.is_empty() {
        let list = ignored.join("、");
        let all_harmless = ignored.iter().all(|h| {
            aliases::HARMLESS_HEADERS
                .iter()
                .any(|x| aliases::normalize_header(x) == aliases::normalize_header(h))
        });
        let zh = if all_harmless {
            format!("{list}（不导入）")
        } else {
            format!(
                "{list}（不是本模板的列，不导入；如其中有应导入的数据，请将表头改为模板列名：{}）",
                headers_of(columns)
            )
        };
        mapping.warnings.push(RowError::new(
            number,
            None,
            UserErrorCode::IgnoredColumn,
            format!("{list} (not in the template)"),
            zh,
        ));
    }
    for (column, position) in columns.iter().zip(&mapping.positions) {
        if column.required && position.is_none() {
            mapping.errors.push(RowError::new(
                number,
                Some(column.header),
                UserErrorCode::MissingColumn,
                "",
                "请在表头中添加该列（也可用常见写法，如“身份证号”）",
            ));
        }
    }
    mapping
}

/// The template's headers, for messages.
pub fn headers_of(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::bulk::template::Template;

    #[test]
    fn synonyms_markers_and_extra_columns() {
        let columns = super::super::people::People::COLUMNS;
        let headers: Vec<String> = [
            "序号",
            "姓 名*",
            "身份证号",
            "联系\n电话",
            "所属区划代码",
            "备注",
            "籍贯",
        ]
        .map(str::to_owned)
        .to_vec();
        let mapping = map(columns, &headers, 3);
        assert!(mapping.errors.is_empty(), "{:?}", mapping.errors);
        assert_eq!(mapping.positions[0], Some(1));
        assert_eq!(mapping.positions[3], Some(2));
        assert_eq!(mapping.positions[4], Some(3));
        assert_eq!(mapping.matched(), 4);
        let warning = &mapping.warnings[0];
        assert_eq!(
            (warning.row, warning.code),
            (3, UserErrorCode::IgnoredColumn)
        );
        assert!(warning.zh.contains("序号、备注、籍贯"), "{}", warning.zh);
    }

    #[test]
    fn duplicated_and_missing_columns_are_errors() {
        let columns = super::super::organizations::Organizations::COLUMNS;
        let headers: Vec<String> = ["名称", "单位名称", "备注"].map(str::to_owned).to_vec();
        let mapping = map(columns, &headers, 1);
        let codes: Vec<UserErrorCode> = mapping.errors.iter().map(|e| e.code).collect();
        assert!(codes.contains(&UserErrorCode::DuplicateColumn));
        assert!(codes.contains(&UserErrorCode::MissingColumn));
        assert!(!codes.contains(&UserErrorCode::UnknownColumn));
    }
}
