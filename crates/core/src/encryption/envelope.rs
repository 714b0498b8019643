//! The stored form of an encrypted value (pydynox's envelope), and the
//! AES-256-GCM sealing behind it.

use super::{DataKey, EncryptionError, EncryptionErrorKind};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};

/// The prefix of every encrypted value.
pub const ENCRYPTED_PREFIX: &str = "ENC:";

/// The envelope's version byte.
pub const ENVELOPE_VERSION: u8 = 1;

/// The length of an AES-GCM authentication tag.
const TAG_LEN: usize = 16;

fn format_error(message: impl Into<String>) -> EncryptionError {
    EncryptionError::new(EncryptionErrorKind::Format, message)
}

fn cipher(key: &[u8]) -> Result<LessSafeKey, EncryptionError> {
    UnboundKey::new(&AES_256_GCM, key)
        .map(LessSafeKey::new)
        .map_err(|_| {
            EncryptionError::new(
                EncryptionErrorKind::Other,
                format!("a data key must be 32 bytes, got {}", key.len()),
            )
        })
}

/// Encrypts `plaintext` with AES-256-GCM under `key` (32 bytes) and a
/// random 96-bit nonce, authenticating `aad` too: returns
/// `nonce (12) | ciphertext | tag (16)`.
///
/// ```
/// use dynorm::encryption::{aes_gcm_open, aes_gcm_seal};
/// let key = [9u8; 32];
/// let sealed = aes_gcm_seal(&key, b"context", b"secret")?;
/// assert_eq!(sealed.len(), 12 + 6 + 16);
/// assert_eq!(aes_gcm_open(&key, b"context", &sealed)?, b"secret");
/// assert!(aes_gcm_open(&key, b"other context", &sealed).is_err());
/// # Ok::<(), dynorm::encryption::EncryptionError>(())
/// ```
pub fn aes_gcm_seal(key: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, EncryptionError> {
    let cipher = cipher(key)?;
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new().fill(&mut nonce).map_err(|_| {
        EncryptionError::new(EncryptionErrorKind::Other, "no random nonce available")
    })?;
    let mut out = Vec::with_capacity(NONCE_LEN + plaintext.len() + TAG_LEN);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(plaintext);
    let mut body = out.split_off(NONCE_LEN);
    cipher
        .seal_in_place_append_tag(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut body,
        )
        .map_err(|_| EncryptionError::new(EncryptionErrorKind::Other, "AES-GCM sealing failed"))?;
    out.append(&mut body);
    Ok(out)
}

/// Decrypts what [`aes_gcm_seal`] made (`nonce | ciphertext | tag`) with the
/// same `key` and `aad`; anything changed, another key or another `aad` is
/// an [`Integrity`](EncryptionErrorKind::Integrity) error.
pub fn aes_gcm_open(key: &[u8], aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, EncryptionError> {
    let cipher = cipher(key)?;
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(format_error(format!(
            "the encrypted data is {} bytes, shorter than a nonce and a tag ({})",
            sealed.len(),
            NONCE_LEN + TAG_LEN
        )));
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce)
        .map_err(|_| format_error("the nonce is not 12 bytes"))?;
    let mut body = body.to_vec();
    let plain = cipher
        .open_in_place(nonce, Aad::from(aad), &mut body)
        .map_err(|_| {
            EncryptionError::new(
                EncryptionErrorKind::Integrity,
                "AES-GCM authentication failed: the ciphertext was changed or the key is not the one it was written with",
            )
        })?;
    let n = plain.len();
    body.truncate(n);
    Ok(body)
}

/// An encrypted value as stored: the data key encrypted under the master
/// key, and the value sealed with the data key (`nonce | ciphertext | tag`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The data key as the key service encrypted it.
    pub encrypted_key: Vec<u8>,
    /// The value sealed with the data key ([`aes_gcm_seal`], no AAD).
    pub sealed: Vec<u8>,
}

impl Envelope {
    /// Seals `plaintext` with `data_key`.
    pub fn seal(data_key: &DataKey, plaintext: &[u8]) -> Result<Envelope, EncryptionError> {
        Ok(Envelope {
            encrypted_key: data_key.encrypted.clone(),
            sealed: aes_gcm_seal(&data_key.plaintext, &[], plaintext)?,
        })
    }

    /// The value sealed in the envelope, with its data key's plaintext.
    pub fn open(&self, data_key: &[u8]) -> Result<Vec<u8>, EncryptionError> {
        aes_gcm_open(data_key, &[], &self.sealed)
    }

    /// The stored string: `ENC:` + base64 (standard, padded) of
    /// `version (1) | key length (u16, big-endian) | encrypted key | sealed`.
    ///
    /// ```
    /// use dynorm::encryption::Envelope;
    /// let e = Envelope { encrypted_key: vec![1, 2], sealed: vec![3; 28] };
    /// let text = e.encode()?;
    /// assert!(text.starts_with("ENC:AQAC"));
    /// assert_eq!(Envelope::decode(&text)?, e);
    /// # Ok::<(), dynorm::encryption::EncryptionError>(())
    /// ```
    pub fn encode(&self) -> Result<String, EncryptionError> {
        let len = u16::try_from(self.encrypted_key.len()).map_err(|_| {
            format_error(format!(
                "an encrypted data key of {} bytes does not fit the envelope",
                self.encrypted_key.len()
            ))
        })?;
        let mut bytes = Vec::with_capacity(3 + self.encrypted_key.len() + self.sealed.len());
        bytes.push(ENVELOPE_VERSION);
        bytes.extend_from_slice(&len.to_be_bytes());
        bytes.extend_from_slice(&self.encrypted_key);
        bytes.extend_from_slice(&self.sealed);
        Ok(format!("{ENCRYPTED_PREFIX}{}", BASE64.encode(bytes)))
    }

    /// Reads a stored string made by [`encode`](Envelope::encode) (or by
    /// pydynox); anything else is a [`Format`](EncryptionErrorKind::Format) error.
    pub fn decode(stored: &str) -> Result<Envelope, EncryptionError> {
        let encoded = stored.strip_prefix(ENCRYPTED_PREFIX).ok_or_else(|| {
            format_error(format!(
                "the stored value does not start with `{ENCRYPTED_PREFIX}`"
            ))
        })?;
        let bytes = BASE64
            .decode(encoded)
            .map_err(|e| format_error(format!("invalid base64: {e}")))?;
        let [version, hi, lo, rest @ ..] = bytes.as_slice() else {
            return Err(format_error(
                "the envelope is shorter than its 3-byte header",
            ));
        };
        if *version != ENVELOPE_VERSION {
            return Err(format_error(format!(
                "unsupported envelope version {version} (expected {ENVELOPE_VERSION})"
            )));
        }
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if rest.len() < len {
            return Err(format_error(format!(
                "the envelope holds {} bytes after its header, less than its {len}-byte data key",
                rest.len()
            )));
        }
        let (encrypted_key, sealed) = rest.split_at(len);
        Ok(Envelope {
            encrypted_key: encrypted_key.to_vec(),
            sealed: sealed.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DataKey {
        DataKey {
            plaintext: vec![42; 32],
            encrypted: b"wrapped-key".to_vec(),
        }
    }

    #[test]
    fn seal_then_open() {
        let e = Envelope::seal(&key(), "héllo".as_bytes()).expect("seal");
        let decoded = Envelope::decode(&e.encode().expect("encode")).expect("decode");
        assert_eq!(decoded.encrypted_key, b"wrapped-key");
        assert_eq!(
            decoded.open(&key().plaintext).expect("open"),
            "héllo".as_bytes()
        );
    }

    #[test]
    fn nonces_differ() {
        let a = Envelope::seal(&key(), b"same").expect("seal");
        let b = Envelope::seal(&key(), b"same").expect("seal");
        assert_ne!(a.sealed, b.sealed);
    }

    #[test]
    fn changed_byte_fails_integrity() {
        let mut e = Envelope::seal(&key(), b"secret").expect("seal");
        let last = e.sealed.len() - 1;
        e.sealed[last] ^= 1;
        let err = e.open(&key().plaintext).expect_err("tampered");
        assert_eq!(err.kind, EncryptionErrorKind::Integrity);
        let err = Envelope::seal(&key(), b"secret")
            .expect("seal")
            .open(&[1; 32])
            .expect_err("other key");
        assert_eq!(err.kind, EncryptionErrorKind::Integrity);
    }

    #[test]
    fn malformed_values_are_format_errors() {
        for bad in ["plain", "ENC:!!!", "ENC:", "ENC:AgAA", "ENC:AQAK"] {
            let err = Envelope::decode(bad).expect_err(bad);
            assert_eq!(err.kind, EncryptionErrorKind::Format, "{bad}");
        }
    }
}
