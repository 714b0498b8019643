//! TagResource, UntagResource and ListTagsOfResource, and the tags of
//! CreateTable. (DynamoDB Local implements none of them: it answers
//! `UnknownOperationException`, which comes back as the service error it is.)

use crate::backend::Sdk;
use crate::error::{from_build, sdk_error};
use aws_sdk_dynamodb::types::Tag as SdkTag;
use dynorm::backend::{
    ListTagsOfResourceOutput, ListTagsOfResourceRequest, Tag, TagResourceRequest,
    UntagResourceRequest,
};
use dynorm::Result;

/// The SDK's tags, or `None` for none (the member is then left out).
pub(crate) fn sdk_tags(tags: &[Tag]) -> Result<Option<Vec<SdkTag>>> {
    if tags.is_empty() {
        return Ok(None);
    }
    tags.iter()
        .map(|t| {
            SdkTag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .map_err(from_build)
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

pub(crate) async fn tag_resource(client: &Sdk, req: TagResourceRequest) -> Result<()> {
    client
        .tag_resource()
        .resource_arn(req.resource_arn)
        .set_tags(Some(sdk_tags(&req.tags)?.unwrap_or_default()))
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(())
}

pub(crate) async fn untag_resource(client: &Sdk, req: UntagResourceRequest) -> Result<()> {
    client
        .untag_resource()
        .resource_arn(req.resource_arn)
        .set_tag_keys(Some(req.tag_keys))
        .send()
        .await
        .map_err(sdk_error(client))?;
    Ok(())
}

pub(crate) async fn list_tags_of_resource(
    client: &Sdk,
    req: ListTagsOfResourceRequest,
) -> Result<ListTagsOfResourceOutput> {
    let out = client
        .list_tags_of_resource()
        .resource_arn(req.resource_arn)
        .set_next_token(req.next_token)
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut page = ListTagsOfResourceOutput::new(
        out.tags
            .unwrap_or_default()
            .into_iter()
            .map(|t| Tag::new(t.key, t.value))
            .collect(),
    );
    page.next_token = out.next_token;
    Ok(page)
}
