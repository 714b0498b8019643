//! Field-list keys through models: seed 003's exact key strings from
//! `M::key(..)`, from whole models, from `M::partition(..)` and the sort key
//! helpers; the schema in force (key names, sort key, table definition)
//! under the model's settings and under a scoped override.
//!
//! No test here sets the global level (process-wide): that is
//! `field_list_keys_global.rs`, alone in its binary.

use dynorm::model::conventions::{self, Conventions};
use dynorm::{Client, Item, Model, Value};
use dynorm_memory::MemoryClient;
use dynorm_testkit::key_models::{AuditEvent, Event, Order, Product, Session, TenantUser, User};

fn s(text: &str) -> Value {
    Value::from(text)
}

fn key_attributes(item: &Item) -> Vec<(String, Value)> {
    item.iter()
        .map(|(name, value)| (name.to_owned(), value.clone()))
        .collect()
}

#[test]
fn seed_003_keys_from_key_constructors() {
    let user = User::key("123");
    assert_eq!(
        key_attributes(user.as_item()),
        [
            ("pk".to_owned(), s("id#123#user")),
            ("sk".to_owned(), s("user"))
        ]
    );
    let tenant = TenantUser::key("acme", "123");
    assert_eq!(tenant.as_item().get("pk"), Some(&s("tenant_id_acme")));
    assert_eq!(tenant.as_item().get("sk"), Some(&s("user_id_123")));
    let product = Product::key("electronics", "P123");
    assert_eq!(
        product.as_item().get("pk"),
        Some(&s("category#electronics#product"))
    );
    assert_eq!(product.as_item().get("sk"), Some(&s("P123")));
    let order = Order::key("C123", "2024-01-15", "ORD-456");
    assert_eq!(
        order.as_item().get("pk"),
        Some(&s("customer_id#C123#order_date#2024-01-15#order"))
    );
    assert_eq!(order.as_item().get("sk"), Some(&s("order_id#ORD-456")));
    assert_eq!(
        Event::key("d1", "2024-01-15", 123u64).as_item().get("sk"),
        Some(&s("2024-01-15#123"))
    );
    assert_eq!(
        AuditEvent::key("d1", "2024-01-15", 123u64)
            .as_item()
            .get("sk"),
        Some(&s("created_at#2024-01-15#id#123"))
    );
    // The key keeps the field values, so that an update creating the item
    // writes them and the item decodes as the model.
    assert_eq!(
        key_attributes(order.source_fields()),
        [
            ("customer_id".to_owned(), s("C123")),
            ("order_date".to_owned(), s("2024-01-15")),
            ("order_id".to_owned(), s("ORD-456")),
        ]
    );
}

#[test]
fn seed_003_keys_from_whole_models() -> dynorm::Result<()> {
    let order = Order {
        customer_id: "C123".into(),
        order_date: "2024-01-15".into(),
        order_id: "ORD-456".into(),
        total: 990,
    };
    let item = order.to_item()?;
    assert_eq!(
        item.get("pk"),
        Some(&s("customer_id#C123#order_date#2024-01-15#order"))
    );
    assert_eq!(item.get("sk"), Some(&s("order_id#ORD-456")));
    assert_eq!(order.key()?, Order::key("C123", "2024-01-15", "ORD-456"));
    // The key attributes are derived: dropped before decoding.
    assert_eq!(Order::from_item(item)?, order);
    let user = TenantUser {
        tenant_id: "acme".into(),
        user_id: "123".into(),
        name: "Ann".into(),
    };
    let item = user.to_item()?;
    assert_eq!(item.get("pk"), Some(&s("tenant_id_acme")));
    assert_eq!(item.get("sk"), Some(&s("user_id_123")));
    let event = AuditEvent {
        device: "d1".into(),
        created_at: "2024-01-15".into(),
        id: 123,
    };
    assert_eq!(
        event.to_item()?.get("sk"),
        Some(&s("created_at#2024-01-15#id#123"))
    );
    Ok(())
}

#[test]
fn partitions_and_sort_key_conditions_take_field_values() {
    let partition = Order::partition("C123", "2024-01-15");
    assert_eq!(partition.attribute, "pk");
    assert_eq!(
        partition.value,
        s("customer_id#C123#order_date#2024-01-15#order")
    );
    assert_eq!(
        Product::partition("electronics").value,
        s("category#electronics#product")
    );
    assert_eq!(Event::sort_key("2024-01-15", 123u64), s("2024-01-15#123"));
    assert_eq!(
        Event::sort_prefix_created_at("2024-01-15"),
        s("2024-01-15#")
    );
    assert_eq!(
        AuditEvent::sort_prefix_created_at("2024-01-15"),
        s("created_at#2024-01-15#")
    );
    assert_eq!(Order::sort_key("ORD-456"), s("order_id#ORD-456"));
}

#[test]
fn schema_in_force_follows_the_models_settings() {
    let schema = Order::schema();
    assert_eq!(schema.partition_key.attribute, "pk");
    assert_eq!(schema.sort_key.map(|k| k.attribute), Some("sk"));
    assert_eq!(
        schema.partition_key.template,
        Some("customer_id#{customer_id}#order_date#{order_date}#order")
    );
    assert_eq!(schema.key_fields, ["customer_id", "order_date", "order_id"]);
    let def = schema.table_definition();
    assert_eq!(def.partition_key.name, "pk");
    assert_eq!(def.sort_key.map(|k| k.name), Some("sk".to_owned()));
    // One schema per resolved setting: the same one on every call.
    assert!(std::ptr::eq(Order::schema(), Order::schema()));

    // `table_has_sort_key = false` and `partition_key_name` on the model.
    let schema = Session::schema();
    assert_eq!(schema.partition_key.attribute, "session_pk");
    assert_eq!(schema.sort_key, None);
    assert_eq!(schema.table_definition().sort_key, None);
    assert_eq!(
        key_attributes(Session::key("s1").as_item()),
        [("session_pk".to_owned(), s("id#s1#session"))]
    );
}

#[tokio::test]
async fn a_scope_overrides_the_defaults_but_not_the_models_settings() {
    let tenant_b = Conventions::new()
        .key_separator("::")
        .partition_key_name("PK")
        .sort_key_name("SK")
        .prefix_sort_key(false);
    let (order, tenant_user, schema) = conventions::scope(tenant_b, async {
        (
            Order::key("C123", "2024-01-15", "ORD-456"),
            TenantUser::key("acme", "123"),
            Order::schema(),
        )
    })
    .await;
    assert_eq!(
        order.as_item().get("PK"),
        Some(&s("customer_id::C123::order_date::2024-01-15::order"))
    );
    assert_eq!(
        order.as_item().get("SK"),
        Some(&s("order_id::ORD-456")),
        "Order's own prefix_sort_key wins over the scope"
    );
    assert_eq!(
        tenant_user.as_item().get("PK"),
        Some(&s("tenant_id_acme")),
        "TenantUser's own separator wins over the scope"
    );
    assert_eq!(schema.partition_key.attribute, "PK");
    assert_eq!(schema.table_definition().partition_key.name, "PK");
    assert!(!std::ptr::eq(schema, Order::schema()));
    assert_eq!(
        Order::schema().partition_key.attribute,
        "pk",
        "outside the scope"
    );
}

#[tokio::test]
async fn requests_carry_the_keys_in_force() -> dynorm::Result<()> {
    let client = Client::memory();
    let params = client
        .get(Order::key("C123", "2024-01-15", "ORD-456"))
        .params()?;
    let key = params.key.unwrap_or_default();
    assert_eq!(
        key.get("pk"),
        Some(&s("customer_id#C123#order_date#2024-01-15#order"))
    );
    let scoped = conventions::scope(Conventions::new().partition_key_name("PK"), async {
        client
            .query(Order::partition("C123", "2024-01-15"))
            .sort_begins_with("order_id#")
            .params()
    })
    .await?;
    let condition = scoped.key_condition_expression.unwrap_or_default();
    assert!(condition.starts_with("#n0 = :v0"), "{condition}");
    let names = scoped.expression_attribute_names.unwrap_or_default();
    assert_eq!(
        names.get("#n0").map(String::as_str),
        Some("PK"),
        "{names:?}"
    );
    Ok(())
}
