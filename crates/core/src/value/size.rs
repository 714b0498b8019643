//! DynamoDB's item size arithmetic.

use super::{Item, Value};

pub use crate::rules::item::MAX_ITEM_SIZE;

/// The size DynamoDB computes for an item: for every attribute, the UTF-8
/// length of its name plus the size of its value.
///
/// ```
/// use dynorm::{item_size, Item};
/// let item = Item::new().with("pk", "abc").with("ok", true);
/// assert_eq!(item_size(&item), 2 + 3 + 2 + 1);
/// ```
pub fn item_size(item: &Item) -> usize {
    // A packed item's size was counted when it was packed.
    if let Some(packed) = item.packed_form() {
        return packed.item_size();
    }
    item.iter().map(|(k, v)| k.len() + value_size(v)).sum()
}

/// The size DynamoDB computes for one value: S is its UTF-8 length, B its raw
/// length, N about one byte per two significant digits plus one, BOOL and NULL
/// one byte, L and M three bytes plus one per element plus their contents.
pub fn value_size(value: &Value) -> usize {
    match value {
        Value::S(s) => s.len(),
        Value::N(n) => n.storage_size(),
        Value::B(b) => b.len(),
        Value::Bool(_) | Value::Null => 1,
        Value::M(m) => {
            3 + m
                .iter()
                .map(|(k, v)| 1 + k.len() + value_size(v))
                .sum::<usize>()
        }
        Value::L(l) => 3 + l.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        Value::Ss(s) => s.iter().map(String::len).sum(),
        Value::Ns(n) => n.iter().map(|n| n.storage_size()).sum(),
        Value::Bs(b) => b.iter().map(Vec::len).sum(),
    }
}
