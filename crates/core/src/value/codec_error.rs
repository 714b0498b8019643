//! [`CodecError`]: a value that does not convert.

use std::fmt::{self, Display};

/// A conversion between Rust values and DynamoDB values failed: a missing
/// required field, a type mismatch, a number that does not fit, a corrupt
/// compressed value...
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", .attribute.as_deref().map(|a| format!("attribute `{a}`: ")).unwrap_or_default())]
pub struct CodecError {
    /// The attribute (or path) concerned, when known.
    pub attribute: Option<String>,
    /// What went wrong.
    pub message: String,
}

impl CodecError {
    /// An error with a message.
    pub fn custom(message: impl Display) -> CodecError {
        CodecError {
            attribute: None,
            message: message.to_string(),
        }
    }

    /// Names the attribute, if none is named yet (innermost name wins).
    #[must_use]
    pub fn in_attribute(mut self, name: &str) -> CodecError {
        self.attribute = Some(match self.attribute.take() {
            None => name.to_owned(),
            Some(inner) if inner.starts_with('[') => format!("{name}{inner}"),
            Some(inner) => format!("{name}.{inner}"),
        });
        self
    }
}

impl serde::ser::Error for CodecError {
    fn custom<T: Display>(msg: T) -> Self {
        CodecError::custom(msg)
    }
}

impl serde::de::Error for CodecError {
    fn custom<T: Display>(msg: T) -> Self {
        CodecError::custom(msg)
    }
}

/// Shows a key as `{pk: "USER#1", sk: "PROFILE"}` for error messages.
pub(crate) struct KeyDisplay<'a>(pub(crate) &'a super::Item);

impl Display for KeyDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{k}: {}", ValueDisplay(v))?;
        }
        f.write_str("}")
    }
}

/// Shows a value as messages do: `"USER#1"` for a string, `42` for a
/// number, the debug form for the other types.
pub(crate) struct ValueDisplay<'a>(pub(crate) &'a super::Value);

impl Display for ValueDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            super::Value::S(s) => write!(f, "{s:?}"),
            super::Value::N(n) => write!(f, "{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}
