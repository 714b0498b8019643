//! Behaviour of `#[derive(Model)]`: schemas, derived attributes and key builders.

use dynorm::backend::KeyType;
use dynorm::model::{EntitySchema, IndexProjectionSchema, IndexSchema, KeySchema};
use dynorm::{Item, Key, Model, Number, Value};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE", entity = "User")]
#[dynorm(global_index(name = "TenantIndex", pk = "TENANT#{tenant_id}", sk = "USER#{id}"))]
#[dynorm(local_index(name = "ByEmail", sk = "EMAIL#{email}", projection = "keys_only"))]
struct User {
    id: String,
    tenant_id: String,
    email: String,
    #[serde(default)]
    name: String,
    age: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "orders")]
struct Order {
    #[dynorm(partition_key)]
    customer: String,
    #[dynorm(sort_key)]
    #[serde(rename = "orderNo")]
    number: u64,
    total: rust_decimal::Decimal,
}

fn user() -> User {
    User {
        id: "u1".into(),
        tenant_id: "t1".into(),
        email: "a@example.com".into(),
        name: "Ann".into(),
        age: Some(30),
    }
}

fn s(text: &str) -> Value {
    Value::S(text.to_owned())
}

#[test]
fn user_schema() {
    let schema = User::schema();
    assert_eq!(schema.type_name, "User");
    assert_eq!(schema.table, "app");
    assert_eq!(
        schema.partition_key,
        KeySchema {
            attribute: "pk",
            key_type: KeyType::S,
            template: Some("USER#{id}"),
            fields: &["id"],
        }
    );
    assert_eq!(
        schema.sort_key,
        Some(KeySchema {
            attribute: "sk",
            key_type: KeyType::S,
            template: Some("PROFILE"),
            fields: &[],
        })
    );
    assert_eq!(
        schema.entity,
        Some(EntitySchema {
            attribute: "entity_type",
            name: "User",
        })
    );
    assert_eq!(schema.ttl_attribute, None);
    assert_eq!(
        schema.indexes,
        &[
            IndexSchema {
                name: "TenantIndex",
                global: true,
                partition_key: KeySchema {
                    attribute: "gsi_pk_TenantIndex",
                    key_type: KeyType::S,
                    template: Some("TENANT#{tenant_id}"),
                    fields: &["tenant_id"],
                },
                sort_key: Some(KeySchema {
                    attribute: "gsi_sk_TenantIndex",
                    key_type: KeyType::S,
                    template: Some("USER#{id}"),
                    fields: &["id"],
                }),
                projection: IndexProjectionSchema::All,
            },
            IndexSchema {
                name: "ByEmail",
                global: false,
                partition_key: schema.partition_key,
                sort_key: Some(KeySchema {
                    attribute: "lsi_sk_ByEmail",
                    key_type: KeyType::S,
                    template: Some("EMAIL#{email}"),
                    fields: &["email"],
                }),
                projection: IndexProjectionSchema::KeysOnly,
            },
        ][..]
    );
    let derived: Vec<&str> = schema.derived_attribute_names().collect();
    for name in [
        "pk",
        "sk",
        "gsi_pk_TenantIndex",
        "gsi_sk_TenantIndex",
        "lsi_sk_ByEmail",
    ] {
        assert!(derived.contains(&name), "{name} missing from {derived:?}");
    }
    let table = schema.table_definition();
    assert_eq!(table.global_indexes.len(), 1);
    assert_eq!(table.local_indexes.len(), 1);
}

#[test]
fn user_derived_attributes() {
    let derived = user()
        .derived_attributes()
        .unwrap_or_else(|e| panic!("{e}"));
    let expected = Item::new()
        .with("pk", "USER#u1")
        .with("sk", "PROFILE")
        .with("entity_type", "User")
        .with("gsi_pk_TenantIndex", "TENANT#t1")
        .with("gsi_sk_TenantIndex", "USER#u1")
        .with("lsi_sk_ByEmail", "EMAIL#a@example.com");
    assert_eq!(derived, expected);
}

#[test]
fn user_key_and_partition() {
    let key: Key<User> = User::key("u1");
    assert_eq!(
        key.as_item(),
        &Item::new().with("pk", "USER#u1").with("sk", "PROFILE")
    );
    assert_eq!(User::key(String::from("u1")), key);
    let partition = User::partition("u1");
    assert_eq!(partition.attribute, "pk");
    assert_eq!(partition.value, s("USER#u1"));
}

#[test]
fn order_schema() {
    let schema = Order::schema();
    assert_eq!(schema.type_name, "Order");
    assert_eq!(schema.table, "orders");
    assert_eq!(
        schema.partition_key,
        KeySchema {
            attribute: "customer",
            key_type: KeyType::S,
            template: None,
            fields: &["customer"],
        }
    );
    assert_eq!(
        schema.sort_key,
        Some(KeySchema {
            attribute: "orderNo",
            key_type: KeyType::N,
            template: None,
            fields: &["number"],
        })
    );
    assert_eq!(schema.entity, None);
    assert!(schema.indexes.is_empty());
    assert_eq!(schema.derived_attribute_names().count(), 0);
}

#[test]
fn order_plain_keys_are_not_derived() {
    let order = Order {
        customer: "c1".into(),
        number: 7,
        total: rust_decimal::Decimal::new(1250, 2),
    };
    assert!(order
        .derived_attributes()
        .unwrap_or_else(|e| panic!("{e}"))
        .is_empty());
    assert_eq!(
        Order::key("c1", 7u64).into_item(),
        Item::new()
            .with("customer", "c1")
            .with("orderNo", Value::N(Number::from(7u64)))
    );
    assert_eq!(Order::key("c1", 7), Order::key(String::from("c1"), 7u64));
    assert_eq!(Order::partition("c1").attribute, "customer");
    assert_eq!(Order::partition("c1").value, s("c1"));
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "ORG#{org}", sk = "MEMBER#{user}")]
#[dynorm(global_index(name = "ByManager", pk = "MGR#{manager}", projection = include("user", "role")))]
#[dynorm(global_index(name = "ByRole", pk_field = "role", sk_field = "user"))]
struct Member {
    org: String,
    user: String,
    role: String,
    manager: Option<String>,
}

#[test]
fn sparse_index_attribute_is_omitted_when_none() {
    let mut member = Member {
        org: "o1".into(),
        user: "u1".into(),
        role: "admin".into(),
        manager: None,
    };
    let derived = member
        .derived_attributes()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        derived,
        Item::new().with("pk", "ORG#o1").with("sk", "MEMBER#u1")
    );
    member.manager = Some("m1".into());
    let derived = member
        .derived_attributes()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(derived.get("gsi_pk_ByManager"), Some(&s("MGR#m1")));
    assert!(
        !derived.contains("role"),
        "plain-field index keys are serde's"
    );
}

#[test]
fn index_field_keys_and_projection_include() {
    let indexes = Member::schema().indexes;
    assert_eq!(
        indexes[0].projection,
        IndexProjectionSchema::Include(&["user", "role"])
    );
    assert_eq!(indexes[0].sort_key, None);
    assert_eq!(
        indexes[1].partition_key,
        KeySchema {
            attribute: "role",
            key_type: KeyType::S,
            template: None,
            fields: &["role"],
        }
    );
    assert_eq!(indexes[1].sort_key.map(|k| k.attribute), Some("user"));
    assert_eq!(
        Member::key("o1", "u1").into_item(),
        Item::new().with("pk", "ORG#o1").with("sk", "MEMBER#u1")
    );
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(
    table = "events",
    pk = "DEV#{device}",
    sk = "{{v{version}}}#{seq}#{device}"
)]
#[dynorm(
    pk_attr = "PK",
    sk_attr = "SK",
    entity,
    entity_attr = "_type",
    ttl = "expires"
)]
struct Event {
    device: u32,
    seq: i64,
    version: u8,
    expires: Option<u64>,
}

#[test]
fn integer_templates_brace_escapes_and_custom_attributes() {
    let event = Event {
        device: 42,
        seq: -3,
        version: 2,
        expires: None,
    };
    let derived = event.derived_attributes().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        derived,
        Item::new()
            .with("PK", "DEV#42")
            .with("SK", "{v2}#-3#42")
            .with("_type", "Event")
    );
    let schema = Event::schema();
    assert_eq!(schema.ttl_attribute, Some("expires"));
    assert_eq!(
        schema.entity,
        Some(EntitySchema {
            attribute: "_type",
            name: "Event",
        })
    );
    assert_eq!(
        schema.sort_key.map(|k| k.fields),
        Some(&["version", "seq", "device"][..])
    );
    // Parameters follow first appearance: partition key fields, then sort key fields.
    assert_eq!(
        Event::key(42u32, 2u8, -3i64).into_item(),
        Item::new().with("PK", "DEV#42").with("SK", "{v2}#-3#42")
    );
    assert_eq!(Event::partition(42).value, s("DEV#42"));
    assert_eq!(Event::key(42, 2, -3), Event::key(42u32, 2u8, -3i64));
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(rename_all = "camelCase")]
#[dynorm(table = "accounts", ttl = "expires_at")]
#[dynorm(global_index(name = "ByEmail", pk_field = "email_address"))]
struct Account {
    #[dynorm(partition_key)]
    account_id: String,
    #[dynorm(sort_key)]
    #[serde(rename = "created")]
    created_at: u64,
    email_address: String,
    expires_at: u64,
}

#[test]
fn rename_all_gives_attribute_names() {
    let schema = Account::schema();
    assert_eq!(schema.partition_key.attribute, "accountId");
    assert_eq!(schema.sort_key.map(|k| k.attribute), Some("created"));
    assert_eq!(schema.ttl_attribute, Some("expiresAt"));
    assert_eq!(schema.indexes[0].partition_key.attribute, "emailAddress");
    assert_eq!(
        Account::key("a1", 5u64).into_item(),
        Item::new()
            .with("accountId", "a1")
            .with("created", Value::N(Number::from(5u64)))
    );
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[dynorm(table = "t")]
struct Screaming {
    #[dynorm(partition_key)]
    user_id: String,
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(rename_all = "kebab-case")]
#[dynorm(table = "t")]
struct Kebab {
    #[dynorm(partition_key)]
    user_id: String,
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[serde(rename_all = "PascalCase")]
#[dynorm(table = "t")]
struct Pascal {
    #[dynorm(partition_key)]
    user_id: String,
}

#[test]
fn rename_all_rules() {
    assert_eq!(Screaming::schema().partition_key.attribute, "USER_ID");
    assert_eq!(Kebab::schema().partition_key.attribute, "user-id");
    assert_eq!(Pascal::schema().partition_key.attribute, "UserId");
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "ACCOUNT#{account}", sk = "SUB#{sub}")]
struct OptionalKey {
    account: String,
    sub: Option<String>,
}

#[test]
fn none_in_primary_key_template_is_a_validation_error() {
    let item = OptionalKey {
        account: "a".into(),
        sub: None,
    };
    let err = item.derived_attributes().err();
    let err = err.unwrap_or_else(|| panic!("expected an error"));
    assert!(err.is_validation(), "{err}");
    assert!(err.message().contains("key field `sub` is None"), "{err}");
    assert!(err.to_string().contains("app"), "{err}");
    let ok = OptionalKey {
        account: "a".into(),
        sub: Some("s".into()),
    };
    assert_eq!(
        ok.derived_attributes().unwrap_or_else(|e| panic!("{e}")),
        Item::new().with("pk", "ACCOUNT#a").with("sk", "SUB#s")
    );
    // `key` takes the inner type of an Option field.
    assert_eq!(
        OptionalKey::key("a", "s").into_item(),
        Item::new().with("pk", "ACCOUNT#a").with("sk", "SUB#s")
    );
}

#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "SINGLETON", sk = "CONFIG#{r#type}")]
struct NoPartitionFields {
    r#type: String,
}

#[test]
fn literal_partition_key_and_raw_identifiers() {
    assert_eq!(NoPartitionFields::partition().value, s("SINGLETON"));
    assert_eq!(
        NoPartitionFields::key("x").into_item(),
        Item::new().with("pk", "SINGLETON").with("sk", "CONFIG#x")
    );
    assert_eq!(
        NoPartitionFields::schema().sort_key.map(|k| k.fields),
        Some(&["type"][..])
    );
}

// The serde encoder is exercised below; these tests need `dynorm::to_item`.

#[test]
fn user_to_item_holds_fields_and_derived_attributes() {
    let item = user().to_item().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(item.get("pk"), Some(&s("USER#u1")));
    assert_eq!(item.get("id"), Some(&s("u1")));
    assert_eq!(item.get("entity_type"), Some(&s("User")));
    let back = User::from_item(item).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, user());
    assert_eq!(
        Model::key(&user()).unwrap_or_else(|e| panic!("{e}")),
        User::key("u1")
    );
}

#[test]
fn order_key_from_item_matches_key_builder() {
    let order = Order {
        customer: "c1".into(),
        number: 7,
        total: rust_decimal::Decimal::new(1250, 2),
    };
    assert_eq!(
        Model::key(&order).unwrap_or_else(|e| panic!("{e}")),
        Order::key("c1", 7u64)
    );
    let json = order.to_json().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["orderNo"], serde_json::json!(7));
    let back = Order::from_json(json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, order);
}

#[test]
fn index_partitions_name_their_index() {
    let p = User::tenant_index_partition("t1");
    assert_eq!(p.index, Some("TenantIndex"));
    assert_eq!(p.attribute, "gsi_pk_TenantIndex");
    assert_eq!(p.value, Value::from("TENANT#t1"));
    let lsi = User::by_email_partition("u1");
    assert_eq!(lsi.index, Some("ByEmail"));
    assert_eq!(lsi.attribute, "pk");
    assert_eq!(lsi.value, Value::from("USER#u1"));
}
