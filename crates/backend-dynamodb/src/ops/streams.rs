//! DynamoDB Streams through `aws-sdk-dynamodbstreams` (ListStreams,
//! DescribeStream, GetShardIterator, GetRecords), and the stream setting of
//! CreateTable, UpdateTable and DescribeTable.

use crate::backend::Sdk;
use crate::convert::attrs_into_item;
use crate::error::{from_build, streams_error};
use aws_sdk_dynamodb::types::{
    AttributeValue, StreamSpecification as SdkSpecification, StreamViewType as SdkViewType,
};
use aws_sdk_dynamodbstreams::types as st;
use dynorm::backend::{
    DescribeStreamRequest, GetRecordsOutput, GetRecordsRequest, GetShardIteratorOutput,
    GetShardIteratorRequest, KeyAttribute, KeyType, ListStreamsOutput, ListStreamsRequest,
    Operation, Record, Shard, ShardIteratorType, StreamDescription, StreamEventName,
    StreamSpecification, StreamStatus, StreamSummary, StreamViewType, UserIdentity,
};
use dynorm::{Error, Item, Result};
use std::collections::HashMap;
use std::time::SystemTime;

fn sdk_view_type(v: StreamViewType) -> SdkViewType {
    match v {
        StreamViewType::KeysOnly => SdkViewType::KeysOnly,
        StreamViewType::NewImage => SdkViewType::NewImage,
        StreamViewType::OldImage => SdkViewType::OldImage,
        StreamViewType::NewAndOldImages => SdkViewType::NewAndOldImages,
    }
}

/// The SDK's `StreamSpecification` of CreateTable and UpdateTable.
pub(crate) fn sdk_specification(spec: StreamSpecification) -> Result<SdkSpecification> {
    SdkSpecification::builder()
        .stream_enabled(spec.enabled)
        .set_stream_view_type(spec.view_type.map(sdk_view_type))
        .build()
        .map_err(from_build)
}

/// A table description's stream setting.
pub(crate) fn specification_of(spec: &SdkSpecification) -> StreamSpecification {
    let view = spec
        .stream_view_type()
        .and_then(|v| StreamViewType::parse(v.as_str()));
    StreamSpecification::new(spec.stream_enabled(), view)
}

fn answer_error(message: String) -> Error {
    Error::Service {
        code: "MalformedAnswer".into(),
        message,
        request_id: None,
        retryable: false,
        source: None,
    }
}

/// The DynamoDB Streams client, or `Unsupported` for a backend without one.
fn streams(client: &Sdk, operation: Operation) -> Result<&aws_sdk_dynamodbstreams::Client> {
    client
        .streams
        .as_ref()
        .ok_or_else(|| Error::unsupported(operation, crate::NAME))
}

fn limit(limit: Option<u32>) -> Option<i32> {
    limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX))
}

pub(crate) async fn list_streams(
    client: &Sdk,
    req: ListStreamsRequest,
) -> Result<ListStreamsOutput> {
    let out = streams(client, Operation::ListStreams)?
        .list_streams()
        .set_table_name(req.table)
        .set_limit(limit(req.limit))
        .set_exclusive_start_stream_arn(req.exclusive_start_stream_arn)
        .send()
        .await
        .map_err(streams_error(client))?;
    let streams = out
        .streams
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            StreamSummary::new(
                s.stream_arn.unwrap_or_default(),
                s.table_name.unwrap_or_default(),
                s.stream_label.unwrap_or_default(),
            )
        })
        .collect();
    Ok(ListStreamsOutput::new(
        streams,
        out.last_evaluated_stream_arn,
    ))
}

fn time_of(t: Option<&aws_smithy_types::DateTime>) -> SystemTime {
    t.and_then(|t| SystemTime::try_from(*t).ok())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

pub(crate) async fn describe_stream(
    client: &Sdk,
    req: DescribeStreamRequest,
) -> Result<StreamDescription> {
    let arn = req.stream_arn;
    let out = streams(client, Operation::DescribeStream)?
        .describe_stream()
        .stream_arn(&arn)
        .set_limit(limit(req.limit))
        .set_exclusive_start_shard_id(req.exclusive_start_shard_id)
        .send()
        .await
        .map_err(streams_error(client))?;
    let raw = out
        .stream_description
        .ok_or_else(|| answer_error(format!("DescribeStream of {arn} answered no description")))?;
    // DescribeStream names the key attributes without their types.
    let mut keys = raw.key_schema.iter().flatten();
    let key = |k: &st::KeySchemaElement| KeyAttribute::new(k.attribute_name(), KeyType::S);
    let partition_key = keys
        .next()
        .map(key)
        .ok_or_else(|| answer_error(format!("DescribeStream of {arn} answered no key schema")))?;
    let sort_key = keys.next().map(key);
    let status = raw
        .stream_status
        .as_ref()
        .and_then(|s| StreamStatus::parse(s.as_str()))
        .unwrap_or(StreamStatus::Enabled);
    let view = raw
        .stream_view_type
        .as_ref()
        .and_then(|v| StreamViewType::parse(v.as_str()))
        .unwrap_or(StreamViewType::KeysOnly);
    let summary = StreamSummary::new(
        raw.stream_arn.clone().unwrap_or(arn),
        raw.table_name.clone().unwrap_or_default(),
        raw.stream_label.clone().unwrap_or_default(),
    );
    let mut desc = StreamDescription::new(
        summary,
        status,
        view,
        time_of(raw.creation_request_date_time.as_ref()),
        partition_key,
    );
    desc.sort_key = sort_key;
    desc.shards = raw
        .shards
        .unwrap_or_default()
        .into_iter()
        .map(|s| {
            let range = s.sequence_number_range;
            let mut shard = Shard::new(
                s.shard_id.unwrap_or_default(),
                range
                    .as_ref()
                    .and_then(|r| r.starting_sequence_number.clone())
                    .unwrap_or_default(),
            );
            shard.ending_sequence_number = range.and_then(|r| r.ending_sequence_number);
            shard.parent_shard_id = s.parent_shard_id;
            shard
        })
        .collect();
    desc.last_evaluated_shard_id = raw.last_evaluated_shard_id;
    Ok(desc)
}

pub(crate) async fn get_shard_iterator(
    client: &Sdk,
    req: GetShardIteratorRequest,
) -> Result<GetShardIteratorOutput> {
    let kind = match req.iterator_type {
        ShardIteratorType::TrimHorizon => st::ShardIteratorType::TrimHorizon,
        ShardIteratorType::Latest => st::ShardIteratorType::Latest,
        ShardIteratorType::AtSequenceNumber => st::ShardIteratorType::AtSequenceNumber,
        ShardIteratorType::AfterSequenceNumber => st::ShardIteratorType::AfterSequenceNumber,
    };
    let out = streams(client, Operation::GetShardIterator)?
        .get_shard_iterator()
        .stream_arn(req.stream_arn)
        .shard_id(req.shard_id)
        .shard_iterator_type(kind)
        .set_sequence_number(req.sequence_number)
        .send()
        .await
        .map_err(streams_error(client))?;
    let mut answer = GetShardIteratorOutput::default();
    answer.shard_iterator = out.shard_iterator;
    Ok(answer)
}

/// A streams `AttributeValue` as DynamoDB's (the two SDKs' types are the same shape).
fn attr(v: st::AttributeValue) -> Result<AttributeValue> {
    Ok(match v {
        st::AttributeValue::B(b) => AttributeValue::B(b),
        st::AttributeValue::Bool(b) => AttributeValue::Bool(b),
        st::AttributeValue::Bs(b) => AttributeValue::Bs(b),
        st::AttributeValue::L(l) => {
            AttributeValue::L(l.into_iter().map(attr).collect::<Result<_>>()?)
        }
        st::AttributeValue::M(m) => AttributeValue::M(attrs(m)?),
        st::AttributeValue::N(n) => AttributeValue::N(n),
        st::AttributeValue::Ns(n) => AttributeValue::Ns(n),
        st::AttributeValue::Null(n) => AttributeValue::Null(n),
        st::AttributeValue::S(s) => AttributeValue::S(s),
        st::AttributeValue::Ss(s) => AttributeValue::Ss(s),
        _ => {
            return Err(answer_error(
                "a stream record holds a value of a type this SDK does not know".into(),
            ))
        }
    })
}

fn attrs(m: HashMap<String, st::AttributeValue>) -> Result<HashMap<String, AttributeValue>> {
    m.into_iter().map(|(k, v)| Ok((k, attr(v)?))).collect()
}

fn item(m: Option<HashMap<String, st::AttributeValue>>) -> Result<Option<Item>> {
    m.map(|m| attrs_into_item(attrs(m)?).map_err(Error::from))
        .transpose()
}

fn record(r: st::Record) -> Result<Record> {
    let event_name = r
        .event_name
        .as_ref()
        .and_then(|e| StreamEventName::parse(e.as_str()))
        .ok_or_else(|| answer_error("a stream record without its eventName".into()))?;
    let change = r
        .dynamodb
        .ok_or_else(|| answer_error("a stream record without its dynamodb member".into()))?;
    let view = change
        .stream_view_type
        .as_ref()
        .and_then(|v| StreamViewType::parse(v.as_str()))
        .unwrap_or(StreamViewType::KeysOnly);
    let mut out = Record::new(
        r.event_id.unwrap_or_default(),
        event_name,
        item(change.keys)?.unwrap_or_default(),
        change.sequence_number.unwrap_or_default(),
        view,
    );
    out.new_image = item(change.new_image)?;
    out.old_image = item(change.old_image)?;
    out.size_bytes = change
        .size_bytes
        .and_then(|s| u64::try_from(s).ok())
        .unwrap_or(out.size_bytes);
    out.approximate_creation_date_time = time_of(change.approximate_creation_date_time.as_ref());
    if let Some(v) = r.event_version {
        out.event_version = v;
    }
    if let Some(s) = r.event_source {
        out.event_source = s;
    }
    out.aws_region = r.aws_region.unwrap_or_default();
    out.user_identity = r.user_identity.map(|who| {
        UserIdentity::new(
            who.r#type.unwrap_or_default(),
            who.principal_id.unwrap_or_default(),
        )
    });
    Ok(out)
}

pub(crate) async fn get_records(client: &Sdk, req: GetRecordsRequest) -> Result<GetRecordsOutput> {
    let out = streams(client, Operation::GetRecords)?
        .get_records()
        .shard_iterator(req.shard_iterator)
        .set_limit(limit(req.limit))
        .send()
        .await
        .map_err(streams_error(client))?;
    let records = out
        .records
        .unwrap_or_default()
        .into_iter()
        .map(record)
        .collect::<Result<Vec<_>>>()?;
    Ok(GetRecordsOutput::new(records, out.next_shard_iterator))
}
