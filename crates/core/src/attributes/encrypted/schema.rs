//! [`EncryptedAttributeSchema`]: the key and context of an encrypted attribute.

use super::Encrypted;
use crate::encryption::EncryptionContext;

/// An encrypted attribute of a model, from
/// `#[dynorm(encrypted(key = "...", context(name = "value", ...)))]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncryptedAttributeSchema {
    /// The attribute holding the envelope.
    pub attribute: &'static str,
    /// The KMS key (id, ARN or alias) data keys are made under.
    pub key_id: &'static str,
    /// The encryption context, as pairs.
    pub context: &'static [(&'static str, &'static str)],
}

impl EncryptedAttributeSchema {
    /// The encryption context data keys are bound to.
    ///
    /// ```
    /// use dynorm::attributes::EncryptedAttributeSchema;
    /// let s = EncryptedAttributeSchema { attribute: "ssn", key_id: "alias/k", context: &[("tenant", "acme")] };
    /// assert_eq!(s.encryption_context()["tenant"], "acme");
    /// ```
    pub fn encryption_context(&self) -> EncryptionContext {
        self.context
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }
}

/// The field types `#[dynorm(encrypted(...))]` accepts: [`Encrypted<T>`]
/// and `Option<Encrypted<T>>` (checked by the derive).
pub trait EncryptedField {}

impl<T> EncryptedField for Encrypted<T> {}
impl<T> EncryptedField for Option<Encrypted<T>> {}
