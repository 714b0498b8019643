//! [`Client::extend_ttl`]: move a stored item's expiry time.

use super::{Client, UpdateItem};
use crate::attributes::{no_ttl_message, Ttl};
use crate::error::Error;
use crate::model::{Key, Model};

impl Client {
    /// Sets the TTL attribute of the item with this key to `until`.
    ///
    /// The item must exist (a missing one is
    /// [`Error::ConditionFailed`], not created).
    /// When `M` declares no TTL attribute (`#[dynorm(ttl = "field")]`), the
    /// update fails with [`Error::Config`] naming the model when awaited.
    ///
    /// ```
    /// # use dynorm::{Client, Model, Key};
    /// use dynorm::attributes::ExpiresIn;
    /// # async fn demo<M: Model>(client: Client, key: Key<M>) -> dynorm::Result<()> {
    /// client.extend_ttl(key, ExpiresIn::days(7)).await?;
    /// # Ok(()) }
    /// ```
    pub fn extend_ttl<M: Model>(&self, key: Key<M>, until: Ttl) -> UpdateItem<M> {
        match M::schema().ttl_attribute {
            Some(attribute) => self
                .update(key)
                .set(attribute, until.to_value())
                .must_exist(),
            None => UpdateItem::failed(Error::config(no_ttl_message::<M>())).with_client(self),
        }
    }
}
