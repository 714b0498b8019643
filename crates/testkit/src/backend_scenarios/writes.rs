//! Writes, batches and transactions: what DynamoDB checks first, and how
//! it reports data errors inside a transaction.

use super::{expect_canceled, expect_message, indexed_table_with_item, sample_item, sample_key};
use crate::{Ctx, Outcome};
use dynorm::backend::{
    BatchGetItemRequest, BatchWriteItemRequest, GetItemRequest, KeysAndAttributes, PutItemRequest,
    TransactGet, TransactGetItemsRequest, TransactWriteAction, TransactWriteItemsRequest,
    UpdateItemRequest, WriteRequest,
};
use dynorm::expr::{attr, SetExpr, Update, UpdateAction, UpdateOperand};
use dynorm::rules::{batch, key, transaction, update};
use dynorm::{CancellationCode, Error, Item, Value};

const INVALID: CancellationCode = CancellationCode::ValidationError;

/// A data error in one action (a key of the wrong type, an index key of
/// the wrong type, an update of a key attribute) cancels the transaction
/// with `ValidationError` at that action; the other actions' reasons are
/// evaluated. A key naming other attributes is a plain
/// `ValidationException`. These are DynamoDB Local's answers: an update of
/// a key attribute comes back with that action's reason alone.
pub async fn transaction_data_errors_cancel_the_transaction(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let send = |actions| backend.transact_write_items(TransactWriteItemsRequest::new(actions));
    let wrong_type = Item::new().with("pk", 1).with("sk", "s");
    let other = Item::new().with("pk", "p").with("sk", "s2");
    let type_mismatch = key::Violation::TransactionTypeMismatch.to_string();

    let r = send(vec![
        TransactWriteAction::put(&table, other.clone()).condition(attr("pk").exists()),
        TransactWriteAction::put(&table, wrong_type.clone()),
        TransactWriteAction::delete(&table, Item::new().with("pk", "p").with("sk", "s3")),
    ])
    .await;
    expect_canceled(
        r,
        &[
            (CancellationCode::ConditionalCheckFailed, None),
            (INVALID, Some(&type_mismatch)),
            (CancellationCode::None, None),
        ],
    );

    let r = send(vec![
        TransactWriteAction::condition_check(&table, sample_key(), attr("pk").exists()),
        TransactWriteAction::update(&table, wrong_type.clone(), Update::new().set("a", "x")),
    ])
    .await;
    expect_canceled(
        r,
        &[
            (CancellationCode::None, None),
            (INVALID, Some(&type_mismatch)),
        ],
    );

    let bad_index_key = other.clone().with("g", 1);
    let r = send(vec![TransactWriteAction::put(&table, bad_index_key)]).await;
    let index_mismatch = key::Violation::TransactionIndexTypeMismatch.to_string();
    expect_canceled(r, &[(INVALID, Some(&index_mismatch))]);

    let r = send(vec![
        TransactWriteAction::condition_check(&table, sample_key(), attr("pk").not_exists()),
        TransactWriteAction::update(&table, other.clone(), Update::new().set("sk", "x")),
    ])
    .await;
    let key_update = update::Violation::KeyAttribute("sk".into()).to_string();
    expect_canceled(r, &[(INVALID, Some(&key_update))]);

    let r = send(vec![TransactWriteAction::delete(
        &table,
        Item::new().with("pk", "p"),
    )])
    .await;
    expect_message(r, &key::Violation::WrongAttributes.to_string());

    let r = backend
        .transact_get_items(TransactGetItemsRequest::new(vec![
            TransactGet::new(&table, wrong_type),
            TransactGet::new(&table, sample_key()),
        ]))
        .await;
    assert!(
        r.as_ref().is_err_and(Error::is_transaction_canceled),
        "{r:?}"
    );

    let stored = backend.get_item(GetItemRequest::new(&table, other)).await?;
    assert_eq!(stored.item, None, "nothing written");
    Ok(())
}

/// An update whose operand types are wrong whatever the item holds (ADD of
/// a string, `list_append` of a map value, `+` on a string value) is refused
/// before the condition is evaluated; one that is wrong only for the stored
/// item's types is found once the condition holds.
pub async fn update_operand_types_checked_before_the_condition(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let fails = attr("pk").not_exists();
    let holds = attr("pk").exists();
    let send = |update: Update, condition: dynorm::Condition| {
        backend
            .update_item(UpdateItemRequest::new(&table, sample_key(), update).condition(condition))
    };
    let validation = |r: dynorm::Result<_>, fragment: &str| match r {
        Err(Error::Validation { message, .. }) => {
            assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    };

    let r = send(Update::new().add("num", "x"), fails.clone()).await;
    validation(
        r,
        "Incorrect operand type for operator or function; operator: ADD",
    );
    let append_map = SetExpr::Operand(UpdateOperand::ListAppend(
        Box::new(UpdateOperand::Value(Value::M(Item::new()))),
        Box::new(UpdateOperand::Value(Value::L(vec![]))),
    ));
    let r = send(
        Update::new().action(UpdateAction::Set("x".into(), append_map)),
        fails.clone(),
    )
    .await;
    validation(r, "operator or function: list_append, operand type: M");
    let plus = SetExpr::Plus(
        UpdateOperand::Value(Value::from("a")),
        UpdateOperand::Value(Value::from(1)),
    );
    let r = send(
        Update::new().action(UpdateAction::Set("x".into(), plus)),
        fails.clone(),
    )
    .await;
    validation(r, "operator or function: +, operand type: S");

    // `m` is a map in the stored item: only reading it shows the mistake.
    let append_to_map = || Update::new().append("m", vec![Value::from(1)]);
    let r = send(append_to_map(), fails.clone()).await;
    assert!(r.as_ref().is_err_and(Error::is_condition_failed), "{r:?}");
    let r = send(append_to_map(), holds.clone()).await;
    expect_message(r, &update::Violation::OperandType.to_string());
    let r = send(Update::new().add("str", 1), holds).await;
    expect_message(r, &update::Violation::OperandType.to_string());
    Ok(())
}

/// DELETE of set members through a path whose parent is missing or is not
/// a map is refused (as SET and ADD are); under a map it is a no-op.
pub async fn delete_from_a_set_under_a_non_map_is_rejected(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let delete = |path: &str| {
        backend.update_item(UpdateItemRequest::new(
            &table,
            sample_key(),
            Update::new().delete(path, Value::Ss(vec!["a".into()])),
        ))
    };
    let invalid = update::Violation::InvalidPath.to_string();
    expect_message(delete("str.x").await, &invalid);
    expect_message(delete("nothere.x").await, &invalid);
    expect_message(delete("m.y.z").await, &invalid);
    expect_message(delete("str[0]").await, &invalid);
    delete("m.x").await?;
    let stored = backend
        .get_item(GetItemRequest::new(&table, sample_key()))
        .await?;
    assert_eq!(stored.item, Some(sample_item()), "nothing changed");
    Ok(())
}

/// Batches check their keys before they look for missing tables:
/// BatchGetItem refuses a key given twice even on a missing table, and
/// the keys of every table there is; BatchWriteItem checks the requests
/// on every table there is. Only then is a missing table
/// `ResourceNotFound`.
pub async fn batches_check_keys_before_tables(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let missing = ctx.client.table_name("missing");
    let backend = ctx.client.backend();
    let pk = |v: &str| Item::new().with("pk", v);
    let duplicates = batch::Violation::DuplicateKeys.to_string();

    let get = |tables: Vec<(&str, Vec<Item>)>| {
        let mut req = BatchGetItemRequest::new();
        for (t, keys) in tables {
            req = req.table(t, KeysAndAttributes::new(keys));
        }
        backend.batch_get_item(req)
    };
    let r = get(vec![(&missing, vec![pk("a"), pk("a")])]).await;
    expect_message(r, &duplicates);
    let r = get(vec![
        (&missing, vec![pk("a")]),
        (&table, vec![sample_key(), sample_key()]),
    ])
    .await;
    expect_message(r, &duplicates);
    let r = get(vec![(&missing, vec![pk("a")]), (&table, vec![pk("p")])]).await;
    // DynamoDB Local looks at the tables of this request in its own hash
    // order: now and then it finds the missing table first.
    if !(ctx.is_dynamodb() && r.as_ref().is_err_and(Error::is_resource_not_found)) {
        expect_message(r, &key::Violation::WrongAttributes.to_string());
    }
    let r = get(vec![
        (&missing, vec![pk("a")]),
        (&table, vec![sample_key()]),
    ])
    .await;
    assert!(r.as_ref().is_err_and(Error::is_resource_not_found), "{r:?}");

    let write = |tables: Vec<(&str, Vec<WriteRequest>)>| {
        let mut req = BatchWriteItemRequest::new();
        for (t, writes) in tables {
            req = req.table(t, writes);
        }
        backend.batch_write_item(req)
    };
    let r = write(vec![
        (&missing, vec![WriteRequest::Put(pk("a"))]),
        (
            &table,
            vec![
                WriteRequest::Put(sample_key()),
                WriteRequest::Delete(sample_key()),
            ],
        ),
    ])
    .await;
    // As above: DynamoDB Local now and then finds the missing table first.
    if !(ctx.is_dynamodb() && r.as_ref().is_err_and(Error::is_resource_not_found)) {
        expect_message(r, &duplicates);
    }
    let r = write(vec![
        (&missing, vec![WriteRequest::Put(pk("a"))]),
        (
            &table,
            vec![WriteRequest::Put(Item::new().with("pk", 1).with("sk", "s"))],
        ),
    ])
    .await;
    // As above: DynamoDB Local now and then finds the missing table first.
    if !(ctx.is_dynamodb() && r.as_ref().is_err_and(Error::is_resource_not_found)) {
        assert!(r.as_ref().is_err_and(Error::is_validation), "{r:?}");
    }
    let r = write(vec![(
        &missing,
        vec![WriteRequest::Put(pk("a")), WriteRequest::Put(pk("a"))],
    )])
    .await;
    assert!(r.as_ref().is_err_and(Error::is_resource_not_found), "{r:?}");
    Ok(())
}

/// An Update action of a transaction must update something (DynamoDB
/// requires its `UpdateExpression`): both backends refuse it with the
/// rulebook's words, and nothing is written.
pub async fn transaction_update_without_an_update_is_rejected(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let put = Item::new().with("pk", "p").with("sk", "new");
    let r = backend
        .transact_write_items(TransactWriteItemsRequest::new(vec![
            TransactWriteAction::put(&table, put.clone()),
            TransactWriteAction::update(&table, sample_key(), Update::new()),
        ]))
        .await;
    expect_message(
        r,
        &transaction::Violation::UpdateWithoutExpression(2).to_string(),
    );
    let stored = backend.get_item(GetItemRequest::new(&table, put)).await?;
    assert_eq!(stored.item, None);
    Ok(())
}

/// A conditional put whose condition fails names the table and the item's
/// key (only the key attributes) on every backend.
pub async fn failed_conditional_put_names_its_key(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    for _ in 0..2 {
        // The second time, the DynamoDB backend knows the key schema.
        let r = backend
            .put_item(PutItemRequest::new(&table, sample_item()).condition(attr("pk").not_exists()))
            .await;
        match r {
            Err(Error::ConditionFailed { context, .. }) => {
                assert_eq!(context.table.as_deref(), Some(table.as_str()));
                assert_eq!(context.key, Some(sample_key()));
            }
            other => panic!("expected a failed condition, got {other:?}"),
        }
    }
    Ok(())
}

/// Empty sets and sets holding a member twice are refused in DynamoDB's
/// words (two spaces in "An string set  may not be empty"; binary sets
/// have their own wording and show their members in base64), and nothing
/// is written.
pub async fn empty_and_duplicate_sets_are_refused(ctx: Ctx) -> Outcome {
    let table = indexed_table_with_item(&ctx).await?;
    let backend = ctx.client.backend();
    let put = |v: Value| {
        backend.put_item(PutItemRequest::new(
            &table,
            Item::new().with("pk", "sets").with("sk", "s").with("v", v),
        ))
    };
    let prefix = "One or more parameter values were invalid: ";
    expect_message(
        put(Value::Ss(vec![])).await,
        &format!("{prefix}An string set  may not be empty"),
    );
    expect_message(
        put(Value::Ns(vec![])).await,
        &format!("{prefix}An number set  may not be empty"),
    );
    expect_message(
        put(Value::Bs(vec![])).await,
        &format!("{prefix}Binary sets should not be empty"),
    );
    // DynamoDB shows the members ("Input collection [a, a] contains
    // duplicates.", "Input collection [Yg==, Yg==]of type BS contains
    // duplicates."); DynamoDB Local ends the first without a period and
    // leaves the members out of the second: the kit checks what both say.
    let duplicates = |r: dynorm::Result<_>, fragment: &str| match r {
        Err(Error::Validation { message, .. }) => assert!(
            message.starts_with(prefix) && message.contains(fragment),
            "{message:?} does not say {fragment:?}"
        ),
        other => panic!("expected a validation error, got {other:?}"),
    };
    duplicates(
        put(Value::Ss(vec!["a".into(), "a".into()])).await,
        "Input collection [a, a] contains duplicates",
    );
    duplicates(
        put(Value::Bs(vec![b"b".to_vec(), b"b".to_vec()])).await,
        "of type BS contains duplicates",
    );
    let stored = backend
        .get_item(GetItemRequest::new(
            &table,
            Item::new().with("pk", "sets").with("sk", "s"),
        ))
        .await?;
    assert_eq!(stored.item, None, "nothing was written");
    Ok(())
}
