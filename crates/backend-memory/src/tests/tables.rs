use super::*;

#[tokio::test]
async fn create_describe_list_delete() {
    let db = db().await;
    assert_eq!(
        db.list_tables(ListTablesRequest::new())
            .await
            .expect("list")
            .table_names,
        vec![SIMPLE.to_owned(), SORTED.to_owned()]
    );
    put(&db, SIMPLE, key("a")).await.expect("put");
    put(&db, SIMPLE, key("b")).await.expect("put");
    put(&db, SIMPLE, key("a")).await.expect("replace");
    let d = db
        .describe_table(DescribeTableRequest::new(SIMPLE))
        .await
        .expect("describe");
    assert_eq!(d.status, TableStatus::Active);
    assert_eq!(d.item_count, 2);
    assert_eq!(d.size_bytes, 6, "two items of `pk` plus one character");
    assert!(d.creation_time.is_some());
    assert_eq!(d.definition.partition_key.name, "pk");
    let err = db
        .create_table(TableDefinition::new(
            SIMPLE,
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await
        .expect_err("exists");
    assert!(
        matches!(&err, Error::ResourceInUse { message, .. } if message.contains("Table already exists")),
        "{err:?}"
    );
    let deleted = db
        .delete_table(DeleteTableRequest::new(SIMPLE))
        .await
        .expect("delete");
    assert_eq!(deleted.status, TableStatus::Deleting);
    assert!(db
        .delete_table(DeleteTableRequest::new(SIMPLE))
        .await
        .expect_err("gone")
        .is_resource_not_found());
    assert_eq!(
        db.list_tables(ListTablesRequest::new())
            .await
            .expect("list")
            .table_names,
        vec![SORTED.to_owned()]
    );
}

#[tokio::test]
async fn table_and_key_names_are_validated() {
    let db = MemoryBackend::new();
    let t = |name: &str| TableDefinition::new(name, KeyAttribute::new("pk", KeyType::S));
    db.create_table(t("abc")).await.expect("3 chars");
    db.create_table(t(&"a".repeat(255)))
        .await
        .expect("255 chars");
    db.create_table(t("a-b_c.d9"))
        .await
        .expect("allowed characters");
    assert_validation(db.create_table(t("ab")).await, "at least 3 characters");
    assert_validation(db.create_table(t(&"a".repeat(256))).await, "at most 255");
    assert_validation(db.create_table(t("a b c")).await, "regular expression");
    let k = |n: usize| {
        TableDefinition::new(
            format!("key{n}"),
            KeyAttribute::new("p".repeat(n), KeyType::S),
        )
    };
    db.create_table(k(255)).await.expect("255-byte key name");
    assert_validation(db.create_table(k(256)).await, "Key attribute name");
    assert_validation(db.create_table(k(0)).await, "Key attribute name");
    let lsi_without_sort = t("lsi").with_local_index(
        IndexDefinition::new("idx", KeyAttribute::new("pk", KeyType::S))
            .with_sort_key(KeyAttribute::new("x", KeyType::S)),
    );
    assert_validation(db.create_table(lsi_without_sort).await, "range key");
    let bad_index_name = t("gsi").with_global_index(IndexDefinition::new(
        "ix",
        KeyAttribute::new("g", KeyType::S),
    ));
    assert_validation(
        db.create_table(bad_index_name).await,
        "at least 3 characters",
    );
}

#[tokio::test]
async fn time_to_live_setting_is_stored() {
    let db = db().await;
    assert_eq!(
        db.describe_time_to_live(DescribeTimeToLiveRequest::new(SIMPLE))
            .await
            .expect("ttl"),
        DescribeTimeToLiveOutput::new(TtlStatus::Disabled, None)
    );
    db.update_time_to_live(UpdateTimeToLiveRequest::new(
        SIMPLE,
        TimeToLive::enabled("exp"),
    ))
    .await
    .expect("enable");
    assert_eq!(
        db.describe_time_to_live(DescribeTimeToLiveRequest::new(SIMPLE))
            .await
            .expect("ttl"),
        DescribeTimeToLiveOutput::new(TtlStatus::Enabled, Some("exp".into()))
    );
    assert_validation(
        db.update_time_to_live(UpdateTimeToLiveRequest::new(
            SIMPLE,
            TimeToLive::enabled("exp"),
        ))
        .await,
        "already enabled",
    );
    db.update_time_to_live(UpdateTimeToLiveRequest::new(
        SIMPLE,
        TimeToLive::disabled("exp"),
    ))
    .await
    .expect("disable");
    assert_eq!(
        db.describe_time_to_live(DescribeTimeToLiveRequest::new(SIMPLE))
            .await
            .expect("ttl"),
        DescribeTimeToLiveOutput::new(TtlStatus::Disabled, None)
    );
}

#[tokio::test]
async fn clones_share_the_store() {
    let db = db().await;
    let other = db.clone();
    put(&other, SIMPLE, key("a")).await.expect("put");
    assert!(get(&db, SIMPLE, key("a")).await.expect("get").is_some());
    assert_eq!(db.name(), "memory");
}

#[tokio::test]
async fn a_provisioned_table_gives_its_indexes_its_capacity() {
    let db = MemoryBackend::new();
    let def = TableDefinition::new("prov", KeyAttribute::new("pk", KeyType::S))
        .with_global_index(IndexDefinition::new(
            "Gix1",
            KeyAttribute::new("g", KeyType::S),
        ))
        .with_billing(BillingMode::Provisioned { read: 3, write: 4 });
    let desc = db.create_table(def).await.expect("create");
    assert_eq!(
        desc.index("Gix1").and_then(|i| i.provisioned_throughput),
        Some(Throughput::new(3, 4))
    );
    let zero = TableDefinition::new("zero", KeyAttribute::new("pk", KeyType::S))
        .with_billing(BillingMode::Provisioned { read: 0, write: 4 });
    assert_validation(db.create_table(zero).await, "greater than or equal to 1");
}

#[tokio::test]
async fn list_tables_pages_in_name_order() {
    let db = MemoryBackend::new();
    for name in ["ccc", "aaa", "bbb", "ddd"] {
        db.create_table(TableDefinition::new(
            name,
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await
        .expect("create");
    }
    let first = db
        .list_tables(ListTablesRequest::new().limit(2))
        .await
        .expect("first page");
    assert_eq!(first.table_names, ["aaa", "bbb"]);
    assert_eq!(first.last_evaluated_table_name.as_deref(), Some("bbb"));
    let second = db
        .list_tables(
            ListTablesRequest::new()
                .limit(2)
                .exclusive_start_table_name("bbb"),
        )
        .await
        .expect("second page");
    assert_eq!(second.table_names, ["ccc", "ddd"]);
    assert_eq!(second.last_evaluated_table_name, None, "no name follows");
    let after = db
        .list_tables(ListTablesRequest::new().exclusive_start_table_name("bba"))
        .await
        .expect("a start name that is no table");
    assert_eq!(after.table_names, ["bbb", "ccc", "ddd"]);
    assert_validation(
        db.list_tables(ListTablesRequest::new().limit(0)).await,
        "greater than or equal to 1",
    );
    assert_validation(
        db.list_tables(ListTablesRequest::new().limit(101)).await,
        "less than or equal to 100",
    );
    db.list_tables(ListTablesRequest::new().limit(100))
        .await
        .expect("100 is the limit");
}
