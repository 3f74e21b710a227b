//! The list sweep: every root connection × {no filter, county, township, village} × {default
//! order, each `orderBy` field} × {without, with `totalCount`}, plus the nested relations'
//! connections, each cell timed over sequential requests (p50/p99), then the statements one
//! request of the slowest cells ran and each one's plan (SQLite `EXPLAIN QUERY PLAN`;
//! PostgreSQL `EXPLAIN` of the generic plan, the one a cached statement may keep).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement, TransactionTrait};
use serde_json::{Value as Json, json};

use crate::load::Client;
use crate::server::Server;

/// A root connection: its field, filter and order input types and its order fields.
struct Root {
    field: &'static str,
    filter: &'static str,
    order: &'static str,
    orders: &'static [&'static str],
}

const ROOTS: &[Root] = &[
    Root {
        field: "people",
        filter: "PersonFilter",
        order: "PersonOrder",
        orders: &["NAME", "NAME_PINYIN", "REGION", "CREATED_AT"],
    },
    Root {
        field: "organizations",
        filter: "OrganizationFilter",
        order: "OrganizationOrder",
        orders: &["NAME", "NAME_PINYIN", "KIND", "REGION", "CREATED_AT"],
    },
    Root {
        field: "places",
        filter: "PlaceFilter",
        order: "PlaceOrder",
        orders: &["NAME", "NAME_PINYIN", "KIND", "REGION", "CREATED_AT"],
    },
    Root {
        field: "bases",
        filter: "PlaceFilter",
        order: "PlaceOrder",
        orders: &["NAME", "NAME_PINYIN", "KIND", "REGION", "CREATED_AT"],
    },
    Root {
        field: "homes",
        filter: "PlaceFilter",
        order: "PlaceOrder",
        orders: &["NAME", "NAME_PINYIN", "KIND", "REGION", "CREATED_AT"],
    },
    Root {
        field: "activities",
        filter: "ActivityFilter",
        order: "ActivityOrder",
        orders: &["HELD_ON", "KIND", "REGION", "TITLE", "CREATED_AT"],
    },
    Root {
        field: "pairings",
        filter: "PairingFilter",
        order: "PairingOrder",
        orders: &["STARTED_ON", "VILLAGE", "STATUS", "CREATED_AT"],
    },
    Root {
        field: "households",
        filter: "HouseholdFilter",
        order: "HouseholdOrder",
        orders: &["VILLAGE", "MEMBER_COUNT", "CREATED_AT"],
    },
    Root {
        field: "suggestions",
        filter: "SuggestionFilter",
        order: "SuggestionOrder",
        orders: &["SUBMITTED_ON", "STATUS", "CREATED_AT"],
    },
    Root {
        field: "mediationCases",
        filter: "MediationCaseFilter",
        order: "MediationCaseOrder",
        orders: &["ACCEPTED_ON", "CASE_NO", "STATUS", "CREATED_AT"],
    },
    Root {
        field: "publicityWorks",
        filter: "PublicityWorkFilter",
        order: "PublicityWorkOrder",
        orders: &["PRODUCED_ON", "TITLE", "KIND", "CREATED_AT"],
    },
    Root {
        field: "regions",
        filter: "RegionFilter",
        order: "RegionOrder",
        orders: &["CODE", "NAME", "NAME_PINYIN", "LEVEL"],
    },
];

/// Nested connections, each under a page of its parents (the parents' own list is one of the
/// root cells; here the relation's batched statement is what is timed).
const NESTED: &[(&str, &str)] = &[
    (
        "people.memberships",
        "{ people(filter: {withinRegion: $r}, first: 50) { nodes { id memberships(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "people.platformAccounts",
        "{ people(filter: {withinRegion: $r}, first: 50) { nodes { id platformAccounts(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "people.activities",
        "{ people(filter: {withinRegion: $r}, first: 50) { nodes { id activities(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "organizations.memberships",
        "{ organizations(filter: {withinRegion: $r}, first: 50) { nodes { id memberships(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "organizations.pairings",
        "{ organizations(filter: {withinRegion: $r}, first: 50) { nodes { id pairings(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "organizations.children",
        "{ organizations(filter: {withinRegion: $r}, first: 50) { nodes { id children(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "regions.children",
        "{ regions(filter: {withinRegion: $r}, first: 50) { nodes { code children(first: 10) { totalCount nodes { code } } } } }",
    ),
    (
        "regions.activities",
        "{ regions(filter: {withinRegion: $r}, first: 50) { nodes { code activities(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "regions.households",
        "{ regions(filter: {withinRegion: $r}, first: 50) { nodes { code households(first: 10) { totalCount nodes { id } } } } }",
    ),
    (
        "places.activities",
        "{ places(filter: {withinRegion: $r}, first: 50) { nodes { id activities(first: 10) { totalCount nodes { id } } } } }",
    ),
];

/// The report's figures, each asked alone: the annual summary, the printable report, and the
/// aggregates a report pulls.
const REPORT: &[(&str, &str)] = &[
    (
        "summary(620400, 2025)",
        "{ summary(region: \"620400\", year: 2025) { year lectures { count audience } \
         newPracticeBases baseActivities { count donations cash inKind } suggestions { count \
         adopted intoLivelihoodProjects convertedToMeasures } liaisonCoverage { covered total } \
         homeActivities reelectionCoverage { covered total } membersHomes \
         millionFollowerInfluencers { count sales } villageInfluencers { count households } \
         mediatedDisputes publicity { videos articles } fieldVisitParticipants } }",
    ),
    (
        "activities of 2025 by county",
        "{ activitiesAggregate(filter: {heldOn: {gte: \"2025-01-01\", lte: \"2025-12-31\"}}, \
         groupBy: [COUNTY]) { count participantCount { sum avg } groups { key label count \
         participantCount { sum } } } }",
    ),
    (
        "activities of 2025 by month",
        "{ activitiesAggregate(filter: {heldOn: {gte: \"2025-01-01\", lte: \"2025-12-31\"}}, \
         groupBy: [MONTH]) { count groups { key label count audiencePersonTimes { sum } } } }",
    ),
    (
        "activities of 2025 by county with donations",
        "{ activitiesAggregate(filter: {heldOn: {gte: \"2025-01-01\", lte: \"2025-12-31\"}}, \
         groupBy: [COUNTY]) { count groups { key count donations { sum } } } }",
    ),
    (
        "people by county",
        "{ peopleAggregate(groupBy: [COUNTY]) { count groups { key label count } } }",
    ),
    (
        "people by category",
        "{ peopleAggregate(groupBy: [CATEGORY]) { count groups { key label count } } }",
    ),
    (
        "people of the city by township",
        "{ peopleAggregate(filter: {withinRegion: \"620400\"}, groupBy: [TOWNSHIP]) { count \
         groups { key count } } }",
    ),
];

/// Times each of the report's figures with `rounds` sequential requests and prints them.
pub async fn report(client: &Client, rounds: usize) -> Result<()> {
    println!("\n## Report figures, {rounds} sequential requests each\n");
    println!("| figure | p50 ms | p99 ms |");
    println!("|---|--:|--:|");
    for (name, query) in REPORT {
        match time(client, query, &json!({}), rounds).await {
            Ok(ms) => println!(
                "| {name} | {:.1} | {:.1} |",
                quantile(&ms, 0.5),
                quantile(&ms, 0.99)
            ),
            Err(e) => println!("| {name} | failed: {e} | |"),
        }
    }
    let path = "/reports/620400/2025";
    if let Err(e) = client.get(path).await {
        println!("| printable report {path} | failed: {e} | |");
        return Ok(());
    }
    let mut ms = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        client.get(path).await?;
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "| printable report {path} | {:.1} | {:.1} |",
        quantile(&ms, 0.5),
        quantile(&ms, 0.99)
    );
    Ok(())
}

/// The regions a filter cell narrows to.
pub struct Scopes {
    pub county: String,
    pub township: String,
    pub village: String,
}

impl Scopes {
    /// The fixture's county, its first township and that township's most populous village.
    pub async fn load(db: &DatabaseConnection, county: &str) -> Result<Self> {
        let backend = db.get_database_backend();
        let one = |sql: String| Statement::from_string(backend, sql);
        let row = db
            .query_one_raw(one(format!(
                "SELECT code FROM region WHERE level = 'TOWNSHIP' AND code LIKE '{county}%' \
                 ORDER BY code LIMIT 1"
            )))
            .await?
            .context("no township in the county")?;
        let township: String = row.try_get("", "code")?;
        let row = db
            .query_one_raw(one(format!(
                "SELECT region_code AS code FROM person WHERE region_code LIKE '{}%' \
                 AND region_code <> '{township}' GROUP BY region_code \
                 ORDER BY COUNT(*) DESC, region_code LIMIT 1",
                &township[..9]
            )))
            .await?
            .context("no village with people in the township")?;
        let village: String = row.try_get("", "code")?;
        Ok(Self {
            county: format!("{county}000000"),
            township,
            village,
        })
    }

    fn cells(&self) -> [(&'static str, Option<&str>); 4] {
        [
            ("none", None),
            ("county", Some(&self.county)),
            ("township", Some(&self.township)),
            ("village", Some(&self.village)),
        ]
    }
}

/// One cell's figures.
pub struct Cell {
    pub name: String,
    pub p50: f64,
    pub p99: f64,
    /// The page (`false`) or the page with `totalCount` (`true`).
    pub counted: bool,
    query: String,
    variables: Json,
}

async fn time(client: &Client, query: &str, variables: &Json, rounds: usize) -> Result<Vec<f64>> {
    client.post(query, variables.clone()).await?;
    let mut ms = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        client.post(query, variables.clone()).await?;
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    ms.sort_by(f64::total_cmp);
    Ok(ms)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = ((sorted.len().saturating_sub(1)) as f64 * q).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

/// Times every cell with `rounds` sequential requests and prints the table.
pub async fn run(client: &Client, scopes: &Scopes, rounds: usize) -> Result<Vec<Cell>> {
    let mut cells = Vec::new();
    println!("\n## Sweep: pages of 50, {rounds} sequential requests per cell\n");
    println!(
        "| connection | filter | order | p50 ms | p99 ms | +totalCount p50 ms | p99 ms | rows |"
    );
    println!("|---|---|---|--:|--:|--:|--:|--:|");
    for root in ROOTS {
        let orders = std::iter::once(None).chain(root.orders.iter().copied().map(Some));
        for order in orders {
            for (scope, region) in scopes.cells() {
                let mut figures = Vec::new();
                for counted in [false, true] {
                    let (query, variables) = page_query(root, region, order, counted);
                    let ms = time(client, &query, &variables, rounds)
                        .await
                        .with_context(|| format!("{} {scope} {order:?}", root.field))?;
                    let body = client.post(&query, variables.clone()).await?;
                    let rows = body["data"][root.field]["nodes"]
                        .as_array()
                        .map_or(0, Vec::len);
                    let cell = Cell {
                        name: format!("{} {scope} {}", root.field, order.unwrap_or("default")),
                        p50: quantile(&ms, 0.5),
                        p99: quantile(&ms, 0.99),
                        counted,
                        query,
                        variables,
                    };
                    figures.push((cell.p50, cell.p99, rows));
                    cells.push(cell);
                }
                println!(
                    "| {} | {scope} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
                    root.field,
                    order.unwrap_or("default"),
                    figures[0].0,
                    figures[0].1,
                    figures[1].0,
                    figures[1].1,
                    figures[0].2
                );
            }
        }
    }
    println!("\n| nested connection | filter | p50 ms | p99 ms |");
    println!("|---|---|--:|--:|");
    for (name, body) in NESTED {
        for (scope, region) in scopes.cells().into_iter().skip(1) {
            let query = format!("query N($r: String!) {body}");
            let variables = json!({ "r": region });
            let ms = time(client, &query, &variables, rounds)
                .await
                .with_context(|| format!("{name} {scope}"))?;
            let cell = Cell {
                name: format!("{name} {scope}"),
                p50: quantile(&ms, 0.5),
                p99: quantile(&ms, 0.99),
                counted: true,
                query,
                variables,
            };
            println!("| {name} | {scope} | {:.2} | {:.2} |", cell.p50, cell.p99);
            cells.push(cell);
        }
    }
    Ok(cells)
}

fn page_query(
    root: &Root,
    region: Option<&str>,
    order: Option<&str>,
    counted: bool,
) -> (String, Json) {
    let mut params = Vec::new();
    let mut args = vec!["first: 50".to_owned()];
    let mut variables = serde_json::Map::new();
    if let Some(region) = region {
        params.push(format!("$f: {}", root.filter));
        args.push("filter: $f".to_owned());
        variables.insert("f".into(), json!({ "withinRegion": region }));
    }
    if let Some(order) = order {
        params.push(format!("$o: [{}!]", root.order));
        args.push("orderBy: $o".to_owned());
        variables.insert("o".into(), json!([{ "field": order }]));
    }
    let id = if root.field == "regions" {
        "code"
    } else {
        "id"
    };
    let count = if counted { "totalCount " } else { "" };
    let params = if params.is_empty() {
        String::new()
    } else {
        format!("({})", params.join(", "))
    };
    let query = format!(
        "query L{params} {{ {}({}) {{ {count}nodes {{ {id} }} }} }}",
        root.field,
        args.join(", ")
    );
    (query, Json::Object(variables))
}

/// Over `page_ms` (pages) or `count_ms` (with `totalCount`): the cells that miss the target.
pub fn slow(cells: &[Cell], page_ms: f64, count_ms: f64) -> Vec<&Cell> {
    cells
        .iter()
        .filter(|c| c.p50 > if c.counted { count_ms } else { page_ms })
        .collect()
}

/// Runs each cell once on the statement-logging server and prints the statements it ran with
/// their plans.
pub async fn plans(
    client: &Client,
    server: &Server,
    db: &DatabaseConnection,
    cells: &[&Cell],
) -> Result<()> {
    for cell in cells {
        println!(
            "\n### {}{} (p50 {:.2} ms)\n",
            cell.name,
            if cell.counted { " +totalCount" } else { "" },
            cell.p50
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
        let from = server.logged().len();
        client.post(&cell.query, cell.variables.clone()).await?;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let statements: Vec<String> = server.logged().into_iter().skip(from).collect();
        for sql in statements {
            if sql.starts_with("BEGIN") || sql.starts_with("COMMIT") || sql.contains("access_log") {
                continue;
            }
            println!("```sql\n{sql}\n```");
            match explain(db, &sql).await {
                Ok(plan) => println!("```\n{plan}\n```"),
                Err(e) => println!("(no plan: {e})"),
            }
        }
    }
    Ok(())
}

/// The plan of `sql` as logged (placeholders unbound).
pub async fn explain(db: &DatabaseConnection, sql: &str) -> Result<String> {
    let backend = db.get_database_backend();
    match backend {
        DbBackend::Sqlite => {
            let rows = db
                .query_all_raw(Statement::from_string(
                    backend,
                    format!("EXPLAIN QUERY PLAN {sql}"),
                ))
                .await?;
            let mut out = Vec::new();
            for row in rows {
                let detail: String = row.try_get("", "detail")?;
                out.push(detail);
            }
            Ok(out.join("\n"))
        }
        _ => {
            let params = (1..=64)
                .take_while(|n| sql.contains(&format!("${n}")))
                .count();
            let nulls = vec!["NULL"; params].join(", ");
            let exec = |s: &str| Statement::from_string(backend, s.to_owned());
            // One connection for the session settings and the prepared statement.
            static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let name = format!(
                "sweep_plan_{}",
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            );
            let txn = db.begin().await?;
            txn.execute_raw(exec("SET LOCAL plan_cache_mode = force_generic_plan"))
                .await?;
            txn.execute_raw(exec(&format!("PREPARE {name} AS {sql}")))
                .await?;
            let execute = if params == 0 {
                format!("EXECUTE {name}")
            } else {
                format!("EXECUTE {name}({nulls})")
            };
            let rows = txn.query_all_raw(exec(&format!("EXPLAIN {execute}"))).await;
            if rows.is_ok() {
                txn.execute_raw(exec(&format!("DEALLOCATE {name}"))).await?;
            }
            txn.rollback().await?;
            let mut out = Vec::new();
            for row in rows? {
                let line: String = row.try_get_by_index(0)?;
                out.push(line);
            }
            Ok(out.join("\n"))
        }
    }
}
