//! Backend-level scenarios: raw requests on `&dyn Backend`
//! (`ctx.client.backend()`), below the client and its builders, so that
//! what one backend answers to a request is compared with what DynamoDB
//! answers to the same request. Each is `pub async fn name(ctx: Ctx) ->
//! Outcome`, listed in [`__with_backend_scenarios!`](crate::__with_backend_scenarios);
//! [`conformance_tests!`](crate::conformance_tests) runs them on every backend.
//!
//! Where DynamoDB Local answers differently from DynamoDB, the scenario says
//! so where it checks the case.

pub mod reads;
pub mod writes;

use crate::Ctx;
use dynorm::backend::{
    IndexDefinition, IndexProjection, KeyAttribute, KeyType, PutItemRequest, TableDefinition,
};
use dynorm::{CancellationCode, Error, Item, Result};
use std::fmt::Debug;

/// Calls `$cb!($arg; module { scenario, ... } ...)` with every backend-level scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_backend_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            reads {
                query_filter_on_key_attributes_is_rejected,
                global_index_reads_of_unprojected_attributes_are_rejected,
                local_index_reads_fetch_projections_but_not_filters,
                query_of_a_hash_only_table_ends_at_its_item,
            }
            writes {
                transaction_data_errors_cancel_the_transaction,
                update_operand_types_checked_before_the_condition,
                delete_from_a_set_under_a_non_map_is_rejected,
                empty_and_duplicate_sets_are_refused,
                batches_check_keys_before_tables,
                transaction_update_without_an_update_is_rejected,
                failed_conditional_put_names_its_key,
            }
        }
    };
}

/// The name of the index-rich table the scenarios share: partition key
/// `pk` (S), sort key `sk` (S); global indexes `gsi_keys` (`g`, `gs`,
/// KEYS_ONLY) and `gsi_incl` (`g`, INCLUDE `a`); local index `lsi_keys`
/// (`l`, KEYS_ONLY).
pub(crate) async fn indexed_table(ctx: &Ctx) -> Result<String> {
    let name = ctx.client.table_name("indexed");
    let s = |n: &str| KeyAttribute::new(n, KeyType::S);
    let def = TableDefinition::new(&name, s("pk"))
        .with_sort_key(s("sk"))
        .with_global_index(
            IndexDefinition::new("gsi_keys", s("g"))
                .with_sort_key(s("gs"))
                .with_projection(IndexProjection::KeysOnly),
        )
        .with_global_index(
            IndexDefinition::new("gsi_incl", s("g"))
                .with_projection(IndexProjection::Include(vec!["a".into()])),
        )
        .with_local_index(
            IndexDefinition::new("lsi_keys", s("pk"))
                .with_sort_key(s("l"))
                .with_projection(IndexProjection::KeysOnly),
        );
    ctx.client.create_table_definition(def).await?;
    Ok(name)
}

/// The item the scenarios store in the indexed table: in every index, with
/// attributes each index leaves out.
pub(crate) fn sample_item() -> Item {
    Item::new()
        .with("pk", "p")
        .with("sk", "s")
        .with("g", "G")
        .with("gs", "x")
        .with("l", "L")
        .with("a", "A")
        .with("b", "B")
        .with("n", 1)
        .with("str", "q")
        .with("num", 5)
        .with("m", Item::new())
}

/// The key of [`sample_item`].
pub(crate) fn sample_key() -> Item {
    Item::new().with("pk", "p").with("sk", "s")
}

/// Creates the indexed table and stores [`sample_item`] in it.
pub(crate) async fn indexed_table_with_item(ctx: &Ctx) -> Result<String> {
    let table = indexed_table(ctx).await?;
    ctx.client
        .backend()
        .put_item(PutItemRequest::new(&table, sample_item()))
        .await?;
    Ok(table)
}

/// Asserts a `ValidationException` with exactly this message.
#[track_caller]
pub(crate) fn expect_message<T: Debug>(result: Result<T>, message: &str) {
    match result {
        Err(Error::Validation { message: m, .. }) => assert_eq!(m, message),
        other => panic!("expected a validation error {message:?}, got {other:?}"),
    }
}

/// Asserts a cancelled transaction with these reason codes and, for each
/// `ValidationError`, a message starting with the fragment given.
#[track_caller]
pub(crate) fn expect_canceled<T: Debug>(
    result: Result<T>,
    expected: &[(CancellationCode, Option<&str>)],
) {
    let Err(Error::TransactionCanceled { reasons, .. }) = result else {
        panic!("expected a cancelled transaction, got {result:?}");
    };
    let codes: Vec<&CancellationCode> = reasons.iter().map(|r| &r.code).collect();
    let wanted: Vec<&CancellationCode> = expected.iter().map(|(c, _)| c).collect();
    assert_eq!(codes, wanted, "{reasons:?}");
    for (reason, (_, message)) in reasons.iter().zip(expected) {
        if let Some(m) = message {
            assert_eq!(reason.message.as_deref(), Some(*m), "{reasons:?}");
        }
    }
}
