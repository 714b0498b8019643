//! Update expressions applied to an item: what DynamoDB finds wrong only once
//! it reads the item (the checks it makes on the expression alone are in
//! [`expression`](super::expression)).
//!
//! ```
//! use dynorm::rules::update::Violation;
//! assert_eq!(
//!     Violation::KeyAttribute("sk".into()).to_string(),
//!     "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key"
//! );
//! ```

/// An update rule that a request broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Violation {
    /// An operand path that the item does not hold.
    #[error("The provided expression refers to an attribute that does not exist in the item")]
    MissingAttribute,
    /// An operand of a type the operation does not take (`list_append` of
    /// a map, `+` on a string, ADD of a number to a set...).
    #[error("An operand in the update expression has an incorrect data type")]
    OperandType,
    /// A path whose parent is missing or is not a map (or list, for an index).
    #[error("The document path provided in the update expression is invalid for update")]
    InvalidPath,
    /// An action on a key attribute of the table.
    #[error("One or more parameter values were invalid: Cannot update attribute {0}. This attribute is part of the key")]
    KeyAttribute(String),
}

super::validation_error!(Violation);
