//! TagResource, UntagResource and ListTagsOfResource: each table keeps its
//! tags by key, checked by core's [`rules::tags`] as DynamoDB checks them
//! (all or nothing, the 50-tag limit on the set after the request). Tables
//! are named by the ARN [`table_arn`] gives them.

use crate::store::{read, write};
use crate::MemoryBackend;
use dynorm::backend::{
    ListTagsOfResourceOutput, ListTagsOfResourceRequest, Operation, Tag, TagResourceRequest,
    UntagResourceRequest,
};
use dynorm::rules::tags;
use dynorm::Result;

/// The region every ARN of the memory backend names (that of an
/// unconfigured local endpoint).
pub(crate) const REGION: &str = "us-east-1";
/// The account every ARN of the memory backend names.
pub(crate) const ACCOUNT: &str = "000000000000";
/// The id of the account's AWS-managed DynamoDB key (`aws/dynamodb`).
const AWS_MANAGED_KEY_ID: &str = "5b8c3e1a-7d2f-4c6b-9a1e-3f0d2b7c8e41";

/// The ARN of the table called `name`.
pub(crate) fn table_arn(name: &str) -> String {
    format!("arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}")
}

/// The ARN of the KMS key a table's encryption names: `key` as given when
/// it is an ARN, else the key of that id (or the AWS-managed key) in the
/// backend's region and account.
pub(crate) fn kms_key_arn(key: Option<&str>) -> String {
    match key {
        Some(arn) if arn.starts_with("arn:") => arn.to_owned(),
        Some(id) => format!("arn:aws:kms:{REGION}:{ACCOUNT}:{}", kms_resource(id)),
        None => format!("arn:aws:kms:{REGION}:{ACCOUNT}:key/{AWS_MANAGED_KEY_ID}"),
    }
}

/// `alias/x` stays an alias; a key id names `key/<id>`.
fn kms_resource(id: &str) -> String {
    if id.starts_with("alias/") {
        id.to_owned()
    } else {
        format!("key/{id}")
    }
}

/// Checks the tags a table is created with.
pub(crate) fn check_creation_tags(tags: &[Tag]) -> Result<()> {
    tags::check_tags(tags.iter().map(|t| (t.key.as_str(), t.value.as_str())))?;
    tags::check_count(tags.len())?;
    Ok(())
}

impl MemoryBackend {
    pub(crate) fn do_tag_resource(&self, req: TagResourceRequest) -> Result<()> {
        let name = tags::table_name(Operation::TagResource, &req.resource_arn)?;
        if req.tags.is_empty() {
            return Err(tags::Violation::NoTags.into_error());
        }
        tags::check_tags(req.tags.iter().map(|t| (t.key.as_str(), t.value.as_str())))?;
        let table = self
            .table(name)
            .map_err(|_| tags::not_found(&req.resource_arn))?;
        let mut t = write(&table);
        let added = req
            .tags
            .iter()
            .filter(|tag| !t.tags.contains_key(&tag.key))
            .count();
        tags::check_count(t.tags.len() + added)?;
        for tag in req.tags {
            t.tags.insert(tag.key, tag.value);
        }
        Ok(())
    }

    pub(crate) fn do_untag_resource(&self, req: UntagResourceRequest) -> Result<()> {
        let name = tags::table_name(Operation::UntagResource, &req.resource_arn)?;
        tags::check_tag_keys(req.tag_keys.iter().map(String::as_str))?;
        let table = self
            .table(name)
            .map_err(|_| tags::not_found(&req.resource_arn))?;
        let mut t = write(&table);
        for key in &req.tag_keys {
            t.tags.remove(key);
        }
        Ok(())
    }

    pub(crate) fn do_list_tags(
        &self,
        req: ListTagsOfResourceRequest,
    ) -> Result<ListTagsOfResourceOutput> {
        let operation = Operation::ListTagsOfResource;
        let name = tags::table_name(operation, &req.resource_arn)?;
        // DynamoDB answers a missing table here as a resource the caller
        // may not read.
        let table = self
            .table(name)
            .map_err(|_| tags::access_denied(operation, &req.resource_arn))?;
        let t = read(&table);
        // A table holds at most 50 tags: one page, as DynamoDB answers them.
        Ok(ListTagsOfResourceOutput::new(
            t.tags.iter().map(|(k, v)| Tag::new(k, v)).collect(),
        ))
    }
}
