//! Place names where a region code is expected (`平川区水泉镇`, `水泉镇`): replaced by the
//! region's code when exactly one live region has that name (alone, or after its county or
//! city); several → an error listing them, none → an error saying how to write it.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::cells::Cell;
use super::row::Row;
use super::template::{Column, Ty};
use crate::error::{AppResult, UserErrorCode};

/// How many candidates an ambiguity message lists.
const LISTED: usize = 8;

/// Resolves the place names in the rows' region columns, in place.
pub async fn resolve_names<C: ConnectionTrait>(
    db: &C,
    columns: &[Column],
    rows: &mut [Row],
) -> AppResult<()> {
    let region_columns: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.ty, Ty::Region))
        .map(|(i, _)| i)
        .collect();
    let named = |row: &Row, i: usize| match row.cells.get(i) {
        Some(Some(Cell::Text(text))) if !text.bytes().all(|b| b.is_ascii_digit()) => {
            Some(text.clone())
        }
        _ => None,
    };
    if !rows
        .iter()
        .any(|row| region_columns.iter().any(|&i| named(row, i).is_some()))
    {
        return Ok(());
    }
    let names = Names::load(db).await?;
    for row in rows.iter_mut() {
        for &i in &region_columns {
            let Some(text) = named(row, i) else { continue };
            let column = &columns[i];
            match names.find(&text).as_slice() {
                [(code, _)] => row.cells[i] = Some(Cell::Text((*code).to_owned())),
                [] => {
                    row.cells[i] = None;
                    row.incomplete |= column.required;
                    row.errors.push(super::RowError::new(
                        row.number,
                        Some(column.header),
                        UserErrorCode::RegionNotFound,
                        format!("no region is named {text:?}; write its code or its name with its county (平川区水泉镇)"),
                        format!("找不到名为“{text}”的区划：请填写区划代码，或带上县区的名称（如“平川区水泉镇”）"),
                    ));
                }
                several => {
                    let listed: Vec<String> = several
                        .iter()
                        .take(LISTED)
                        .map(|(code, path)| format!("{path}（{code}）"))
                        .collect();
                    let more = if several.len() > LISTED { "等" } else { "" };
                    row.cells[i] = None;
                    row.incomplete |= column.required;
                    row.errors.push(super::RowError::new(
                        row.number,
                        Some(column.header),
                        UserErrorCode::AmbiguousRegion,
                        format!(
                            "{} regions are named {text:?}: {}; write the code or the county too",
                            several.len(),
                            listed.join(", ")
                        ),
                        format!(
                            "有 {} 个区划名为“{text}”：{}{more}；请填写区划代码，或带上县区名称",
                            several.len(),
                            listed.join("、")
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Every live region under each spelling of its name: its own name, and its name after its
/// ancestors' (`平川区水泉镇`, `白银市平川区水泉镇`).
struct Names {
    by_spelling: HashMap<String, Vec<(String, String)>>,
    /// Every region's (code, full name).
    paths: Vec<(String, String)>,
}

impl Names {
    async fn load<C: ConnectionTrait>(db: &C) -> AppResult<Self> {
        use entity::region;
        let regions = region::Entity::find()
            .filter(region::Column::DeletedAt.is_null())
            .all(db)
            .await?;
        let by_code: HashMap<&str, &region::Model> =
            regions.iter().map(|r| (r.code.as_str(), r)).collect();
        let mut by_spelling: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut paths = Vec::with_capacity(regions.len());
        for region in &regions {
            let mut chain = vec![region.name.as_str()];
            let mut parent = region.parent_code.as_deref();
            while let Some(code) = parent.and_then(|c| by_code.get(c)) {
                chain.push(code.name.as_str());
                parent = code.parent_code.as_deref();
                if chain.len() > 6 {
                    break;
                }
            }
            chain.reverse();
            let path = chain.join("");
            paths.push((region.code.clone(), path.clone()));
            for start in 0..chain.len() {
                by_spelling
                    .entry(chain[start..].concat())
                    .or_default()
                    .push((region.code.clone(), path.clone()));
            }
        }
        Ok(Self { by_spelling, paths })
    }

    /// The regions a name may mean, as (code, full name).
    fn find(&self, text: &str) -> Vec<(&str, &str)> {
        let wanted: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '/' | '-' | '、' | '·'))
            .collect();
        self.by_spelling
            .get(&wanted)
            .map(|found| {
                found
                    .iter()
                    .map(|(code, path)| (code.as_str(), path.as_str()))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The regions an importing caller may write, as `(code, full name)` in code order, for the
/// template's drop-down list: none for callers who may not import (the list is asked of the
/// access policy before anything is read).
pub async fn choices_for<C: ConnectionTrait>(
    db: &C,
    viewer: &crate::auth::Viewer,
) -> AppResult<Vec<(String, String)>> {
    if !crate::auth::policy::may_write_any(viewer) {
        return Ok(Vec::new());
    }
    let names = Names::load(db).await?;
    let mut regions: Vec<(String, String)> = names
        .paths
        .into_iter()
        .filter(|(code, _)| {
            !code.ends_with("00000000") && crate::auth::policy::may_write(viewer, code)
        })
        .collect();
    regions.sort();
    Ok(regions)
}
