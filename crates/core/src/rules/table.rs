//! Tables and their indexes: how many indexes a table holds, how many names
//! ListTables answers per page. (Key attribute names: [`key`](super::key).)
//!
//! ```
//! use dynorm::rules::table;
//! assert_eq!((table::MAX_GLOBAL_INDEXES, table::MAX_LOCAL_INDEXES), (20, 5));
//! assert!(table::LIMITS_HINT.starts_with("Refer to the Amazon DynamoDB Developer Guide"));
//! ```

/// Most global secondary indexes per table.
pub const MAX_GLOBAL_INDEXES: usize = 20;
/// Most local secondary indexes per table.
pub const MAX_LOCAL_INDEXES: usize = 5;
/// Most table names in one ListTables page.
pub const MAX_LIST_TABLES: u32 = 100;
/// DynamoDB's suffix to the messages of capacity limits.
pub const LIMITS_HINT: &str =
    "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.";
