//! Unique fields (`#[dynorm(unique)]`): marker items written, moved and
//! removed in the same transaction as the item.

use crate::locking_models::Account;
use crate::{Ctx, Outcome};
use dynorm::{Error, Item, Result, Update, Value};

/// The marker item of one value, if stored.
async fn marker(ctx: &Ctx, field: &str, value: &str) -> Result<Option<Item>> {
    let key = Item::new()
        .with("pk", format!("UNIQUE#Account#{field}#{value}"))
        .with("sk", "UNIQUE");
    ctx.client
        .table("accounts")
        .get(key)
        .consistent_read()
        .await
}

async fn account(ctx: &Ctx, id: &str) -> Result<Option<Account>> {
    ctx.client.get(Account::key(id)).consistent_read().await
}

/// A second account with a taken email fails with UniqueViolation and
/// writes nothing; the marker names its owner.
pub async fn unique_taken_value_is_a_violation(ctx: Ctx) -> Outcome {
    ctx.table_for::<Account>().await?;
    ctx.client
        .put(&Account::new("a", "ann@example.com"))
        .await?;
    let owner = marker(&ctx, "email", "ann@example.com")
        .await?
        .expect("marker written");
    assert_eq!(
        owner.get("unique_owner"),
        Some(&Value::M(Account::key("a").into_item()))
    );

    let err = ctx
        .client
        .put(&Account::new("b", "ann@example.com"))
        .await
        .expect_err("taken");
    match &err {
        Error::UniqueViolation {
            model,
            field,
            value,
            ..
        } => {
            assert_eq!((*model, *field), ("Account", "email"));
            assert_eq!(**value, Value::from("ann@example.com"));
        }
        other => panic!("expected a unique violation, got {other:?}"),
    }
    assert!(err.is_unique_violation());
    assert!(account(&ctx, "b").await?.is_none());

    // Saving the owner again keeps its marker; an absent handle has none.
    let mut a = account(&ctx, "a").await?.expect("a");
    a.name = "Ann".into();
    ctx.client.put(&a).await?;
    assert!(marker(&ctx, "email", "ann@example.com").await?.is_some());
    // `create` of a taken value fails the same way.
    let err = ctx
        .client
        .create(&Account::new("c", "ann@example.com"))
        .await
        .expect_err("taken");
    assert!(err.is_unique_violation(), "{err:?}");
    Ok(())
}

/// Changing the value moves the marker: the old value is free again.
pub async fn unique_marker_moves_with_the_value(ctx: Ctx) -> Outcome {
    ctx.table_for::<Account>().await?;
    let mut a = Account::new("a", "old@example.com");
    a.handle = Some("ann".into());
    ctx.client.put(&a).await?;
    assert!(marker(&ctx, "handle", "ann").await?.is_some());

    a.email = "new@example.com".into();
    a.handle = None;
    ctx.client.put(&a).await?;
    assert!(marker(&ctx, "email", "old@example.com").await?.is_none());
    assert!(marker(&ctx, "email", "new@example.com").await?.is_some());
    assert!(marker(&ctx, "handle", "ann").await?.is_none());

    ctx.client
        .put(&Account::new("b", "old@example.com"))
        .await?;
    let err = ctx
        .client
        .put(&Account::new("c", "new@example.com"))
        .await
        .expect_err("taken");
    assert!(err.is_unique_violation(), "{err:?}");
    Ok(())
}

/// Deleting the item removes its markers.
pub async fn unique_delete_removes_markers(ctx: Ctx) -> Outcome {
    ctx.table_for::<Account>().await?;
    let mut a = Account::new("a", "ann@example.com");
    a.handle = Some("ann".into());
    ctx.client.put(&a).await?;
    ctx.client.delete(Account::key("a")).await?;
    assert!(account(&ctx, "a").await?.is_none());
    assert!(marker(&ctx, "email", "ann@example.com").await?.is_none());
    assert!(marker(&ctx, "handle", "ann").await?.is_none());
    ctx.client
        .put(&Account::new("b", "ann@example.com"))
        .await?;
    // Deleting a missing item is fine, as a delete is.
    ctx.client.delete(Account::key("zzz")).await?;
    Ok(())
}

/// An update that sets a unique field moves its marker; one that does not
/// touch it is a plain update.
pub async fn unique_update_moves_marker(ctx: Ctx) -> Outcome {
    ctx.table_for::<Account>().await?;
    ctx.client.put(&Account::new("a", "a@example.com")).await?;
    ctx.client.put(&Account::new("b", "b@example.com")).await?;
    ctx.client
        .update(Account::key("a"))
        .set("email", "a2@example.com")
        .await?;
    assert!(marker(&ctx, "email", "a@example.com").await?.is_none());
    assert!(marker(&ctx, "email", "a2@example.com").await?.is_some());
    assert_eq!(
        account(&ctx, "a").await?.map(|a| a.email),
        Some("a2@example.com".to_owned())
    );
    let err = ctx
        .client
        .update(Account::key("a"))
        .set("email", "b@example.com")
        .await
        .expect_err("taken");
    assert!(err.is_unique_violation(), "{err:?}");
    ctx.client
        .update(Account::key("a"))
        .set("name", "Ann")
        .return_new()
        .await?;
    Ok(())
}

/// In a transaction the markers go with the action; a batch refuses models
/// with unique fields before sending anything.
pub async fn unique_in_transaction_and_batch(ctx: Ctx) -> Outcome {
    ctx.table_for::<Account>().await?;
    ctx.client.put(&Account::new("a", "a@example.com")).await?;
    let err = ctx
        .client
        .transact_write()
        .put(&Account::new("b", "b@example.com"))
        .put(&Account::new("c", "a@example.com"))
        .await
        .expect_err("taken");
    assert!(
        matches!(&err, Error::UniqueViolation { field: "email", .. }),
        "{err:?}"
    );
    assert!(account(&ctx, "b").await?.is_none());
    assert!(marker(&ctx, "email", "b@example.com").await?.is_none());

    ctx.client
        .transact_write()
        .put(&Account::new("b", "b@example.com"))
        .update(
            Account::key("a"),
            Update::new().set("email", "a3@example.com"),
        )
        .await?;
    assert!(marker(&ctx, "email", "b@example.com").await?.is_some());
    assert!(marker(&ctx, "email", "a3@example.com").await?.is_some());
    assert!(marker(&ctx, "email", "a@example.com").await?.is_none());

    let err = ctx
        .client
        .batch_write()
        .put(&Account::new("d", "d@example.com"))
        .await
        .expect_err("refused");
    assert!(err.is_validation(), "{err:?}");
    assert!(account(&ctx, "d").await?.is_none());
    Ok(())
}
