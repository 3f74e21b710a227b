//! Region subtree matching by code range: `620422` covers `620422000000..=620422999999`.
//! A plain b-tree index serves the range on SQLite and PostgreSQL alike, whatever the collation.

use sea_orm::sea_query::{Expr, ExprTrait};

use crate::domain::region_code::RegionCode;

/// `column` lies in the subtree of `region` (the region itself included).
pub fn within(column: impl sea_orm::sea_query::IntoColumnRef, region: &RegionCode) -> Expr {
    let (low, high) = region.subtree_range();
    Expr::col(column).between(low, high)
}
