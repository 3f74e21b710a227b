//! The six workloads: their GraphQL documents and the raw SQL that is their ceiling.

use anyhow::{Context, Result};
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, Value};
use serde_json::{Value as Json, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workload {
    Point,
    Nested,
    Aggregate,
    Coverage,
    Search,
    Write,
}

impl Workload {
    pub const ALL: [Self; 6] = [
        Self::Point,
        Self::Nested,
        Self::Aggregate,
        Self::Coverage,
        Self::Search,
        Self::Write,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Point => "point",
            Self::Nested => "nested",
            Self::Aggregate => "aggregate",
            Self::Coverage => "coverage",
            Self::Search => "search",
            Self::Write => "write",
        }
    }
}

/// What the workloads pick from: person ids, a county, initials to search for.
pub struct Fixture {
    pub people: u64,
    pub max_person: i64,
    /// Ids up to `max_person` that name no live person (deleted or merged demo people):
    /// never picked, so that a pick is always a record a client could read and edit.
    gone: std::collections::HashSet<i64>,
    pub county: &'static str,
    pub initials: Vec<String>,
    backend: DbBackend,
}

const POINT: &str = "query P($id: ID!) { node(id: $id) { ... on Person { id name version \
    memberships(first: 20) { nodes { role organization { id name } } } } } }";
const NESTED: &str = "query N($r: String!) { people(filter: {withinRegion: $r}, \
    orderBy: [{field: NAME}], first: 50) { nodes { id name memberships(first: 10) { nodes { \
    organization { id name pairings(first: 10) { nodes { status village { code name } } } } } } } } }";
const AGGREGATE: &str = "query A { activitiesAggregate(filter: {heldOn: {gte: \"2025-01-01\", \
    lte: \"2025-12-31\"}}, groupBy: [COUNTY]) { count groups { key count \
    participantCount { sum } donations { sum } } } }";
const COVERAGE: &str = "query C { coverage(region: \"620400\") { total { villages \
    withLiaisonOfficer } rows { code villages withLiaisonOfficer withStation withHome \
    withActivePairing } } }";
const SEARCH: &str = "query S($q: String!) { search(query: $q, types: [PERSON, BASE, REGION], \
    first: 20) { score matchedField node { id } } }";
pub const VERSION: &str = "query V($id: ID!) { node(id: $id) { ... on Person { version } } }";
pub const UPDATE: &str = "mutation U($input: UpdatePersonInput!) { updatePerson(input: $input) \
    { person { id version } userErrors { code message } } }";

const RAW_AGGREGATE: &str = "SELECT substr(a.region_code, 1, 6) AS county, COUNT(*), \
    SUM(a.participant_count), COALESCE(SUM(d.cash), 0), COALESCE(SUM(d.goods), 0) \
    FROM activity a LEFT JOIN (SELECT activity_id, SUM(cash_fen) AS cash, SUM(in_kind_fen) AS goods \
    FROM donation WHERE deleted_at IS NULL GROUP BY activity_id) d ON d.activity_id = a.id \
    WHERE a.held_on >= '2025-01-01' AND a.held_on <= '2025-12-31' AND a.deleted_at IS NULL \
    GROUP BY substr(a.region_code, 1, 6)";
const RAW_COVERAGE: &str = "SELECT substr(r.code, 1, 6), COUNT(*), \
    SUM(CASE WHEN EXISTS (SELECT 1 FROM liaison_assignment l WHERE l.region_code = r.code AND l.deleted_at IS NULL) THEN 1 ELSE 0 END), \
    SUM(CASE WHEN EXISTS (SELECT 1 FROM pairing p WHERE p.village_code = r.code AND p.deleted_at IS NULL) THEN 1 ELSE 0 END), \
    SUM(CASE WHEN EXISTS (SELECT 1 FROM place x WHERE x.region_code = r.code AND x.deleted_at IS NULL) THEN 1 ELSE 0 END) \
    FROM region r WHERE r.level = 'VILLAGE' AND r.code >= '620400000000' AND r.code < '620500000000' \
    AND r.deleted_at IS NULL GROUP BY substr(r.code, 1, 6)";

pub fn global_id(type_name: &str, id: i64) -> String {
    tongxin::ids::encode(type_name, id).to_string()
}

impl Fixture {
    pub async fn load(db: &DatabaseConnection) -> Result<Self> {
        let backend = db.get_database_backend();
        let row = db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT COUNT(*), MAX(id) FROM person",
            ))
            .await?
            .context("no person count")?;
        let people: i64 = row.try_get_by_index(0)?;
        let max_person: i64 = row.try_get_by_index(1)?;
        let gone = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id FROM person WHERE deleted_at IS NOT NULL",
            ))
            .await?
            .iter()
            .map(|r| r.try_get_by_index::<i64>(0))
            .collect::<Result<_, _>>()?;
        let mut initials = Vec::new();
        for r in db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT name_initials FROM person WHERE id % 101 = 0 ORDER BY id LIMIT 40",
            ))
            .await?
        {
            let s: String = r.try_get_by_index(0)?;
            initials.push(s);
        }
        initials.extend(["by".to_owned(), "hn".to_owned(), "jt".to_owned()]);
        Ok(Self {
            people: u64::try_from(people).unwrap_or(0),
            max_person,
            gone,
            county: "620422",
            initials,
            backend,
        })
    }

    /// A live person's id, at random.
    pub fn person(&self, rng: &mut impl Rng) -> i64 {
        loop {
            let id = rng.random_range(1..=self.max_person.max(1));
            if !self.gone.contains(&id) {
                return id;
            }
        }
    }

    /// The GraphQL document and variables of one request of `w` (not `Write`).
    pub fn request(&self, w: Workload, rng: &mut impl Rng) -> (&'static str, Json) {
        match w {
            Workload::Point | Workload::Write => (
                POINT,
                json!({ "id": global_id("Person", self.person(rng)) }),
            ),
            Workload::Nested => (NESTED, json!({ "r": self.county })),
            Workload::Aggregate => (AGGREGATE, json!({})),
            Workload::Coverage => (COVERAGE, json!({})),
            Workload::Search => {
                let q = &self.initials[rng.random_range(0..self.initials.len())];
                (SEARCH, json!({ "q": q }))
            }
        }
    }

    fn ph(&self, n: usize) -> String {
        match self.backend {
            DbBackend::Postgres => format!("${n}"),
            _ => "?".to_owned(),
        }
    }

    /// The workload's main SQL (for EXPLAIN) with sample values.
    pub fn main_sql(&self, w: Workload) -> String {
        match w {
            Workload::Point | Workload::Write => format!("{} WHERE p.id = 42", POINT_SQL),
            Workload::Nested => nested_people_sql(self.county),
            Workload::Aggregate => RAW_AGGREGATE.to_owned(),
            Workload::Coverage => RAW_COVERAGE.to_owned(),
            Workload::Search => search_sql("'wf'", "'wf~'"),
        }
    }

    /// Runs the raw-SQL ceiling of one request of `w`.
    pub async fn raw(
        &self,
        db: &DatabaseConnection,
        w: Workload,
        rng: &mut impl Rng,
    ) -> Result<()> {
        let b = self.backend;
        match w {
            Workload::Point | Workload::Write => {
                let sql = format!("{POINT_SQL} WHERE p.id = {}", self.ph(1));
                let id = self.person(rng);
                db.query_all_raw(Statement::from_sql_and_values(b, sql, [Value::from(id)]))
                    .await?;
            }
            Workload::Nested => {
                let people = db
                    .query_all_raw(Statement::from_string(b, nested_people_sql(self.county)))
                    .await?;
                let ids = join_ids(
                    people
                        .iter()
                        .filter_map(|r| r.try_get_by_index::<i64>(0).ok()),
                );
                let orgs = db.query_all_raw(Statement::from_string(b, format!(
                    "SELECT m.person_id, m.role, o.id, o.name FROM membership m JOIN organization o \
                     ON o.id = m.organization_id WHERE m.person_id IN ({ids}) AND m.deleted_at IS NULL"
                ))).await?;
                let org_ids = join_ids(
                    orgs.iter()
                        .filter_map(|r| r.try_get_by_index::<i64>(2).ok()),
                );
                let pairings = db
                    .query_all_raw(Statement::from_string(
                        b,
                        format!(
                            "SELECT enterprise_id, status, village_code FROM pairing \
                     WHERE enterprise_id IN ({org_ids}) AND deleted_at IS NULL"
                        ),
                    ))
                    .await?;
                let codes: Vec<String> = pairings
                    .iter()
                    .filter_map(|r| r.try_get_by_index::<String>(2).ok())
                    .filter(|c| c.bytes().all(|x| x.is_ascii_digit()))
                    .map(|c| format!("'{c}'"))
                    .collect();
                let codes = if codes.is_empty() {
                    "''".to_owned()
                } else {
                    codes.join(",")
                };
                db.query_all_raw(Statement::from_string(
                    b,
                    format!("SELECT code, name FROM region WHERE code IN ({codes})"),
                ))
                .await?;
            }
            Workload::Aggregate => {
                db.query_all_raw(Statement::from_string(b, RAW_AGGREGATE))
                    .await?;
            }
            Workload::Coverage => {
                db.query_all_raw(Statement::from_string(b, RAW_COVERAGE))
                    .await?;
            }
            Workload::Search => {
                let q = self.initials[rng.random_range(0..self.initials.len())].clone();
                let sql = search_sql(&self.ph(1), &self.ph(2));
                let values = [Value::from(q.clone()), Value::from(format!("{q}~"))];
                db.query_all_raw(Statement::from_sql_and_values(b, sql, values))
                    .await?;
            }
        }
        Ok(())
    }
}

const POINT_SQL: &str = "SELECT p.id, p.name, p.version, m.role, o.id, o.name FROM person p \
    LEFT JOIN membership m ON m.person_id = p.id AND m.deleted_at IS NULL \
    LEFT JOIN organization o ON o.id = m.organization_id";

fn nested_people_sql(county: &str) -> String {
    format!(
        "SELECT id, name FROM person WHERE region_code >= '{county}000000' AND \
         region_code <= '{county}999999' AND substr(region_code, 1, 6) = '{county}' \
         AND deleted_at IS NULL ORDER BY name, id LIMIT 50"
    )
}

fn search_sql(from: &str, to: &str) -> String {
    format!(
        "SELECT record_type, record_key, term FROM search_term WHERE deleted = false AND is_suffix = false \
         AND term >= {from} AND term < {to} AND record_type IN ('Person', 'Base', 'Region') ORDER BY term LIMIT 100"
    )
}

fn join_ids(ids: impl Iterator<Item = i64>) -> String {
    let v: Vec<String> = ids.map(|i| i.to_string()).collect();
    if v.is_empty() {
        "0".to_owned()
    } else {
        v.join(",")
    }
}
