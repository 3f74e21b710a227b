//! `tongxin --help` shows which environment variable sets each option, but never the value of
//! one that may hold a secret (a database password, a JWT secret, a metrics token).

use super::binary;

#[test]
fn help_never_prints_the_values_of_secret_settings() {
    let secrets = [
        (
            "DATABASE_URL",
            "postgres://app:db-password-never-shown@db.local/tongxin",
        ),
        (
            "DATABASE_REPLICA_URL",
            "postgres://app:replica-password-never-shown@standby.local/tongxin",
        ),
        (
            "TONGXIN_JWT_HS256_SECRET",
            "jwt-secret-never-shown-0123456789abcdef",
        ),
        (
            "TONGXIN_JWT_PUBLIC_KEY_FILE",
            "/etc/tongxin/key-file-never-shown.pem",
        ),
        (
            "TONGXIN_JWT_JWKS_FILE",
            "/etc/tongxin/jwks-never-shown.json",
        ),
        ("TONGXIN_METRICS_TOKEN", "metrics-token-never-shown"),
    ];
    let output = binary::command("sqlite::memory:", &secrets, &["--help"])
        .output()
        .expect("run tongxin --help");
    assert!(output.status.success(), "{output:?}");
    let help = String::from_utf8_lossy(&output.stdout);
    for (name, _) in &secrets {
        assert!(help.contains(name), "--help names {name}:\n{help}");
    }
    assert!(
        !help.contains("never-shown"),
        "--help printed a secret value:\n{help}"
    );
    // Values that are not secret are still shown, so the help stays useful.
    let listen = binary::command(
        "sqlite::memory:",
        &[("TONGXIN_LISTEN", "127.0.0.1:9")],
        &["--help"],
    )
    .output()
    .expect("run tongxin --help");
    assert!(String::from_utf8_lossy(&listen.stdout).contains("TONGXIN_LISTEN=127.0.0.1:9"));
}
