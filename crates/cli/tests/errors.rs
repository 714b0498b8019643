//! Each class of error: one clear line and its own exit code.

#![allow(clippy::unwrap_used)]

mod common;

use common::{bare, create_table, dynorm, endpoint, error_line, fails, ok, table};
use std::io::Write as _;

#[test]
fn usage_errors_exit_2() {
    // clap's own usage errors.
    let err = fails(bare().args(["create-table"]), 2);
    assert!(err.contains("<NAME>"), "{err}");
    fails(
        bare().args(["create-table", "t", "--billing-mode", "FREE"]),
        2,
    );
    fails(bare().args(["create-table", "t", "--gsi", "ByX"]), 2);
    fails(bare().args(["scan", "t", "--segments", "0"]), 2);
    fails(bare().args(["no-such-command"]), 2);
    // No region anywhere.
    let err = fails(
        bare().env_remove("AWS_REGION").args([
            "--endpoint-url",
            "http://127.0.0.1:1",
            "list-tables",
        ]),
        2,
    );
    assert!(error_line(&err).contains("--region"), "{err}");
}

#[test]
fn an_unreachable_endpoint_exits_5() {
    let err = fails(
        bare().args(["--endpoint-url", "http://127.0.0.1:1", "list-tables"]),
        5,
    );
    let line = error_line(&err);
    assert!(
        line.starts_with("dynorm: error: cannot reach http://127.0.0.1:1"),
        "{err}"
    );
}

#[test]
fn bad_input_is_a_usage_error() {
    let Some(ep) = endpoint() else { return };
    let t = table("input");
    create_table(&ep, &t, &[]);
    let err = fails(dynorm(&ep).args(["put", &t, "{not json"]), 2);
    assert!(error_line(&err).contains("item is not valid JSON"), "{err}");
    let err = fails(
        dynorm(&ep).args(["put", &t, r#"{"pk": {"S": "a"}, "sk": {"N": "x"}}"#]),
        2,
    );
    assert!(error_line(&err).contains("attribute `sk`"), "{err}");
    let err = fails(
        dynorm(&ep).args(["get", &t, r#"{"pk": "a", "sk": "b"}"#, "--values", "[1]"]),
        2,
    );
    assert!(
        error_line(&err).contains("--values must be a JSON object"),
        "{err}"
    );
    let err = fails(dynorm(&ep).args(["put", &t, "@/nonexistent/item.json"]), 2);
    assert!(
        error_line(&err).contains("cannot read /nonexistent/item.json"),
        "{err}"
    );
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}

#[test]
fn missing_things_exit_3() {
    let Some(ep) = endpoint() else { return };
    let missing = table("missing");
    let err = fails(dynorm(&ep).args(["describe-table", &missing]), 3);
    assert!(error_line(&err).contains("resource not found"), "{err}");
    fails(dynorm(&ep).args(["get", &missing, r#"{"pk": "a"}"#]), 3);
    fails(dynorm(&ep).args(["export", &missing]), 3);
    fails(dynorm(&ep).args(["delete-table", &missing, "--force"]), 3);

    let t = table("present");
    create_table(&ep, &t, &[]);
    let err = fails(
        dynorm(&ep).args(["get", &t, r#"{"pk": "a", "sk": "b"}"#]),
        3,
    );
    assert!(
        error_line(&err).contains(&format!(
            "no item with key {{pk: \"a\", sk: \"b\"}} in table {t}"
        )),
        "{err}"
    );
    let err = fails(
        dynorm(&ep).args([
            "query",
            &t,
            "--index",
            "Nope",
            "--key-condition",
            "x = :x",
            "--values",
            r#"{":x": 1}"#,
        ]),
        3,
    );
    assert!(error_line(&err).contains("has no index Nope"), "{err}");
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}

#[test]
fn rejected_requests_and_bad_expressions_exit_4() {
    let Some(ep) = endpoint() else { return };
    let t = table("validation");
    create_table(&ep, &t, &[]);
    // A reserved word, found by the parser before anything is sent.
    let err = fails(
        dynorm(&ep).args([
            "scan",
            &t,
            "--filter",
            "name = :v",
            "--values",
            r#"{":v": 1}"#,
        ]),
        4,
    );
    assert!(
        error_line(&err).contains("reserved keyword; reserved keyword: name"),
        "{err}"
    );
    // A syntax error, with DynamoDB's token and near.
    let err = fails(
        dynorm(&ep).args([
            "scan",
            &t,
            "--filter",
            "a = = :v",
            "--values",
            r#"{":v": 1}"#,
        ]),
        4,
    );
    assert!(error_line(&err).contains("Syntax error"), "{err}");
    // An unused placeholder.
    let err = fails(
        dynorm(&ep).args([
            "scan",
            &t,
            "--filter",
            "a = :v",
            "--values",
            r#"{":v": 1, ":w": 2}"#,
        ]),
        4,
    );
    assert!(error_line(&err).contains(":w"), "{err}");
    // A key condition on an attribute that is not the key.
    fails(
        dynorm(&ep).args([
            "query",
            &t,
            "--key-condition",
            "a = :v",
            "--values",
            r#"{":v": 1}"#,
        ]),
        4,
    );
    // DynamoDB's own refusal: a key of the wrong type.
    let err = fails(dynorm(&ep).args(["put", &t, r#"{"pk": 1, "sk": "x"}"#]), 4);
    assert!(error_line(&err).contains("validation error"), "{err}");
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}

#[test]
fn delete_table_needs_a_terminal_or_force() {
    let Some(ep) = endpoint() else { return };
    let t = table("confirm");
    create_table(&ep, &t, &[]);
    // The test's standard input is not a terminal.
    let err = fails(
        dynorm(&ep)
            .args(["delete-table", &t])
            .write_stdin(t.clone()),
        2,
    );
    assert!(error_line(&err).contains("--force"), "{err}");
    ok(dynorm(&ep).args(["describe-table", &t]));
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
    fails(dynorm(&ep).args(["describe-table", &t]), 3);
}

#[test]
fn import_leftovers_are_reported_never_counted_and_exit_7() {
    let Some(ep) = endpoint() else { return };
    let t = table("leftovers");
    create_table(&ep, &t, &["--no-sort-key"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    let leftovers = dir.path().join("left.jsonl");
    {
        let mut f = std::fs::File::create(&file).unwrap();
        for i in 0..60 {
            writeln!(f, r#"{{"pk": {{"S": "k{i}"}}, "n": {{"N": "{i}"}}}}"#).unwrap();
        }
        // No key attribute: never sent.
        writeln!(f, r#"{{"other": {{"S": "x"}}}}"#).unwrap();
        // Not DynamoDB JSON an item can be read from.
        writeln!(
            f,
            r#"{{"pk": {{"S": "bad"}}, "n": {{"N": "not a number"}}}}"#
        )
        .unwrap();
    }
    let err = fails(
        dynorm(&ep).args([
            "import",
            &t,
            file.to_str().unwrap(),
            "--input-format",
            "dynamodb",
            "--leftovers",
            leftovers.to_str().unwrap(),
        ]),
        7,
    );
    let line = error_line(&err);
    assert!(
        line.contains("import incomplete: 60 items written, 2 not written"),
        "{err}"
    );
    assert!(line.contains("no key attribute pk"), "{err}");
    let left = std::fs::read_to_string(&leftovers).unwrap();
    assert_eq!(left.lines().count(), 2, "{left}");
    let count = ok(dynorm(&ep).args(["scan", &t])).matches("\"pk\"").count();
    assert_eq!(count, 60);
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}

#[test]
fn a_key_of_the_wrong_type_fails_its_chunk_and_is_left_over() {
    let Some(ep) = endpoint() else { return };
    let t = table("wrongtype");
    create_table(&ep, &t, &["--no-sort-key"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("items.jsonl");
    {
        let mut f = std::fs::File::create(&file).unwrap();
        for i in 0..10 {
            writeln!(f, r#"{{"pk": "k{i}"}}"#).unwrap();
        }
        writeln!(f, r#"{{"pk": 7}}"#).unwrap();
    }
    let err = fails(dynorm(&ep).args(["import", &t, file.to_str().unwrap()]), 7);
    let line = error_line(&err);
    // DynamoDB rejects the whole BatchWriteItem call: its items are left over.
    let written: usize = line
        .split("import incomplete: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    let left = std::fs::read_to_string(format!("{}.unprocessed.jsonl", file.display())).unwrap();
    assert_eq!(written + left.lines().count(), 11, "{err}");
    let stored = ok(dynorm(&ep).args(["scan", &t])).matches("\"pk\"").count();
    assert_eq!(stored, written, "{err}");
    assert!(line.contains("validation error"), "{err}");
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}
