//! [`KeyService`]: where the data keys of encrypted attributes come from.

use crate::error::Result;
use async_trait::async_trait;
use std::collections::BTreeMap;
use std::fmt;

/// The encryption context of a data key: name-value pairs bound to it,
/// which must be given again, the same, to decrypt it (KMS's
/// `EncryptionContext`).
pub type EncryptionContext = BTreeMap<String, String>;

/// A data key made by [`KeyService::generate_data_key`]: the AES-256 key
/// (32 bytes) that encrypts one value, and the same key encrypted under the
/// master key, stored beside the value.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey {
    /// The key itself (32 bytes); used once, never stored.
    pub plaintext: Vec<u8>,
    /// The key encrypted under the master key (KMS's `CiphertextBlob`).
    pub encrypted: Vec<u8>,
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey")
            .field("plaintext", &"<redacted>")
            .field("encrypted", &format_args!("{} bytes", self.encrypted.len()))
            .finish()
    }
}

/// A key management service: makes and decrypts the data keys of encrypted
/// attributes ([`Encrypted`](crate::attributes::Encrypted)), envelope
/// encryption as AWS KMS does it. `dynorm-kms`'s `KmsKeyService` is AWS KMS;
/// `dynorm-memory`'s `MemoryKeyService` keeps local keys for tests.
///
/// Every failure is an [`Error::Encryption`](crate::Error::Encryption)
/// whose [`EncryptionErrorKind`](super::EncryptionErrorKind) is the same
/// whatever the service.
///
/// ```
/// use dynorm::encryption::{DataKey, EncryptionContext, KeyService};
///
/// /// Hands out one fixed key: for illustration only.
/// #[derive(Debug)]
/// struct Fixed;
///
/// #[async_trait::async_trait]
/// impl KeyService for Fixed {
///     fn name(&self) -> &'static str { "fixed" }
///     async fn generate_data_key(&self, _key_id: &str, _context: &EncryptionContext) -> dynorm::Result<DataKey> {
///         Ok(DataKey { plaintext: vec![7; 32], encrypted: b"fixed".to_vec() })
///     }
///     async fn decrypt_data_key(&self, _key_id: &str, _encrypted: &[u8], _context: &EncryptionContext) -> dynorm::Result<Vec<u8>> {
///         Ok(vec![7; 32])
///     }
/// }
/// # let _ = std::sync::Arc::new(Fixed) as std::sync::Arc<dyn KeyService>;
/// ```
#[async_trait]
pub trait KeyService: Send + Sync + fmt::Debug {
    /// A short name for messages (`"memory"`, `"kms"`).
    fn name(&self) -> &'static str;

    /// A new AES-256 data key under the master key `key_id` (a key id, ARN
    /// or alias), bound to `context` (KMS `GenerateDataKey` with
    /// `KeySpec=AES_256`).
    async fn generate_data_key(&self, key_id: &str, context: &EncryptionContext)
        -> Result<DataKey>;

    /// The plaintext of a data key encrypted under `key_id` with `context`
    /// (KMS `Decrypt`). Another key is a
    /// [`WrongKey`](super::EncryptionErrorKind::WrongKey) error, another
    /// context or a changed key an
    /// [`Integrity`](super::EncryptionErrorKind::Integrity) error.
    async fn decrypt_data_key(
        &self,
        key_id: &str,
        encrypted: &[u8],
        context: &EncryptionContext,
    ) -> Result<Vec<u8>>;
}
