//! Figures over activities and places: figures 1–5, 12, 14 and 22.

use entity::{activity, activity_participant, donation, person, place};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};

use super::sql::{Scope, alive, count, count_distinct, places_of, sum};
use crate::db::in_force;
use crate::db::scope::within;
use crate::domain::enums::{ActivityKind, DomainEnum, NetworkFigureKind, PlaceKind};

impl Scope<'_> {
    /// Live activities of `kinds` held in the period inside the region.
    pub(super) fn activities(&self, kinds: Option<&[ActivityKind]>) -> SelectStatement {
        let mut q = Query::select();
        q.from(activity::Entity)
            .and_where(alive(activity::Entity, activity::Column::DeletedAt))
            .and_where(self.in_period((activity::Entity, activity::Column::HeldOn)))
            .and_where(within(
                (activity::Entity, activity::Column::RegionCode),
                self.region,
            ));
        if let Some(kinds) = kinds {
            q.and_where(
                Expr::col((activity::Entity, activity::Column::Kind))
                    .is_in(kinds.iter().map(|k| k.code())),
            );
        }
        q
    }

    /// Figures 1, 2.
    pub(super) fn lectures(&self) -> SelectStatement {
        self.activities(Some(&[ActivityKind::TheoryLecture]))
            .expr_as(count((activity::Entity, activity::Column::Id)), "a")
            .expr_as(
                sum(Expr::col((
                    activity::Entity,
                    activity::Column::AudiencePersonTimes,
                ))),
                "b",
            )
            .to_owned()
    }

    /// Figure 3.
    pub(super) fn new_bases(&self) -> SelectStatement {
        places_of(&[PlaceKind::NssPracticeInnovationBase])
            .and_where(self.in_period((place::Entity, place::Column::OpenedOn)))
            .and_where(within(
                (place::Entity, place::Column::RegionCode),
                self.region,
            ))
            .clear_selects()
            .expr_as(count((place::Entity, place::Column::Id)), "a")
            .to_owned()
    }

    /// Activities held at a live practice innovation base (figure 4's rows).
    pub(super) fn base_activities(&self) -> SelectStatement {
        self.activities(None)
            .and_where(
                Expr::col((activity::Entity, activity::Column::PlaceId))
                    .in_subquery(places_of(&[PlaceKind::NssPracticeInnovationBase])),
            )
            .to_owned()
    }

    /// Figure 4.
    pub(super) fn base_activity_count(&self) -> SelectStatement {
        self.base_activities()
            .expr_as(count((activity::Entity, activity::Column::Id)), "a")
            .to_owned()
    }

    /// Figure 5: cash and goods of live donations given through figure 4's activities.
    pub(super) fn base_donations(&self) -> SelectStatement {
        let ids = self
            .base_activities()
            .column((activity::Entity, activity::Column::Id))
            .to_owned();
        Query::select()
            .expr_as(
                sum(Expr::col((donation::Entity, donation::Column::CashFen))),
                "a",
            )
            .expr_as(
                sum(Expr::col((donation::Entity, donation::Column::InKindFen))),
                "b",
            )
            .from(donation::Entity)
            .and_where(alive(donation::Entity, donation::Column::DeletedAt))
            .and_where(Expr::col((donation::Entity, donation::Column::ActivityId)).in_subquery(ids))
            .to_owned()
    }

    /// Figure 12: publicity and fellowship events at stations, points and the three kinds of home
    /// §5 names (DP members' homes are not among them).
    pub(super) fn home_activities(&self) -> SelectStatement {
        let venues = places_of(&[
            PlaceKind::UfWorkStation,
            PlaceKind::UfLiaisonPoint,
            PlaceKind::RedPomegranateHome,
            PlaceKind::PomegranateSeedCouncilRoom,
            PlaceKind::OverseasChineseHome,
        ]);
        self.activities(Some(&[
            ActivityKind::PolicyPublicity,
            ActivityKind::Fellowship,
        ]))
        .and_where(Expr::col((activity::Entity, activity::Column::PlaceId)).in_subquery(venues))
        .expr_as(count((activity::Entity, activity::Column::Id)), "a")
        .to_owned()
    }

    /// Figure 14: DP members' homes opened by 31 Dec and not closed by then.
    pub(super) fn members_homes(&self) -> SelectStatement {
        let p = place::Entity;
        places_of(&[PlaceKind::DpMembersHome])
            .clear_selects()
            .expr_as(count((p, place::Column::Id)), "a")
            .and_where(within((p, place::Column::RegionCode), self.region))
            .cond_where(in_force::condition(in_force::place(), self.as_of))
            .to_owned()
    }

    /// Figure 22: distinct live online writers, streamers and big-V accounts of the region with a
    /// live participation in a live field trip held in the period (anywhere).
    pub(super) fn field_visit_participants(&self) -> SelectStatement {
        let ap = activity_participant::Entity;
        let trips = Query::select()
            .column((activity::Entity, activity::Column::Id))
            .from(activity::Entity)
            .and_where(alive(activity::Entity, activity::Column::DeletedAt))
            .and_where(
                Expr::col((activity::Entity, activity::Column::Kind))
                    .eq(ActivityKind::FieldTrip.code()),
            )
            .and_where(self.in_period((activity::Entity, activity::Column::HeldOn)))
            .to_owned();
        let figures = self
            .people_with(&[
                NetworkFigureKind::OnlineWriter,
                NetworkFigureKind::Streamer,
                NetworkFigureKind::BigV,
            ])
            .column((person::Entity, person::Column::Id))
            .to_owned();
        Query::select()
            .expr_as(
                count_distinct((ap, activity_participant::Column::PersonId)),
                "a",
            )
            .from(ap)
            .and_where(alive(ap, activity_participant::Column::DeletedAt))
            .and_where(Expr::col((ap, activity_participant::Column::ActivityId)).in_subquery(trips))
            .and_where(Expr::col((ap, activity_participant::Column::PersonId)).in_subquery(figures))
            .to_owned()
    }
}
