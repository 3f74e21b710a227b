//! The organizations template (组织): columns, natural key (credit code, else name + region),
//! and rows turned into organization drafts and patches.

use std::collections::HashMap;

use entity::organization::{Column as Col, Entity, Model};
use sea_orm::{ConnectionTrait, QueryOrder};

use super::RecordKind;
use super::cells::{Cell, Reference};
use super::references::{load_in_all, refs};
use super::row::Row;
use super::template::{Column, Issue, RefTarget, Template, Ty, one_match, prefer_live};
use crate::auth::Viewer;
use crate::db::filters::organizations::{OrganizationFilter, select};
use crate::db::sealed::DataKeys;
use crate::domain::enums::{
    DemocraticParty, DpOrgLevel, EnterpriseOwnership, OrganizationKind, OutletKind, OutletLevel,
};
use crate::error::AppResult;
use crate::service::organizations::{self as service, OrganizationDraft, OrganizationPatch};

pub struct Organizations;

const NAME: usize = 0;
const KIND: usize = 1;
const REGION: usize = 2;
const CREDIT_CODE: usize = 3;
const PARENT: usize = 4;
const PARTY: usize = 5;
const DP_LEVEL: usize = 6;
const TERM_NUMBER: usize = 7;
const TERM_START: usize = 8;
const TERM_END: usize = 9;
const OWNERSHIP: usize = 10;
const INDUSTRY_CODE: usize = 11;
const KEY_ENTERPRISE: usize = 12;
const OUTLET_LEVEL: usize = 13;
const OUTLET_KIND: usize = 14;
const ESTABLISHED_ON: usize = 15;
const PHONE: usize = 16;
const ADDRESS: usize = 17;

const COLUMNS: &[Column] = &[
    Column::new("名称", "name", Ty::Text)
        .required()
        .example("白银示例农业科技有限公司")
        .note("全称，1–100 字"),
    Column::new("类型", "kind", Ty::enumeration::<OrganizationKind>())
        .required()
        .example("企业"),
    Column::new("所在区划代码", "region", Ty::Region)
        .required()
        .example("620402")
        .note("6、9 或 12 位统计用区划代码"),
    Column::new("统一社会信用代码", "creditCode", Ty::CreditCode)
        .example("91620402MA74BC2D5J")
        .note("18 位，校验码须正确；有则按此匹配已有组织"),
    Column::new("上级组织", "parent", Ty::Ref(RefTarget::Organization))
        .note("上级组织的统一社会信用代码，或其准确且唯一的全称"),
    Column::new("党派", "party", Ty::enumeration::<DemocraticParty>()).note("民主党派组织必填"),
    Column::new("党派组织层级", "dpLevel", Ty::enumeration::<DpOrgLevel>()).note("仅民主党派组织"),
    Column::new("届次", "termNumber", Ty::Int).note("本届委员会为第几届"),
    Column::new("本届起始日期", "termStart", Ty::Date).note("YYYY-MM-DD"),
    Column::new("本届届满日期", "termEnd", Ty::Date).note("YYYY-MM-DD，不早于起始日期"),
    Column::new(
        "企业性质",
        "ownership",
        Ty::enumeration::<EnterpriseOwnership>(),
    )
    .example("民营企业")
    .note("企业填写"),
    Column::new("行业代码", "industryCode", Ty::Text)
        .example("A01")
        .note("GB/T 4754，企业填写"),
    Column::new("重点企业", "isKeyEnterprise", Ty::Bool)
        .example("否")
        .note("是/否，空白为否"),
    Column::new("媒体层级", "outletLevel", Ty::enumeration::<OutletLevel>()).note("媒体填写"),
    Column::new("媒体类型", "outletKind", Ty::enumeration::<OutletKind>()).note("媒体填写"),
    Column::new("成立日期", "establishedOn", Ty::Date)
        .example("2018-05-20")
        .note("YYYY-MM-DD"),
    Column::new("办公电话", "phone", Ty::Text)
        .example("0943-8201234")
        .note("单位电话，不填个人手机"),
    Column::new("地址", "address", Ty::Text).example("白银区人民路 1 号"),
];

/// Live organizations a file's rows may name: by credit code, and by name (for rows and
/// records without one).
pub struct Index {
    by_code: HashMap<String, Model>,
    by_name_region: HashMap<(String, String), Vec<Model>>,
}

impl Template for Organizations {
    const KIND: RecordKind = RecordKind::Organizations;
    const COLUMNS: &'static [Column] = COLUMNS;
    type Filter = OrganizationFilter;
    type Record = Model;
    type Index = Index;
    type Writes = service::Organizations;
    type Staged = ();
    const TYPE_NAME: &'static str = <entity::organization::Entity as crate::ids::Typed>::TYPE_NAME;
    const LABEL: usize = NAME;
    const NAME: Option<usize> = Some(NAME);
    const REGION: Option<usize> = Some(REGION);

    fn region(record: &Model) -> &str {
        record.region_code.as_str()
    }

    /// Name and region: a file naming one firm once with and once without its credit code is
    /// told so, not left to fail as two writes to one record.
    fn alt_key(row: &Row) -> Option<String> {
        Some(format!(
            "{}|{}",
            row.key_text(NAME)?.trim(),
            row.key_text(REGION)?
        ))
    }

    fn key(row: &Row) -> Option<String> {
        if let Some(code) = row.key_text(CREDIT_CODE) {
            return Some(format!("code:{code}"));
        }
        Some(format!(
            "name:{}|{}",
            row.key_text(NAME)?.trim(),
            row.key_text(REGION)?
        ))
    }

    async fn index<C: ConnectionTrait>(db: &C, _keys: &DataKeys, rows: &[Row]) -> AppResult<Index> {
        let codes: Vec<String> = rows
            .iter()
            .filter_map(|r| r.key_text(CREDIT_CODE).map(str::to_owned))
            .collect();
        let names: Vec<String> = rows
            .iter()
            .filter_map(|r| r.key_text(NAME).map(|n| n.trim().to_owned()))
            .collect();
        let mut index = Index {
            by_code: HashMap::new(),
            by_name_region: HashMap::new(),
        };
        for org in load_in_all::<Entity, _, _>(db, Col::CreditCode, codes).await? {
            if let Some(code) = org.credit_code.clone() {
                // A live holder of the code wins over a deleted one.
                let keep = index
                    .by_code
                    .get(&code)
                    .is_some_and(|held| held.deleted_at.is_none());
                if !keep {
                    index.by_code.insert(code, org);
                }
            }
        }
        for org in load_in_all::<Entity, _, _>(db, Col::Name, names).await? {
            index
                .by_name_region
                .entry((org.name.clone(), org.region_code.clone()))
                .or_default()
                .push(org);
        }
        Ok(index)
    }

    fn find<'a>(index: &'a Index, row: &Row) -> Result<Option<&'a Model>, Issue> {
        let code = row.key_text(CREDIT_CODE);
        if let Some(found) = code.and_then(|c| index.by_code.get(c)) {
            return Ok(Some(found));
        }
        let (Some(name), Some(region)) = (row.key_text(NAME), row.key_text(REGION)) else {
            return Ok(None);
        };
        let candidates = index
            .by_name_region
            .get(&(name.trim().to_owned(), region.to_owned()))
            .into_iter()
            .flatten()
            // By name, only organizations without a credit code: one with a code is matched
            // by its code or not at all.
            .filter(|org| org.credit_code.is_none());
        one_match(
            prefer_live(candidates),
            &COLUMNS[NAME],
            "several organizations in this region have this name; give the credit code",
            "该区划内有多个同名组织，请填写统一社会信用代码以区分",
        )
    }

    async fn load<C: ConnectionTrait>(
        db: &C,
        _keys: &DataKeys,
        viewer: &Viewer,
        filter: Option<OrganizationFilter>,
    ) -> AppResult<Vec<Model>> {
        let filter = filter.map(|f| f.for_viewer(viewer)).transpose()?;
        Ok(select(&filter, None)?.order_by_asc(Col::Id).all(db).await?)
    }

    async fn cells<C: ConnectionTrait>(db: &C, records: &[Model]) -> AppResult<Vec<Vec<Cell>>> {
        let parent_ids: Vec<i64> = records.iter().filter_map(|o| o.parent_id).collect();
        let parents = refs::<entity::organization::Entity, _>(db, parent_ids).await?;
        Ok(records
            .iter()
            .map(|org| {
                let parent = org.parent_id.map_or(Cell::Blank, |id| {
                    Cell::Ref(parents.get(&id).cloned().unwrap_or(Reference {
                        // A deleted parent: shown blank, compared by key.
                        key: id,
                        type_name: "Organization",
                        text: String::new(),
                    }))
                });
                vec![
                    Cell::Text(org.name.clone()),
                    Cell::of(Some(org.kind)),
                    Cell::Text(org.region_code.clone()),
                    Cell::text(org.credit_code.as_deref()),
                    parent,
                    Cell::of(org.party),
                    Cell::of(org.dp_level),
                    Cell::int(org.term_number),
                    Cell::date(org.term_start),
                    Cell::date(org.term_end),
                    Cell::of(org.ownership),
                    Cell::text(org.industry_code.as_deref()),
                    Cell::Bool(org.is_key_enterprise),
                    Cell::of(org.outlet_level),
                    Cell::of(org.outlet_kind),
                    Cell::date(org.established_on),
                    Cell::text(org.phone.as_deref()),
                    Cell::text(org.address.as_deref()),
                ]
            })
            .collect())
    }

    fn draft(_keys: &DataKeys, row: &Row) -> Option<OrganizationDraft> {
        Some(OrganizationDraft {
            name: row.text(NAME).opt().unwrap_or_default(),
            kind: row
                .enumeration(KIND)
                .opt()
                .unwrap_or(OrganizationKind::Enterprise),
            region: row.text(REGION).opt().unwrap_or_default(),
            credit_code: row.text(CREDIT_CODE).opt(),
            parent: row.reference(PARENT).opt(),
            party: row.enumeration(PARTY).opt(),
            dp_level: row.enumeration(DP_LEVEL).opt(),
            term_number: row.int32(TERM_NUMBER).opt(),
            term_start: row.date(TERM_START).opt(),
            term_end: row.date(TERM_END).opt(),
            ownership: row.enumeration(OWNERSHIP).opt(),
            industry_code: row.text(INDUSTRY_CODE).opt(),
            is_key_enterprise: row.bool(KEY_ENTERPRISE).opt().unwrap_or(false),
            outlet_level: row.enumeration(OUTLET_LEVEL).opt(),
            outlet_kind: row.enumeration(OUTLET_KIND).opt(),
            established_on: row.date(ESTABLISHED_ON).opt(),
            phone: row.text(PHONE).opt(),
            address: row.text(ADDRESS).opt(),
        })
    }

    fn patch(_keys: &DataKeys, row: &Row) -> OrganizationPatch {
        OrganizationPatch {
            name: row.text(NAME).keep(),
            kind: row.enumeration(KIND).keep(),
            region: row.text(REGION).keep(),
            credit_code: row.text(CREDIT_CODE).change(),
            parent: row.reference(PARENT).change(),
            party: row.enumeration(PARTY).change(),
            dp_level: row.enumeration(DP_LEVEL).change(),
            term_number: row.int32(TERM_NUMBER).change(),
            term_start: row.date(TERM_START).change(),
            term_end: row.date(TERM_END).change(),
            ownership: row.enumeration(OWNERSHIP).change(),
            industry_code: row.text(INDUSTRY_CODE).change(),
            is_key_enterprise: row.bool(KEY_ENTERPRISE).keep(),
            outlet_level: row.enumeration(OUTLET_LEVEL).change(),
            outlet_kind: row.enumeration(OUTLET_KIND).change(),
            established_on: row.date(ESTABLISHED_ON).change(),
            phone: row.text(PHONE).change(),
            address: row.text(ADDRESS).change(),
        }
    }
}
