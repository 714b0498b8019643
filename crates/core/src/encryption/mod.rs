//! Envelope encryption for encrypted attributes
//! ([`Encrypted`](crate::attributes::Encrypted)): the [`KeyService`] trait
//! that makes and decrypts data keys (AWS KMS in `dynorm-kms`, local keys in
//! `dynorm-memory`), the stored format ([`Envelope`]) and
//! [`EncryptionError`].
//!
//! # The format (pydynox 1.8's `EncryptedAttribute`)
//!
//! Each value written gets a data key of its own from
//! [`KeyService::generate_data_key`] (KMS `GenerateDataKey`,
//! `KeySpec=AES_256`) under the attribute's key and encryption context.
//! The value's UTF-8 text is sealed with AES-256-GCM under that key with a
//! random 96-bit nonce and no additional authenticated data, and the
//! attribute is stored as a string (`S`):
//!
//! ```text
//! "ENC:" + base64(standard alphabet, padded) of
//!   version   1 byte    0x01
//!   key_len   2 bytes   big-endian length of the encrypted data key
//!   key       key_len   KMS CiphertextBlob of the data key
//!   nonce     12 bytes
//!   data      n bytes   AES-256-GCM ciphertext of the text
//!   tag       16 bytes  GCM authentication tag
//! ```
//!
//! Reading decrypts the data key with [`KeyService::decrypt_data_key`]
//! (KMS `Decrypt` with the same encryption context; dynorm also names the
//! attribute's key, so KMS refuses a value written under another key) and
//! opens the value with it. The encryption context is exactly the
//! attribute's `context` pairs: pydynox adds none of its own, so items
//! written by either library decrypt in the other with the same key and
//! context.
//!
//! pydynox's `EncryptionMode` (`ReadWrite`, `WriteOnly`, `ReadOnly`) has no
//! counterpart: dynorm always encrypts on write and decrypts on read, and
//! refuses a stored value that is not an envelope (pydynox returns such a
//! string as it is), so a value replaced by plaintext in the table is an
//! error, not a silent read.

mod envelope;
mod error;
mod key_service;

pub use envelope::{aes_gcm_open, aes_gcm_seal, Envelope, ENCRYPTED_PREFIX, ENVELOPE_VERSION};
pub(crate) use error::in_attribute;
pub use error::{EncryptionError, EncryptionErrorKind};
pub use key_service::{DataKey, EncryptionContext, KeyService};
