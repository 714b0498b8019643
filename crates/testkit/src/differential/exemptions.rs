//! The disagreements the comparison knows about, by name.
//!
//! Each is either left out of the generator (it never builds such a request)
//! or tolerated when it shows up in exactly its known shape; a tolerated one
//! is counted and reported by name, never passed silently. Both kinds go
//! when the memory backend answers these requests as DynamoDB does.

use super::answer::Answer;
use super::Op;

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

/// A transaction with two actions on one item, refused at another step.
pub const SAME_ITEM_VS_CONDITION: Exemption = Exemption {
    name: "same-item-before-conditions",
    what: "a transaction with two actions on one item: DynamoDB Local looks at it only after \
           the client request token and the conditions (IdempotentParameterMismatch, or \
           TransactionCanceled with ConditionalCheckFailed), memory refuses the request as \
           DynamoDB validates it, before reading any item (ValidationException: multiple \
           operations on one item)",
    excluded: false,
};

/// A Scan of a global index whose filter names attributes the index does
/// not project (the kit's `global_index_reads_of_unprojected_attributes_are_rejected`
/// shows the same).
pub const GLOBAL_SCAN_FILTER_ON_TABLE_ITEM: Exemption = Exemption {
    name: "global-scan-filter-on-table-item",
    what: "a Scan of a KEYS_ONLY or INCLUDE global index filtering on attributes the index \
           does not project: DynamoDB Local evaluates the filter on the table's item, memory \
           (as DynamoDB) on what the index holds; same items evaluated, memory's items among \
           Local's",
    excluded: false,
};

/// Every known disagreement.
pub const ALL: &[Exemption] = &[SAME_ITEM_VS_CONDITION, GLOBAL_SCAN_FILTER_ON_TABLE_ITEM];

/// The exemption that explains `memory` answering differently from
/// `dynamodb` for `op`, if one does.
pub(crate) fn tolerated(op: &Op, memory: &Answer, dynamodb: &Answer) -> Option<Exemption> {
    if let (
        Op::Scan { req, .. },
        Answer::Scanned {
            items: m,
            scanned: ms,
            ..
        },
        Answer::Scanned {
            items: d,
            scanned: ds,
            ..
        },
    ) = (op, memory, dynamodb)
    {
        let partial_global = matches!(req.index.as_deref(), Some("g_keys" | "g_incl"));
        if partial_global && req.filter.is_some() && ms == ds && m.iter().all(|i| d.contains(i)) {
            return Some(GLOBAL_SCAN_FILTER_ON_TABLE_ITEM);
        }
    }
    if let (Op::TransactWrite { .. }, Answer::Failed(m)) = (op, memory) {
        let same_item = dynorm::rules::transaction::Violation::SameItem.to_string();
        if m.kind == "Validation"
            && m.message.contains(&same_item)
            && (dynamodb.codes().contains(&"ConditionalCheckFailed")
                || dynamodb.kind() == Some("IdempotentParameterMismatch"))
        {
            return Some(SAME_ITEM_VS_CONDITION);
        }
    }
    None
}
