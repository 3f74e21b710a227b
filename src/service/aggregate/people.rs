//! Aggregates about people: `peopleAggregate` and `salesRecordsAggregate` (sales are income, so
//! both are subject to PUBLIC small-group suppression and to the policy on personal fields).

use async_graphql::InputObject;
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, DbBackend, QueryTrait};

use super::sql::{Bucket, col};
use super::{Dimension, Fanout, GroupDimension, Join, Label, Measure, Rollup, Subject, dims};
use crate::auth::Viewer;
use crate::auth::policy::PersonFieldClass;
use crate::db::filters::people::{self as person_filters, PersonFilter};
use crate::db::filters::{DateFilter, combine, within_region};
use crate::domain::enums::{
    DomainEnum, Gender, Platform, PoliticalStatus, RegionLevel, UfCategory,
};
use crate::error::AppResult;
use crate::ids;

/// Dimensions people can be grouped by.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum PersonGroupBy {
    /// County or district (县区) of the person's registered region.
    County,
    /// Township or subdistrict (乡镇街道).
    Township,
    /// Village or community (村社区).
    Village,
    /// Representative figure (代表人士) or not.
    Representative,
    /// Gender (性别). Personal: not for PUBLIC.
    Gender,
    /// United-front category (统战对象类别); a person in two categories counts in both groups.
    /// Sensitive: ADMIN, or EDITOR inside their region.
    Category,
    /// Ethnicity (民族). Sensitive.
    Ethnicity,
    /// Political status (政治面貌), which includes democratic-party membership. Sensitive.
    PoliticalStatus,
    /// Religion (宗教信仰). Sensitive.
    Religion,
}

fn private(header: &'static str, column: &str, label: Label) -> Dimension {
    Dimension {
        header,
        key: col("pp", column),
        joins: vec![Join {
            table: "person_private",
            alias: "pp",
            on: "\"pp\".\"person_id\" = \"person\".\"id\" AND \"pp\".\"deleted_at\" IS NULL".into(),
            fanout: Fanout::AtMostOne,
        }],
        label,
        class: PersonFieldClass::Sensitive,
    }
}

fn ethnicity_label(code: &str) -> Option<&'static str> {
    crate::domain::ethnicity::by_code(code).map(|e| e.name)
}

impl GroupDimension for PersonGroupBy {
    fn dimension(self, _backend: DbBackend) -> Dimension {
        let region = |level| dims::region("person", "region_code", level);
        match self {
            Self::County => region(RegionLevel::County),
            Self::Township => region(RegionLevel::Township),
            Self::Village => region(RegionLevel::Village),
            Self::Representative => dims::yes_no("代表人士", "person", "is_representative"),
            Self::Gender => Dimension {
                class: PersonFieldClass::Personal,
                ..dims::code::<Gender>("性别", "person", "gender")
            },
            Self::Category => Dimension {
                header: "统战对象类别",
                key: col("pc", "category"),
                joins: vec![Join {
                    table: "person_category",
                    alias: "pc",
                    on:
                        "\"pc\".\"person_id\" = \"person\".\"id\" AND \"pc\".\"deleted_at\" IS NULL"
                            .into(),
                    fanout: Fanout::OnePerKey,
                }],
                label: Label::Code(dims::code_label::<UfCategory>),
                class: PersonFieldClass::Sensitive,
            },
            Self::Ethnicity => private("民族", "ethnicity", Label::Code(ethnicity_label)),
            Self::PoliticalStatus => private(
                "政治面貌",
                "political_status",
                Label::Code(dims::code_label::<PoliticalStatus>),
            ),
            Self::Religion => private("宗教信仰", "religion", Label::Text),
        }
    }
}

/// `peopleAggregate`.
pub struct People;

impl Subject for People {
    type Filter = PersonFilter;
    type GroupBy = PersonGroupBy;
    const SLUG: &'static str = "people";
    const LABEL: &'static str = "人员";
    const KEY: &'static str = "\"person\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::Person;
    const PERSON: Option<&'static str> = Some("\"person\".\"id\"");
    const REGION: &'static str = "\"person\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[Measure {
        field: "followers",
        header: "粉丝数（最大账号）",
        // A person without accounts has no value (left out of the average).
        sql: "\"person_followers\".\"v\"",
        money: false,
        rollup: Some(Rollup {
            name: "person_followers",
            table: "platform_account",
            key: "person_id",
            value: "MAX(\"follower_count\")",
        }),
    }];

    fn base(filter: &Option<PersonFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        Ok(person_filters::select(filter, None)?.into_query())
    }
}

/// Selects farm-product sales records (助农销售). All given conditions must hold.
#[derive(InputObject, Debug, Clone, Default)]
pub struct SalesRecordFilter {
    /// Sales of people registered in this region (code or id) or below it.
    pub within_region: Option<String>,
    /// First day of the sales period.
    pub period_start: Option<DateFilter>,
    /// Any of these platforms (records without one never match).
    pub platform: Option<Vec<Platform>>,
    /// Sales of this person (global id). Personal: not for PUBLIC.
    pub person: Option<async_graphql::ID>,
    /// Every one of these filters must match as well.
    pub and: Option<Vec<SalesRecordFilter>>,
    /// At least one of these filters must match as well.
    pub or: Option<Vec<SalesRecordFilter>>,
    /// Records this filter matches are left out.
    pub not: Option<Box<SalesRecordFilter>>,
}

impl SalesRecordFilter {
    pub fn condition(&self) -> AppResult<Condition> {
        use entity::sales_record::Column;
        let mut all = Condition::all();
        if let Some(region) = &self.within_region {
            all = all.add(within_region(entity::person::Column::RegionCode, region)?);
        }
        if let Some(f) = &self.period_start {
            all = all.add(f.condition(Column::PeriodStart, "periodStart")?);
        }
        if let Some(platforms) = &self.platform {
            all = all.add(Column::Platform.is_in(platforms.iter().map(|p| p.code())));
        }
        if let Some(person) = &self.person {
            all = all.add(Column::PersonId.eq(ids::key::<entity::person::Entity>(person)?));
        }
        combine(all, &self.and, &self.or, &self.not, Self::condition)
    }
}

/// Dimensions sales records can be grouped by.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SalesRecordGroupBy {
    /// County or district of the seller's registered region.
    County,
    /// Township or subdistrict of the seller.
    Township,
    /// Village or community of the seller.
    Village,
    /// Platform (平台) the sales were made on.
    Platform,
    /// Product category as recorded.
    ProductCategory,
    /// Year the sales period started.
    Year,
    /// Quarter the sales period started.
    Quarter,
    /// Month the sales period started.
    Month,
}

impl GroupDimension for SalesRecordGroupBy {
    fn dimension(self, backend: DbBackend) -> Dimension {
        let region = |level| dims::region("person", "region_code", level);
        let time = |bucket| dims::time("sales_record", "period_start", bucket, backend);
        match self {
            Self::County => region(RegionLevel::County),
            Self::Township => region(RegionLevel::Township),
            Self::Village => region(RegionLevel::Village),
            Self::Platform => dims::code::<Platform>("平台", "sales_record", "platform"),
            Self::ProductCategory => dims::text("产品类别", "sales_record", "product_category"),
            Self::Year => time(Bucket::Year),
            Self::Quarter => time(Bucket::Quarter),
            Self::Month => time(Bucket::Month),
        }
    }
}

/// `salesRecordsAggregate`: live records of live people.
pub struct SalesRecords;

impl Subject for SalesRecords {
    type Filter = SalesRecordFilter;
    type GroupBy = SalesRecordGroupBy;
    const SLUG: &'static str = "sales-records";
    const LABEL: &'static str = "助农销售";
    const KEY: &'static str = "\"sales_record\".\"id\"";
    const TYPE: crate::ids::RecordType = crate::ids::RecordType::SalesRecord;
    const PERSON: Option<&'static str> = Some("\"sales_record\".\"person_id\"");
    const REGION: &'static str = "\"person\".\"region_code\"";
    const MEASURES: &'static [Measure] = &[Measure {
        field: "amount",
        header: "销售额（元）",
        sql: "\"sales_record\".\"amount_fen\"",
        money: true,
        rollup: None,
    }];

    fn base(filter: &Option<SalesRecordFilter>, _viewer: &Viewer) -> AppResult<SelectStatement> {
        use entity::{person, sales_record};
        let mut q = Query::select();
        q.from(sales_record::Entity)
            .join(
                JoinType::InnerJoin,
                person::Entity,
                Expr::col((person::Entity, person::Column::Id))
                    .equals((sales_record::Entity, sales_record::Column::PersonId)),
            )
            .and_where(Expr::col((sales_record::Entity, sales_record::Column::DeletedAt)).is_null())
            .and_where(Expr::col((person::Entity, person::Column::DeletedAt)).is_null());
        if let Some(filter) = filter {
            q.cond_where(filter.condition()?);
        }
        Ok(q)
    }
}
