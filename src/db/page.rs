//! Keyset pagination for every list: `first/after/last/before` over an ordering that always ends
//! with the primary key, so pages are stable and no query ever skips rows with OFFSET.

use std::cmp::Ordering as CmpOrdering;
use std::sync::Arc;

use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, IdenStatic, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select,
};

use super::cursor::{self, Cursor, CursorValue};
use super::table::Keyed;
use crate::error::{AppError, AppResult};

/// The Relay arguments of one list field.
#[derive(Debug, Clone, Default)]
pub struct PageArgs {
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// Page sizes: used when neither `first` nor `last` is given, and the most either may ask for.
#[derive(Debug, Clone, Copy)]
pub struct PageLimits {
    pub default: usize,
    pub max: usize,
}

/// One sort key of an ordering: the column, its direction and how to read it off a row.
pub struct SortKey<E: EntityTrait> {
    pub name: &'static str,
    pub column: E::Column,
    pub desc: bool,
    pub value: fn(&E::Model) -> CursorValue,
}

/// An ordering: the requested keys, then the primary key as the tie-breaker.
pub struct Ordering<E: EntityTrait> {
    keys: Vec<SortKey<E>>,
}

impl<E: Keyed> Ordering<E> {
    /// `keys` in priority order; `primary` reads the primary key (appended ascending).
    pub fn new(mut keys: Vec<SortKey<E>>, primary: fn(&E::Model) -> CursorValue) -> Self {
        keys.push(SortKey {
            name: "key",
            column: E::key_column(),
            desc: false,
            value: primary,
        });
        Self { keys }
    }

    /// Newest first: the key descending (keys are handed out in ascending order), read by
    /// `key`; the cursor names it `id`.
    pub fn newest_first(key: fn(&E::Model) -> CursorValue) -> Self {
        let newest = SortKey {
            name: "id",
            column: E::key_column(),
            desc: true,
            value: key,
        };
        Self::new(vec![newest], key)
    }

    /// Whether the first requested key (the tie-breaker aside) is `column`.
    pub fn leads_with(&self, column: E::Column) -> bool {
        self.keys.len() > 1 && self.keys[0].column.as_str() == column.as_str()
    }

    fn signature(&self) -> String {
        let parts: Vec<String> = self
            .keys
            .iter()
            .map(|k| format!("{}:{}", k.name, if k.desc { "desc" } else { "asc" }))
            .collect();
        parts.join(",")
    }

    /// The cursor of `row` in this ordering (`signature` is [`Ordering::signature`], made once
    /// per page).
    fn cursor_of(&self, signature: &Arc<str>, row: &E::Model) -> Cursor {
        Cursor::new(
            signature.clone(),
            self.keys.iter().map(|k| (k.value)(row)).collect(),
        )
    }

    /// Rows strictly after (`forward`) or before the position `values` names.
    fn beyond(&self, values: Vec<CursorValue>, forward: bool) -> AppResult<Condition> {
        if values.len() != self.keys.len() {
            return Err(AppError::bad_input("invalid cursor for this ordering"));
        }
        let mut any = Condition::any();
        for (i, key) in self.keys.iter().enumerate() {
            let mut all = Condition::all();
            for (prev, value) in self.keys.iter().zip(values.iter()).take(i) {
                all = all.add(prev.column.eq(sea_orm::Value::from(value.clone())));
            }
            let value = sea_orm::Value::from(values[i].clone());
            let greater = forward != key.desc;
            all = all.add(if greater {
                key.column.gt(value)
            } else {
                key.column.lt(value)
            });
            any = any.add(all);
        }
        // The first key's bound alone (`>=` or `<=`) repeats what the disjunction implies; it
        // is what lets both planners start the index range at the cursor instead of reading
        // every earlier entry of the order's index and filtering it out.
        let first = &self.keys[0];
        let value = sea_orm::Value::from(values[0].clone());
        let bound = if forward != first.desc {
            first.column.gte(value)
        } else {
            first.column.lte(value)
        };
        Ok(Condition::all().add(bound).add(any))
    }
}

/// The rows of one page with their cursors.
pub struct Page<M> {
    pub rows: Vec<(Cursor, M)>,
    pub has_previous: bool,
    pub has_next: bool,
}

struct Window {
    size: usize,
    backward: bool,
}

impl PageArgs {
    fn window(&self, limits: PageLimits) -> AppResult<Window> {
        let check = |name: &str, n: i32| -> AppResult<usize> {
            let n = usize::try_from(n)
                .map_err(|_| AppError::bad_input(format!("{name} must not be negative")))?;
            if n > limits.max {
                return Err(AppError::LimitExceeded(format!(
                    "{name}: {n} exceeds the maximum page size of {}",
                    limits.max
                )));
            }
            Ok(n)
        };
        match (self.first, self.last) {
            (Some(_), Some(_)) => Err(AppError::bad_input("pass either first or last, not both")),
            (Some(n), None) => Ok(Window {
                size: check("first", n)?,
                backward: false,
            }),
            (None, Some(n)) => Ok(Window {
                size: check("last", n)?,
                backward: true,
            }),
            (None, None) => Ok(Window {
                size: limits.default,
                backward: false,
            }),
        }
    }
}

/// The statement [`fetch`] runs for a page (for asking a planner about it).
pub fn statement<E: Keyed>(
    select: Select<E>,
    ordering: &Ordering<E>,
    args: &PageArgs,
    limits: PageLimits,
) -> AppResult<SelectStatement> {
    Ok(page_select(select, ordering, args, limits)?.into_query())
}

/// The select [`fetch`] runs for a page, before it becomes a statement.
pub fn page_select<E: Keyed>(
    select: Select<E>,
    ordering: &Ordering<E>,
    args: &PageArgs,
    limits: PageLimits,
) -> AppResult<Select<E>> {
    let window = args.window(limits)?;
    Ok(ordered(select, ordering, args, &window)?.limit(window.size as u64 + 1))
}

/// `select` past the cursors, sorted in the window's direction.
fn ordered<E: Keyed>(
    select: Select<E>,
    ordering: &Ordering<E>,
    args: &PageArgs,
    window: &Window,
) -> AppResult<Select<E>> {
    let signature = ordering.signature();
    let mut select = select;
    if let Some(after) = &args.after {
        select = select.filter(ordering.beyond(cursor::decode(&signature, after)?, true)?);
    }
    if let Some(before) = &args.before {
        select = select.filter(ordering.beyond(cursor::decode(&signature, before)?, false)?);
    }
    for key in &ordering.keys {
        let desc = key.desc != window.backward;
        select = select.order_by(key.column, if desc { Order::Desc } else { Order::Asc });
    }
    Ok(select)
}

/// Fetches one page of `select` in `ordering` with a single query (plus none for counting).
pub async fn fetch<E, C>(
    db: &C,
    select: Select<E>,
    ordering: &Ordering<E>,
    args: &PageArgs,
    limits: PageLimits,
) -> AppResult<Page<E::Model>>
where
    E: Keyed,
    C: ConnectionTrait,
{
    let read = async |select: Select<E>| Ok(select.all(db).await?);
    fetch_by(select, ordering, args, limits, read).await
}

/// [`fetch`], the page's statement run by `read` (e.g. joined with the rows it refers to).
pub async fn fetch_by<E>(
    select: Select<E>,
    ordering: &Ordering<E>,
    args: &PageArgs,
    limits: PageLimits,
    read: impl AsyncFnOnce(Select<E>) -> AppResult<Vec<E::Model>>,
) -> AppResult<Page<E::Model>>
where
    E: Keyed,
{
    let window = args.window(limits)?;
    let select = ordered(select, ordering, args, &window)?;
    if window.size == 0 {
        return Ok(Page {
            rows: Vec::new(),
            has_previous: false,
            has_next: false,
        });
    }
    let mut rows = read(select.limit(window.size as u64 + 1)).await?;
    let more = rows.len() > window.size;
    rows.truncate(window.size);
    if window.backward {
        rows.reverse();
    }
    let signature: Arc<str> = ordering.signature().into();
    let rows = rows
        .into_iter()
        .map(|row| (ordering.cursor_of(&signature, &row), row))
        .collect();
    Ok(if window.backward {
        Page {
            rows,
            has_previous: more,
            has_next: args.before.is_some(),
        }
    } else {
        Page {
            rows,
            has_previous: args.after.is_some(),
            has_next: more,
        }
    })
}

/// `SELECT COUNT(*)` over a select, for `totalCount`; run only when a client asks for it.
pub fn count_statement<E: EntityTrait>(select: Select<E>) -> SelectStatement {
    Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(select.into_query(), Alias::new("counted"))
        .to_owned()
}

/// Runs a statement made by [`count_statement`].
pub async fn run_count<C: ConnectionTrait>(db: &C, statement: &SelectStatement) -> AppResult<i64> {
    let row = db.query_one(statement).await?;
    Ok(match row {
        Some(row) => row.try_get_by_index::<i64>(0)?,
        None => 0,
    })
}

/// Pages an already loaded list (a relation of one parent, ordered by key) the same way, by
/// position of the key carried in the cursor.
pub fn slice<M>(
    rows: Vec<M>,
    key_of: fn(&M) -> CursorValue,
    args: &PageArgs,
    limits: PageLimits,
) -> AppResult<Page<M>> {
    let window = args.window(limits)?;
    let signature: Arc<str> = KEY_SIGNATURE.into();
    let after = args
        .after
        .as_deref()
        .map(|c| single(KEY_SIGNATURE, c))
        .transpose()?;
    let before = args
        .before
        .as_deref()
        .map(|c| single(KEY_SIGNATURE, c))
        .transpose()?;
    let mut kept: Vec<M> = rows
        .into_iter()
        .filter(|row| {
            let key = key_of(row);
            after
                .as_ref()
                .is_none_or(|a| compare(&key, a) == CmpOrdering::Greater)
                && before
                    .as_ref()
                    .is_none_or(|b| compare(&key, b) == CmpOrdering::Less)
        })
        .collect();
    let more = kept.len() > window.size;
    if window.backward {
        let skip = kept.len().saturating_sub(window.size);
        kept.drain(..skip);
    } else {
        kept.truncate(window.size);
    }
    let rows = kept
        .into_iter()
        .map(|row| (Cursor::new(signature.clone(), vec![key_of(&row)]), row))
        .collect();
    Ok(if window.backward {
        Page {
            rows,
            has_previous: more,
            has_next: before.is_some(),
        }
    } else {
        Page {
            rows,
            has_previous: after.is_some(),
            has_next: more,
        }
    })
}

/// The ordering signature of cursors of a list paged by its key alone (relation lists).
const KEY_SIGNATURE: &str = "key:asc";

/// The rows of one parent a relation page in key order needs (the key being the table's key
/// column, the id that relation cursors carry): those after `after` and before
/// `before`, at most `take` of them from the front (or, `backward`, from the back). `take` is
/// one more than the page, so that [`slice`] can tell whether there is more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub after: Option<i64>,
    pub before: Option<i64>,
    pub take: u64,
    pub backward: bool,
}

/// The [`Span`] of a relation page in key order, its cursors checked as [`slice`] checks them.
pub fn span(args: &PageArgs, limits: PageLimits) -> AppResult<Span> {
    let window = args.window(limits)?;
    let key = |cursor: &Option<String>| {
        cursor
            .as_deref()
            .map(|c| match single(KEY_SIGNATURE, c)? {
                CursorValue::Int(key) => Ok(key),
                _ => Err(AppError::bad_input("invalid cursor for this list")),
            })
            .transpose()
    };
    Ok(Span {
        after: key(&args.after)?,
        before: key(&args.before)?,
        take: u64::try_from(window.size)
            .unwrap_or(u64::MAX)
            .saturating_add(1),
        backward: window.backward,
    })
}

fn single(signature: &str, cursor: &str) -> AppResult<CursorValue> {
    let mut values = cursor::decode(signature, cursor)?;
    match (values.pop(), values.is_empty()) {
        (Some(value), true) => Ok(value),
        _ => Err(AppError::bad_input("invalid cursor for this list")),
    }
}

fn compare(a: &CursorValue, b: &CursorValue) -> CmpOrdering {
    match (a, b) {
        (CursorValue::Int(a), CursorValue::Int(b)) => a.cmp(b),
        (CursorValue::Text(a), CursorValue::Text(b)) => a.cmp(b),
        (CursorValue::Date(a), CursorValue::Date(b)) => a.cmp(b),
        (CursorValue::Float(a), CursorValue::Float(b)) => a.total_cmp(b),
        (CursorValue::Time(a), CursorValue::Time(b)) => a.cmp(b),
        _ => CmpOrdering::Equal,
    }
}
