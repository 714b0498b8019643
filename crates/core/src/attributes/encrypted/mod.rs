//! Encrypted attributes: a field encrypted on the client with envelope
//! encryption under a KMS key, stored as pydynox's `EncryptedAttribute`
//! stores it (the format is described in [`encryption`](crate::encryption)).
//!
//! A field of type [`Encrypted<T>`] (or `Option<Encrypted<T>>`) marked
//! `#[dynorm(encrypted(key = "alias/...", context(name = "value", ...)))]`
//! holds its value in the clear in the model. Every write of the model
//! (put, create, batch put, transaction put, update `SET` of the whole
//! attribute) encrypts it through the client's
//! [`KeyService`](crate::encryption::KeyService) before anything is sent,
//! with a data key of its own; reads through the client (get, query, scan,
//! batch get, the old item a write returns) decrypt it before the model is
//! decoded. A client without a key service refuses models with encrypted
//! attributes with a [`Config`](crate::Error::Config) error before sending
//! anything; a wrong key, a changed ciphertext or another encryption
//! context is an [`Error::Encryption`](crate::Error::Encryption) naming the
//! attribute.
//!
//! The value encrypted is the text of `T`: the string itself when `T`
//! serializes as a string (`String`, enums of unit variants), else `T` as
//! JSON text. `Encrypted<String>` therefore reads and writes exactly what
//! pydynox does.
//!
//! Inside the model and its item before the write, the value is a marker
//! map (`{"dynorm:plaintext": "..."}`): no write sends it (a raw item or a
//! nested field holding one is a validation error), and a read through the
//! client accepts nothing but an envelope in an encrypted attribute.
//! Transaction reads ([`TransactGetResult`](crate::client::TransactGetResult))
//! and [`Collection`](crate::client::Collection)s decode without a client:
//! an encrypted attribute there is a codec error; read such models with get,
//! query, scan or batch get.
//!
//! ```
//! use dynorm::attributes::Encrypted;
//! use dynorm::Model;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, Model)]
//! #[dynorm(table = "patients", pk = "PATIENT#{id}")]
//! struct Patient {
//!     id: String,
//!     #[dynorm(encrypted(key = "alias/patients", context(purpose = "medical")))]
//!     ssn: Encrypted<String>,
//!     #[dynorm(encrypted(key = "alias/patients"))]
//!     notes: Option<Encrypted<String>>,
//! }
//!
//! # async fn demo(client: dynorm::Client) -> dynorm::Result<()> {
//! // `client` was built with `.key_service(..)` (dynorm-kms's KmsKeyService).
//! client.put(&Patient { id: "1".into(), ssn: "123-45-6789".into(), notes: None }).await?;
//! let read = client.get(Patient::key("1")).await?.expect("stored");
//! assert_eq!(read.ssn.as_str(), "123-45-6789");
//! # Ok(()) }
//! ```

mod open;
mod schema;
mod seal;
mod value;

pub(crate) use open::open_item;
pub use schema::{EncryptedAttributeSchema, EncryptedField};
pub(crate) use seal::{
    check_no_plaintext, check_no_plaintext_in_update, key_service_for, seal_item, seal_update,
};
pub use value::Encrypted;
pub(crate) use value::{plaintext_marker, PLAINTEXT_MARKER};
