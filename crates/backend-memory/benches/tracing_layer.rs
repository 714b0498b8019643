//! The cost of the Tracing layer when no subscriber listens: a memory
//! GetItem through a client built with `tracing(false)` and through one
//! with the layer (the default), in the same run.

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
use dynorm::{Client, Item};
use dynorm_memory::MemoryBackend;
use std::sync::Arc;

fn client(rt: &tokio::runtime::Runtime, tracing: bool) -> Client {
    let client = Client::builder(Arc::new(MemoryBackend::new()))
        .tracing(tracing)
        .build();
    rt.block_on(async {
        client
            .create_table_definition(TableDefinition::new(
                "users",
                KeyAttribute::new("pk", KeyType::S),
            ))
            .await
            .unwrap();
        client
            .table("users")
            .put(
                Item::new()
                    .with("pk", "u1")
                    .with("name", "Ann")
                    .with("age", 42),
            )
            .await
            .unwrap();
    });
    client
}

fn get(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("memory_get");
    for (name, tracing) in [("without_layer", false), ("with_layer", true)] {
        let client = client(&rt, tracing);
        let users = client.table("users");
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| async {
                users
                    .get(Item::new().with("pk", "u1"))
                    .await
                    .unwrap()
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, get);
criterion_main!(benches);
