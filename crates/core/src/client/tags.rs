//! Table tags by table name: the client finds the table's ARN
//! (DescribeTable) and sends TagResource, UntagResource or
//! ListTagsOfResource page after page.

use super::Client;
use crate::backend::{
    ListTagsOfResourceRequest, TableDescription, Tag, TagResourceRequest, UntagResourceRequest,
};
use crate::error::{Error, Result};

impl Client {
    /// Adds `tags` to a table (the client's prefix is applied to `table`),
    /// replacing the values of keys it already has. All or nothing: one tag
    /// DynamoDB refuses and none is set ([`rules::tags`](crate::rules::tags)).
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, TableDefinition, Tag};
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = dynorm::Client::new(dynorm_memory::MemoryBackend::new());
    /// client
    ///     .create_table_definition(TableDefinition::new("orders", KeyAttribute::new("pk", KeyType::S)))
    ///     .await?;
    /// client.tag_table("orders", [Tag::new("env", "prod"), Tag::new("team", "billing")]).await?;
    /// client.untag_table("orders", ["team"]).await?;
    /// assert_eq!(client.table_tags("orders").await?, [Tag::new("env", "prod")]);
    /// assert!(client.tag_table("orders", [Tag::new("aws:x", "1")]).await.unwrap_err().is_validation());
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn tag_table(&self, table: &str, tags: impl IntoIterator<Item = Tag>) -> Result<()> {
        let arn = self.table_arn(table).await?;
        self.backend()
            .tag_resource(TagResourceRequest::new(arn).tags(tags))
            .await
    }

    /// Removes the tags with these keys from a table (the client's prefix is
    /// applied to `table`); a key the table does not have is no error.
    pub async fn untag_table<K: Into<String>>(
        &self,
        table: &str,
        keys: impl IntoIterator<Item = K>,
    ) -> Result<()> {
        let arn = self.table_arn(table).await?;
        let mut req = UntagResourceRequest::new(arn);
        for key in keys {
            req = req.key(key);
        }
        self.backend().untag_resource(req).await
    }

    /// Every tag of a table (the client's prefix is applied to `table`):
    /// ListTagsOfResource page after page.
    pub async fn table_tags(&self, table: &str) -> Result<Vec<Tag>> {
        let arn = self.table_arn(table).await?;
        let mut tags = Vec::new();
        let mut req = ListTagsOfResourceRequest::new(arn.clone());
        loop {
            let page = self.backend().list_tags_of_resource(req).await?;
            tags.extend(page.tags);
            match page.next_token {
                Some(token) => req = ListTagsOfResourceRequest::new(arn.clone()).next_token(token),
                None => return Ok(tags),
            }
        }
    }

    /// The ARN of a table, from its description.
    async fn table_arn(&self, table: &str) -> Result<String> {
        let TableDescription {
            arn, definition, ..
        } = self.describe_table(table).await?;
        arn.ok_or_else(|| {
            Error::config(format!(
                "the {} backend does not tell the ARN of table {}, which tags need",
                self.backend().name(),
                definition.name
            ))
        })
    }
}
