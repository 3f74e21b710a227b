//! The people template (人员): columns, natural key (resident ID number), personal data masked
//! on export as the GraphQL read side masks it, and rows turned into person drafts and patches.

use std::collections::HashMap;

use entity::{person, person_category, person_private};
use sea_orm::{ConnectionTrait, QueryOrder};

use super::RecordKind;
use super::cells::Cell;
use super::references::load_in_all;
use super::row::Row;
use super::template::{Column, Issue, Stored, Template, Ty};
use crate::auth::{Viewer, policy};
use crate::db::filters::people::{PersonFilter, select};
use crate::db::sealed::{self, DataKeys, Opened};
use crate::db::table::IdRow;
use crate::domain::enums::{
    DomainEnum, Gender, NetworkFigureKind, PoliticalStatus, UfCategory, decode_set,
};
use crate::domain::masking;
use crate::error::AppResult;
use crate::service::audit::Actor;
use crate::service::check::RegionTable;
use crate::service::people::{self as service, NewPerson, PersonDraft, PersonPatch, Sealing};

pub struct People;

const NAME: usize = 0;
const GENDER: usize = 1;
const REGION: usize = 2;
const ID_NUMBER: usize = 3;
const PHONE: usize = 4;
const BIRTH_DATE: usize = 5;
const ETHNICITY: usize = 6;
const POLITICAL_STATUS: usize = 7;
const RELIGION: usize = 8;
const CATEGORIES: usize = 9;
const FIGURE_KINDS: usize = 10;
const WORK_UNIT: usize = 11;
const JOB_TITLE: usize = 12;
const EDUCATION: usize = 13;
const REPRESENTATIVE: usize = 14;
const ADDRESS: usize = 15;

const COLUMNS: &[Column] = &[
    Column::new("姓名", "name", Ty::Text)
        .required()
        .example("张示例")
        .note("1–40 字，少数民族姓名可用“·”"),
    Column::new("性别", "gender", Ty::enumeration::<Gender>())
        .example("男")
        .note("可空：由公民身份号码推出"),
    Column::new("所属区划代码", "region", Ty::Region)
        .required()
        .example("620421")
        .note("县(区)、乡镇(街道)或村(社区)的区划代码，不能是全市"),
    Column::new("公民身份号码", "idNumber", Ty::IdNumber)
        .required()
        .personal()
        .example("620421199001011239")
        .note("18 位，校验码须正确；按此匹配已有人员，重复导入不会重复建档"),
    Column::new("手机号码", "phone", Ty::Mobile)
        .personal()
        .example("13800000000"),
    Column::new("出生日期", "birthDate", Ty::Date)
        .personal()
        .note("YYYY-MM-DD；可空：由公民身份号码推出"),
    Column::new("民族", "ethnicity", Ty::Ethnicity)
        .example("汉族")
        .note("民族名称或 GB/T 3304 两位代码"),
    Column::new(
        "政治面貌",
        "politicalStatus",
        Ty::enumeration::<PoliticalStatus>(),
    )
    .example("群众"),
    Column::new("宗教信仰", "religion", Ty::Text),
    Column::new("统战对象类别", "categories", Ty::enum_set::<UfCategory>())
        .example("党外知识分子")
        .note("可填多个，用“；”分隔"),
    Column::new(
        "网络人士类型",
        "figureKinds",
        Ty::enum_set::<NetworkFigureKind>(),
    )
    .note("可填多个，用“；”分隔"),
    Column::new("工作单位", "workUnit", Ty::Text).example("白银市示例中学"),
    Column::new("职务", "jobTitle", Ty::Text).example("教师"),
    Column::new("学历", "education", Ty::Text).example("大学本科"),
    Column::new("代表人士", "isRepresentative", Ty::Bool)
        .example("否")
        .note("是/否，空白为否"),
    Column::new("家庭住址", "address", Ty::Text).personal(),
];

/// A person with their personal data (ID number and phone opened) and categories.
pub struct Record {
    person: person::Model,
    private: Option<person_private::Model>,
    opened: Opened,
    categories: Vec<&'static str>,
}

/// A person is compared by the person row; its private data and categories are its cells.
impl Stored for Record {
    type Row = person::Model;
    fn row(&self) -> &person::Model {
        &self.person
    }
}

/// People by ID number.
pub struct Index(HashMap<String, Record>);

async fn records<C: ConnectionTrait>(
    db: &C,
    keys: &DataKeys,
    people: Vec<person::Model>,
) -> AppResult<Vec<Record>> {
    let ids: Vec<i64> = people.iter().map(|p| p.id).collect();
    // A soft-deleted person's rows were deleted with them (at or after their deletion, the
    // rule `restore` uses) and come back with them.
    let deleted_at: HashMap<i64, _> = people
        .iter()
        .filter_map(|p| p.deleted_at.map(|at| (p.id, at)))
        .collect();
    let belongs = |person_id: i64, row_deleted: Option<chrono::DateTime<chrono::Utc>>| {
        row_deleted.is_none_or(|at| deleted_at.get(&person_id).is_some_and(|since| at >= *since))
    };
    let mut private: HashMap<i64, person_private::Model> =
        load_in_all::<person_private::Entity, _, _>(
            db,
            person_private::Column::PersonId,
            ids.clone(),
        )
        .await?
        .into_iter()
        .filter(|p| belongs(p.person_id, p.deleted_at))
        .map(|p| (p.person_id, p))
        .collect();
    let mut categories: HashMap<i64, Vec<&'static str>> = HashMap::new();
    for row in
        load_in_all::<person_category::Entity, _, _>(db, person_category::Column::PersonId, ids)
            .await?
    {
        if belongs(row.person_id, row.deleted_at) {
            categories
                .entry(row.person_id)
                .or_default()
                .push(row.category.code());
        }
    }
    people
        .into_iter()
        .map(|person| {
            let private = private.remove(&person.id);
            let opened = match &private {
                Some(row) => keys.open_private(row)?,
                None => Opened::default(),
            };
            Ok(Record {
                private,
                opened,
                categories: categories.remove(&person.id).unwrap_or_default(),
                person,
            })
        })
        .collect()
}

impl Template for People {
    const KIND: RecordKind = RecordKind::People;
    const COLUMNS: &'static [Column] = COLUMNS;
    type Filter = PersonFilter;
    type Record = Record;
    type Index = Index;
    type Writes = service::People;
    type Staged = NewPerson;
    const STAGES: bool = true;
    const TYPE_NAME: &'static str = <entity::person::Entity as crate::ids::Typed>::TYPE_NAME;
    const LABEL: usize = NAME;
    const NAME: Option<usize> = Some(NAME);
    const REGION: Option<usize> = Some(REGION);

    fn region(record: &Record) -> &str {
        &record.person.region_code
    }

    fn key(row: &Row) -> Option<String> {
        row.key_text(ID_NUMBER).map(str::to_owned)
    }

    async fn index<C: ConnectionTrait>(db: &C, keys: &DataKeys, rows: &[Row]) -> AppResult<Index> {
        // Matched by lookup hash (under every configured key), then keyed by the opened number.
        let mut hashes = Vec::new();
        for number in rows.iter().filter_map(|r| r.key_text(ID_NUMBER)) {
            hashes.extend(keys.hashes(sealed::Column::IdNumber, number)?);
        }
        let private = load_in_all::<person_private::Entity, _, _>(
            db,
            person_private::Column::IdNumberHash,
            hashes,
        )
        .await?;
        let ids: Vec<i64> = private.iter().map(|p| p.person_id).collect();
        let people = load_in_all::<person::Entity, _, _>(db, person::Column::Id, ids).await?;
        let mut index: HashMap<String, Record> = HashMap::new();
        for record in records(db, keys, people).await? {
            if let Some(number) = record.opened.id_number.clone() {
                // A live holder of the number wins over a deleted one.
                let keep = index
                    .get(&number)
                    .is_some_and(|held| !held.row().is_deleted());
                if !keep {
                    index.insert(number, record);
                }
            }
        }
        Ok(Index(index))
    }

    fn find<'a>(index: &'a Index, row: &Row) -> Result<Option<&'a Record>, Issue> {
        Ok(row.key_text(ID_NUMBER).and_then(|n| index.0.get(n)))
    }

    async fn load<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        viewer: &Viewer,
        filter: Option<PersonFilter>,
    ) -> AppResult<Vec<Record>> {
        let filter = filter.map(|f| f.for_viewer(viewer)).transpose()?;
        let people = select(&filter, None)?
            .order_by_asc(person::Column::Id)
            .all(db)
            .await?;
        records(db, keys, people).await
    }

    async fn cells<C: ConnectionTrait>(_db: &C, records: &[Record]) -> AppResult<Vec<Vec<Cell>>> {
        Ok(records
            .iter()
            .map(|r| {
                let p = &r.person;
                let private = r.private.as_ref();
                let text = |read: fn(&person_private::Model) -> Option<&str>| {
                    Cell::text(private.and_then(read))
                };
                vec![
                    Cell::Text(p.name.clone()),
                    Cell::of(Some(p.gender)),
                    Cell::Text(p.region_code.clone()),
                    Cell::text(r.opened.id_number.as_deref()),
                    Cell::text(r.opened.phone.as_deref()),
                    Cell::date(private.and_then(|x| x.birth_date)),
                    text(|x| x.ethnicity.as_deref()),
                    Cell::of(private.and_then(|x| x.political_status)),
                    text(|x| x.religion.as_deref()),
                    Cell::set(r.categories.iter().copied()),
                    Cell::set(
                        decode_set::<NetworkFigureKind>(&p.figure_kinds)
                            .into_iter()
                            .map(NetworkFigureKind::code),
                    ),
                    Cell::text(p.work_unit.as_deref()),
                    Cell::text(p.job_title.as_deref()),
                    Cell::text(p.education.as_deref()),
                    Cell::Bool(p.is_representative),
                    text(|x| x.address.as_deref()),
                ]
            })
            .collect())
    }

    /// As `Person` in GraphQL: personal fields masked, sensitive identity fields omitted,
    /// unless `policy::sees_personal` allows them; ID numbers in the stricter export form.
    fn mask(viewer: &Viewer, record: &Record, cells: &mut [Cell]) -> Vec<(i64, &'static str)> {
        if policy::sees_personal(viewer, &record.person.region_code) {
            return [
                ID_NUMBER,
                PHONE,
                BIRTH_DATE,
                ADDRESS,
                ETHNICITY,
                POLITICAL_STATUS,
                RELIGION,
                CATEGORIES,
            ]
            .into_iter()
            .filter(|&column| cells[column] != Cell::Blank)
            .map(|column| (record.person.id, COLUMNS[column].field))
            .collect();
        }
        let masked = |cell: &Cell, mask: fn(&str) -> String| match cell {
            Cell::Text(text) => Cell::Text(mask(text)),
            Cell::Date(date) => Cell::Text(masking::mask_birth_date(*date)),
            other => other.clone(),
        };
        cells[ID_NUMBER] = masked(&cells[ID_NUMBER], masking::mask_id_number_strict);
        cells[PHONE] = masked(&cells[PHONE], masking::mask_phone);
        cells[BIRTH_DATE] = masked(&cells[BIRTH_DATE], |t| t.to_owned());
        cells[ADDRESS] = masked(&cells[ADDRESS], masking::mask_address);
        for sensitive in [ETHNICITY, POLITICAL_STATUS, RELIGION, CATEGORIES] {
            cells[sensitive] = Cell::Blank;
        }
        Vec::new()
    }

    fn draft(keys: &DataKeys, row: &Row) -> Option<Sealing<PersonDraft>> {
        Some(Sealing::new(keys.clone(), draft(row)))
    }

    async fn stage<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        actor: &Actor,
        row: &Row,
        regions: &RegionTable,
    ) -> AppResult<Option<NewPerson>> {
        let lookup = service::Lookup::Known(regions);
        service::prepare(db, keys, actor, draft(row), lookup)
            .await
            .map(Some)
    }

    async fn write_staged<C: ConnectionTrait>(
        db: &C,
        keys: &DataKeys,
        actor: &Actor,
        staged: &[NewPerson],
    ) -> AppResult<()> {
        service::create_many(db, keys, actor, staged)
            .await
            .map(drop)
    }

    fn patch(keys: &DataKeys, row: &Row) -> Sealing<PersonPatch> {
        let patch = PersonPatch {
            name: row.text(NAME).keep(),
            gender: row.enumeration(GENDER).keep(),
            region: row.text(REGION).keep(),
            work_unit: row.text(WORK_UNIT).change(),
            job_title: row.text(JOB_TITLE).change(),
            education: row.text(EDUCATION).change(),
            is_representative: row.bool(REPRESENTATIVE).keep(),
            figure_kinds: set_or_clear(row.set(FIGURE_KINDS)),
            categories: set_or_clear(row.set(CATEGORIES)),
            id_number: row.text(ID_NUMBER).change(),
            phone: row.text(PHONE).change(),
            birth_date: row.date(BIRTH_DATE).change(),
            address: row.text(ADDRESS).change(),
            ethnicity: row.text(ETHNICITY).change(),
            political_status: row.enumeration(POLITICAL_STATUS).change(),
            religion: row.text(RELIGION).change(),
        };
        Sealing::new(keys.clone(), patch)
    }
}

/// A set column: absent or blank leaves the set alone, the clear marker empties it.
fn set_or_clear<T>(field: super::row::Field<Vec<T>>) -> Option<Vec<T>> {
    match field {
        super::row::Field::Absent | super::row::Field::Default(_) => None,
        super::row::Field::Clear => Some(Vec::new()),
        super::row::Field::Value(v) => Some(v),
    }
}

/// The person a row creates.
fn draft(row: &Row) -> PersonDraft {
    PersonDraft {
        name: row.text(NAME).opt().unwrap_or_default(),
        gender: row.enumeration(GENDER).opt(),
        region: row.text(REGION).opt().unwrap_or_default(),
        work_unit: row.text(WORK_UNIT).opt(),
        job_title: row.text(JOB_TITLE).opt(),
        education: row.text(EDUCATION).opt(),
        is_representative: row.bool(REPRESENTATIVE).opt().unwrap_or(false),
        figure_kinds: row.set(FIGURE_KINDS).opt().unwrap_or_default(),
        categories: row.set(CATEGORIES).opt().unwrap_or_default(),
        id_number: row.text(ID_NUMBER).opt(),
        phone: row.text(PHONE).opt(),
        birth_date: row.date(BIRTH_DATE).opt(),
        address: row.text(ADDRESS).opt(),
        ethnicity: row.text(ETHNICITY).opt(),
        political_status: row.enumeration(POLITICAL_STATUS).opt(),
        religion: row.text(RELIGION).opt(),
    }
}
