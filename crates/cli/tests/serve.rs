//! `dynorm serve`: the binary serves an in-memory DynamoDB that the binary
//! itself (on DynamoDB's wire protocol, through the AWS SDK) then uses, and
//! stops cleanly on SIGTERM.

#![allow(clippy::unwrap_used)]

mod common;

use common::{bare, ok};
use serde_json::Value as Json;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serves_the_memory_backend_until_terminated() {
    let mut server = Command::new(assert_cmd::cargo::cargo_bin("dynorm"))
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let endpoint = line.trim().to_owned();
    assert!(endpoint.starts_with("http://127.0.0.1:"), "{endpoint}");
    let port: u16 = endpoint.rsplit(':').next().unwrap().parse().unwrap();
    assert_ne!(port, 0);

    let cli = || {
        let mut cmd = bare();
        cmd.args(["--endpoint-url", &endpoint]);
        cmd
    };
    let created = ok(cli().args(["create-table", "served", "--no-sort-key"]));
    assert!(created.contains("ACTIVE"), "{created}");
    ok(cli().args(["put", "served", r#"{"pk": "a", "n": 1}"#]));
    let item: Json =
        serde_json::from_str(&ok(cli().args(["get", "served", r#"{"pk": "a"}"#]))).unwrap();
    assert_eq!(item, serde_json::json!({"pk": "a", "n": 1}));
    assert_eq!(ok(cli().args(["list-tables"])).trim(), "served");

    let status = Command::new("kill")
        .arg(server.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(server.wait().unwrap().success(), "serve exits 0 on SIGTERM");
}

#[test]
fn a_port_in_use_is_an_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = bare().args(["serve", "--port", &port]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
}
