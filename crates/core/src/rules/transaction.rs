//! TransactWriteItems and TransactGetItems: how many actions, how large, one
//! action per item, and what every action must hold.
//!
//! Core's transaction builders and the backends check these with the same
//! words.
//!
//! ```
//! use dynorm::rules::transaction::{self, Violation};
//! assert_eq!(transaction::check_action_count(101), Err(Violation::TooManyActions));
//! assert_eq!(transaction::check_action_count(100), Ok(()));
//! assert!(Violation::TooManyActions
//!     .to_string()
//!     .ends_with("Member must have length less than or equal to 100"));
//! ```

use crate::backend::TransactWriteAction;

/// Most actions in one transaction.
pub const MAX_ACTIONS: usize = 100;
/// Largest transaction, in bytes (the items put and the keys of the other
/// actions).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// A transaction rule that a request broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// A transaction without actions.
    #[error("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1")]
    Empty,
    /// More than [`MAX_ACTIONS`] actions. DynamoDB Local answers the last
    /// sentence alone; the kit matches it.
    #[error("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to {MAX_ACTIONS}")]
    TooManyActions,
    /// More than [`MAX_BYTES`] in all (DynamoDB Local's wording).
    #[error("Transaction payload size cannot exceed 4MB. Payload Size: {0}")]
    TooLarge(usize),
    /// Two actions on one item.
    #[error("Transaction request cannot include multiple operations on one item")]
    SameItem,
    /// An update action without an update expression (`position` counts
    /// from 1, as DynamoDB's constraint messages do).
    #[error("1 validation error detected: Value null at 'transactItems.{0}.member.update.updateExpression' failed to satisfy constraint: Member must not be null")]
    UpdateWithoutExpression(usize),
}

super::validation_error!(Violation);

/// Checks that every Update action of a transaction has an update
/// (DynamoDB requires its `UpdateExpression`; a single UpdateItem does not).
///
/// ```
/// use dynorm::backend::TransactWriteAction;
/// use dynorm::expr::Update;
/// use dynorm::rules::transaction::{check_updates, Violation};
/// use dynorm::Item;
/// let empty = TransactWriteAction::update("t", Item::new().with("pk", "a"), Update::new());
/// assert_eq!(check_updates(&[empty]), Err(Violation::UpdateWithoutExpression(1)));
/// ```
pub fn check_updates(actions: &[TransactWriteAction]) -> Result<(), Violation> {
    for (i, action) in actions.iter().enumerate() {
        if let TransactWriteAction::Update { update, .. } = action {
            if update.actions().is_empty() {
                return Err(Violation::UpdateWithoutExpression(i + 1));
            }
        }
    }
    Ok(())
}

/// Checks the number of actions of a transaction: 1 to [`MAX_ACTIONS`].
///
/// ```
/// use dynorm::rules::transaction::{check_action_count, Violation};
/// assert_eq!(check_action_count(0), Err(Violation::Empty));
/// ```
pub fn check_action_count(n: usize) -> Result<(), Violation> {
    match n {
        0 => Err(Violation::Empty),
        n if n > MAX_ACTIONS => Err(Violation::TooManyActions),
        _ => Ok(()),
    }
}

/// Checks a transaction's total size against [`MAX_BYTES`].
///
/// ```
/// use dynorm::rules::transaction::{check_size, Violation, MAX_BYTES};
/// assert_eq!(check_size(MAX_BYTES), Ok(()));
/// assert_eq!(check_size(MAX_BYTES + 1), Err(Violation::TooLarge(MAX_BYTES + 1)));
/// ```
pub fn check_size(bytes: usize) -> Result<(), Violation> {
    if bytes > MAX_BYTES {
        return Err(Violation::TooLarge(bytes));
    }
    Ok(())
}
