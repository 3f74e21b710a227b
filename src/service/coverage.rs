//! `coverage(region:, level:)`: for each child region at a level, its villages and communities
//! (村社区) and how many have an active liaison officer, a work station or liaison point, a
//! home, an active enterprise pairing, on a given day. One grouped statement (plus the region
//! lookup); the uncovered villages of one measure are one more statement, run only on demand.

use chrono::NaiveDate;
use entity::region;
use sea_orm::sea_query::{
    Alias, Cond, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db::in_force;
use crate::domain::enums::{DomainEnum, NetworkRole, PlaceKind, RegionLevel};
use crate::domain::region_code::RegionCode;
use crate::error::{AppError, AppResult};
use crate::service::aggregate::sql::{level_digits, region_key};

/// What a village can be covered by.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CoverageMeasure {
    /// An active united-front liaison officer (统战联络员) assigned to the village.
    LiaisonOfficer,
    /// An open work station (统战工作站) or liaison point (统战联络点) in the village.
    Station,
    /// An open home (红石榴家园, 石榴籽议事室, 侨胞之家, members' home) in the village.
    Home,
    /// An active enterprise pairing (万企兴万村) with the village.
    Pairing,
}

impl CoverageMeasure {
    pub const ALL: [Self; 4] = [
        Self::LiaisonOfficer,
        Self::Station,
        Self::Home,
        Self::Pairing,
    ];

    /// Column name in the statement and the Chinese export header.
    pub fn header(self) -> &'static str {
        match self {
            Self::LiaisonOfficer => "有统战联络员",
            Self::Station => "有工作站或联络点",
            Self::Home => "有家园",
            Self::Pairing => "有结对企业",
        }
    }

    fn alias(self) -> &'static str {
        match self {
            Self::LiaisonOfficer => "liaison",
            Self::Station => "station",
            Self::Home => "home",
            Self::Pairing => "pairing",
        }
    }

    /// `EXISTS` (covering row for village `"v"` on `day`).
    fn exists(self, day: NaiveDate) -> Expr {
        let v_code = || Expr::col((Alias::new("v"), region::Column::Code));
        let open_place = |kinds: &[PlaceKind]| {
            use entity::place::{Column, Entity};
            Query::select()
                .expr(Expr::val(1))
                .from(Entity)
                .and_where(Expr::col((Entity, Column::RegionCode)).eq(v_code()))
                .and_where(Expr::col((Entity, Column::DeletedAt)).is_null())
                .and_where(Expr::col((Entity, Column::Kind)).is_in(kinds.iter().map(|k| k.code())))
                .cond_where(in_force::condition(in_force::place(), day))
                .to_owned()
        };
        let sub = match self {
            Self::LiaisonOfficer => {
                use entity::liaison_assignment::{Column, Entity};
                Query::select()
                    .expr(Expr::val(1))
                    .from(Entity)
                    .and_where(Expr::col((Entity, Column::RegionCode)).eq(v_code()))
                    .and_where(Expr::col((Entity, Column::DeletedAt)).is_null())
                    .and_where(
                        Expr::col((Entity, Column::Role)).eq(NetworkRole::LiaisonOfficer.code()),
                    )
                    .cond_where(in_force::condition(in_force::liaison_assignment(), day))
                    .to_owned()
            }
            Self::Station => open_place(&[PlaceKind::UfWorkStation, PlaceKind::UfLiaisonPoint]),
            Self::Home => open_place(&PlaceKind::HOMES),
            Self::Pairing => {
                use entity::pairing::{Column, Entity};
                Query::select()
                    .expr(Expr::val(1))
                    .from(Entity)
                    .and_where(Expr::col((Entity, Column::VillageCode)).eq(v_code()))
                    .and_where(Expr::col((Entity, Column::DeletedAt)).is_null())
                    .cond_where(in_force::condition(in_force::pairing(), day))
                    .to_owned()
            }
        };
        Expr::exists(sub)
    }
}

/// The coverage of one region (a child row, or the whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    /// 12-digit code.
    pub code: String,
    pub name: String,
    /// Villages and communities (村社区) in the region.
    pub villages: i64,
    /// Of which covered, per [`CoverageMeasure::ALL`].
    pub covered: [i64; 4],
}

impl CoverageRow {
    pub fn covered_by(&self, measure: CoverageMeasure) -> i64 {
        let index = CoverageMeasure::ALL.iter().position(|m| *m == measure);
        index
            .and_then(|i| self.covered.get(i))
            .copied()
            .unwrap_or(0)
    }
}

/// Coverage of a region's children at a level, on a day.
#[derive(Debug, Clone)]
pub struct Coverage {
    pub region: RegionCode,
    pub level: RegionLevel,
    pub as_of: NaiveDate,
    /// The whole region (the sum of the rows: every village lies in exactly one child).
    pub total: CoverageRow,
    /// One per child region at `level`, by code; children without villages included.
    pub rows: Vec<CoverageRow>,
}

/// Checks the region and the level: the level must lie below the region's (default: the next
/// one down). BAD_USER_INPUT otherwise, NOT_FOUND for an unknown region.
async fn resolve(
    db: &impl ConnectionTrait,
    region: &RegionCode,
    level: Option<RegionLevel>,
) -> AppResult<(region::Model, RegionLevel)> {
    let row = region::Entity::find_by_id(region.as_str().to_owned())
        .filter(region::Column::DeletedAt.is_null())
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no region {region}")))?;
    let own = row.level;
    let below = |l: RegionLevel| level_digits(l) > level_digits(own);
    let level = match level {
        Some(l) if below(l) => l,
        Some(l) => {
            return Err(AppError::bad_input(format!(
                "level {} is not below the region's level {}",
                l.code(),
                own.code()
            )));
        }
        None => <RegionLevel as DomainEnum>::ALL
            .iter()
            .copied()
            .find(|l| below(*l))
            .ok_or_else(|| AppError::bad_input("a village has no regions below it"))?,
    };
    Ok((row, level))
}

/// Coverage of `region`'s children at `level` (default: the next level down) on `as_of`.
pub async fn coverage(
    db: &impl ConnectionTrait,
    region: &RegionCode,
    level: Option<RegionLevel>,
    as_of: NaiveDate,
) -> AppResult<Coverage> {
    let (row, level) = resolve(db, region, level).await?;
    let _turn = crate::db::heavy::turn().await;
    let (c, v) = (Alias::new("c"), Alias::new("v"));
    let (low, high) = region.subtree_range();
    let mut q = Query::select();
    q.expr_as(Expr::col((c.clone(), region::Column::Code)), "code")
        .expr_as(Expr::col((c.clone(), region::Column::Name)), "name")
        .expr_as(
            Func::cast_as(
                Func::count(Expr::col((v.clone(), region::Column::Code))),
                bigint(),
            ),
            "villages",
        )
        .from_as(region::Entity, c.clone())
        .join_as(
            JoinType::LeftJoin,
            region::Entity,
            v.clone(),
            Cond::all()
                .add(Expr::cust(format!(
                    "{} = \"c\".\"code\"",
                    region_key("\"v\".\"code\"", level)
                )))
                .add(Expr::col((v.clone(), region::Column::Level)).eq(RegionLevel::Village.code()))
                .add(Expr::col((v.clone(), region::Column::DeletedAt)).is_null()),
        )
        .and_where(Expr::col((c.clone(), region::Column::DeletedAt)).is_null())
        .and_where(Expr::col((c.clone(), region::Column::Level)).eq(level.code()))
        .and_where(Expr::col((c.clone(), region::Column::Code)).between(low, high))
        .group_by_col((c.clone(), region::Column::Code))
        .group_by_col((c.clone(), region::Column::Name))
        .order_by((c, region::Column::Code), Order::Asc);
    for measure in CoverageMeasure::ALL {
        let covered = Expr::case(measure.exists(as_of), 1).finally(0);
        q.expr_as(Func::cast_as(Func::sum(covered), bigint()), measure.alias());
    }
    let mut rows = Vec::new();
    for r in db.query_all(&q).await? {
        let mut covered = [0; 4];
        for (slot, measure) in covered.iter_mut().zip(CoverageMeasure::ALL) {
            *slot = r.try_get::<Option<i64>>("", measure.alias())?.unwrap_or(0);
        }
        rows.push(CoverageRow {
            code: r.try_get("", "code")?,
            name: r.try_get("", "name")?,
            villages: r.try_get("", "villages")?,
            covered,
        });
    }
    let mut total = CoverageRow {
        code: row.code,
        name: row.name,
        villages: 0,
        covered: [0; 4],
    };
    for r in &rows {
        total.villages += r.villages;
        for (sum, part) in total.covered.iter_mut().zip(r.covered) {
            *sum += part;
        }
    }
    Ok(Coverage {
        region: region.clone(),
        level,
        as_of,
        total,
        rows,
    })
}

/// Villages and communities of `region` not covered by `measure` on `as_of`, by code, at most
/// `limit`. One statement.
pub async fn uncovered(
    db: &impl ConnectionTrait,
    region: &RegionCode,
    measure: CoverageMeasure,
    as_of: NaiveDate,
    limit: u64,
) -> AppResult<Vec<region::Model>> {
    let (low, high) = region.subtree_range();
    let stmt: SelectStatement = Query::select()
        .columns(region_columns())
        .from_as(region::Entity, Alias::new("v"))
        .and_where(Expr::col((Alias::new("v"), region::Column::DeletedAt)).is_null())
        .and_where(
            Expr::col((Alias::new("v"), region::Column::Level)).eq(RegionLevel::Village.code()),
        )
        .and_where(Expr::col((Alias::new("v"), region::Column::Code)).between(low, high))
        .and_where(measure.exists(as_of).not())
        .order_by((Alias::new("v"), region::Column::Code), Order::Asc)
        .limit(limit)
        .to_owned();
    let backend = db.get_database_backend();
    Ok(region::Entity::find()
        .from_raw_sql(backend.build(&stmt))
        .all(db)
        .await?)
}

fn bigint() -> Alias {
    Alias::new("BIGINT")
}

fn region_columns() -> Vec<(Alias, region::Column)> {
    use sea_orm::Iterable;
    region::Column::iter()
        .map(|col| (Alias::new("v"), col))
        .collect()
}

/// Coverage as a spreadsheet table: the whole region first (合计), then one row per child.
pub fn table(report: &Coverage) -> crate::service::aggregate::table::Table {
    let mut headers = vec!["代码".to_owned(), "名称".to_owned(), "村社区数".to_owned()];
    for measure in CoverageMeasure::ALL {
        headers.push(measure.header().to_owned());
        headers.push(format!("{}比例(%)", measure.header()));
    }
    let row = |r: &CoverageRow, name: String| {
        let mut cells = vec![r.code.clone(), name, r.villages.to_string()];
        for measure in CoverageMeasure::ALL {
            let covered = r.covered_by(measure);
            cells.push(covered.to_string());
            cells.push(if r.villages > 0 {
                format!("{:.1}", covered as f64 * 100.0 / r.villages as f64)
            } else {
                String::new()
            });
        }
        cells
    };
    let mut rows = vec![row(&report.total, format!("{}（合计）", report.total.name))];
    rows.extend(report.rows.iter().map(|r| row(r, r.name.clone())));
    crate::service::aggregate::table::Table {
        sheet: "覆盖情况",
        headers,
        rows,
    }
}
