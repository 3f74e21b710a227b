//! The activities template (活动): columns, natural key (kind + title + date + region), and
//! rows turned into activity drafts and patches. Participants and donations
//! are recorded through the API, not the spreadsheet.

use std::collections::HashMap;

use entity::activity::{Column as Col, Entity, Model};
use sea_orm::{ConnectionTrait, QueryOrder};

use super::RecordKind;
use super::cells::Cell;
use super::references::{load_in_all, refs};
use super::row::Row;
use super::template::{Column, Issue, RefTarget, Template, Ty, one_match, prefer_live};
use crate::auth::Viewer;
use crate::db::filters::activities::{ActivityFilter, select};
use crate::db::sealed::DataKeys;
use crate::domain::enums::{ActivityKind, DomainEnum};
use crate::error::AppResult;
use crate::service::activities::{self as service, ActivityDraft, ActivityPatch};

pub struct Activities;

const KIND: usize = 0;
const TITLE: usize = 1;
const HELD_ON: usize = 2;
const ENDED_ON: usize = 3;
const REGION: usize = 4;
const ORGANIZER: usize = 5;
const PLACE: usize = 6;
const AUDIENCE: usize = 7;
const PARTICIPANTS: usize = 8;
const DESCRIPTION: usize = 9;

const COLUMNS: &[Column] = &[
    Column::new("活动类型", "kind", Ty::enumeration::<ActivityKind>())
        .required()
        .example("理论宣讲"),
    Column::new("活动名称", "title", Ty::Text)
        .required()
        .example("党的创新理论进村社宣讲")
        .note("1–200 字"),
    Column::new("开始日期", "heldOn", Ty::Date)
        .required()
        .example("2025-04-18")
        .note("YYYY-MM-DD"),
    Column::new("结束日期", "endedOn", Ty::Date).note("多日活动填写，不早于开始日期"),
    Column::new("所在区划代码", "region", Ty::Region)
        .required()
        .example("620421")
        .note("6、9 或 12 位统计用区划代码"),
    Column::new("组织单位", "organizer", Ty::Ref(RefTarget::Organization))
        .note("组织单位的统一社会信用代码，或其准确且唯一的全称"),
    Column::new("活动场所", "place", Ty::Ref(RefTarget::Place))
        .note("阵地或家园的准确且唯一的名称"),
    Column::new("受众人次", "audiencePersonTimes", Ty::Int).example("120"),
    Column::new("参加人数", "participantCount", Ty::Int).example("15"),
    Column::new("活动简介", "description", Ty::Text).note("最多 5000 字"),
];

/// Live activities by (kind, title, date, region).
pub struct Index(HashMap<(String, String, String, String), Vec<Model>>);

fn cell_key(cell: Option<&Cell>) -> Option<String> {
    match cell? {
        Cell::Enum(code) => Some((*code).to_owned()),
        Cell::Text(text) => Some(text.trim().to_owned()),
        Cell::Date(date) => Some(date.to_string()),
        _ => None,
    }
}

fn row_key(row: &Row) -> Option<(String, String, String, String)> {
    Some((
        cell_key(row.cell(KIND))?,
        cell_key(row.cell(TITLE))?,
        cell_key(row.cell(HELD_ON))?,
        cell_key(row.cell(REGION))?,
    ))
}

impl Template for Activities {
    const KIND: RecordKind = RecordKind::Activities;
    const COLUMNS: &'static [Column] = COLUMNS;
    type Filter = ActivityFilter;
    type Record = Model;
    type Index = Index;
    type Writes = service::Activities;
    type Staged = ();
    const TYPE_NAME: &'static str = <entity::activity::Entity as crate::ids::Typed>::TYPE_NAME;
    const LABEL: usize = TITLE;

    fn region(record: &Model) -> &str {
        record.region_code.as_str()
    }

    fn key(row: &Row) -> Option<String> {
        row_key(row).map(|(k, t, d, r)| format!("{k}|{t}|{d}|{r}"))
    }

    async fn index<C: ConnectionTrait>(db: &C, _keys: &DataKeys, rows: &[Row]) -> AppResult<Index> {
        let titles: Vec<String> = rows
            .iter()
            .filter_map(|r| cell_key(r.cell(TITLE)))
            .collect();
        let mut index: HashMap<_, Vec<Model>> = HashMap::new();
        for activity in load_in_all::<Entity, _, _>(db, Col::Title, titles).await? {
            let key = (
                activity.kind.code().to_owned(),
                activity.title.clone(),
                activity.held_on.to_string(),
                activity.region_code.clone(),
            );
            index.entry(key).or_default().push(activity);
        }
        Ok(Index(index))
    }

    fn find<'a>(index: &'a Index, row: &Row) -> Result<Option<&'a Model>, Issue> {
        let Some(key) = row_key(row) else {
            return Ok(None);
        };
        one_match(
            prefer_live(index.0.get(&key).into_iter().flatten()),
            &COLUMNS[TITLE],
            "several activities have this kind, title, date and region",
            "有多条活动的类型、名称、日期和区划均相同，无法确定要更新哪一条",
        )
    }

    async fn load<C: ConnectionTrait>(
        db: &C,
        _keys: &DataKeys,
        _viewer: &Viewer,
        filter: Option<ActivityFilter>,
    ) -> AppResult<Vec<Model>> {
        Ok(select(&filter, None)?.order_by_asc(Col::Id).all(db).await?)
    }

    async fn cells<C: ConnectionTrait>(db: &C, records: &[Model]) -> AppResult<Vec<Vec<Cell>>> {
        let organizer_ids: Vec<i64> = records.iter().filter_map(|a| a.organizer_id).collect();
        let place_ids: Vec<i64> = records.iter().filter_map(|a| a.place_id).collect();
        let organizers = refs::<entity::organization::Entity, _>(db, organizer_ids).await?;
        let places = refs::<entity::place::Entity, _>(db, place_ids).await?;
        Ok(records
            .iter()
            .map(|a| {
                let organizer = a
                    .organizer_id
                    .and_then(|id| organizers.get(&id))
                    .map_or(Cell::Blank, |o| Cell::Ref(o.clone()));
                let place = a
                    .place_id
                    .and_then(|id| places.get(&id))
                    .map_or(Cell::Blank, |p| Cell::Ref(p.clone()));
                vec![
                    Cell::Enum(a.kind.code()),
                    Cell::Text(a.title.clone()),
                    Cell::Date(a.held_on),
                    Cell::date(a.ended_on),
                    Cell::Text(a.region_code.clone()),
                    organizer,
                    place,
                    Cell::int(a.audience_person_times),
                    Cell::int(a.participant_count),
                    Cell::text(a.description.as_deref()),
                ]
            })
            .collect())
    }

    fn draft(_keys: &DataKeys, row: &Row) -> Option<ActivityDraft> {
        let (Some(kind), Some(held_on)) = (row.enumeration(KIND).opt(), row.date(HELD_ON).opt())
        else {
            return None;
        };
        Some(ActivityDraft {
            kind,
            title: row.text(TITLE).opt().unwrap_or_default(),
            held_on,
            ended_on: row.date(ENDED_ON).opt(),
            region: row.text(REGION).opt().unwrap_or_default(),
            organizer: row.reference(ORGANIZER).opt(),
            place: row.place(PLACE).opt(),
            audience_person_times: row.int32(AUDIENCE).opt(),
            participant_count: row.int32(PARTICIPANTS).opt(),
            description: row.text(DESCRIPTION).opt(),
        })
    }

    fn patch(_keys: &DataKeys, row: &Row) -> ActivityPatch {
        ActivityPatch {
            kind: row.enumeration(KIND).keep(),
            title: row.text(TITLE).keep(),
            held_on: row.date(HELD_ON).keep(),
            ended_on: row.date(ENDED_ON).change(),
            region: row.text(REGION).keep(),
            organizer: row.reference(ORGANIZER).change(),
            place: row.place(PLACE).change(),
            audience_person_times: row.int32(AUDIENCE).change(),
            participant_count: row.int32(PARTICIPANTS).change(),
            description: row.text(DESCRIPTION).change(),
        }
    }
}
