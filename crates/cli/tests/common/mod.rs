//! Running the `dynorm` binary against DynamoDB Local.

#![allow(dead_code, clippy::unwrap_used)]

use assert_cmd::Command;
use std::process::Output;
use std::sync::atomic::{AtomicUsize, Ordering};

/// DynamoDB Local's endpoint, or `None` (skipped loudly; a failure under CI).
pub fn endpoint() -> Option<String> {
    dynorm_testkit::backends::dynamodb_endpoint()
}

/// The binary with DynamoDB Local's settings: the dummy credentials and
/// region `DynamoDbBackend::local` uses (DynamoDB Local keeps tables per
/// credentials and region), and no AWS files of the machine.
pub fn dynorm(endpoint: &str) -> Command {
    let mut cmd = bare();
    cmd.args(["--endpoint-url", endpoint]);
    cmd
}

/// The binary with DynamoDB Local's credentials and region but no endpoint.
pub fn bare() -> Command {
    let mut cmd = Command::cargo_bin("dynorm").unwrap();
    for var in [
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_SESSION_TOKEN",
        "AWS_DEFAULT_REGION",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", "dynormlocal")
        .env("AWS_SECRET_ACCESS_KEY", "dynormlocal")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/dynorm-cli-test")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/dynorm-cli-test",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

/// A table name no other test (or earlier run) uses.
pub fn table(name: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "cli_{}_{}_{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs a command that must succeed; its standard output.
pub fn ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    check_no_panic(&out);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail with `code`; its standard error, which
/// must be one line.
pub fn fails(cmd: &mut Command, code: i32) -> String {
    let out = cmd.output().unwrap();
    check_no_panic(&out);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{cmd:?}: stdout {}, stderr {stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// The error line of a failed command (clap's usage errors have more lines).
pub fn error_line(stderr: &str) -> &str {
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(errors.len(), 1, "not one error line: {stderr}");
    errors[0]
}

fn check_no_panic(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

/// Creates a table with `pk` and `sk` strings.
pub fn create_table(endpoint: &str, name: &str, extra: &[&str]) {
    ok(dynorm(endpoint).arg("create-table").arg(name).args(extra));
}
