//! Requests and outputs of TagResource, UntagResource and
//! ListTagsOfResource. Tables are named by their ARN, as DynamoDB names them
//! ([`TableDescription::arn`](super::TableDescription::arn)); the rules a tag
//! follows are in [`rules::tags`](crate::rules::tags).

/// One tag: a key and its value.
///
/// ```
/// use dynorm::backend::Tag;
/// let tag = Tag::new("env", "prod");
/// assert_eq!((tag.key.as_str(), tag.value.as_str()), ("env", "prod"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub struct Tag {
    /// The key (1 to 128 characters).
    pub key: String,
    /// The value (0 to 256 characters).
    pub value: String,
}

impl Tag {
    /// The tag `key` = `value`.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Tag {
        Tag {
            key: key.into(),
            value: value.into(),
        }
    }
}

/// TagResource: adds tags to a table, replacing the values of keys it
/// already has.
///
/// ```
/// use dynorm::backend::{Tag, TagResourceRequest};
/// let req = TagResourceRequest::new("arn:aws:dynamodb:us-east-1:123456789012:table/orders")
///     .tag(Tag::new("env", "prod"));
/// assert_eq!(req.tags.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TagResourceRequest {
    /// The table's ARN.
    pub resource_arn: String,
    /// The tags to set.
    pub tags: Vec<Tag>,
}

impl TagResourceRequest {
    /// Tags for the table whose ARN is `resource_arn` (none yet).
    pub fn new(resource_arn: impl Into<String>) -> TagResourceRequest {
        TagResourceRequest {
            resource_arn: resource_arn.into(),
            tags: Vec::new(),
        }
    }

    /// One more tag.
    #[must_use]
    pub fn tag(mut self, tag: Tag) -> TagResourceRequest {
        self.tags.push(tag);
        self
    }

    /// These tags too.
    #[must_use]
    pub fn tags(mut self, tags: impl IntoIterator<Item = Tag>) -> TagResourceRequest {
        self.tags.extend(tags);
        self
    }
}

/// UntagResource: removes tags from a table by key (a key the table does not
/// have is no error).
///
/// ```
/// use dynorm::backend::UntagResourceRequest;
/// let req = UntagResourceRequest::new("arn:aws:dynamodb:us-east-1:123456789012:table/orders")
///     .key("env");
/// assert_eq!(req.tag_keys, ["env"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UntagResourceRequest {
    /// The table's ARN.
    pub resource_arn: String,
    /// The keys to remove.
    pub tag_keys: Vec<String>,
}

impl UntagResourceRequest {
    /// Removals from the table whose ARN is `resource_arn` (none yet).
    pub fn new(resource_arn: impl Into<String>) -> UntagResourceRequest {
        UntagResourceRequest {
            resource_arn: resource_arn.into(),
            tag_keys: Vec::new(),
        }
    }

    /// One more key to remove.
    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> UntagResourceRequest {
        self.tag_keys.push(key.into());
        self
    }
}

/// ListTagsOfResource: one page of a table's tags.
///
/// ```
/// use dynorm::backend::ListTagsOfResourceRequest;
/// let req = ListTagsOfResourceRequest::new("arn:aws:dynamodb:us-east-1:123456789012:table/orders");
/// assert!(req.next_token.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListTagsOfResourceRequest {
    /// The table's ARN.
    pub resource_arn: String,
    /// Where the previous page ended.
    pub next_token: Option<String>,
}

impl ListTagsOfResourceRequest {
    /// The first page of the tags of the table whose ARN is `resource_arn`.
    pub fn new(resource_arn: impl Into<String>) -> ListTagsOfResourceRequest {
        ListTagsOfResourceRequest {
            resource_arn: resource_arn.into(),
            next_token: None,
        }
    }

    /// The page after the one that answered `token`.
    #[must_use]
    pub fn next_token(mut self, token: impl Into<String>) -> ListTagsOfResourceRequest {
        self.next_token = Some(token.into());
        self
    }
}

/// One page of ListTagsOfResource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListTagsOfResourceOutput {
    /// The tags of this page.
    pub tags: Vec<Tag>,
    /// Where to continue, when there are more.
    pub next_token: Option<String>,
}

impl ListTagsOfResourceOutput {
    /// A page holding `tags`, the last one.
    pub fn new(tags: Vec<Tag>) -> ListTagsOfResourceOutput {
        ListTagsOfResourceOutput {
            tags,
            next_token: None,
        }
    }
}
