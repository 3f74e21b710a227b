//! Figures over records and coverage: figures 6, 7, 9, 13 and 19–21.

use entity::{
    liaison_assignment, mediation_case, mediation_partner, organization, publication,
    publicity_work, region, suggestion, term_election,
};
use sea_orm::sea_query::{Cond, Expr, ExprTrait, Query, SelectStatement};

use super::ZHULAO_SERIES;
use super::sql::{Scope, alive, count, count_if, orgs_of};
use crate::db::in_force;
use crate::db::scope::within;
use crate::domain::enums::{
    DomainEnum, DpOrgLevel, MediationCategory, MediationStatus, NetworkRole, OrganizationKind,
    OutletLevel, PublicityWorkKind, RegionLevel, SuggestionStatus, TermElectionStatus,
};

impl Scope<'_> {
    /// Figures 6, 7: submitted (not drafts) in the period by a live DP organization.
    pub(super) fn suggestions(&self) -> SelectStatement {
        let status = || Expr::col((suggestion::Entity, suggestion::Column::Status));
        Query::select()
            .expr_as(count((suggestion::Entity, suggestion::Column::Id)), "a")
            .expr_as(
                count_if(status().eq(SuggestionStatus::AdoptedIntoLivelihoodProject.code())),
                "b",
            )
            .expr_as(
                count_if(status().eq(SuggestionStatus::ConvertedToMeasure.code())),
                "c",
            )
            .from(suggestion::Entity)
            .and_where(alive(suggestion::Entity, suggestion::Column::DeletedAt))
            .and_where(status().ne(SuggestionStatus::Draft.code()))
            .and_where(self.in_period((suggestion::Entity, suggestion::Column::SubmittedOn)))
            .and_where(within(
                (suggestion::Entity, suggestion::Column::RegionCode),
                self.region,
            ))
            .and_where(
                Expr::col((suggestion::Entity, suggestion::Column::SubmittingOrgId))
                    .in_subquery(orgs_of(&[OrganizationKind::DpOrganization])),
            )
            .to_owned()
    }

    /// Figure 9: villages and communities, and those with a live liaison officer serving on 31 Dec.
    pub(super) fn liaison_coverage(&self) -> SelectStatement {
        let la = liaison_assignment::Entity;
        let serving = Query::select()
            .expr(Expr::val(1))
            .from(la)
            .and_where(alive(la, liaison_assignment::Column::DeletedAt))
            .and_where(
                Expr::col((la, liaison_assignment::Column::RegionCode))
                    .equals((region::Entity, region::Column::Code)),
            )
            .and_where(
                Expr::col((la, liaison_assignment::Column::Role))
                    .eq(NetworkRole::LiaisonOfficer.code()),
            )
            .cond_where(in_force::condition(
                in_force::liaison_assignment(),
                self.as_of,
            ))
            .to_owned();
        Query::select()
            .expr_as(count_if(Expr::exists(serving)), "a")
            .expr_as(count((region::Entity, region::Column::Code)), "b")
            .from(region::Entity)
            .and_where(alive(region::Entity, region::Column::DeletedAt))
            .and_where(
                Expr::col((region::Entity, region::Column::Level)).eq(RegionLevel::Village.code()),
            )
            .and_where(within((region::Entity, region::Column::Code), self.region))
            .to_owned()
    }

    /// Figure 13: live DP organizations below the municipal committee that exist on 31 Dec, and
    /// those with a completed, live term election held in the period.
    pub(super) fn reelection_coverage(&self) -> SelectStatement {
        let (o, te) = (organization::Entity, term_election::Entity);
        let elected = Query::select()
            .expr(Expr::val(1))
            .from(te)
            .and_where(alive(te, term_election::Column::DeletedAt))
            .and_where(
                Expr::col((te, term_election::Column::OrganizationId))
                    .equals((o, organization::Column::Id)),
            )
            .and_where(
                Expr::col((te, term_election::Column::Status))
                    .eq(TermElectionStatus::Completed.code()),
            )
            .and_where(self.in_period((te, term_election::Column::HeldOn)))
            .to_owned();
        Query::select()
            .expr_as(count_if(Expr::exists(elected)), "a")
            .expr_as(count((o, organization::Column::Id)), "b")
            .from(o)
            .and_where(alive(o, organization::Column::DeletedAt))
            .and_where(
                Expr::col((o, organization::Column::Kind))
                    .eq(OrganizationKind::DpOrganization.code()),
            )
            .and_where(
                Expr::col((o, organization::Column::DpLevel))
                    .ne(DpOrgLevel::MunicipalCommittee.code()),
            )
            .cond_where(
                Cond::any()
                    .add(Expr::col((o, organization::Column::EstablishedOn)).is_null())
                    .add(Expr::col((o, organization::Column::EstablishedOn)).lte(self.end)),
            )
            .and_where(within((o, organization::Column::RegionCode), self.region))
            .to_owned()
    }

    /// Figure 19: commercial cases accepted in the period, not withdrawn,
    /// with a live partner that is a live court, justice bureau or community organization.
    pub(super) fn mediated_disputes(&self) -> SelectStatement {
        let (mc, mp) = (mediation_case::Entity, mediation_partner::Entity);
        let partners = orgs_of(&[
            OrganizationKind::Court,
            OrganizationKind::JusticeBureau,
            OrganizationKind::CommunityOrg,
        ]);
        let partnered = Query::select()
            .expr(Expr::val(1))
            .from(mp)
            .and_where(alive(mp, mediation_partner::Column::DeletedAt))
            .and_where(
                Expr::col((mp, mediation_partner::Column::CaseId))
                    .equals((mc, mediation_case::Column::Id)),
            )
            .and_where(
                Expr::col((mp, mediation_partner::Column::OrganizationId)).in_subquery(partners),
            )
            .to_owned();
        Query::select()
            .expr_as(count((mc, mediation_case::Column::Id)), "a")
            .from(mc)
            .and_where(alive(mc, mediation_case::Column::DeletedAt))
            .and_where(
                Expr::col((mc, mediation_case::Column::Category))
                    .eq(MediationCategory::Commercial.code()),
            )
            .and_where(
                Expr::col((mc, mediation_case::Column::Status))
                    .ne(MediationStatus::Withdrawn.code()),
            )
            .and_where(self.in_period((mc, mediation_case::Column::AcceptedOn)))
            .and_where(within(
                (mc, mediation_case::Column::RegionCode),
                self.region,
            ))
            .and_where(Expr::exists(partnered))
            .to_owned()
    }

    /// Figures 20, 21: live works of the series with a live publication in the period on a live
    /// provincial, municipal or county media outlet. Works are counted, not publications.
    pub(super) fn publicity(&self) -> SelectStatement {
        let (pw, pb, o) = (
            publicity_work::Entity,
            publication::Entity,
            organization::Entity,
        );
        let levels = [
            OutletLevel::Provincial,
            OutletLevel::Municipal,
            OutletLevel::County,
        ];
        let outlets = orgs_of(&[OrganizationKind::MediaOutlet])
            .and_where(
                Expr::col((o, organization::Column::OutletLevel))
                    .is_in(levels.iter().map(|l| l.code())),
            )
            .to_owned();
        let published = Query::select()
            .expr(Expr::val(1))
            .from(pb)
            .and_where(alive(pb, publication::Column::DeletedAt))
            .and_where(
                Expr::col((pb, publication::Column::WorkId))
                    .equals((pw, publicity_work::Column::Id)),
            )
            .and_where(self.in_period((pb, publication::Column::PublishedOn)))
            .and_where(Expr::col((pb, publication::Column::OutletId)).in_subquery(outlets))
            .to_owned();
        let kind = || Expr::col((pw, publicity_work::Column::Kind));
        Query::select()
            .expr_as(count_if(kind().eq(PublicityWorkKind::Video.code())), "a")
            .expr_as(count_if(kind().eq(PublicityWorkKind::Article.code())), "b")
            .from(pw)
            .and_where(alive(pw, publicity_work::Column::DeletedAt))
            .and_where(Expr::col((pw, publicity_work::Column::Series)).eq(ZHULAO_SERIES))
            .and_where(within(
                (pw, publicity_work::Column::RegionCode),
                self.region,
            ))
            .and_where(Expr::exists(published))
            .to_owned()
    }
}
