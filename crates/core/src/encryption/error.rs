//! [`EncryptionError`]: why an encrypted attribute could not be written or read.

use crate::error::BoxError;
use std::fmt;

/// The kind of an [`EncryptionError`], the same for every key service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncryptionErrorKind {
    /// The value was encrypted under another key than the attribute's
    /// (KMS `IncorrectKeyException`).
    WrongKey,
    /// The ciphertext or its data key failed authentication: changed after
    /// it was written, or read with another encryption context (KMS
    /// `InvalidCiphertextException`, an AES-GCM tag mismatch).
    Integrity,
    /// The stored value is not in the envelope format: no `ENC:` prefix,
    /// invalid base64, an unknown version, too short, not UTF-8.
    Format,
    /// The key cannot be used: it does not exist, is disabled, or the
    /// credentials may not use it.
    KeyUnavailable,
    /// The key service could not be reached, or the call timed out.
    Network,
    /// Anything else the key service reported.
    Other,
}

impl EncryptionErrorKind {
    /// A short lowercase name, used in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            EncryptionErrorKind::WrongKey => "wrong key",
            EncryptionErrorKind::Integrity => "integrity check failed",
            EncryptionErrorKind::Format => "not an encrypted value",
            EncryptionErrorKind::KeyUnavailable => "key unavailable",
            EncryptionErrorKind::Network => "network error",
            EncryptionErrorKind::Other => "key service error",
        }
    }
}

/// An encrypted attribute that could not be encrypted or decrypted: what
/// kind of failure, which attribute, the message (one line) and, where the
/// key service had them, its request id and its own error as the
/// [`source`](std::error::Error::source).
///
/// ```
/// use dynorm::encryption::{EncryptionError, EncryptionErrorKind};
/// let e = EncryptionError::new(EncryptionErrorKind::Integrity, "the ciphertext was changed")
///     .in_attribute("ssn");
/// assert_eq!(e.to_string(), "encrypted attribute `ssn`: integrity check failed: the ciphertext was changed");
/// let e = dynorm::Error::from(e);
/// assert!(e.is_encryption());
/// assert_eq!(e.encryption_error().and_then(|e| e.attribute.as_deref()), Some("ssn"));
/// ```
#[derive(Debug)]
pub struct EncryptionError {
    /// What went wrong.
    pub kind: EncryptionErrorKind,
    /// The attribute being encrypted or decrypted, when known.
    pub attribute: Option<String>,
    /// The message.
    pub message: String,
    /// The request id the key service gave, when it answered.
    pub request_id: Option<Box<str>>,
    /// The error behind this one (the key service's SDK error).
    pub source: Option<BoxError>,
}

impl EncryptionError {
    /// An error of this kind with a message, for no attribute yet.
    pub fn new(kind: EncryptionErrorKind, message: impl Into<String>) -> EncryptionError {
        EncryptionError {
            kind,
            attribute: None,
            message: message.into(),
            request_id: None,
            source: None,
        }
    }

    /// The same error naming the attribute, unless one is named already.
    #[must_use]
    pub fn in_attribute(mut self, attribute: &str) -> EncryptionError {
        if self.attribute.is_none() {
            self.attribute = Some(attribute.to_owned());
        }
        self
    }

    /// The same error with the error behind it.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<BoxError>) -> EncryptionError {
        self.source = Some(source.into());
        self
    }

    /// The same error with the request id the key service gave.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> EncryptionError {
        self.request_id = Some(request_id.into().into_boxed_str());
        self
    }
}

impl fmt::Display for EncryptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(attribute) = &self.attribute {
            write!(f, "encrypted attribute `{attribute}`: ")?;
        }
        write!(f, "{}: {}", self.kind.as_str(), self.message)
    }
}

impl std::error::Error for EncryptionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// Names the attribute of an [`Error::Encryption`](crate::Error::Encryption)
/// (other errors pass unchanged).
pub(crate) fn in_attribute(error: crate::Error, attribute: &str) -> crate::Error {
    match error {
        crate::Error::Encryption(e) => crate::Error::Encryption(e.in_attribute(attribute)),
        other => other,
    }
}
