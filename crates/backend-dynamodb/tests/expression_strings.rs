//! Generated expression strings against DynamoDB Local (when
//! `DYNORM_DYNAMODB_ENDPOINT` is set; otherwise these tests return at once).
//!
//! For every generated string `s` of each kind: core's parser accepts `s`
//! exactly when DynamoDB Local does, with the same message when both reject
//! it; and when it is accepted, `render(parse(s))` with its generated
//! placeholder maps is accepted by DynamoDB Local too. Case counts are bounded
//! (200 per kind, a few seconds).
//!
//! Two of DynamoDB Local's wordings are compared on a fragment: "Query
//! condition missed key schema element", without the key's name (see
//! `tests/expressions.rs`), and the paths named by "Two document paths
//! overlap/conflict" when three or more paths are given: Local then may name
//! as path two a path that overlaps nothing (`a, b, a` gives `path one: [a],
//! path two: [b]`; `a, a, a.a` gives `[a]` and `[a, a]`), where core names the
//! first two paths that overlap (`[a]` and `[a]`). With two paths they agree.

#![allow(clippy::unwrap_used)]

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue;
use aws_sdk_dynamodb::Client;
use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
use dynorm::expr::parse::ExpressionParser;
use dynorm::expr::render::{self, Placeholders};
use dynorm::{Backend, Value};
use dynorm_dynamodb::convert::{expression_maps, value_to_attr};
use dynorm_dynamodb::DynamoDbBackend;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

const CASES: u32 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Condition,
    Key,
    Update,
    Projection,
}

/// Every placeholder the generators may write, with its value or name.
fn all_values() -> HashMap<&'static str, Value> {
    HashMap::from([
        (":n", Value::from(1)),
        (":m", Value::from(5)),
        (":s", Value::from("a")),
        (":s2", Value::from("b")),
        (":t", Value::from("S")),
        (":l", Value::L(vec![Value::from(1)])),
        (":ss", Value::string_set(["x"])),
    ])
}

fn all_names() -> HashMap<&'static str, &'static str> {
    HashMap::from([("#r", "name"), ("#st", "status"), ("#k", "pk")])
}

/// The maps a text needs: only the placeholders it uses.
fn maps_for(text: &str) -> (HashMap<String, String>, HashMap<String, Value>) {
    let used = |sigil: char| {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == sigil as u8 {
                let start = i;
                i += 1;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push(text[start..i].to_owned());
            } else {
                i += 1;
            }
        }
        out
    };
    let values = all_values();
    let names = all_names();
    (
        used('#')
            .into_iter()
            .filter_map(|k| names.get(k.as_str()).map(|n| (k, (*n).to_owned())))
            .collect(),
        used(':')
            .into_iter()
            .filter_map(|k| values.get(k.as_str()).map(|v| (k, v.clone())))
            .collect(),
    )
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c1", "pr", "st", "#r", "#st", "name"])
        .prop_map(str::to_owned)
}

fn path() -> impl Strategy<Value = String> {
    (
        name(),
        prop::collection::vec(
            prop_oneof![
                name().prop_map(|n| format!(".{n}")),
                (0u8..3).prop_map(|i| format!("[{i}]")),
            ],
            0..3,
        ),
    )
        .prop_map(|(root, rest)| format!("{root}{}", rest.concat()))
}

fn keyword(word: &'static str) -> impl Strategy<Value = String> {
    prop::sample::select(vec![word.to_owned(), word.to_lowercase()])
}

fn condition() -> impl Strategy<Value = String> {
    let op = prop::sample::select(vec!["=", "<>", "<", "<=", ">", ">="]);
    let value = prop::sample::select(vec![":n", ":s", ":l"]);
    let leaf = prop_oneof![
        (path(), op.clone(), value.clone()).prop_map(|(p, o, v)| format!("{p} {o} {v}")),
        (path(), op.clone(), path()).prop_map(|(p, o, q)| format!("{p} {o} {q}")),
        (path(), keyword("BETWEEN"), keyword("AND"))
            .prop_map(|(p, b, a)| format!("{p} {b} :n {a} :m")),
        (path(), value.clone(), value).prop_map(|(p, v, w)| format!("{p} IN ({v}, {w})")),
        path().prop_map(|p| format!("attribute_exists({p})")),
        path().prop_map(|p| format!("attribute_not_exists({p})")),
        path().prop_map(|p| format!("begins_with({p}, :s)")),
        path().prop_map(|p| format!("contains({p}, :s)")),
        (path(), op).prop_map(|(p, o)| format!("size({p}) {o} :n")),
        path().prop_map(|p| format!("attribute_type({p}, :t)")),
        // Errors of every class, to compare their order with DynamoDB's.
        path().prop_map(|p| format!("{p} = :x")),
        path().prop_map(|p| format!("foo({p})")),
        path().prop_map(|p| format!("size({p})")),
        path().prop_map(|p| format!("if_not_exists({p}, :n) = :n")),
        (path(), path()).prop_map(|(p, q)| format!("attribute_exists({p}, {q})")),
        path().prop_map(|p| format!("(({p} = :n))")),
        path().prop_map(|p| format!("{p}[2147483648] = :n")),
    ];
    leaf.prop_recursive(3, 8, 2, |inner| {
        prop_oneof![
            (inner.clone(), keyword("AND"), inner.clone())
                .prop_map(|(a, k, b)| format!("{a} {k} {b}")),
            (inner.clone(), keyword("OR"), inner.clone())
                .prop_map(|(a, k, b)| format!("{a} {k} {b}")),
            (keyword("NOT"), inner.clone()).prop_map(|(k, a)| format!("{k} {a}")),
            inner.prop_map(|a| format!("({a})")),
        ]
    })
}

fn key_condition() -> impl Strategy<Value = String> {
    let partition =
        prop::sample::select(vec!["pk = :s", ":s = pk", "#k = :s", "pk < :s", "sk = :s"]);
    let sort = prop::sample::select(vec![
        "sk = :s2",
        "sk < :s2",
        "sk >= :s2",
        ":s2 > sk",
        "sk BETWEEN :s AND :s2",
        "sk between :s2 and :s",
        "begins_with(sk, :s2)",
        "sk <> :s2",
        "pr = :s2",
        "attribute_exists(sk)",
    ]);
    (partition, prop::option::of((sort, any::<bool>()))).prop_map(|(p, s)| match s {
        None => p.to_owned(),
        Some((s, true)) => format!("{p} AND {s}"),
        Some((s, false)) => format!("{s} AND {p}"),
    })
}

fn update() -> impl Strategy<Value = String> {
    let top = prop::sample::select(vec!["a", "b", "c1", "pr", "#r", "#st"]);
    let set_value = prop_oneof![
        Just(":n".to_owned()),
        Just(":s".to_owned()),
        top.clone().prop_map(|p| format!("if_not_exists({p}, :n)")),
        top.clone()
            .prop_map(|p| format!("if_not_exists({p}, :n) + :m")),
        top.clone()
            .prop_map(|p| format!("if_not_exists({p}, :n) - :m")),
        top.clone()
            .prop_map(|p| format!("list_append(if_not_exists({p}, :l), :l)")),
        Just(":s + :n".to_owned()),
        Just("size(a)".to_owned()),
        Just(":x".to_owned()),
        Just("foo(a)".to_owned()),
        Just("if_not_exists(b)".to_owned()),
        Just("list_append(:n, :l)".to_owned()),
        Just("#y".to_owned()),
    ];
    let action = prop_oneof![
        (top.clone(), set_value).prop_map(|(p, v)| ("SET", format!("{p} = {v}"))),
        top.clone().prop_map(|p| ("REMOVE", p.to_owned())),
        (top.clone(), prop::sample::select(vec![":n", ":s", ":ss"]))
            .prop_map(|(p, v)| ("ADD", format!("{p} {v}"))),
        top.prop_map(|p| ("DELETE", format!("{p} :ss"))),
    ];
    prop::collection::vec(action, 1..4).prop_map(|actions| {
        // Runs of the same clause share one keyword.
        let mut out = String::new();
        let mut last = "";
        for (clause, text) in actions {
            if clause == last {
                out.push_str(", ");
            } else {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(clause);
                out.push(' ');
                last = clause;
            }
            out.push_str(&text);
        }
        out
    })
}

fn projection() -> impl Strategy<Value = String> {
    let item =
        prop_oneof![4 => path(), 1 => Just("#y".to_owned()), 1 => Just("a[2147483648]".to_owned())];
    prop::collection::vec(item, 1..4).prop_map(|p| p.join(", "))
}

struct Local {
    runtime: tokio::runtime::Runtime,
    backend: DynamoDbBackend,
    table: String,
}

static NEXT_KEY: AtomicU64 = AtomicU64::new(0);

impl Local {
    fn connect() -> Option<Local> {
        let endpoint = std::env::var("DYNORM_DYNAMODB_ENDPOINT").ok()?;
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let backend = DynamoDbBackend::local(endpoint);
        let table = format!(
            "dynorm_exprgen_{}_{}",
            std::process::id(),
            NEXT_KEY.fetch_add(1, Ordering::Relaxed)
        );
        runtime
            .block_on(
                backend.create_table(
                    TableDefinition::new(&table, KeyAttribute::new("pk", KeyType::S))
                        .with_sort_key(KeyAttribute::new("sk", KeyType::S)),
                ),
            )
            .unwrap();
        Some(Local {
            runtime,
            backend,
            table,
        })
    }

    /// Sends the text; `Ok` when DynamoDB Local accepted it (a failed
    /// condition counts: the expression was valid), else its code and message.
    fn send(
        &self,
        kind: Kind,
        text: &str,
        names: HashMap<String, String>,
        values: HashMap<String, AttributeValue>,
    ) -> Result<(), (String, String)> {
        let client: &Client = self.backend.sdk_client();
        let names = (!names.is_empty()).then_some(names);
        let values = (!values.is_empty()).then_some(values);
        // A fresh item each time, so that no case depends on another.
        let key = HashMap::from([
            (
                "pk".to_owned(),
                AttributeValue::S(format!("p{}", NEXT_KEY.fetch_add(1, Ordering::Relaxed))),
            ),
            ("sk".to_owned(), AttributeValue::S("s".into())),
        ]);
        fn meta<E: ProvideErrorMetadata>(e: E) -> (String, String) {
            (
                e.code().unwrap_or_default().to_owned(),
                e.message().unwrap_or_default().to_owned(),
            )
        }
        let t = &self.table;
        let answer = self.runtime.block_on(async {
            match kind {
                Kind::Condition => client
                    .put_item()
                    .table_name(t)
                    .set_item(Some(key))
                    .condition_expression(text)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| meta(e.into_service_error())),
                Kind::Key => client
                    .query()
                    .table_name(t)
                    .key_condition_expression(text)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| meta(e.into_service_error())),
                Kind::Update => client
                    .update_item()
                    .table_name(t)
                    .set_key(Some(key))
                    .update_expression(text)
                    .set_expression_attribute_names(names)
                    .set_expression_attribute_values(values)
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| meta(e.into_service_error())),
                Kind::Projection => client
                    .get_item()
                    .table_name(t)
                    .set_key(Some(key))
                    .projection_expression(text)
                    .set_expression_attribute_names(names)
                    .send()
                    .await
                    .map(drop)
                    .map_err(|e| meta(e.into_service_error())),
            }
        });
        match answer {
            Err((code, _)) if code == "ConditionalCheckFailedException" => Ok(()),
            other => other,
        }
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        let _ = self.runtime.block_on(
            self.backend
                .delete_table(dynorm::backend::DeleteTableRequest::new(&self.table)),
        );
    }
}

/// Parses `text` as `kind` and renders the tree back with fresh placeholders.
#[allow(clippy::type_complexity)]
fn parse_and_render(
    kind: Kind,
    text: &str,
    names: &HashMap<String, String>,
    values: &HashMap<String, Value>,
) -> dynorm::Result<(String, Placeholders)> {
    let mut parser = ExpressionParser::new(names, values)?;
    let mut p = Placeholders::new();
    let rendered = match kind {
        Kind::Condition => render::condition(&parser.condition(text)?, &mut p)?,
        Kind::Key => render::key_condition(&parser.key_condition(text, "pk", Some("sk"))?, &mut p),
        Kind::Update => render::update(&parser.update(text)?, &mut p).unwrap_or_default(),
        Kind::Projection => {
            render::projection(&parser.projection(text)?, &mut p).unwrap_or_default()
        }
    };
    parser.finish()?;
    Ok((rendered, p))
}

fn attrs(values: &HashMap<String, Value>) -> HashMap<String, AttributeValue> {
    values
        .iter()
        .map(|(k, v)| (k.clone(), value_to_attr(v)))
        .collect()
}

fn check(kind: Kind, strategy: impl Strategy<Value = String>) {
    let Some(local) = Local::connect() else {
        return;
    };
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |text| {
            let (names, values) = maps_for(&text);
            let ours = parse_and_render(kind, &text, &names, &values);
            let theirs = local.send(kind, &text, names.clone(), attrs(&values));
            match (ours, theirs) {
                (Ok((rendered, p)), Ok(())) => {
                    let (n, v) = expression_maps(p);
                    let back = local.send(
                        kind,
                        &rendered,
                        n.unwrap_or_default(),
                        v.unwrap_or_default(),
                    );
                    prop_assert!(back.is_ok(), "{text:?} rendered as {rendered:?}: {back:?}");
                }
                (Err(e), Err((code, message))) => {
                    let ours = e.to_string();
                    let ours = ours.strip_prefix("validation error: ").unwrap_or(&ours);
                    let missed = "Query condition missed key schema element";
                    let paths = "document paths";
                    let same = ours == message
                        || (message == missed && ours.starts_with(missed))
                        || (message.contains(paths)
                            && ours.split("path one").next() == message.split("path one").next());
                    prop_assert!(
                        e.is_validation() && code == "ValidationException" && same,
                        "{text:?}\n  parser: {ours}\n  local:  {code}: {message}"
                    );
                }
                (Ok(_), Err(local)) => {
                    prop_assert!(
                        false,
                        "{text:?}: the parser accepts, DynamoDB Local answers {local:?}"
                    )
                }
                (Err(e), Ok(())) => {
                    prop_assert!(
                        false,
                        "{text:?}: DynamoDB Local accepts, the parser answers {e}"
                    )
                }
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn generated_conditions_agree_with_dynamodb_local() {
    check(Kind::Condition, condition());
}

#[test]
fn generated_key_conditions_agree_with_dynamodb_local() {
    check(Kind::Key, key_condition());
}

#[test]
fn generated_updates_agree_with_dynamodb_local() {
    check(Kind::Update, update());
}

#[test]
fn generated_projections_agree_with_dynamodb_local() {
    check(Kind::Projection, projection());
}
