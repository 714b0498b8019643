use super::*;

#[tokio::test]
async fn create_describe_list_delete() {
    let db = db().await;
    assert_eq!(
        db.list_tables().await.expect("list"),
        vec![SIMPLE.to_owned(), SORTED.to_owned()]
    );
    put(&db, SIMPLE, key("a")).await.expect("put");
    put(&db, SIMPLE, key("b")).await.expect("put");
    put(&db, SIMPLE, key("a")).await.expect("replace");
    let d = db.describe_table(SIMPLE).await.expect("describe");
    assert_eq!(d.status, TableStatus::Active);
    assert_eq!(d.item_count, 2);
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
    db.delete_table(SIMPLE).await.expect("delete");
    assert!(db
        .delete_table(SIMPLE)
        .await
        .expect_err("gone")
        .is_resource_not_found());
    assert_eq!(
        db.list_tables().await.expect("list"),
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
    let lsi_without_sort = t("lsi").with_local_index(IndexDefinition {
        name: "idx".into(),
        partition_key: KeyAttribute::new("pk", KeyType::S),
        sort_key: Some(KeyAttribute::new("x", KeyType::S)),
        projection: IndexProjection::All,
    });
    assert_validation(db.create_table(lsi_without_sort).await, "range key");
    let bad_index_name = t("gsi").with_global_index(IndexDefinition {
        name: "ix".into(),
        partition_key: KeyAttribute::new("g", KeyType::S),
        sort_key: None,
        projection: IndexProjection::All,
    });
    assert_validation(
        db.create_table(bad_index_name).await,
        "at least 3 characters",
    );
}

#[tokio::test]
async fn time_to_live_setting_is_stored() {
    let db = db().await;
    assert_eq!(db.describe_time_to_live(SIMPLE).await.expect("ttl"), None);
    db.update_time_to_live(
        SIMPLE,
        TimeToLive {
            attribute: "exp".into(),
            enabled: true,
        },
    )
    .await
    .expect("enable");
    assert_eq!(
        db.describe_time_to_live(SIMPLE).await.expect("ttl"),
        Some("exp".into())
    );
    assert_validation(
        db.update_time_to_live(
            SIMPLE,
            TimeToLive {
                attribute: "exp".into(),
                enabled: true,
            },
        )
        .await,
        "already enabled",
    );
    db.update_time_to_live(
        SIMPLE,
        TimeToLive {
            attribute: "exp".into(),
            enabled: false,
        },
    )
    .await
    .expect("disable");
    assert_eq!(db.describe_time_to_live(SIMPLE).await.expect("ttl"), None);
}

#[tokio::test]
async fn clones_share_the_store() {
    let db = db().await;
    let other = db.clone();
    put(&other, SIMPLE, key("a")).await.expect("put");
    assert!(get(&db, SIMPLE, key("a")).await.expect("get").is_some());
    assert_eq!(db.name(), "memory");
}
