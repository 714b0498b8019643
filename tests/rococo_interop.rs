//! rococo 1.3.4 and dynorm on the same versioned tables in DynamoDB Local:
//! rococo creates a book and saves two more versions
//! (`tests/rococo/book_interop.py`, in the venv `scripts/rococo-venv.sh`
//! makes and `scripts/test.sh` exports as `DYNORM_ROCOCO_PYTHON`); dynorm
//! reads the book and its history, saves a new version, and rococo reads
//! that back field for field. Without DynamoDB Local or the venv the test
//! fails under `CI=true` and skips loudly otherwise.

use dynorm::versioned::{Json, ZERO_VERSION};
use dynorm::{Client, Item, Value};
use dynorm_dynamodb::DynamoDbBackend;
use dynorm_testkit::backends::{dynamodb_endpoint, in_ci};
use dynorm_testkit::versioned_models::Book;
use serde_json::json;
use std::path::Path;
use std::process::Command;

/// The venv's Python, or `None` (after failing under CI, or saying loudly
/// that the test is skipped).
fn rococo_python() -> Option<String> {
    match std::env::var("DYNORM_ROCOCO_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            assert!(
                !in_ci(),
                "DYNORM_ROCOCO_PYTHON is not set under CI=true: scripts/test.sh makes the rococo venv"
            );
            eprintln!(
                "\n*** SKIPPED: rococo interop: DYNORM_ROCOCO_PYTHON is unset \
                 (run scripts/test.sh, which makes the venv with scripts/rococo-venv.sh) ***\n"
            );
            None
        }
    }
}

/// Runs the rococo script and parses the JSON object it prints.
fn rococo(python: &str, endpoint: &str, args: &[&str]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("rococo/book_interop.py");
    let out = Command::new(python)
        .arg(&script)
        .args(args)
        // The credentials and region of `DynamoDbBackend::local`: DynamoDB
        // Local keeps one database per access key and region.
        .env("AWS_ENDPOINT_URL_DYNAMODB", endpoint)
        .env("AWS_ACCESS_KEY_ID", "dynormlocal")
        .env("AWS_SECRET_ACCESS_KEY", "dynormlocal")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        out.status.success(),
        "rococo {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|e| panic!("rococo printed {stdout:?}: {e}"))
}

fn text(item: &Item, name: &str) -> String {
    match item.get(name) {
        Some(Value::S(s)) => s.clone(),
        other => panic!("`{name}` is not a string: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rococo_and_dynorm_share_versions_field_for_field() {
    let Some(endpoint) = dynamodb_endpoint() else {
        return;
    };
    let Some(python) = rococo_python() else {
        return;
    };
    let unique = dynorm::versioned::new_id();
    let prefix = format!("rococo{}_", &unique[..10]);
    let client = Client::new(DynamoDbBackend::local(&endpoint)).with_table_prefix(&prefix);
    client.create_table::<Book>().await.expect("tables");

    // rococo writes three versions.
    let written = rococo(&python, &endpoint, &["write", &prefix]);
    let id = written["entity_id"].as_str().expect("entity_id").to_owned();
    let versions: Vec<String> = written["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|v| v.as_str().expect("version").to_owned())
        .collect();
    assert_eq!(versions.len(), 3);
    assert_eq!(written["events"], 3);

    // dynorm reads the current version and the history.
    let books = client.versioned::<Book>();
    let current = books.get(&id).await.expect("get").expect("rococo's book");
    assert_eq!(current.version, versions[2]);
    assert_eq!(current.previous_version, versions[1]);
    assert_eq!(current.title.as_deref(), Some("The Pragmatic Programmer"));
    assert_eq!(current.author.as_deref(), Some("David Thomas"));
    assert_eq!(current.status.as_deref(), Some("finished"));
    assert_eq!(current.rating, Some(5));
    assert_eq!(
        current.shelves,
        Some(vec!["craft".to_owned(), "classics".to_owned()])
    );
    assert_eq!(
        current.details,
        Some(Json(json!({"pages": 352, "edition": 2, "signed": false})))
    );
    assert_eq!(current.changed_by_id, "rococo-librarian");
    assert!(current.active);
    let history = books.history(&id).await.expect("history");
    let chain: Vec<&str> = history.iter().map(|b| b.version.as_str()).collect();
    assert_eq!(
        chain,
        versions.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(history[0].previous_version, ZERO_VERSION);
    let statuses: Vec<Option<&str>> = history.iter().map(|b| b.status.as_deref()).collect();
    assert_eq!(
        statuses,
        [Some("to_read"), Some("reading"), Some("finished")]
    );
    assert_eq!(
        books
            .version(&id, &versions[0])
            .await
            .expect("past version")
            .map(|b| b.status),
        Some(Some("to_read".to_owned()))
    );

    // dynorm saves the next version.
    let mut lent = current.clone();
    lent.status = Some("lent".into());
    lent.rating = Some(4);
    lent.shelves = Some(vec!["craft".into(), "classics".into(), "lent-out".into()]);
    lent.details = Some(Json(
        json!({"pages": 352, "edition": 2, "signed": false, "borrower": "Zoë"}),
    ));
    let saved = books
        .save(&lent)
        .changed_by("dynorm-librarian")
        .await
        .expect("dynorm's save")
        .into_inner();
    assert_eq!(saved.previous_version, versions[2]);
    let row = client
        .table("book")
        .get(Item::new().with("entity_id", id.as_str()))
        .consistent_read()
        .await
        .expect("row")
        .expect("stored");

    // rococo reads it back, field for field.
    let read = rococo(&python, &endpoint, &["read", &prefix, &id]);
    let book = &read["book"];
    let expected = json!({
        "entity_id": id,
        "version": saved.version,
        "previous_version": versions[2],
        "active": true,
        "changed_by_id": "dynorm-librarian",
        "changed_on": text(&row, "changed_on"),
        "title": "The Pragmatic Programmer",
        "author": "David Thomas",
        "status": "lent",
        "rating": 4,
        "shelves": ["craft", "classics", "lent-out"],
        "details": {"pages": 352, "edition": 2, "signed": false, "borrower": "Zoë"},
    });
    assert_eq!(book, &expected, "rococo's view of dynorm's version");
    let mut audited: Vec<String> = versions.clone();
    audited.sort();
    assert_eq!(read["audit_versions"], json!(audited));

    for table in ["book", "book_audit"] {
        client.delete_table(table).await.expect("delete table");
    }
}
