//! DynamoDB's rules, each stated once: limits, the checks that enforce them
//! and the wording of the errors they raise. Core's early checks (the client
//! builders), the parser, the renderer and the backends all use these, so a
//! rule changes in one place.
//!
//! Each module holds one family of rules: its limits as constants and its
//! violations as one enum whose `Display` is DynamoDB's wording and whose
//! `into_error()` is the [`Error::Validation`](crate::Error::Validation)
//! DynamoDB answers (`ValidationException`).
//!
//! ```
//! use dynorm::rules::batch::{self, Violation};
//! let err = Violation::TooManyWrites.into_error();
//! assert!(err.is_validation());
//! assert_eq!(err.to_string(), "validation error: Too many items requested for the BatchWriteItem call");
//! assert_eq!(batch::MAX_WRITES, 25);
//! ```

pub mod batch;
pub mod capacity;
pub mod expression;
pub mod item;
pub mod key;
pub mod partiql;
pub mod read;
pub mod select;
pub mod stream;
pub mod table;
pub mod tags;
pub mod transaction;
pub mod update;

/// Gives a violation enum its `into_error()` and `From<_> for Error`: the
/// `ValidationException` DynamoDB answers, worded as the violation displays.
macro_rules! validation_error {
    ($violation:ty) => {
        impl $violation {
            /// The violation as the error DynamoDB answers:
            /// [`Error::Validation`](crate::Error::Validation) with its wording.
            pub fn into_error(self) -> crate::Error {
                crate::Error::validation(self.to_string())
            }
        }

        impl From<$violation> for crate::Error {
            fn from(v: $violation) -> crate::Error {
                v.into_error()
            }
        }
    };
}
pub(crate) use validation_error;
