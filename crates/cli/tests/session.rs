//! A working session with the binary against DynamoDB Local: create,
//! describe, put, get, query with a filter, scan, export, delete, create
//! again, import, and the same items back.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create_table, dynorm, endpoint, ok, table};
use serde_json::{json, Value as Json};

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

#[test]
fn create_describe_put_get_query_export_delete_import() {
    let Some(ep) = endpoint() else { return };
    let t = table("session");

    let created = ok(dynorm(&ep).args([
        "create-table",
        &t,
        "--sort-key",
        "sk:N",
        "--gsi",
        "ByEmail:email",
        "--ttl",
        "expires_at",
    ]));
    assert!(created.contains("ACTIVE"), "{created}");

    let listed = ok(dynorm(&ep).args(["list-tables", "--name-contains", &t]));
    assert_eq!(listed.trim(), t);

    let desc: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "describe-table",
        &t,
        "--output",
        "json",
    ])))
    .unwrap();
    assert_eq!(desc["partition_key"], json!({"name": "pk", "type": "S"}));
    assert_eq!(desc["sort_key"], json!({"name": "sk", "type": "N"}));
    assert_eq!(desc["billing_mode"], "PAY_PER_REQUEST");
    assert_eq!(desc["global_indexes"][0]["name"], "ByEmail");
    assert_eq!(desc["global_indexes"][0]["partition_key"]["name"], "email");
    assert_eq!(desc["ttl"]["attribute"], "expires_at");
    assert_eq!(desc["item_count"], 0);
    let readable = ok(dynorm(&ep).args(["describe-table", &t]));
    assert!(
        readable.contains("GSI ByEmail") && readable.contains("sk (N)"),
        "{readable}"
    );

    // Plain JSON and DynamoDB JSON items.
    ok(dynorm(&ep).args([
        "put",
        &t,
        r#"{"pk": "u1", "sk": 1, "email": "ann@example.com", "age": 31, "tags": ["a", "b"]}"#,
    ]));
    ok(dynorm(&ep).args([
        "put",
        &t,
        r#"{"pk": {"S": "u1"}, "sk": {"N": "2"}, "age": {"N": "17"}, "roles": {"SS": ["x", "y"]}}"#,
    ]));
    ok(dynorm(&ep).args(["put", &t, r#"{"pk": "u2", "sk": 1, "age": 40}"#]));

    let got: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "get",
        &t,
        r#"{"pk": "u1", "sk": 1}"#,
    ])))
    .unwrap();
    assert_eq!(got["email"], "ann@example.com");
    assert_eq!(got["tags"], json!(["a", "b"]));
    let typed: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "get",
        &t,
        r#"{"pk": "u1", "sk": 2}"#,
        "--output",
        "dynamodb",
    ])))
    .unwrap();
    assert_eq!(typed["roles"], json!({"SS": ["x", "y"]}));
    assert_eq!(typed["age"], json!({"N": "17"}));

    // A query with a key condition, a filter and values.
    let adults: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "query",
        &t,
        "--key-condition",
        "pk = :pk AND sk >= :from",
        "--filter",
        "age >= :adult",
        "--values",
        r#"{":pk": "u1", ":from": {"N": "1"}, ":adult": 18}"#,
    ])))
    .unwrap();
    assert_eq!(adults.as_array().map(Vec::len), Some(1), "{adults}");
    assert_eq!(adults[0]["sk"], 1);
    let by_email: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "query",
        &t,
        "--index",
        "ByEmail",
        "--key-condition",
        "email = :e",
        "--values",
        r#"{":e": "ann@example.com"}"#,
    ])))
    .unwrap();
    assert_eq!(by_email[0]["pk"], "u1");
    let reversed: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "query",
        &t,
        "--key-condition",
        "pk = :pk",
        "--values",
        r#"{":pk": "u1"}"#,
        "--reverse",
        "--limit",
        "1",
    ])))
    .unwrap();
    assert_eq!(reversed, json!([reversed[0].clone()]));
    assert_eq!(reversed[0]["sk"], 2);

    let scanned = ok(dynorm(&ep).args(["scan", &t, "--output", "table"]));
    let header = scanned.lines().nth(1).unwrap_or_default();
    assert!(
        header.find("pk") < header.find("sk") && header.find("sk") < header.find("age"),
        "{scanned}"
    );
    assert_eq!(scanned.matches("u1").count(), 2, "{scanned}");
    let parallel: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "scan",
        &t,
        "--segments",
        "3",
        "--filter",
        "attribute_exists(email) OR age > :a",
        "--values",
        r#"{":a": 35}"#,
    ])))
    .unwrap();
    assert_eq!(parallel.as_array().map(Vec::len), Some(2), "{parallel}");

    // Export, delete, create again, import: the same items.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.jsonl");
    let file = file.to_str().unwrap();
    ok(dynorm(&ep).args(["export", &t, "--output", file, "--segments", "2"]));
    let exported = std::fs::read_to_string(file).unwrap();
    assert_eq!(exported.lines().count(), 3);
    for line in exported.lines() {
        let item: Json = serde_json::from_str(line).unwrap();
        assert!(item["pk"]["S"].is_string(), "not DynamoDB JSON: {line}");
    }
    let deleted = ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
    assert!(deleted.contains("deleted"), "{deleted}");
    create_table(&ep, &t, &["--sort-key", "sk:N", "--gsi", "ByEmail:email"]);
    ok(dynorm(&ep).args(["import", &t, file]));
    let again = ok(dynorm(&ep).args(["export", &t]));
    assert_eq!(sorted_lines(&again), sorted_lines(&exported));

    // The JSON array form reads back too.
    let array = ok(dynorm(&ep).args(["export", &t, "--format", "json"]));
    let items: Json = serde_json::from_str(&array).unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(3));

    // delete-item prints what it deleted.
    let old: Json = serde_json::from_str(&ok(dynorm(&ep).args([
        "delete-item",
        &t,
        r#"{"pk": "u2", "sk": 1}"#,
    ])))
    .unwrap();
    assert_eq!(old["age"], 40);
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}

#[test]
fn conditions_guard_writes() {
    let Some(ep) = endpoint() else { return };
    let t = table("conditions");
    create_table(&ep, &t, &["--no-sort-key", "--partition-key", "id"]);
    ok(dynorm(&ep).args(["put", &t, r#"{"id": "p1", "price": 12, "v": 1}"#]));
    ok(dynorm(&ep).args([
        "put",
        &t,
        r#"{"id": "p1", "price": 15, "v": 2}"#,
        "--condition",
        "price < :max AND v = :v",
        "--values",
        r#"{":max": 20, ":v": 1}"#,
    ]));
    common::fails(
        dynorm(&ep).args([
            "delete-item",
            &t,
            r#"{"id": "p1"}"#,
            "--condition",
            "v = :v",
            "--values",
            r#"{":v": 1}"#,
        ]),
        6,
    );
    let item: Json =
        serde_json::from_str(&ok(dynorm(&ep).args(["get", &t, r#"{"id": "p1"}"#]))).unwrap();
    assert_eq!(item["price"], 15);
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}
