//! `schema.graphql` is generated from the code; this test fails when the checked-in file is stale.

#[test]
fn schema_graphql_is_current() {
    let sdl = tongxin::graphql::sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &sdl).expect("write schema.graphql");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == sdl,
        "schema.graphql is stale: run UPDATE_SCHEMA=1 cargo test"
    );
}
