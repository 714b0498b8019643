//! DynamoDB Streams' operations (`X-Amz-Target: DynamoDBStreams_20120810.<Op>`
//! on the same endpoint): ListStreams, DescribeStream, GetShardIterator and
//! GetRecords, and the `StreamSpecification` member of CreateTable and
//! UpdateTable. The stream rules are the backend's (core's `rules::stream`).

use super::Answer;
use crate::error::ApiError;
use crate::input::{missing, Input};
use dynorm::backend::{
    DescribeStreamRequest, GetRecordsRequest, GetShardIteratorRequest, ListStreamsRequest, Record,
    ShardIteratorType, StreamDescription, StreamSpecification, StreamViewType,
};
use dynorm::value::item_to_dynamodb_json;
use dynorm::Backend;
use serde_json::{json, Map, Value as Json};
use std::time::{SystemTime, UNIX_EPOCH};

/// The operations of the streams API, by their `X-Amz-Target` name.
pub const STREAMS_OPERATIONS: [&str; 4] = [
    "ListStreams",
    "DescribeStream",
    "GetShardIterator",
    "GetRecords",
];

/// Runs one streams operation.
pub(crate) async fn call(backend: &dyn Backend, operation: &str, input: Input<'_>) -> Answer {
    match operation {
        "ListStreams" => list_streams(backend, input).await,
        "DescribeStream" => describe_stream(backend, input).await,
        "GetShardIterator" => get_shard_iterator(backend, input).await,
        "GetRecords" => get_records(backend, input).await,
        _ => Err(ApiError::unknown_operation()),
    }
}

const VIEW_TYPES: [&str; 4] = ["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"];

/// The `StreamSpecification` member of CreateTable or UpdateTable.
pub(crate) fn specification(input: Input<'_>) -> Result<Option<StreamSpecification>, ApiError> {
    let Some(spec) = input.object("StreamSpecification")? else {
        return Ok(None);
    };
    let enabled = spec
        .bool("StreamEnabled")?
        .ok_or_else(|| missing("StreamEnabled"))?;
    let view_type = spec
        .choice("StreamViewType", &VIEW_TYPES)?
        .and_then(StreamViewType::parse);
    Ok(Some(StreamSpecification::new(enabled, view_type)))
}

/// The stream members of a `TableDescription`.
pub(crate) fn describe_table_members(
    body: &mut Map<String, Json>,
    desc: &dynorm::backend::TableDescription,
) {
    if let Some(spec) = &desc.stream_specification {
        let mut s = Map::new();
        s.insert("StreamEnabled".into(), json!(spec.enabled));
        if let Some(view) = spec.view_type {
            s.insert("StreamViewType".into(), json!(view.as_str()));
        }
        body.insert("StreamSpecification".into(), Json::Object(s));
    }
    if let Some(label) = &desc.latest_stream_label {
        body.insert("LatestStreamLabel".into(), json!(label));
    }
    if let Some(arn) = &desc.latest_stream_arn {
        body.insert("LatestStreamArn".into(), json!(arn));
    }
}

fn epoch_seconds(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}

async fn list_streams(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = ListStreamsRequest::new();
    req.table = input.str("TableName")?.map(str::to_owned);
    req.limit = input.limit("Limit")?;
    req.exclusive_start_stream_arn = input.str("ExclusiveStartStreamArn")?.map(str::to_owned);
    let out = backend.list_streams(req).await?;
    let streams: Vec<Json> = out
        .streams
        .iter()
        .map(|s| {
            json!({
                "StreamArn": s.stream_arn,
                "TableName": s.table_name,
                "StreamLabel": s.stream_label,
            })
        })
        .collect();
    let mut body = Map::new();
    body.insert("Streams".into(), Json::Array(streams));
    if let Some(last) = out.last_evaluated_stream_arn {
        body.insert("LastEvaluatedStreamArn".into(), json!(last));
    }
    Ok(Json::Object(body))
}

fn stream_json(desc: &StreamDescription) -> Json {
    let mut schema = vec![json!({"AttributeName": desc.partition_key.name, "KeyType": "HASH"})];
    if let Some(sk) = &desc.sort_key {
        schema.push(json!({"AttributeName": sk.name, "KeyType": "RANGE"}));
    }
    let shards: Vec<Json> = desc
        .shards
        .iter()
        .map(|shard| {
            let mut range = Map::new();
            range.insert(
                "StartingSequenceNumber".into(),
                json!(shard.starting_sequence_number),
            );
            if let Some(end) = &shard.ending_sequence_number {
                range.insert("EndingSequenceNumber".into(), json!(end));
            }
            let mut s = Map::new();
            s.insert("ShardId".into(), json!(shard.shard_id));
            s.insert("SequenceNumberRange".into(), Json::Object(range));
            if let Some(parent) = &shard.parent_shard_id {
                s.insert("ParentShardId".into(), json!(parent));
            }
            Json::Object(s)
        })
        .collect();
    let mut body = Map::new();
    body.insert("StreamArn".into(), json!(desc.stream_arn));
    body.insert("StreamLabel".into(), json!(desc.stream_label));
    body.insert("StreamStatus".into(), json!(desc.stream_status.as_str()));
    body.insert(
        "StreamViewType".into(),
        json!(desc.stream_view_type.as_str()),
    );
    body.insert(
        "CreationRequestDateTime".into(),
        json!(epoch_seconds(desc.creation_request_date_time)),
    );
    body.insert("TableName".into(), json!(desc.table_name));
    body.insert("KeySchema".into(), Json::Array(schema));
    body.insert("Shards".into(), Json::Array(shards));
    if let Some(last) = &desc.last_evaluated_shard_id {
        body.insert("LastEvaluatedShardId".into(), json!(last));
    }
    Json::Object(body)
}

async fn describe_stream(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = DescribeStreamRequest::new(input.required_str("StreamArn")?);
    req.limit = input.limit("Limit")?;
    req.exclusive_start_shard_id = input.str("ExclusiveStartShardId")?.map(str::to_owned);
    let desc = backend.describe_stream(req).await?;
    Ok(json!({ "StreamDescription": stream_json(&desc) }))
}

async fn get_shard_iterator(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let arn = input.required_str("StreamArn")?;
    let shard = input.required_str("ShardId")?;
    let names = ShardIteratorType::ALL.map(ShardIteratorType::as_str);
    let kind = input
        .choice("ShardIteratorType", &names)?
        .and_then(ShardIteratorType::parse)
        .ok_or_else(|| missing("ShardIteratorType"))?;
    let mut req = GetShardIteratorRequest::new(arn, shard, kind);
    req.sequence_number = input.str("SequenceNumber")?.map(str::to_owned);
    let out = backend.get_shard_iterator(req).await?;
    let mut body = Map::new();
    if let Some(iterator) = out.shard_iterator {
        body.insert("ShardIterator".into(), json!(iterator));
    }
    Ok(Json::Object(body))
}

fn record_json(r: &Record) -> Json {
    let mut change = Map::new();
    change.insert(
        "ApproximateCreationDateTime".into(),
        json!(epoch_seconds(r.approximate_creation_date_time)),
    );
    change.insert("Keys".into(), item_to_dynamodb_json(&r.keys));
    if let Some(new) = &r.new_image {
        change.insert("NewImage".into(), item_to_dynamodb_json(new));
    }
    if let Some(old) = &r.old_image {
        change.insert("OldImage".into(), item_to_dynamodb_json(old));
    }
    change.insert("SequenceNumber".into(), json!(r.sequence_number));
    change.insert("SizeBytes".into(), json!(r.size_bytes));
    change.insert("StreamViewType".into(), json!(r.stream_view_type.as_str()));
    let mut body = Map::new();
    body.insert("eventID".into(), json!(r.event_id));
    body.insert("eventName".into(), json!(r.event_name.as_str()));
    body.insert("eventVersion".into(), json!(r.event_version));
    body.insert("eventSource".into(), json!(r.event_source));
    body.insert("awsRegion".into(), json!(r.aws_region));
    body.insert("dynamodb".into(), Json::Object(change));
    if let Some(who) = &r.user_identity {
        body.insert(
            "userIdentity".into(),
            json!({"PrincipalId": who.principal_id, "Type": who.kind}),
        );
    }
    Json::Object(body)
}

async fn get_records(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = GetRecordsRequest::new(input.required_str("ShardIterator")?);
    req.limit = input.limit("Limit")?;
    let out = backend.get_records(req).await?;
    let mut body = Map::new();
    body.insert(
        "Records".into(),
        Json::Array(out.records.iter().map(record_json).collect()),
    );
    if let Some(next) = out.next_shard_iterator {
        body.insert("NextShardIterator".into(), json!(next));
    }
    Ok(Json::Object(body))
}
