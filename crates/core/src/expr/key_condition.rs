//! Key conditions for queries.

use crate::value::Value;

/// The operator on the sort key of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum SortOp {
    /// `sk = v`
    Eq(Value),
    /// `sk < v`
    Lt(Value),
    /// `sk <= v`
    Le(Value),
    /// `sk > v`
    Gt(Value),
    /// `sk >= v`
    Ge(Value),
    /// `sk BETWEEN a AND b`
    Between(Value, Value),
    /// `begins_with(sk, prefix)`
    BeginsWith(Value),
}

/// A condition on the sort key attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct SortCondition {
    /// The sort key attribute name.
    pub name: String,
    /// The operator and its values.
    pub op: SortOp,
}

/// A query's key condition: equality on the partition key, optionally a
/// condition on the sort key.
///
/// ```
/// use dynorm::expr::{KeyCondition, SortOp};
/// let kc = KeyCondition::partition("pk", "USER#1").sort("sk", SortOp::BeginsWith("ORDER#".into()));
/// assert_eq!(kc.partition_name, "pk");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCondition {
    /// The partition key attribute name.
    pub partition_name: String,
    /// The partition key value.
    pub partition_value: Value,
    /// The sort key condition, if any.
    pub sort: Option<SortCondition>,
}

impl KeyCondition {
    /// `pk = value`.
    pub fn partition(name: impl Into<String>, value: impl Into<Value>) -> KeyCondition {
        KeyCondition {
            partition_name: name.into(),
            partition_value: value.into(),
            sort: None,
        }
    }

    /// Adds the sort key condition.
    #[must_use]
    pub fn sort(mut self, name: impl Into<String>, op: SortOp) -> KeyCondition {
        self.sort = Some(SortCondition {
            name: name.into(),
            op,
        });
        self
    }
}
