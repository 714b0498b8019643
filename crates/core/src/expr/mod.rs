//! Expressions as typed trees: attribute paths, conditions and filters,
//! update actions, key conditions and projections.
//!
//! Core builds these trees; the memory backend evaluates them and the DynamoDB
//! backend sends them as expression strings with `#n`/`:v` placeholders
//! ([`render`]). Names and values never appear inside expression text, so
//! reserved words and odd characters just work. Expression strings written by
//! hand, with their placeholder maps, are read into the same trees by
//! [`parse`].
//!
//! ```
//! use dynorm::expr::{attr, Condition};
//! let cond = attr("status").eq("active") & attr("age").between(18, 65);
//! assert!(matches!(cond, Condition::And(_)));
//! ```

mod condition;
mod key_condition;
pub mod parse;
mod path;
pub mod render;
mod update;

pub use condition::{attr, AttrRef, CompareOp, Condition, Operand};
pub use key_condition::{KeyCondition, SortCondition, SortOp};
pub use path::{Path, PathParseError, PathSegment};
pub use update::{SetExpr, Update, UpdateAction, UpdateOperand};
