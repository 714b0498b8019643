//! Another language's SDK against the server: boto3 runs
//! `tests/python/operations.py` (every operation the server implements)
//! and the AWS CLI creates a table, puts, queries, scans and deletes it.
//! The same script runs against DynamoDB Local when
//! `DYNORM_DYNAMODB_ENDPOINT` is set, so its checks are DynamoDB's answers.
//!
//! boto3 and awscli come from PyPI (pinned below) into a virtual
//! environment cached under `~/.cache/dynorm/server-python`. When it cannot
//! be made the tests fail under `CI=true` and skip loudly otherwise.

use dynorm_server::Server;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

const PACKAGES: [&str; 2] = ["boto3==1.44.8", "awscli==1.46.3"];

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn cache_dir() -> PathBuf {
    let root = std::env::var_os("DYNORM_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/dynorm")))
        .unwrap_or_else(|| PathBuf::from("/tmp/.cache/dynorm"));
    root.join("server-python")
}

fn installed(venv: &Path) -> bool {
    let check = "import importlib.metadata as m, sys; \
                 sys.exit(0 if [f'{p}=={m.version(p)}' for p in ('boto3', 'awscli')] == sys.argv[1:] else 1)";
    Command::new(venv.join("bin/python"))
        .args(["-c", check])
        .args(PACKAGES)
        .status()
        .is_ok_and(|s| s.success())
}

/// The venv's directory, made on first use; `None` (outside CI) when it
/// cannot be made.
fn venv() -> Option<PathBuf> {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let venv = cache_dir().join("venv");
    if installed(&venv) {
        return Some(venv);
    }
    let made = std::fs::create_dir_all(cache_dir()).is_ok()
        && Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/python"))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(PACKAGES)
            .status()
            .is_ok_and(|s| s.success())
        && installed(&venv);
    if made {
        return Some(venv);
    }
    assert!(
        !in_ci(),
        "cannot make the boto3/awscli venv in {} under CI=true",
        venv.display()
    );
    eprintln!(
        "\n*** SKIPPED: cannot make the boto3/awscli venv in {} ***\n",
        venv.display()
    );
    None
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/operations.py")
}

fn run_script(venv: &Path, endpoint: &str) {
    let out = Command::new(venv.join("bin/python"))
        .arg(script())
        .arg(endpoint)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "operations.py against {endpoint} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
}

async fn memory_server() -> Server {
    Server::bind("127.0.0.1:0", Arc::new(dynorm_memory::MemoryBackend::new()))
        .await
        .expect("the server binds a loopback port")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boto3_runs_every_operation_against_the_server() {
    let Some(venv) = venv() else { return };
    let server = memory_server().await;
    let endpoint = server.endpoint();
    tokio::task::spawn_blocking(move || run_script(&venv, &endpoint))
        .await
        .expect("the script ran");
    server.shutdown().await;
}

#[test]
fn boto3_script_passes_against_dynamodb_local() {
    let Ok(endpoint) = std::env::var("DYNORM_DYNAMODB_ENDPOINT") else {
        eprintln!("\n*** SKIPPED: DYNORM_DYNAMODB_ENDPOINT unset: the boto3 script is not checked against DynamoDB Local ***\n");
        return;
    };
    let Some(venv) = venv() else { return };
    run_script(&venv, &endpoint);
}

fn aws(venv: &Path, endpoint: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new(venv.join("bin/aws"))
        .args([
            "dynamodb",
            "--endpoint-url",
            endpoint,
            "--region",
            "us-east-1",
            "--output",
            "json",
        ])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "any")
        .env("AWS_SECRET_ACCESS_KEY", "any")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .output()
        .expect("aws runs");
    assert!(
        out.status.success(),
        "aws {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if out.stdout.is_empty() {
        return serde_json::Value::Null;
    }
    serde_json::from_slice(&out.stdout).expect("aws prints JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aws_cli_creates_writes_reads_and_deletes() {
    let Some(venv) = venv() else { return };
    let server = memory_server().await;
    let endpoint = server.endpoint();
    tokio::task::spawn_blocking(move || {
        let created = aws(
            &venv,
            &endpoint,
            &[
                "create-table",
                "--table-name",
                "cli",
                "--key-schema",
                "AttributeName=pk,KeyType=HASH",
                "AttributeName=sk,KeyType=RANGE",
                "--attribute-definitions",
                "AttributeName=pk,AttributeType=S",
                "AttributeName=sk,AttributeType=S",
                "--billing-mode",
                "PAY_PER_REQUEST",
            ],
        );
        assert_eq!(created["TableDescription"]["TableName"], "cli");
        for sk in ["a", "b"] {
            let item =
                format!(r#"{{"pk": {{"S": "p"}}, "sk": {{"S": "{sk}"}}, "n": {{"N": "1.50"}}}}"#);
            aws(
                &venv,
                &endpoint,
                &["put-item", "--table-name", "cli", "--item", &item],
            );
        }
        let queried = aws(
            &venv,
            &endpoint,
            &[
                "query",
                "--table-name",
                "cli",
                "--key-condition-expression",
                "pk = :p AND sk > :a",
                "--expression-attribute-values",
                r#"{":p": {"S": "p"}, ":a": {"S": "a"}}"#,
            ],
        );
        assert_eq!(queried["Count"], 1);
        assert_eq!(queried["Items"][0]["sk"]["S"], "b");
        assert_eq!(queried["Items"][0]["n"]["N"], "1.5");
        let scanned = aws(&venv, &endpoint, &["scan", "--table-name", "cli"]);
        assert_eq!(scanned["Count"], 2);
        let deleted = aws(&venv, &endpoint, &["delete-table", "--table-name", "cli"]);
        assert_eq!(deleted["TableDescription"]["TableName"], "cli");
    })
    .await
    .expect("the commands ran");
    server.shutdown().await;
}
