//! [`MemoryKeyService`]: local master keys for encrypted attributes in tests.

use async_trait::async_trait;
use dynorm::encryption::{
    aes_gcm_open, aes_gcm_seal, DataKey, EncryptionContext, EncryptionError, EncryptionErrorKind,
    KeyService,
};
use dynorm::Result;
use ring::digest::{digest, SHA256};
use ring::rand::{SecureRandom, SystemRandom};
use std::collections::BTreeSet;

/// A key service in memory that answers like KMS: keys must be created
/// before use (an unknown key is
/// [`KeyUnavailable`](EncryptionErrorKind::KeyUnavailable)), a data key
/// decrypted under another key is
/// [`WrongKey`](EncryptionErrorKind::WrongKey), and another encryption
/// context or a changed encrypted key is
/// [`Integrity`](EncryptionErrorKind::Integrity). Each name given to
/// [`with_key`](MemoryKeyService::with_key) (`"alias/app"`, a key id) is a
/// key of its own, whose master key is derived from the name (SHA-256), so
/// two services with the same keys read each other's data keys.
///
/// Data keys are random and wrapped with real AES-256-GCM, the encryption
/// context as additional authenticated data:
/// `name length (1) | name | nonce (12) | wrapped key (32) | tag (16)`.
/// For tests only: the master keys are not secret.
///
/// ```
/// use dynorm::encryption::{EncryptionContext, KeyService};
/// use dynorm_memory::MemoryKeyService;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let keys = MemoryKeyService::new().with_key("alias/app");
/// let context = EncryptionContext::from([("tenant".to_owned(), "acme".to_owned())]);
/// let data_key = keys.generate_data_key("alias/app", &context).await?;
/// let plain = keys.decrypt_data_key("alias/app", &data_key.encrypted, &context).await?;
/// assert_eq!(plain, data_key.plaintext);
/// assert!(keys.decrypt_data_key("alias/app", &data_key.encrypted, &EncryptionContext::new()).await.is_err());
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryKeyService {
    keys: BTreeSet<String>,
}

fn error(kind: EncryptionErrorKind, message: String) -> dynorm::Error {
    EncryptionError::new(kind, message).into()
}

impl MemoryKeyService {
    /// A service with no keys.
    pub fn new() -> MemoryKeyService {
        MemoryKeyService::default()
    }

    /// The same service with the key `name`.
    #[must_use]
    pub fn with_key(mut self, name: impl Into<String>) -> MemoryKeyService {
        self.keys.insert(name.into());
        self
    }

    /// The master key of `name`, when the service has it.
    fn master_key(&self, name: &str) -> Result<Vec<u8>> {
        if !self.keys.contains(name) {
            return Err(error(
                EncryptionErrorKind::KeyUnavailable,
                format!("key `{name}` does not exist"),
            ));
        }
        let seed = format!("dynorm-memory-key-service:{name}");
        Ok(digest(&SHA256, seed.as_bytes()).as_ref().to_vec())
    }
}

/// The context as the bytes the wrapped key authenticates.
fn context_bytes(context: &EncryptionContext) -> Vec<u8> {
    serde_json::to_vec(context).unwrap_or_default()
}

#[async_trait]
impl KeyService for MemoryKeyService {
    fn name(&self) -> &'static str {
        "memory"
    }

    async fn generate_data_key(
        &self,
        key_id: &str,
        context: &EncryptionContext,
    ) -> Result<DataKey> {
        let master = self.master_key(key_id)?;
        let name_len = u8::try_from(key_id.len()).map_err(|_| {
            error(
                EncryptionErrorKind::Other,
                format!("key name `{key_id}` is longer than 255 bytes"),
            )
        })?;
        let mut plaintext = vec![0u8; 32];
        SystemRandom::new()
            .fill(&mut plaintext)
            .map_err(|_| error(EncryptionErrorKind::Other, "no random data key".into()))?;
        let mut encrypted = vec![name_len];
        encrypted.extend_from_slice(key_id.as_bytes());
        encrypted.extend(aes_gcm_seal(&master, &context_bytes(context), &plaintext)?);
        Ok(DataKey {
            plaintext,
            encrypted,
        })
    }

    async fn decrypt_data_key(
        &self,
        key_id: &str,
        encrypted: &[u8],
        context: &EncryptionContext,
    ) -> Result<Vec<u8>> {
        let invalid = || {
            error(
                EncryptionErrorKind::Integrity,
                "the encrypted data key is not one this service made".into(),
            )
        };
        let (&len, rest) = encrypted.split_first().ok_or_else(invalid)?;
        let len = usize::from(len);
        if rest.len() < len {
            return Err(invalid());
        }
        let (name, wrapped) = rest.split_at(len);
        let name = std::str::from_utf8(name).map_err(|_| invalid())?;
        if name != key_id {
            self.master_key(key_id)?;
            return Err(error(
                EncryptionErrorKind::WrongKey,
                format!("the data key was encrypted under key `{name}`, not `{key_id}`"),
            ));
        }
        let master = self.master_key(name)?;
        Ok(aes_gcm_open(&master, &context_bytes(context), wrapped).map_err(|e| {
            EncryptionError::new(
                EncryptionErrorKind::Integrity,
                format!(
                    "the data key does not decrypt under key `{name}` with this encryption context ({})",
                    e.message
                ),
            )
        })?)
    }
}
