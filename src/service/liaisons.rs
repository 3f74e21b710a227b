//! Network roles held in a region: liaison officers of villages (统战联络员), township UF
//! commissioners, department heads. Each role belongs to one region level, and a village has
//! at most one liaison officer at a time (docs/decisions/0006-liaison-officers.md).

use chrono::{Days, NaiveDate};
use entity::liaison_assignment::{ActiveModel, Column, Entity, Model};
use entity::{organization, person};
use sea_orm::{ColumnTrait, ConnectionTrait, IntoActiveModel, QueryFilter, Set};

use super::audit::Actor;
use super::check::{Checker, today};
use super::people::rules;
use super::write::{self, Filled, InRegion, Record};
use crate::db::table::Table;
use crate::domain::change::Change;
use crate::domain::enums::{DomainEnum, NetworkRole, RegionLevel};
use crate::domain::region_code::RegionCode;
use crate::error::{AppError, AppResult, UserErrorCode};
use crate::ids::Ref;

/// A network role held in a region, current or past.
pub struct LiaisonAssignmentDraft {
    pub person: Ref<person::Entity>,
    pub region: String,
    pub role: NetworkRole,
    pub organization: Option<Ref<organization::Entity>>,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    /// For a liaison officer: end the village's current one the day before instead of refusing.
    pub replace_current: bool,
}

/// Corrections to an assignment (never its person): `None` and [`Change::Keep`] leave a field
/// as it is; clearing `end_on` reopens it.
#[derive(Default)]
pub struct LiaisonAssignmentPatch {
    pub role: Option<NetworkRole>,
    pub region: Option<String>,
    pub organization: Change<Ref<organization::Entity>>,
    pub start_on: Option<NaiveDate>,
    pub end_on: Change<NaiveDate>,
}

/// Ends a current assignment: on `end_on`, today if not given.
pub struct LiaisonAssignmentEnd {
    pub key: i64,
    pub expected_version: i32,
    pub end_on: Option<NaiveDate>,
}

/// The region levels a role may serve.
fn levels(role: NetworkRole) -> &'static [RegionLevel] {
    match role {
        NetworkRole::LiaisonOfficer | NetworkRole::GridInformant => &[RegionLevel::Village],
        NetworkRole::TownshipUfCommissioner => &[RegionLevel::Township],
        NetworkRole::UfDepartmentHead => &[RegionLevel::City, RegionLevel::County],
    }
}

/// A region code that exists and whose level suits `role`.
async fn region(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    input: &str,
    role: NetworkRole,
) -> AppResult<Option<String>> {
    let Some(code) = check.region(db, field, input, None).await? else {
        return Ok(None);
    };
    let level = RegionCode::parse(&code).map(|c| c.level()).ok();
    if level.is_some_and(|l| levels(role).contains(&l)) {
        return Ok(Some(code));
    }
    let wanted: Vec<&str> = levels(role).iter().map(|l| l.code()).collect();
    let wanted_zh: Vec<&str> = levels(role).iter().map(|l| l.label()).collect();
    check.fail(
        field,
        UserErrorCode::RegionLevel,
        format!(
            "a {} serves a {} region; {code} is a {}",
            role.code(),
            wanted.join(" or "),
            level.map_or("region of another level", |l| l.code())
        ),
        format!("{}须对应{}级区划", role.label(), wanted_zh.join("或")),
    );
    Ok(None)
}

/// One assignment's place and period, as a change would leave it.
struct Span {
    /// The assignment itself (0 for a new one), never its own rival.
    id: i64,
    person: i64,
    role: NetworkRole,
    region: String,
    start_on: NaiveDate,
    end_on: Option<NaiveDate>,
}

/// Live assignments that clash with `span`: for a liaison officer, any other officer of the
/// village in an overlapping period; for every role, the same person in the same role and
/// region twice.
async fn rivals(db: &impl ConnectionTrait, span: &Span) -> AppResult<Vec<Model>> {
    let rows = Entity::live()
        .filter(Column::RegionCode.eq(span.region.as_str()))
        .filter(Column::Role.eq(span.role.code()))
        .filter(Column::Id.ne(span.id))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| span.role == NetworkRole::LiaisonOfficer || r.person_id == span.person)
        .filter(|r| rules::overlaps(r.start_on, r.end_on, span.start_on, span.end_on))
        .collect())
}

fn taken(check: &mut Checker, field: &str, span: &Span, rival: &Model, replaceable: bool) {
    let rival_id = crate::ids::of::<entity::liaison_assignment::Entity>(rival.id);
    let period = match rival.end_on {
        Some(end) => format!("{} – {end}", rival.start_on),
        None => format!("since {}", rival.start_on),
    };
    if span.role != NetworkRole::LiaisonOfficer || rival.person_id == span.person {
        check.fail(
            field,
            UserErrorCode::DuplicateAssignment,
            format!(
                "the person already holds this role here ({period}, {})",
                rival_id.as_str()
            ),
            format!("此人在该区划已担任该职务（{period}）"),
        );
    } else if replaceable {
        check.fail(
            field,
            UserErrorCode::LiaisonOfficerTaken,
            format!(
                "the village already has a liaison officer ({period}, {}); send replaceCurrent: true to end that assignment the day before",
                rival_id.as_str()
            ),
            format!("该村(社区)已有统战联络员（{period}）；如需接替，请选择“替换现任”，原任职将于前一天结束"),
        );
    } else {
        check.fail(
            field,
            UserErrorCode::LiaisonOfficerTaken,
            format!(
                "the village has a liaison officer in an overlapping period that does not start before this one ({period}, {}); correct the dates",
                rival_id.as_str()
            ),
            format!("该村(社区)在重叠期间已有统战联络员（{period}），且无法由本次任职接替，请更正日期"),
        );
    }
}

/// Checks the one-at-a-time rules; with `replace`, returns the current officers to end the day
/// before `span` starts.
async fn clashes(
    check: &mut Checker,
    db: &impl ConnectionTrait,
    field: &str,
    span: &Span,
    replace: bool,
) -> AppResult<Vec<Model>> {
    let mut to_end = Vec::new();
    for rival in rivals(db, span).await? {
        let replaceable = span.role == NetworkRole::LiaisonOfficer
            && rival.start_on < span.start_on
            && rival.person_id != span.person;
        if replace && replaceable {
            to_end.push(rival);
        } else {
            taken(check, field, span, &rival, replaceable);
        }
    }
    Ok(to_end)
}

/// The assignments a new one takes over from (a village's current officer), ended the day
/// before it starts; none for a correction.
pub struct Replacing(Option<Vec<Model>>);

impl Filled for Replacing {}

/// Liaison assignments: written in their region, which their role decides the level of.
pub struct LiaisonAssignments;

impl Record for LiaisonAssignments {
    type Entity = Entity;
    type Draft = LiaisonAssignmentDraft;
    type Patch = LiaisonAssignmentPatch;
    type Governor = ();
    type Outcome = Replacing;

    async fn may_change<C: ConnectionTrait>(_: &C, actor: &Actor, row: &Model) -> AppResult<()> {
        actor.may_write(&row.region_code)
    }

    /// Its person is live, then, and the village has no other officer in the period meanwhile.
    async fn may_restore<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        before: &Model,
    ) -> AppResult<()> {
        let key = before.id;
        actor.may_write(&before.region_code)?;
        rules::parent_live::<person::Entity>(db, before.person_id, "person", "人员").await?;
        let span = Span {
            id: key,
            person: before.person_id,
            role: before.role,
            region: before.region_code.clone(),
            start_on: before.start_on,
            end_on: before.end_on,
        };
        let mut check = Checker::default();
        clashes(&mut check, db, "id", &span, false).await?;
        check.finish()
    }

    async fn fill<C: ConnectionTrait>(
        db: &C,
        input: LiaisonAssignmentDraft,
        _: &Actor,
        check: &mut Checker,
        row: &mut ActiveModel,
    ) -> AppResult<Replacing> {
        let field = if input.role == NetworkRole::LiaisonOfficer {
            "village"
        } else {
            "region"
        };
        let person = check
            .reference::<person::Entity>(db, "person", input.person)
            .await?;
        let region = region(check, db, field, &input.region, input.role).await?;
        let organization = match input.organization {
            Some(named) => {
                check
                    .reference::<organization::Entity>(db, "organization", named)
                    .await?
            }
            None => None,
        };
        let (start_on, end_on) = (input.start_on, input.end_on);
        check.date_order("endOn", Some(start_on), end_on);
        row.role = Set(input.role);
        row.organization_id = Set(organization);
        row.start_on = Set(start_on);
        row.end_on = Set(end_on);
        let (Some(person), Some(region)) = (person, region) else {
            return Ok(Replacing(Some(Vec::new())));
        };
        let span = Span {
            id: 0,
            person,
            role: input.role,
            region: region.clone(),
            start_on,
            end_on,
        };
        let to_end = clashes(check, db, field, &span, input.replace_current).await?;
        row.person_id = Set(person);
        row.region_code = Set(region);
        Ok(Replacing(Some(to_end)))
    }

    /// The region is checked against the role whenever either changes.
    async fn change<C: ConnectionTrait>(
        db: &C,
        patch: LiaisonAssignmentPatch,
        check: &mut Checker,
        row: &mut ActiveModel,
        before: &Model,
        (): (),
    ) -> AppResult<Replacing> {
        let role = patch.role.unwrap_or(before.role);
        let field = "region";
        let region = match &patch.region {
            Some(code) => region(check, db, field, code, role).await?,
            None if patch.role.is_some() => {
                region(check, db, field, &before.region_code, role).await?
            }
            None => Some(before.region_code.clone()),
        };
        check
            .put_reference(
                db,
                &mut row.organization_id,
                "organization",
                patch.organization,
            )
            .await?;
        let start_on = patch.start_on.unwrap_or(before.start_on);
        let end_on = patch.end_on.into_new().unwrap_or(before.end_on);
        check.date_order("endOn", Some(start_on), end_on);
        if let Some(region) = &region {
            let span = Span {
                id: before.id,
                person: before.person_id,
                role,
                region: region.clone(),
                start_on,
                end_on,
            };
            clashes(check, db, field, &span, false).await?;
        }
        row.role = Set(role);
        row.region_code = Set(region.unwrap_or_else(|| before.region_code.clone()));
        row.start_on = Set(start_on);
        row.end_on = Set(end_on);
        Ok(Replacing(None))
    }

    /// The caller writes the region; a new village officer ends the one it replaces.
    async fn settle<C: ConnectionTrait>(
        db: &C,
        actor: &Actor,
        row: &ActiveModel,
        replacing: &Replacing,
    ) -> AppResult<()> {
        actor.may_write(Entity::written_region(row))?;
        let Replacing(Some(current)) = replacing else {
            return Ok(());
        };
        let day_before = row
            .start_on
            .as_ref()
            .checked_sub_days(Days::new(1))
            .ok_or_else(|| AppError::bad_input("startOn is too early"))?;
        for current in current {
            let mut ended = current.clone().into_active_model();
            ended.end_on = Set(Some(day_before));
            write::update::<Entity, _>(db, actor, "UPDATE", current, current.version, ended)
                .await?;
        }
        Ok(())
    }
}

/// Ends a current assignment on `end_on` (today if not given).
pub async fn unassign(
    db: &impl ConnectionTrait,
    actor: &Actor,
    input: LiaisonAssignmentEnd,
) -> AppResult<Model> {
    let before = write::get_live::<Entity, _>(db, input.key).await?;
    actor.may_write(&before.region_code)?;
    rules::still_open(before.end_on)?;
    let end_on = input.end_on.unwrap_or_else(today);
    let mut check = Checker::default();
    check.date_order("endOn", Some(before.start_on), Some(end_on));
    check.finish()?;
    let mut row = before.clone().into_active_model();
    row.end_on = Set(Some(end_on));
    write::update::<Entity, _>(db, actor, "UPDATE", &before, input.expected_version, row).await
}
