//! `generate-schema` on a sampled table: the source it writes is the
//! fixture `fixtures/schema_sample.rs`, which this test compiles, and the
//! compiled model reads every sampled item back, exactly.
//!
//! After a deliberate change of the generator, run the test with
//! `DYNORM_BLESS=1` to rewrite the fixture, and review the diff.

#![allow(clippy::unwrap_used)]

mod common;

#[allow(dead_code, missing_docs)]
#[path = "fixtures/schema_sample.rs"]
mod generated;

use common::{create_table, dynorm, endpoint, ok, table};
use dynorm::value::item_to_dynamodb_json;
use dynorm::{Client, Item, Model, Value};
use dynorm_dynamodb::DynamoDbBackend;
use generated::SchemaSample;
use std::io::Write as _;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/schema_sample.rs"
);

fn n(text: &str) -> Value {
    Value::N(text.parse().unwrap())
}

/// Items with every kind of attribute the generator infers.
fn samples() -> Vec<Item> {
    (0..6)
        .map(|i| {
            let mut item = Item::new()
                .with("pk", format!("USER#{i}"))
                .with("sk", "PROFILE")
                .with("name", format!("user {i}"))
                .with("score", n(&format!("{i}.5")))
                .with("balance", n("1234567890123456789012345.0123456789"))
                .with("active", i % 2 == 0)
                .with("createdAt", n(&format!("{}", 1_700_000_000 + i)))
                .with("type", "member")
                .with("expires_at", n(&format!("{}", 1_900_000_000 + i)))
                .with("history", Value::L(vec![n("1"), n(&i.to_string())]))
                .with(
                    "mixed",
                    if i % 2 == 0 {
                        Value::from("text")
                    } else {
                        n("3")
                    },
                )
                .with("avatar", Value::B(vec![i as u8, 255]))
                .with(
                    "address",
                    Item::new()
                        .with("city", "Oslo")
                        .with("zip", n(&format!("{}", 1000 + i))),
                );
            if i % 2 == 0 {
                item.insert("email", format!("u{i}@example.com"));
                item.insert("age", n(&format!("{}", 20 + i)));
                item.insert("tags", Value::string_set(["a", "b"]));
            }
            if i % 3 == 0 {
                item.insert("scores", Value::number_set([1, 2, i as i64 + 3]));
                item.insert(
                    "attrs",
                    Item::new().with("color#1", "red").with("size#2", "L"),
                );
            }
            if i == 1 {
                item.insert(
                    "address",
                    Item::new()
                        .with("city", "Bergen")
                        .with("zip", n("5003"))
                        .with("street", "Bryggen 1"),
                );
            }
            item.insert(
                "nickname",
                if i == 4 {
                    Value::Null
                } else {
                    Value::from(format!("n{i}"))
                },
            );
            item
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_generated_model_compiles_and_reads_the_samples_back() {
    let Some(ep) = endpoint() else { return };
    let t = table("schema_sample");
    let prefix = t.strip_suffix("schema_sample").unwrap().to_owned();
    create_table(&ep, &t, &["--gsi", "ByEmail:email", "--ttl", "expires_at"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("samples.jsonl");
    {
        let mut f = std::fs::File::create(&file).unwrap();
        for item in samples() {
            writeln!(f, "{}", item_to_dynamodb_json(&item)).unwrap();
        }
    }
    ok(dynorm(&ep).args(["import", &t, file.to_str().unwrap()]));

    let source = ok(dynorm(&ep).args(["generate-schema", &t, "--module", "SchemaSample"]));
    let source = source.replace(&t, "schema_sample");
    if std::env::var("DYNORM_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(FIXTURE, &source).unwrap();
    }
    let fixture = std::fs::read_to_string(FIXTURE).unwrap();
    assert!(
        source == fixture,
        "generate-schema wrote something else than {FIXTURE} (DYNORM_BLESS=1 rewrites it):\n{source}"
    );

    // The compiled fixture reads every sample back, and writes it as it was.
    let client = Client::new(DynamoDbBackend::local(&ep)).with_table_prefix(prefix);
    let read: Vec<SchemaSample> = client.scan::<SchemaSample>().all().await.unwrap();
    assert_eq!(read.len(), samples().len());
    for model in &read {
        let stored = client
            .table(SchemaSample::schema().table)
            .get(model.key().unwrap().into_item())
            .await
            .unwrap()
            .unwrap();
        let mut expected = stored;
        // NULL reads as `None`, which is written as no attribute.
        expected.retain(|_, v| !v.is_null());
        assert_eq!(model.to_item().unwrap(), expected);
    }
    let indexed: Vec<SchemaSample> = client
        .query(SchemaSample::by_email_partition("u2@example.com"))
        .all()
        .await
        .unwrap();
    assert_eq!(indexed.len(), 1);
    assert_eq!(indexed[0].age, Some(22));
    ok(dynorm(&ep).args(["delete-table", &t, "--force"]));
}
