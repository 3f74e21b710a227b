//! Export: the records a list filter selects, as the import template's columns, masked for the
//! caller exactly where the GraphQL read side masks; and the empty templates to download.

use sea_orm::ConnectionTrait;

use super::activities::Activities;
use super::cells::{self, Cell};
use super::import::VERSION_HEADER;
use super::organizations::Organizations;
use super::pairings::Pairings;
use super::people::People;
use super::template::{Column, Stored, Template, Ty};
use super::{RecordKind, sheet};
use crate::auth::Viewer;
use crate::auth::policy::may_export;
use crate::db::Db;
use crate::db::sealed::DataKeys;
use crate::db::table::IdRow;
use crate::domain::{aliases, ethnicity};
use crate::error::{AppError, AppResult};
use crate::service::filter_text;

/// The file formats of exports and templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

impl ExportFormat {
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// What to export, for whom.
#[derive(Debug, Clone, Copy)]
pub struct ExportRequest<'a> {
    pub viewer: &'a Viewer,
    /// Open the ID numbers and phones the export shows (masked or not, per the policy).
    pub keys: &'a DataKeys,
    /// Recorded with each unmasked read in the access log.
    pub request_id: Option<&'a str>,
    pub kind: RecordKind,
    /// The JSON of the list query's filter input, e.g. `{"kind":["ENTERPRISE"]}`.
    pub filter: Option<&'a str>,
    pub format: ExportFormat,
}

/// The records of `kind` that `filter` selects, as a file in `format`. Every personal value
/// written unmasked is recorded in the access log first (on the writer, see [`Db::write`]);
/// if that fails, so does the export.
pub async fn export(pools: &Db, request: ExportRequest<'_>) -> AppResult<Vec<u8>> {
    let db = &pools.read;
    let ExportRequest {
        viewer,
        keys,
        request_id,
        kind,
        filter,
        format,
    } = request;
    if !may_export(viewer) {
        return Err(AppError::Forbidden(
            "exports need the ANALYST role or above".into(),
        ));
    }
    let (rows, reads) = match kind {
        RecordKind::Organizations => rows::<Organizations, _>(db, keys, viewer, filter).await?,
        RecordKind::People => rows::<People, _>(db, keys, viewer, filter).await?,
        RecordKind::Activities => rows::<Activities, _>(db, keys, viewer, filter).await?,
        RecordKind::Pairings => rows::<Pairings, _>(db, keys, viewer, filter).await?,
    };
    log_reads(&pools.write, viewer, request_id, &reads).await?;
    tracing::info!(
        kind = kind.slug(),
        rows = rows.len(),
        unmasked_reads = reads.len(),
        subject = %viewer.subject,
        "export written"
    );
    write(kind, columns_of(kind), true, &rows, &[], format)
}

/// Records unmasked reads as the GraphQL read side does: one access-log row per person and
/// field, with the caller and the request id.
pub(super) async fn log_reads<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    request_id: Option<&str>,
    reads: &[(i64, &'static str)],
) -> AppResult<()> {
    use entity::access_log::{ActiveModel, Entity};
    use sea_orm::{EntityTrait, NotSet, Set};
    let at = chrono::Utc::now();
    for chunk in reads.chunks(500) {
        let rows = chunk.iter().map(|(person_id, field)| ActiveModel {
            id: NotSet,
            at: Set(at),
            actor: Set(viewer.subject.clone()),
            person_id: Set(*person_id),
            record_type: Set("Person".to_owned()),
            field: Set((*field).to_owned()),
            request_id: Set(request_id.map(str::to_owned)),
        });
        Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// The export's rows, masked for `viewer`, and the unmasked personal reads they contain.
async fn rows<T: Template, C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    viewer: &Viewer,
    filter: Option<&str>,
) -> AppResult<(Vec<Vec<String>>, Vec<(i64, &'static str)>)> {
    let filter = filter_text::parse::<T::Filter>(filter)?;
    let records = T::load(db, keys, viewer, filter).await?;
    let mut rows = Vec::with_capacity(records.len());
    let mut reads = Vec::new();
    for chunk in records.chunks(1000) {
        for (record, mut cells) in chunk.iter().zip(T::cells(db, chunk).await?) {
            reads.extend(T::mask(viewer, record, &mut cells));
            let mut row = format_row(T::COLUMNS, &cells);
            row.push(record.row().version().to_string());
            rows.push(row);
        }
    }
    Ok((rows, reads))
}

fn format_row(columns: &[Column], cells: &[Cell]) -> Vec<String> {
    columns
        .iter()
        .zip(cells)
        .map(|(column, cell)| cells::format(column, cell))
        .collect()
}

/// Writes the file; exports (`with_version`) end with the version column.
fn write(
    kind: RecordKind,
    columns: &[Column],
    with_version: bool,
    rows: &[Vec<String>],
    notes: &[Vec<String>],
    format: ExportFormat,
) -> AppResult<Vec<u8>> {
    let mut headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    if with_version {
        headers.push(VERSION_HEADER);
    }
    match format {
        ExportFormat::Csv => sheet::write_csv(&headers, rows),
        ExportFormat::Xlsx => sheet::write_xlsx(kind.label(), &headers, rows, notes),
    }
}

/// The template of `kind`: the header row and one example row; as XLSX also an instructions
/// sheet listing each column, whether it is required, its allowed values and the other headers
/// and spellings the import reads, and drop-down lists of allowed values.
pub fn template_file(kind: RecordKind, format: ExportFormat) -> AppResult<Vec<u8>> {
    template_file_with_regions(kind, format, &[])
}

/// As [`template_file`], with `regions` (`(code, name)`, e.g. the caller's county and its
/// townships) as the drop-down list of region-code columns.
pub fn template_file_with_regions(
    kind: RecordKind,
    format: ExportFormat,
    regions: &[(String, String)],
) -> AppResult<Vec<u8>> {
    let columns = columns_of(kind);
    let example = vec![columns.iter().map(|c| c.example.to_owned()).collect()];
    if format == ExportFormat::Csv {
        return write(kind, columns, false, &example, &[], format);
    }
    let mut notes: Vec<Vec<String>> = columns
        .iter()
        .map(|c| {
            let synonyms = aliases::HEADER_ALIASES
                .iter()
                .filter(|(canonical, _)| *canonical == c.header)
                .flat_map(|(_, synonyms)| synonyms.iter().copied())
                .collect::<Vec<_>>()
                .join("、");
            vec![
                c.header.to_owned(),
                if c.required { "是" } else { "否" }.to_owned(),
                c.note.to_owned(),
                c.allowed().map(|v| v.join("、")).unwrap_or_default(),
                synonyms,
            ]
        })
        .collect();
    let note = |title: &str, text: String| vec![title.to_owned(), String::new(), text];
    notes.push(note(
        cells::CLEAR_MARKER,
        format!(
            "导入已有记录时，空白单元格表示保留原值；要清除某项原值，请在该单元格填写“{}”（必填项不能清空）",
            cells::CLEAR_MARKER
        ),
    ));
    notes.push(note(
        VERSION_HEADER,
        "导出文件的最后一列是各记录的版本号，请勿修改或删除。重新导入时，若记录在导出后已被他人修改，该行会作为“冲突”列出现值与文件值，确认后才写入；新增的行此列留空".to_owned(),
    ));
    notes.push(note(
        "冲突与确认",
        "以下情况不会直接写入，而是先列为冲突，须在试导入结果中逐行确认：记录在导出后（或在所填“截至日期”之后）已被修改；按身份证号或信用代码匹配到的记录姓名/名称与本行不同；本行会把记录移到另一个县区；记录已被删除（确认即恢复并更新）".to_owned(),
    ));
    notes.push(note(
        "（如何导入）",
        format!(
            "在本系统的“数据导入”页面（/import）用 API 令牌登录（编辑或管理员），选择类别，上传本文件，先“试运行”：逐行列出将新增、修改（原值 → 新值）、无变化的记录、须勾选确认的冲突和错误，不写入任何数据；确认后再正式导入，进度条显示进度，导入在后台进行，可随时取消，取消或失败时不保留任何写入。有错误时可下载“批注工作簿”：即您上传的文件，出错的单元格标红，末尾增加“错误说明”列，多行同类错误另有“错误汇总”表；上传的文件加密保存，仅上传人和管理员可下载，有错误的文件在导入结束后保留 {} 天，无错误的文件导入结束即删除",
            crate::service::import_uploads::RETENTION.num_days()
        ),
    ));
    if kind == RecordKind::Organizations {
        notes.push(note(
            "统一社会信用代码",
            "未填信用代码的组织行只匹配同名、同区划且没有信用代码的组织；同一组织在一个文件中不能一行有代码、一行没有".to_owned(),
        ));
    }
    notes.push(note("（表格）", "表头上方可以有标题行和空行；可有“序号”“备注”等其他列（不导入，会提示）；数据下方的合计、填表人、审核人等行不导入；合并单元格的值适用于所覆盖的每一行；多个工作表表头一致时都会导入".to_owned()));
    notes.push(note(
        "（日期）",
        "可写 2025-03-05、2025/3/5、2025.3.5、2025年3月5日、20250305，或 Excel 日期".to_owned(),
    ));
    notes.push(note("（身份证号）", "请将该列设为文本格式，避免 Excel 显示为 6.20403E+17 而丢失后几位；15 位旧号码会自动转换为 18 位并提示".to_owned()));
    notes.push(note(
        "（区划）",
        "可填区划代码，也可填唯一的地名，如“平川区水泉镇”".to_owned(),
    ));
    notes.push(note("（是/否）", "可写 是/否、有/无、√/×".to_owned()));
    notes.push(note("（多个值）", "用“；”“、”或“，”分隔".to_owned()));
    notes.push(note(
        "（全角）",
        "全角数字、字母和空格会自动转为半角".to_owned(),
    ));
    for (alias, labels) in aliases::VALUE_ALIASES {
        notes.push(note(
            &format!("常见写法：{alias}"),
            format!("读作“{}”", labels.join("”或“")),
        ));
    }
    let choices: Vec<sheet::Choices> = columns
        .iter()
        .enumerate()
        .filter_map(|(index, column)| {
            let values: Vec<String> = match column.ty {
                Ty::Enum(def) => (def.labels)().into_iter().map(str::to_owned).collect(),
                Ty::Bool => vec!["是".to_owned(), "否".to_owned()],
                Ty::Ethnicity => ethnicity::ETHNICITIES
                    .iter()
                    .map(|e| e.name.to_owned())
                    .collect(),
                Ty::Region if !regions.is_empty() => regions
                    .iter()
                    .map(|(code, name)| format!("{code} {name}"))
                    .collect(),
                _ => return None,
            };
            Some(sheet::Choices {
                column: index,
                title: column.header.to_owned(),
                values,
            })
        })
        .collect();
    let headers: Vec<&str> = columns.iter().map(|c| c.header).collect();
    sheet::write_template_xlsx(kind.label(), &headers, &example, &notes, &choices)
}

/// The columns of a kind's template.
pub fn columns_of(kind: RecordKind) -> &'static [Column] {
    match kind {
        RecordKind::Organizations => Organizations::COLUMNS,
        RecordKind::People => People::COLUMNS,
        RecordKind::Activities => Activities::COLUMNS,
        RecordKind::Pairings => Pairings::COLUMNS,
    }
}
