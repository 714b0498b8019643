//! TagResource, UntagResource and ListTagsOfResource: the members read as
//! DynamoDB reads them; the tag rules are the backend's (core's
//! `rules::tags`).

use super::Answer;
use crate::error::ApiError;
use crate::input::{missing, Input};
use dynorm::backend::{ListTagsOfResourceRequest, Tag, TagResourceRequest, UntagResourceRequest};
use dynorm::rules::tags::Violation;
use dynorm::Backend;
use serde_json::{json, Value as Json};

/// `ResourceArn`, which DynamoDB requires before anything else.
fn resource_arn<'a>(input: Input<'a>) -> Result<&'a str, ApiError> {
    input
        .str("ResourceArn")?
        .ok_or_else(|| ApiError::validation("Invalid TableArn"))
}

/// One member of `Tags`: a `Key` and a `Value`, each required.
pub(crate) fn tag(json: &Json) -> Result<Tag, ApiError> {
    let tag = Input::of(json)?;
    let key = tag
        .str("Key")?
        .ok_or_else(|| ApiError::from(Violation::InvalidKey("null".into()).into_error()))?;
    let value = tag
        .str("Value")?
        .ok_or_else(|| ApiError::from(Violation::InvalidValue("null".into()).into_error()))?;
    Ok(Tag::new(key, value))
}

/// `Tags` of TagResource or CreateTable, absent as an empty list.
pub(crate) fn tags(input: Input<'_>) -> Result<Vec<Tag>, ApiError> {
    input.list("Tags")?.into_iter().flatten().map(tag).collect()
}

pub(super) async fn tag_resource(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let arn = resource_arn(input)?;
    if !input.has("Tags") {
        return Err(missing("Tags"));
    }
    let req = TagResourceRequest::new(arn).tags(tags(input)?);
    backend.tag_resource(req).await?;
    Ok(json!({}))
}

pub(super) async fn untag_resource(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let arn = resource_arn(input)?;
    let keys = input.list("TagKeys")?.ok_or_else(|| missing("TagKeys"))?;
    let mut req = UntagResourceRequest::new(arn);
    for key in keys {
        let key = key
            .as_str()
            .ok_or_else(|| ApiError::from(Violation::InvalidKey("null".into()).into_error()))?;
        req = req.key(key);
    }
    backend.untag_resource(req).await?;
    Ok(json!({}))
}

pub(super) async fn list_tags_of_resource(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = ListTagsOfResourceRequest::new(resource_arn(input)?);
    req.next_token = input.str("NextToken")?.map(str::to_owned);
    let page = backend.list_tags_of_resource(req).await?;
    let tags: Vec<Json> = page
        .tags
        .iter()
        .map(|t| json!({ "Key": t.key, "Value": t.value }))
        .collect();
    let mut body = json!({ "Tags": tags });
    if let Some(token) = page.next_token {
        body["NextToken"] = json!(token);
    }
    Ok(body)
}
