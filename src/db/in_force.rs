//! "In force on day D" for rows with a period: the one rule every `activeOn`/`asOf` argument,
//! `coverage`, `summary` and the graph apply, in SQL and in memory.
//!
//! A row is in force on D when its first day is on or before D (no first day: since always)
//! and its last day is on or after D (no end: open-ended). Both ends are inclusive. Tables say
//! their end differently, and [`End`] names which: memberships, liaison assignments and
//! pairings store the last day in force (`until`, `endOn`, `endedOn`); places store the day they
//! closed (`closedOn`), so a place's last open day is the day before. A term (of an elected
//! committee) is in force from the day its election was held up to the day before the next
//! completed election ([`current_term`]).

use chrono::NaiveDate;
use entity::{liaison_assignment, membership, pairing, place, term_election};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, IntoColumnRef};

use crate::domain::enums::TermElectionStatus;

/// What a row's end column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The last day the row is in force (inclusive).
    LastDay,
    /// The first day it is no longer in force (a closing day).
    ClosingDay,
}

/// Where a table keeps its period.
#[derive(Debug, Clone, Copy)]
pub struct Period<C> {
    pub start: C,
    pub end: C,
    pub end_kind: End,
}

/// SQL: the row of `period` is in force on `day`.
pub fn condition<C: IntoColumnRef + Copy>(period: Period<C>, day: NaiveDate) -> Cond {
    let start = Cond::any()
        .add(Expr::col(period.start).is_null())
        .add(Expr::col(period.start).lte(day));
    let end = Expr::col(period.end);
    let until = match period.end_kind {
        End::LastDay => end.gte(day),
        End::ClosingDay => end.gt(day),
    };
    Cond::all()
        .add(start)
        .add(Cond::any().add(Expr::col(period.end).is_null()).add(until))
}

/// SQL: the row of `period` is in force on `day`, or, without a day, current (not ended): what
/// a relation filter asks with and without its `activeOn`.
pub fn on_day_or_current<C: IntoColumnRef + Copy>(
    period: Period<C>,
    day: Option<NaiveDate>,
) -> Cond {
    match day {
        Some(day) => condition(period, day),
        None => Cond::all().add(Expr::col(period.end).is_null()),
    }
}

/// SQL: the `pick` column of the live memberships in force on `day` (or current) whose `on`
/// column is among `keys`: people of some organizations, or organizations of some people.
pub fn memberships(
    pick: entity::membership::Column,
    on: entity::membership::Column,
    keys: sea_orm::sea_query::SelectStatement,
    day: Option<NaiveDate>,
) -> sea_orm::sea_query::SelectStatement {
    use entity::membership as m;
    use sea_orm::ColumnTrait;
    sea_orm::sea_query::Query::select()
        .column(pick)
        .from(m::Entity)
        .and_where(m::Column::DeletedAt.is_null())
        .cond_where(on_day_or_current(membership(), day))
        .and_where(on.in_subquery(keys))
        .to_owned()
}

/// In memory: a row from `start` to `end` (as [`End`] says) is in force on `day`. The same
/// rule as [`condition`].
pub fn holds(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    end_kind: End,
    day: NaiveDate,
) -> bool {
    let started = start.is_none_or(|s| s <= day);
    let not_over = match (end, end_kind) {
        (None, _) => true,
        (Some(e), End::LastDay) => day <= e,
        (Some(e), End::ClosingDay) => day < e,
    };
    started && not_over
}

/// Memberships: `since` to `until` (the last day).
pub fn membership() -> Period<(membership::Entity, membership::Column)> {
    use membership::{Column, Entity};
    Period {
        start: (Entity, Column::Since),
        end: (Entity, Column::Until),
        end_kind: End::LastDay,
    }
}

/// Liaison assignments: `start_on` to `end_on` (the last day).
pub fn liaison_assignment() -> Period<(liaison_assignment::Entity, liaison_assignment::Column)> {
    use liaison_assignment::{Column, Entity};
    Period {
        start: (Entity, Column::StartOn),
        end: (Entity, Column::EndOn),
        end_kind: End::LastDay,
    }
}

/// Pairings: `started_on` to `ended_on` (the last day). An ended pairing always says when it
/// ended, so the dates alone tell whether it was active on a day.
pub fn pairing() -> Period<(pairing::Entity, pairing::Column)> {
    use pairing::{Column, Entity};
    Period {
        start: (Entity, Column::StartedOn),
        end: (Entity, Column::EndedOn),
        end_kind: End::LastDay,
    }
}

/// Places: `opened_on` (unknown: always existed) to `closed_on` (the closing day).
pub fn place() -> Period<(place::Entity, place::Column)> {
    use place::{Column, Entity};
    Period {
        start: (Entity, Column::OpenedOn),
        end: (Entity, Column::ClosedOn),
        end_kind: End::ClosingDay,
    }
}

/// Rows that know their own period, for filtering loaded relations in memory.
pub trait InForce {
    fn in_force_on(&self, day: NaiveDate) -> bool;
}

impl InForce for membership::Model {
    fn in_force_on(&self, day: NaiveDate) -> bool {
        holds(Some(self.since), self.until, End::LastDay, day)
    }
}

impl InForce for liaison_assignment::Model {
    fn in_force_on(&self, day: NaiveDate) -> bool {
        holds(Some(self.start_on), self.end_on, End::LastDay, day)
    }
}

impl InForce for pairing::Model {
    fn in_force_on(&self, day: NaiveDate) -> bool {
        holds(Some(self.started_on), self.ended_on, End::LastDay, day)
    }
}

impl InForce for place::Model {
    fn in_force_on(&self, day: NaiveDate) -> bool {
        holds(self.opened_on, self.closed_on, End::ClosingDay, day)
    }
}

/// The term of one organization in force on `day`: its latest completed election held on or
/// before `day` (the next completed election starts the next term; planned ones start
/// nothing). `None` before the first. Ties on a day go to the higher term number.
pub fn current_term(
    elections: &[term_election::Model],
    day: NaiveDate,
) -> Option<&term_election::Model> {
    elections
        .iter()
        .filter(|e| e.status == TermElectionStatus::Completed && e.held_on <= day)
        .max_by_key(|e| (e.held_on, e.term_number, e.id))
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "a test")]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn both_ends_are_inclusive_for_a_last_day() {
        let (start, end) = (Some(d("2025-01-01")), Some(d("2025-06-30")));
        assert!(!holds(start, end, End::LastDay, d("2024-12-31")));
        assert!(holds(start, end, End::LastDay, d("2025-01-01")));
        assert!(holds(start, end, End::LastDay, d("2025-06-30")));
        assert!(!holds(start, end, End::LastDay, d("2025-07-01")));
        assert!(holds(start, None, End::LastDay, d("2099-01-01")));
    }

    #[test]
    fn a_closing_day_is_no_longer_in_force() {
        let (start, end) = (None, Some(d("2025-06-30")));
        assert!(holds(start, end, End::ClosingDay, d("1990-01-01")));
        assert!(holds(start, end, End::ClosingDay, d("2025-06-29")));
        assert!(!holds(start, end, End::ClosingDay, d("2025-06-30")));
    }

    fn election(
        id: i64,
        held_on: &str,
        term: i32,
        status: TermElectionStatus,
    ) -> term_election::Model {
        let now = chrono::Utc::now();
        term_election::Model {
            id,
            organization_id: 1,
            held_on: d(held_on),
            term_number: term,
            status,
            chair_id: None,
            created_at: now,
            updated_at: now,
            version: 1,
            deleted_at: None,
        }
    }

    #[test]
    fn the_current_term_runs_until_the_next_completed_election() {
        use TermElectionStatus::{Completed, Planned};
        let list = vec![
            election(1, "2020-05-10", 5, Completed),
            election(2, "2025-05-10", 6, Completed),
            election(3, "2030-05-10", 7, Planned),
        ];
        let term = |day: &str| current_term(&list, d(day)).map(|e| e.term_number);
        assert_eq!(term("2020-05-09"), None);
        assert_eq!(term("2020-05-10"), Some(5));
        assert_eq!(term("2025-05-09"), Some(5));
        assert_eq!(term("2025-05-10"), Some(6));
        assert_eq!(term("2031-01-01"), Some(6));
    }
}
