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
//! Paths are [`Path`]s, written as strings (`"address.lines[2]"`) or, for
//! models, as the typed [`FieldPath`]s `#[derive(Model)]` generates
//! (`User::fields().address.fields().city`); every method taking a path
//! takes either (`impl Into<Path>`).
//!
//! ```
//! use dynorm::expr::{attr, Condition};
//! let cond = attr("status").eq("active") & attr("age").between(18, 65);
//! assert!(matches!(cond, Condition::And(_)));
//! ```

mod attribute_name;
mod condition;
mod field_path;
mod key_condition;
pub mod parse;
mod path;
pub mod render;
mod strings;
mod update;

pub use attribute_name::AttributeName;
pub use condition::{attr, AttrRef, CompareOp, Condition, Operand};
/// `#[derive(Attributes)]`: typed paths of a nested struct's fields; see
/// [`Model`](macro@crate::Model) for the paths API.
pub use dynorm_derive::Attributes;
pub use field_path::{Attributes, FieldPath, ListAttribute, MapAttribute};
pub use key_condition::{KeyCondition, SortCondition, SortOp};
pub use path::{Path, PathParseError, PathSegment};
pub(crate) use strings::{and_conditions, join_paths, join_updates, KeyNames, StringExprs};
pub use strings::{Names, Values};
pub use update::{SetExpr, Update, UpdateAction, UpdateOperand};
