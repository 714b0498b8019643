//! [`Operation`]: the name of every operation of the [`Backend`](super::Backend) trait.

use std::fmt;

/// One operation of the [`Backend`](super::Backend) trait, named as DynamoDB names it.
///
/// Non-exhaustive: operations are added as the trait grows.
///
/// ```
/// use dynorm::backend::Operation;
/// assert_eq!(Operation::GetItem.as_str(), "GetItem");
/// assert!(Operation::ALL.contains(&Operation::UpdateTable));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Operation {
    /// GetItem.
    GetItem,
    /// PutItem.
    PutItem,
    /// UpdateItem.
    UpdateItem,
    /// DeleteItem.
    DeleteItem,
    /// Query.
    Query,
    /// Scan.
    Scan,
    /// BatchGetItem.
    BatchGetItem,
    /// BatchWriteItem.
    BatchWriteItem,
    /// TransactWriteItems.
    TransactWriteItems,
    /// TransactGetItems.
    TransactGetItems,
    /// CreateTable.
    CreateTable,
    /// UpdateTable.
    UpdateTable,
    /// DescribeTable.
    DescribeTable,
    /// DeleteTable.
    DeleteTable,
    /// ListTables.
    ListTables,
    /// UpdateTimeToLive.
    UpdateTimeToLive,
    /// DescribeTimeToLive.
    DescribeTimeToLive,
    /// TagResource.
    TagResource,
    /// UntagResource.
    UntagResource,
    /// ListTagsOfResource.
    ListTagsOfResource,
    /// ExecuteStatement (PartiQL).
    ExecuteStatement,
    /// BatchExecuteStatement (PartiQL).
    BatchExecuteStatement,
    /// ExecuteTransaction (PartiQL).
    ExecuteTransaction,
    /// ListStreams (DynamoDB Streams).
    ListStreams,
    /// DescribeStream (DynamoDB Streams).
    DescribeStream,
    /// GetShardIterator (DynamoDB Streams).
    GetShardIterator,
    /// GetRecords (DynamoDB Streams).
    GetRecords,
}

impl Operation {
    /// Every operation of this version of the trait, in declaration order.
    pub const ALL: &'static [Operation] = &[
        Operation::GetItem,
        Operation::PutItem,
        Operation::UpdateItem,
        Operation::DeleteItem,
        Operation::Query,
        Operation::Scan,
        Operation::BatchGetItem,
        Operation::BatchWriteItem,
        Operation::TransactWriteItems,
        Operation::TransactGetItems,
        Operation::CreateTable,
        Operation::UpdateTable,
        Operation::DescribeTable,
        Operation::DeleteTable,
        Operation::ListTables,
        Operation::UpdateTimeToLive,
        Operation::DescribeTimeToLive,
        Operation::TagResource,
        Operation::UntagResource,
        Operation::ListTagsOfResource,
        Operation::ExecuteStatement,
        Operation::BatchExecuteStatement,
        Operation::ExecuteTransaction,
        Operation::ListStreams,
        Operation::DescribeStream,
        Operation::GetShardIterator,
        Operation::GetRecords,
    ];

    /// DynamoDB's name of the operation (`"GetItem"`, `"UpdateTable"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::GetItem => "GetItem",
            Operation::PutItem => "PutItem",
            Operation::UpdateItem => "UpdateItem",
            Operation::DeleteItem => "DeleteItem",
            Operation::Query => "Query",
            Operation::Scan => "Scan",
            Operation::BatchGetItem => "BatchGetItem",
            Operation::BatchWriteItem => "BatchWriteItem",
            Operation::TransactWriteItems => "TransactWriteItems",
            Operation::TransactGetItems => "TransactGetItems",
            Operation::CreateTable => "CreateTable",
            Operation::UpdateTable => "UpdateTable",
            Operation::DescribeTable => "DescribeTable",
            Operation::DeleteTable => "DeleteTable",
            Operation::ListTables => "ListTables",
            Operation::UpdateTimeToLive => "UpdateTimeToLive",
            Operation::DescribeTimeToLive => "DescribeTimeToLive",
            Operation::TagResource => "TagResource",
            Operation::UntagResource => "UntagResource",
            Operation::ListTagsOfResource => "ListTagsOfResource",
            Operation::ExecuteStatement => "ExecuteStatement",
            Operation::BatchExecuteStatement => "BatchExecuteStatement",
            Operation::ExecuteTransaction => "ExecuteTransaction",
            Operation::ListStreams => "ListStreams",
            Operation::DescribeStream => "DescribeStream",
            Operation::GetShardIterator => "GetShardIterator",
            Operation::GetRecords => "GetRecords",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_listed_once_with_a_distinct_name() {
        let names: std::collections::BTreeSet<&str> =
            Operation::ALL.iter().map(|o| o.as_str()).collect();
        assert_eq!(names.len(), Operation::ALL.len());
        assert_eq!(Operation::ALL.len(), 27);
        assert_eq!(
            Operation::TransactWriteItems.to_string(),
            "TransactWriteItems"
        );
    }
}
