//! The pairings template (结对, 万企兴万村): columns, natural key (enterprise + village +
//! start date), and rows turned into pairing drafts and patches.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::pairing::{Column as Col, Entity, Model};
use sea_orm::{ConnectionTrait, QueryOrder};

use super::RecordKind;
use super::cells::Cell;
use super::references::{load_in_all, refs};
use super::row::Row;
use super::template::{Column, Issue, RefTarget, Template, Ty, one_match, prefer_live};
use crate::auth::Viewer;
use crate::db::filters::pairings::{PairingFilter, select};
use crate::db::sealed::DataKeys;
use crate::domain::enums::{
    Campaign, DomainEnum, PairingForm, PairingMode, PairingStatus, TargetVillageType, decode_set,
};
use crate::error::AppResult;
use crate::service::pairings::{self as service, PairingDraft, PairingPatch};

pub struct Pairings;

const ENTERPRISE: usize = 0;
const VILLAGE: usize = 1;
const CAMPAIGN: usize = 2;
const FOCUS: usize = 3;
const MODE: usize = 4;
const TARGET: usize = 5;
const STATUS: usize = 6;
const STARTED_ON: usize = 7;
const ENDED_ON: usize = 8;
const INVESTMENT: usize = 9;
const JOBS: usize = 10;
const PURCHASES: usize = 11;
const DONATIONS: usize = 12;

const COLUMNS: &[Column] = &[
    Column::new("结对企业", "enterprise", Ty::Ref(RefTarget::Organization))
        .required()
        .example("91620402MA74BC2D5J")
        .note("企业或商会的统一社会信用代码，或其准确且唯一的全称"),
    Column::new("结对村(社区)区划代码", "village", Ty::Region)
        .required()
        .example("620421101201")
        .note("村级（12 位）区划代码"),
    Column::new("所属行动", "campaign", Ty::enumeration::<Campaign>())
        .default("WANQI_XINGCUN")
        .example("万企兴万村")
        .note("空白为万企兴万村"),
    Column::new("兴村形式", "focus", Ty::enum_set::<PairingForm>())
        .required()
        .example("产业兴村；就业兴村")
        .note("至少一项，多项用“；”分隔"),
    Column::new("结对模式", "mode", Ty::enumeration::<PairingMode>()).example("一对一"),
    Column::new(
        "帮扶村类型",
        "targetVillageType",
        Ty::enumeration::<TargetVillageType>(),
    ),
    Column::new("结对状态", "status", Ty::enumeration::<PairingStatus>())
        .default("ACTIVE")
        .example("结对中")
        .note("空白为结对中；已结束的须填结束日期"),
    Column::new("结对日期", "startedOn", Ty::Date)
        .required()
        .example("2024-05-10")
        .note("YYYY-MM-DD"),
    Column::new("结束日期", "endedOn", Ty::Date).note("不早于结对日期"),
    Column::new("投资金额(元)", "investment", Ty::Money).example("500000.00"),
    Column::new("带动就业(人)", "jobsCreated", Ty::Int).example("12"),
    Column::new("消费帮扶金额(元)", "purchases", Ty::Money),
    Column::new("捐赠金额(元)", "donations", Ty::Money),
];

/// Live pairings of the villages a file names, by (enterprise, village, start date).
pub struct Index(HashMap<(i64, String, NaiveDate), Vec<Model>>);

impl Template for Pairings {
    const KIND: RecordKind = RecordKind::Pairings;
    const COLUMNS: &'static [Column] = COLUMNS;
    type Filter = PairingFilter;
    type Record = Model;
    type Index = Index;
    type Writes = service::Pairings;
    type Staged = ();
    const TYPE_NAME: &'static str = <entity::pairing::Entity as crate::ids::Typed>::TYPE_NAME;
    const LABEL: usize = ENTERPRISE;

    fn region(record: &Model) -> &str {
        record.village_code.as_str()
    }

    fn key(row: &Row) -> Option<String> {
        let date = match row.cell(STARTED_ON)? {
            Cell::Date(date) => date.to_string(),
            _ => return None,
        };
        Some(format!(
            "{}|{}|{date}",
            row.key_text(ENTERPRISE)?.trim(),
            row.key_text(VILLAGE)?
        ))
    }

    async fn index<C: ConnectionTrait>(db: &C, _keys: &DataKeys, rows: &[Row]) -> AppResult<Index> {
        let villages: Vec<String> = rows
            .iter()
            .filter_map(|r| r.key_text(VILLAGE).map(str::to_owned))
            .collect();
        let mut index: HashMap<_, Vec<Model>> = HashMap::new();
        for pairing in load_in_all::<Entity, _, _>(db, Col::VillageCode, villages).await? {
            let key = (
                pairing.enterprise_id,
                pairing.village_code.clone(),
                pairing.started_on,
            );
            index.entry(key).or_default().push(pairing);
        }
        Ok(Index(index))
    }

    /// Runs after references are resolved: the enterprise is matched by key.
    fn find<'a>(index: &'a Index, row: &Row) -> Result<Option<&'a Model>, Issue> {
        let (Some(enterprise), Some(village), Some(Cell::Date(started))) = (
            row.reference_key(ENTERPRISE),
            row.key_text(VILLAGE),
            row.cell(STARTED_ON),
        ) else {
            return Ok(None);
        };
        one_match(
            prefer_live(
                index
                    .0
                    .get(&(enterprise, village.to_owned(), *started))
                    .into_iter()
                    .flatten(),
            ),
            &COLUMNS[ENTERPRISE],
            "several pairings have this enterprise, village and start date",
            "有多条结对的企业、村和结对日期均相同，无法确定要更新哪一条",
        )
    }

    async fn load<C: ConnectionTrait>(
        db: &C,
        _keys: &DataKeys,
        _viewer: &Viewer,
        filter: Option<PairingFilter>,
    ) -> AppResult<Vec<Model>> {
        Ok(select(&filter, None)?.order_by_asc(Col::Id).all(db).await?)
    }

    async fn cells<C: ConnectionTrait>(db: &C, records: &[Model]) -> AppResult<Vec<Vec<Cell>>> {
        let ids: Vec<i64> = records.iter().map(|p| p.enterprise_id).collect();
        let enterprises = refs::<entity::organization::Entity, _>(db, ids).await?;
        Ok(records
            .iter()
            .map(|p| {
                let enterprise = enterprises
                    .get(&p.enterprise_id)
                    .map_or(Cell::Blank, |o| Cell::Ref(o.clone()));
                vec![
                    enterprise,
                    Cell::Text(p.village_code.clone()),
                    Cell::of(Some(p.campaign)),
                    Cell::set(
                        decode_set::<PairingForm>(&p.focus)
                            .into_iter()
                            .map(PairingForm::code),
                    ),
                    Cell::of(p.mode),
                    Cell::of(p.target_village_type),
                    Cell::of(Some(p.status)),
                    Cell::Date(p.started_on),
                    Cell::date(p.ended_on),
                    Cell::money(p.investment_fen),
                    Cell::int(p.jobs_created),
                    Cell::money(p.purchase_fen),
                    Cell::money(p.donation_fen),
                ]
            })
            .collect())
    }

    fn draft(_keys: &DataKeys, row: &Row) -> Option<PairingDraft> {
        let (Some(enterprise), Some(started_on)) =
            (row.reference(ENTERPRISE).opt(), row.date(STARTED_ON).opt())
        else {
            return None;
        };
        Some(PairingDraft {
            enterprise,
            village: row.text(VILLAGE).opt().unwrap_or_default(),
            campaign: row
                .enumeration(CAMPAIGN)
                .opt()
                .unwrap_or(Campaign::WanqiXingcun),
            focus: row.set(FOCUS).opt().unwrap_or_default(),
            mode: row.enumeration(MODE).opt(),
            target_village_type: row.enumeration(TARGET).opt(),
            status: row
                .enumeration(STATUS)
                .opt()
                .unwrap_or(PairingStatus::Active),
            started_on,
            ended_on: row.date(ENDED_ON).opt(),
            investment: row.money(INVESTMENT).opt(),
            jobs_created: row.int32(JOBS).opt(),
            purchases: row.money(PURCHASES).opt(),
            donations: row.money(DONATIONS).opt(),
        })
    }

    fn patch(_keys: &DataKeys, row: &Row) -> PairingPatch {
        PairingPatch {
            enterprise: row.reference(ENTERPRISE).keep(),
            village: row.text(VILLAGE).keep(),
            campaign: row.enumeration(CAMPAIGN).keep(),
            focus: row.set(FOCUS).keep(),
            mode: row.enumeration(MODE).change(),
            target_village_type: row.enumeration(TARGET).change(),
            status: row.enumeration(STATUS).keep(),
            started_on: row.date(STARTED_ON).keep(),
            ended_on: row.date(ENDED_ON).change(),
            investment: row.money(INVESTMENT).change(),
            jobs_created: row.int32(JOBS).change(),
            purchases: row.money(PURCHASES).change(),
            donations: row.money(DONATIONS).change(),
        }
    }
}
