//! The disagreements the comparison knows about, by name.
//!
//! Each is either left out of the generator (it never builds such a request)
//! or tolerated when it shows up in exactly its known shape; a tolerated one
//! is counted and reported by name, never passed silently. Both kinds go
//! when the memory backend answers these requests as DynamoDB does.

use super::answer::Answer;
use super::Op;
use dynorm::backend::TransactWriteAction;

/// A known disagreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exemption {
    /// Short name, as reports print it.
    pub name: &'static str,
    /// What differs.
    pub what: &'static str,
    /// Whether the generator leaves such requests out (else the answer pair
    /// is tolerated).
    pub excluded: bool,
}

/// A Query's filter on a key attribute of the table or queried index.
pub const QUERY_FILTER_ON_KEY: Exemption = Exemption {
    name: "query-filter-on-key",
    what: "a Query filter naming a key attribute: DynamoDB refuses it, memory filters",
    excluded: true,
};

/// Secondary index reads of attributes the index does not project.
pub const NON_PROJECTED: Exemption = Exemption {
    name: "non-projected-attributes",
    what: "a projection or filter naming attributes a KEYS_ONLY/INCLUDE index does not project",
    excluded: true,
};

/// DELETE from a set through a parent that is not a map.
pub const DELETE_NON_MAP_PARENT: Exemption = Exemption {
    name: "delete-through-non-map",
    what: "DELETE on a nested path whose parent is not a map: DynamoDB refuses, memory ignores",
    excluded: true,
};

/// BatchGetItem naming a missing table with bad keys.
pub const BATCH_GET_ORDER: Exemption = Exemption {
    name: "batch-get-validation-order",
    what: "BatchGetItem with a missing table and bad keys: DynamoDB validates keys first",
    excluded: true,
};

/// An Update action with an empty update inside a transaction.
pub const EMPTY_TRANSACTION_UPDATE: Exemption = Exemption {
    name: "empty-update-in-transaction",
    what: "a transaction's Update action without actions",
    excluded: true,
};

/// Data errors inside a transaction.
pub const TRANSACTION_DATA_ERROR: Exemption = Exemption {
    name: "transaction-data-error",
    what: "a data error inside a transaction (an index key of the wrong type, an operand of \
           the wrong type): DynamoDB cancels with ValidationError at that action, memory \
           answers Validation",
    excluded: false,
};

/// Operand type errors against the condition of an update.
pub const UPDATE_OPERAND_VS_CONDITION: Exemption = Exemption {
    name: "update-operand-before-condition",
    what: "an update whose operand has the wrong type and whose condition is false: \
           DynamoDB answers Validation, memory ConditionFailed",
    excluded: false,
};

/// A Query with a Limit on a table without sort key (one item per partition).
pub const HASH_ONLY_QUERY_LIMIT: Exemption = Exemption {
    name: "hash-only-query-limit-key",
    what: "a Query with Limit on a table without sort key whose page reaches the limit: \
           DynamoDB Local returns no LastEvaluatedKey (nothing can follow), memory returns one \
           and an empty last page; same items",
    excluded: false,
};

/// Every known disagreement.
pub const ALL: &[Exemption] = &[
    HASH_ONLY_QUERY_LIMIT,
    QUERY_FILTER_ON_KEY,
    NON_PROJECTED,
    DELETE_NON_MAP_PARENT,
    BATCH_GET_ORDER,
    EMPTY_TRANSACTION_UPDATE,
    TRANSACTION_DATA_ERROR,
    UPDATE_OPERAND_VS_CONDITION,
];

fn has_update_condition(op: &Op) -> bool {
    match op {
        Op::Update(r) => r.condition.is_some(),
        Op::TransactWrite { req, .. } => req.actions.iter().any(|a| {
            matches!(
                a,
                TransactWriteAction::Update {
                    condition: Some(_),
                    ..
                }
            )
        }),
        _ => false,
    }
}

/// The exemption that explains `memory` answering differently from
/// `dynamodb` for `op`, if one does.
pub(crate) fn tolerated(op: &Op, memory: &Answer, dynamodb: &Answer) -> Option<Exemption> {
    if let (Op::Query(q), Answer::Pages(m), Answer::Pages(d)) = (op, memory, dynamodb) {
        let items = |p: &Vec<(Vec<dynorm::Item>, u32, Option<dynorm::Item>)>| {
            p.iter().flat_map(|(i, _, _)| i.clone()).collect::<Vec<_>>()
        };
        if q.index.is_none()
            && q.limit.is_some()
            && q.table.ends_with("_hash")
            && items(m) == items(d)
        {
            return Some(HASH_ONLY_QUERY_LIMIT);
        }
    }
    let is_transaction = matches!(op, Op::TransactWrite { .. });
    if is_transaction
        && memory.kind() == Some("Validation")
        && dynamodb.kind() == Some("TransactionCanceled")
        && dynamodb.codes().contains(&"ValidationError")
    {
        return Some(TRANSACTION_DATA_ERROR);
    }
    if has_update_condition(op) {
        let memory_condition = memory.kind() == Some("ConditionFailed")
            || memory.codes().contains(&"ConditionalCheckFailed");
        let dynamodb_operand =
            dynamodb.kind() == Some("Validation") || dynamodb.codes().contains(&"ValidationError");
        if memory_condition && dynamodb_operand {
            return Some(UPDATE_OPERAND_VS_CONDITION);
        }
    }
    None
}
