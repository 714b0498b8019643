//! 10,000 items: import, export, delete the table, create it again, import
//! the export: the same items.

#![allow(clippy::unwrap_used)]

mod common;

use common::{create_table, dynorm, endpoint, ok, table};
use dynorm::value::{item_from_dynamodb_json, item_to_dynamodb_json};
use dynorm::{Item, Value};
use std::io::Write as _;

const ITEMS: usize = 10_000;

/// Items of every type, some attributes only on some items.
fn item(i: usize) -> Item {
    let mut item = Item::new()
        .with("pk", format!("P#{}", i % 97))
        .with("sk", Value::N((i as u64).into()))
        .with("name", format!("item {i}"))
        .with(
            "price",
            Value::N(format!("{}.{:02}", i / 7, i % 100).parse().unwrap()),
        )
        .with(
            "flags",
            Value::L(vec![Value::Bool(i % 2 == 0), Value::Null]),
        );
    if i % 3 == 0 {
        item.insert(
            "tags",
            Value::string_set([format!("t{}", i % 5), "all".to_owned()]),
        );
        item.insert("blob", Value::B(vec![(i % 256) as u8; 1 + i % 5]));
    }
    if i % 10 == 0 {
        item.insert(
            "nested",
            Item::new()
                .with("n", Value::number_set([i as u64, 1]))
                .with(
                    "digits",
                    Value::N("12345678901234567890123456789012345678".parse().unwrap()),
                ),
        );
    }
    item
}

/// Items in key order.
fn sorted(mut items: Vec<Item>) -> Vec<Item> {
    items.sort_by_key(|i| {
        let key = ["pk", "sk"].map(|k| i.get(k).cloned().unwrap());
        item_to_dynamodb_json(
            &Item::new()
                .with("pk", key[0].clone())
                .with("sk", key[1].clone()),
        )
        .to_string()
    });
    items
}

fn read_items(text: &str) -> Vec<Item> {
    sorted(
        text.lines()
            .map(|l| item_from_dynamodb_json(&serde_json::from_str(l).unwrap()).unwrap())
            .collect(),
    )
}

#[test]
fn ten_thousand_items_export_delete_import_round_trip() {
    let Some(ep) = endpoint() else { return };
    let t = table("transfer");
    create_table(&ep, &t, &["--sort-key", "sk:N"]);
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.jsonl");
    let mut expected = Vec::with_capacity(ITEMS);
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&source).unwrap());
        for i in 0..ITEMS {
            let item = item(i);
            writeln!(f, "{}", item_to_dynamodb_json(&item)).unwrap();
            expected.push(item);
        }
    }
    ok(dynorm(&ep).args(["import", &t, source.to_str().unwrap()]));

    let export = dir.path().join("export.jsonl");
    ok(dynorm(&ep).args([
        "export",
        &t,
        "--segments",
        "4",
        "--output",
        export.to_str().unwrap(),
    ]));
    let first = std::fs::read_to_string(&export).unwrap();
    let exported = read_items(&first);
    assert_eq!(exported.len(), ITEMS);
    assert!(
        exported == sorted(expected),
        "the export differs from the items imported"
    );

    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
    create_table(&ep, &t, &["--sort-key", "sk:N"]);
    ok(dynorm(&ep).args(["import", &t, export.to_str().unwrap()]));
    let second = ok(dynorm(&ep).args(["export", &t, "--segments", "3"]));
    assert!(
        read_items(&second) == exported,
        "the round trip changed the items"
    );
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}
