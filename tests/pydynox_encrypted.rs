//! pydynox 1.8 and dynorm on the same encrypted attribute in DynamoDB Local
//! with moto's KMS: pydynox writes a patient whose `ssn` is an
//! `EncryptedAttribute` (`tests/pydynox/encrypted_interop.py`, in the venv
//! `scripts/pydynox-venv.sh` makes and `scripts/test.sh` exports as
//! `DYNORM_PYDYNOX_PYTHON`) and dynorm decrypts it; dynorm writes one and
//! pydynox decrypts it. Without DynamoDB Local, KMS or the venv the test
//! fails under `CI=true` and skips loudly otherwise.

use dynorm::encryption::ENCRYPTED_PREFIX;
use dynorm::{Client, Item, Model, Value};
use dynorm_dynamodb::DynamoDbBackend;
use dynorm_testkit::backends::{dynamodb_endpoint, in_ci, kms_endpoint, kms_key_service};
use dynorm_testkit::scenarios::encrypted::Patient;
use std::path::Path;
use std::process::Command;

/// The venv's Python, or `None` (after failing under CI, or saying loudly
/// that the test is skipped).
fn pydynox_python() -> Option<String> {
    match std::env::var("DYNORM_PYDYNOX_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            assert!(
                !in_ci(),
                "DYNORM_PYDYNOX_PYTHON is not set under CI=true: scripts/test.sh makes the pydynox venv"
            );
            eprintln!(
                "\n*** SKIPPED: pydynox interop: DYNORM_PYDYNOX_PYTHON is unset \
                 (run scripts/test.sh, which makes the venv with scripts/pydynox-venv.sh) ***\n"
            );
            None
        }
    }
}

/// Runs the pydynox script and parses the JSON object it prints.
fn pydynox(python: &str, ddb: &str, kms: &str, args: &[&str]) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("pydynox/encrypted_interop.py");
    let out = Command::new(python)
        .arg(&script)
        .args(args)
        .env("DYNORM_DYNAMODB_ENDPOINT", ddb)
        .env("DYNORM_KMS_ENDPOINT", kms)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(
        out.status.success(),
        "pydynox {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).unwrap_or_else(|e| panic!("pydynox printed {stdout:?}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pydynox_and_dynorm_read_each_others_encrypted_attributes() -> dynorm::Result<()> {
    let (Some(ddb), Some(kms)) = (dynamodb_endpoint(), kms_endpoint()) else {
        return Ok(());
    };
    let Some(python) = pydynox_python() else {
        return Ok(());
    };
    let keys = kms_key_service().await.expect("the KMS endpoint is set");
    let unique = uuid_like();
    let client = Client::new(DynamoDbBackend::local(&ddb))
        .with_key_service(keys)
        .with_table_prefix(format!("pydynox{unique}_"));
    client.create_table::<Patient>().await?;
    let table = client.table_name(Patient::schema().table);

    // pydynox writes, dynorm reads.
    pydynox(&python, &ddb, &kms, &["write", &table, "py", "987-65-4321"]);
    let stored = client
        .table(Patient::schema().table)
        .get(Item::new().with("pk", "PATIENT#py"))
        .consistent_read()
        .await?
        .expect("pydynox wrote the item");
    match stored.get("ssn") {
        Some(Value::S(s)) => assert!(s.starts_with(ENCRYPTED_PREFIX) && !s.contains("987"), "{s}"),
        other => panic!("pydynox stored {other:?}"),
    }
    let read = client
        .get(Patient::key("py"))
        .consistent_read()
        .await?
        .expect("stored");
    assert_eq!(read.ssn.as_str(), "987-65-4321");
    assert_eq!(read.name, "From pydynox");

    // dynorm writes, pydynox reads.
    let written = Patient {
        id: "rs".into(),
        name: "From dynorm".into(),
        ssn: "123-45-6789".into(),
        card: None,
    };
    client.put(&written).await?;
    let seen = pydynox(&python, &ddb, &kms, &["read", &table, "rs"]);
    assert_eq!(seen["ssn"], "123-45-6789");
    assert_eq!(seen["name"], "From dynorm");
    client.delete_table(Patient::schema().table).await?;
    Ok(())
}

/// A short random suffix for the table prefix.
fn uuid_like() -> String {
    dynorm::versioned::new_id()[..10].to_owned()
}
