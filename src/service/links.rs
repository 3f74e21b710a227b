//! What a deletion does with the records that point at the deleted one: links that can be ended
//! (memberships, assignments …) are ended on request; other references block the deletion.

use std::str::FromStr;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter};

use super::audit::Actor;
use super::write::{self, Writable};
use crate::db::page::run_count;
use crate::error::{AppError, AppResult, UserErrorCode};

/// A foreign key that points at a record type, and what deleting one of its records does
/// with the rows that point at it. A record type's links name every such key (a test holds
/// them to the entities' relations), so a new reference cannot leave rows pointing at a
/// deleted record unnoticed.
pub struct Link {
    table: &'static str,
    column: &'static str,
    label: &'static str,
    label_zh: &'static str,
    effect: Effect,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Effect {
    /// The deletion is refused while a live row points at the record.
    Blocks,
    /// The deletion ends (soft-deletes) the rows when the caller asks for it, else refuses.
    Ends,
    /// The rows are the record's own: its `Record::deleted` hook deletes them with it.
    GoesWith,
}

impl Link {
    const fn new(
        table: &'static str,
        column: &'static str,
        label: &'static str,
        label_zh: &'static str,
        effect: Effect,
    ) -> Self {
        Self {
            table,
            column,
            label,
            label_zh,
            effect,
        }
    }

    /// A link the deletion may end (soft-delete) when the caller asks for it.
    pub const fn ended(
        table: &'static str,
        column: &'static str,
        label: &'static str,
        label_zh: &'static str,
    ) -> Self {
        Self::new(table, column, label, label_zh, Effect::Ends)
    }

    /// A reference that always blocks the deletion while it exists.
    pub const fn blocking(
        table: &'static str,
        column: &'static str,
        label: &'static str,
        label_zh: &'static str,
    ) -> Self {
        Self::new(table, column, label, label_zh, Effect::Blocks)
    }

    /// Rows the record owns, deleted and restored with it by its own hooks.
    pub const fn owned(table: &'static str, column: &'static str) -> Self {
        Self::new(table, column, "", "", Effect::GoesWith)
    }

    /// The table whose rows point at the record.
    pub fn table(&self) -> &'static str {
        self.table
    }

    /// The column of [`Link::table`] that holds the record's key.
    pub fn column(&self) -> &'static str {
        self.column
    }
}

async fn count(db: &impl ConnectionTrait, link: &Link, key: i64) -> AppResult<i64> {
    let statement = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from(Alias::new(link.table))
        .and_where(Expr::col(Alias::new(link.column)).eq(key))
        .and_where(Expr::col(Alias::new("deleted_at")).is_null())
        .to_owned();
    run_count(db, &statement).await
}

/// Checks every link of the record `key`; ends the endable ones when `end_links` is set, and
/// refuses (listing what points at the record) while anything else remains.
pub async fn release(
    db: &impl ConnectionTrait,
    actor: &Actor,
    links: &[Link],
    key: i64,
    end_links: bool,
) -> AppResult<()> {
    let mut blocking = Vec::new();
    let mut blocking_zh = Vec::new();
    let mut endable_names = Vec::new();
    let mut endable_zh = Vec::new();
    for link in links.iter().filter(|l| l.effect != Effect::GoesWith) {
        let n = count(db, link, key).await?;
        if n == 0 {
            continue;
        }
        let endable = link.effect == Effect::Ends;
        if endable && end_links {
            end_all(db, actor, link, key).await?;
        } else {
            blocking.push(format!("{n} {}", link.label));
            blocking_zh.push(format!("{}{n} 条", link.label_zh));
            if endable {
                endable_names.push(link.label);
                endable_zh.push(link.label_zh);
            }
        }
    }
    if blocking.is_empty() {
        return Ok(());
    }
    let list = blocking.join(", ");
    // Point at `endLinks` only when it would help: it ends the endable links, never the others.
    let (hint_en, hint_zh) = if endable_names.is_empty() {
        (String::new(), String::new())
    } else {
        let names = endable_names.join(", ");
        let names_zh = endable_zh.join("、");
        (
            format!(" (endLinks: true ends the {names})"),
            format!("（选择“结束关联”可结束其中的{names_zh}）"),
        )
    };
    Err(AppError::invalid(
        &["input", "id"],
        UserErrorCode::HasReferences,
        format!("other records point at this one: {list}; end or move them first{hint_en}"),
        format!("{}；请先结束或转移{hint_zh}", blocking_zh.join("、")),
    ))
}

async fn end_rows<E: Writable>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    column: &str,
    key: i64,
) -> AppResult<()> {
    let column = E::Column::from_str(column)
        .map_err(|_| AppError::Internal(format!("no column {column} on {}", E::TYPE_NAME)))?;
    for row in E::live().filter(column.eq(key)).all(db).await? {
        let version = match sea_orm::ModelTrait::get(&row, E::version()) {
            sea_orm::Value::Int(Some(v)) => v,
            _ => 0,
        };
        write::soft_delete::<E, _>(db, actor, &row, version).await?;
    }
    Ok(())
}

async fn end_all(db: &impl ConnectionTrait, actor: &Actor, link: &Link, key: i64) -> AppResult<()> {
    use entity::*;
    match link.table {
        "membership" => end_rows::<membership::Entity>(db, actor, link.column, key).await,
        "liaison_assignment" => {
            end_rows::<liaison_assignment::Entity>(db, actor, link.column, key).await
        }
        "mediation_partner" => {
            end_rows::<mediation_partner::Entity>(db, actor, link.column, key).await
        }
        "activity_participant" => {
            end_rows::<activity_participant::Entity>(db, actor, link.column, key).await
        }
        "income_uplift" => end_rows::<income_uplift::Entity>(db, actor, link.column, key).await,
        "person_category" => end_rows::<person_category::Entity>(db, actor, link.column, key).await,
        "platform_account" => {
            end_rows::<platform_account::Entity>(db, actor, link.column, key).await
        }
        "publication" => end_rows::<publication::Entity>(db, actor, link.column, key).await,
        "donation" => end_rows::<donation::Entity>(db, actor, link.column, key).await,
        other => Err(AppError::Internal(format!(
            "links of table {other} cannot be ended"
        ))),
    }
}
