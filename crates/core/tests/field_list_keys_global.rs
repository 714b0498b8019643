//! The global level of the key conventions through models: alone in its
//! binary, since `set_global` is process-wide.

use dynorm::model::conventions::{self, Conventions};
use dynorm::{Model, Value};
use dynorm_testkit::key_models::{Order, User};

#[tokio::test]
async fn global_then_scope_then_model() {
    conventions::set_global(
        Conventions::new()
            .key_separator("|")
            .suffix_partition_key(false)
            .table_has_sort_key(false),
    );
    let user = User::key("123");
    assert_eq!(
        user.as_item().get("pk"),
        Some(&Value::from("id|123")),
        "the global level over the defaults"
    );
    assert_eq!(user.as_item().get("sk"), None, "no sort key globally");
    assert_eq!(User::schema().sort_key, None);
    let scoped = conventions::scope(
        Conventions::new()
            .suffix_partition_key(true)
            .table_has_sort_key(true),
        async {
            (
                User::key("123"),
                Order::key("C123", "2024-01-15", "ORD-456"),
            )
        },
    )
    .await;
    assert_eq!(
        scoped.0.as_item().get("pk"),
        Some(&Value::from("id|123|user"))
    );
    assert_eq!(scoped.0.as_item().get("sk"), Some(&Value::from("user")));
    assert_eq!(
        scoped.1.as_item().get("sk"),
        Some(&Value::from("order_id|ORD-456")),
        "the global separator, Order's own prefix_sort_key"
    );
    conventions::set_global(Conventions::new());
    assert_eq!(
        User::key("123").as_item().get("pk"),
        Some(&Value::from("id#123#user"))
    );
    assert_eq!(User::schema().sort_key.map(|k| k.attribute), Some("sk"));
}
