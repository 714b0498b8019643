//! DynamoDB Streams: the stream setting of a table ([`StreamSpecification`])
//! and the requests and outputs of ListStreams, DescribeStream,
//! GetShardIterator and GetRecords.
//!
//! A table created or updated with an enabled [`StreamSpecification`] keeps
//! one [`Record`] per item change, in the order the changes were made, for 24
//! hours. A stream is read shard by shard: [`GetShardIteratorRequest`] gives
//! a position in a shard, [`GetRecordsRequest`] reads from it and answers the
//! position after what it read.

use super::table::KeyAttribute;
use crate::value::Item;
use std::fmt;
use std::time::SystemTime;

/// What a stream record holds of the item (DynamoDB's `StreamViewType`).
///
/// ```
/// use dynorm::backend::StreamViewType;
/// assert_eq!(StreamViewType::parse("NEW_AND_OLD_IMAGES"), Some(StreamViewType::NewAndOldImages));
/// assert!(StreamViewType::NewAndOldImages.has_old_image());
/// assert!(!StreamViewType::KeysOnly.has_new_image());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamViewType {
    /// The key attributes only.
    KeysOnly,
    /// The item as it is after the change.
    NewImage,
    /// The item as it was before the change.
    OldImage,
    /// Both.
    NewAndOldImages,
}

impl StreamViewType {
    /// Every view type, in DynamoDB's order.
    pub const ALL: [StreamViewType; 4] = [
        StreamViewType::NewImage,
        StreamViewType::OldImage,
        StreamViewType::NewAndOldImages,
        StreamViewType::KeysOnly,
    ];

    /// DynamoDB's name (`KEYS_ONLY`, `NEW_IMAGE`, `OLD_IMAGE`, `NEW_AND_OLD_IMAGES`).
    pub fn as_str(self) -> &'static str {
        match self {
            StreamViewType::KeysOnly => "KEYS_ONLY",
            StreamViewType::NewImage => "NEW_IMAGE",
            StreamViewType::OldImage => "OLD_IMAGE",
            StreamViewType::NewAndOldImages => "NEW_AND_OLD_IMAGES",
        }
    }

    /// The view type DynamoDB names `name`.
    pub fn parse(name: &str) -> Option<StreamViewType> {
        StreamViewType::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// Whether records carry the item after the change.
    pub fn has_new_image(self) -> bool {
        matches!(
            self,
            StreamViewType::NewImage | StreamViewType::NewAndOldImages
        )
    }

    /// Whether records carry the item before the change.
    pub fn has_old_image(self) -> bool {
        matches!(
            self,
            StreamViewType::OldImage | StreamViewType::NewAndOldImages
        )
    }
}

impl fmt::Display for StreamViewType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A table's stream setting (DynamoDB's `StreamSpecification`): what
/// CreateTable and UpdateTable send and DescribeTable answers.
///
/// DynamoDB requires a view type when the stream is enabled and refuses one
/// when it is disabled; the fields are kept as sent so that such requests can
/// be made (and refused).
///
/// ```
/// use dynorm::backend::{StreamSpecification, StreamViewType};
/// let on = StreamSpecification::enabled(StreamViewType::NewImage);
/// assert!(on.enabled);
/// assert_eq!(on.view_type, Some(StreamViewType::NewImage));
/// assert_eq!(StreamSpecification::disabled().view_type, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamSpecification {
    /// Whether the table records its changes.
    pub enabled: bool,
    /// What each record holds.
    pub view_type: Option<StreamViewType>,
}

impl StreamSpecification {
    /// An enabled stream of this view type.
    pub fn enabled(view_type: StreamViewType) -> StreamSpecification {
        StreamSpecification {
            enabled: true,
            view_type: Some(view_type),
        }
    }

    /// No stream (UpdateTable: disables the table's stream).
    pub fn disabled() -> StreamSpecification {
        StreamSpecification {
            enabled: false,
            view_type: None,
        }
    }

    /// A setting as sent, with or without a view type (DynamoDB refuses an
    /// enabled stream without one and a disabled one with one).
    pub fn new(enabled: bool, view_type: Option<StreamViewType>) -> StreamSpecification {
        StreamSpecification { enabled, view_type }
    }
}

/// A stream's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamStatus {
    /// Being enabled.
    Enabling,
    /// Recording the table's changes.
    Enabled,
    /// Being disabled.
    Disabling,
    /// Closed: it records nothing more, its records stay readable for 24 hours.
    Disabled,
}

impl StreamStatus {
    /// DynamoDB's name (`ENABLED`, `DISABLED`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            StreamStatus::Enabling => "ENABLING",
            StreamStatus::Enabled => "ENABLED",
            StreamStatus::Disabling => "DISABLING",
            StreamStatus::Disabled => "DISABLED",
        }
    }

    /// The state DynamoDB names `name`.
    pub fn parse(name: &str) -> Option<StreamStatus> {
        [
            StreamStatus::Enabling,
            StreamStatus::Enabled,
            StreamStatus::Disabling,
            StreamStatus::Disabled,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

impl fmt::Display for StreamStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// ListStreams: one page of the streams of the account, or of one table.
///
/// ```
/// use dynorm::backend::ListStreamsRequest;
/// let req = ListStreamsRequest::new().table("orders").limit(10);
/// assert_eq!(req.table.as_deref(), Some("orders"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListStreamsRequest {
    /// Only the streams of this table.
    pub table: Option<String>,
    /// Most streams in the page, `1..=100` (DynamoDB's default is 100).
    pub limit: Option<u32>,
    /// Continue after this stream (a previous page's `last_evaluated_stream_arn`).
    pub exclusive_start_stream_arn: Option<String>,
}

impl ListStreamsRequest {
    /// The first page of every stream.
    pub fn new() -> ListStreamsRequest {
        ListStreamsRequest::default()
    }

    /// Only the streams of `table`.
    #[must_use]
    pub fn table(mut self, table: impl Into<String>) -> ListStreamsRequest {
        self.table = Some(table.into());
        self
    }

    /// At most `limit` streams.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> ListStreamsRequest {
        self.limit = Some(limit);
        self
    }

    /// Continues after this stream.
    #[must_use]
    pub fn exclusive_start_stream_arn(mut self, arn: impl Into<String>) -> ListStreamsRequest {
        self.exclusive_start_stream_arn = Some(arn.into());
        self
    }
}

/// One stream of a ListStreams page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamSummary {
    /// The stream's ARN.
    pub stream_arn: String,
    /// The table it records.
    pub table_name: String,
    /// Its label (a timestamp, unique per table).
    pub stream_label: String,
}

impl StreamSummary {
    /// A stream of `table_name`.
    pub fn new(
        stream_arn: impl Into<String>,
        table_name: impl Into<String>,
        stream_label: impl Into<String>,
    ) -> StreamSummary {
        StreamSummary {
            stream_arn: stream_arn.into(),
            table_name: table_name.into(),
            stream_label: stream_label.into(),
        }
    }
}

/// One page of ListStreams.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListStreamsOutput {
    /// The streams.
    pub streams: Vec<StreamSummary>,
    /// Where the next page starts; `None` on the last page.
    pub last_evaluated_stream_arn: Option<String>,
}

impl ListStreamsOutput {
    /// A page of these streams.
    pub fn new(
        streams: Vec<StreamSummary>,
        last_evaluated_stream_arn: Option<String>,
    ) -> ListStreamsOutput {
        ListStreamsOutput {
            streams,
            last_evaluated_stream_arn,
        }
    }
}

/// DescribeStream: a stream and one page of its shards.
///
/// ```
/// use dynorm::backend::DescribeStreamRequest;
/// let req = DescribeStreamRequest::new("arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-01T00:00:00.000").limit(1);
/// assert_eq!(req.limit, Some(1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeStreamRequest {
    /// The stream's ARN.
    pub stream_arn: String,
    /// Most shards in the answer, `1..=100`.
    pub limit: Option<u32>,
    /// Continue after this shard (a previous answer's `last_evaluated_shard_id`).
    pub exclusive_start_shard_id: Option<String>,
}

impl DescribeStreamRequest {
    /// Describes the stream `stream_arn`.
    pub fn new(stream_arn: impl Into<String>) -> DescribeStreamRequest {
        DescribeStreamRequest {
            stream_arn: stream_arn.into(),
            ..DescribeStreamRequest::default()
        }
    }

    /// At most `limit` shards.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> DescribeStreamRequest {
        self.limit = Some(limit);
        self
    }

    /// Continues after this shard.
    #[must_use]
    pub fn exclusive_start_shard_id(
        mut self,
        shard_id: impl Into<String>,
    ) -> DescribeStreamRequest {
        self.exclusive_start_shard_id = Some(shard_id.into());
        self
    }
}

/// One shard of a stream: a run of records in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Shard {
    /// The shard's id.
    pub shard_id: String,
    /// The first sequence number the shard holds or will hold.
    pub starting_sequence_number: String,
    /// The last one, once the shard is closed.
    pub ending_sequence_number: Option<String>,
    /// The shard this one follows, if any.
    pub parent_shard_id: Option<String>,
}

impl Shard {
    /// An open shard starting at `starting_sequence_number`.
    pub fn new(shard_id: impl Into<String>, starting_sequence_number: impl Into<String>) -> Shard {
        Shard {
            shard_id: shard_id.into(),
            starting_sequence_number: starting_sequence_number.into(),
            ending_sequence_number: None,
            parent_shard_id: None,
        }
    }
}

/// What DescribeStream answers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamDescription {
    /// The stream's ARN.
    pub stream_arn: String,
    /// Its label.
    pub stream_label: String,
    /// Its state.
    pub stream_status: StreamStatus,
    /// What its records hold.
    pub stream_view_type: StreamViewType,
    /// When it was asked for.
    pub creation_request_date_time: SystemTime,
    /// The table it records.
    pub table_name: String,
    /// The table's partition key (the type is not part of DescribeStream's
    /// answer: backends that do not know it say `S`).
    pub partition_key: KeyAttribute,
    /// The table's sort key.
    pub sort_key: Option<KeyAttribute>,
    /// One page of its shards.
    pub shards: Vec<Shard>,
    /// Where the next page of shards starts.
    pub last_evaluated_shard_id: Option<String>,
}

impl StreamDescription {
    /// A stream of `table_name` with no shards listed yet.
    pub fn new(
        summary: StreamSummary,
        stream_status: StreamStatus,
        stream_view_type: StreamViewType,
        creation_request_date_time: SystemTime,
        partition_key: KeyAttribute,
    ) -> StreamDescription {
        StreamDescription {
            stream_arn: summary.stream_arn,
            stream_label: summary.stream_label,
            stream_status,
            stream_view_type,
            creation_request_date_time,
            table_name: summary.table_name,
            partition_key,
            sort_key: None,
            shards: Vec::new(),
            last_evaluated_shard_id: None,
        }
    }
}

/// Where in a shard a [`GetShardIteratorRequest`] starts reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShardIteratorType {
    /// At the oldest record kept.
    TrimHorizon,
    /// After the newest record: only changes made from now on.
    Latest,
    /// At the record with the request's sequence number.
    AtSequenceNumber,
    /// After the record with the request's sequence number.
    AfterSequenceNumber,
}

impl ShardIteratorType {
    /// Every type, in DynamoDB's order.
    pub const ALL: [ShardIteratorType; 4] = [
        ShardIteratorType::TrimHorizon,
        ShardIteratorType::Latest,
        ShardIteratorType::AtSequenceNumber,
        ShardIteratorType::AfterSequenceNumber,
    ];

    /// DynamoDB's name (`TRIM_HORIZON`, `LATEST`, `AT_SEQUENCE_NUMBER`, `AFTER_SEQUENCE_NUMBER`).
    pub fn as_str(self) -> &'static str {
        match self {
            ShardIteratorType::TrimHorizon => "TRIM_HORIZON",
            ShardIteratorType::Latest => "LATEST",
            ShardIteratorType::AtSequenceNumber => "AT_SEQUENCE_NUMBER",
            ShardIteratorType::AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
        }
    }

    /// The type DynamoDB names `name`.
    pub fn parse(name: &str) -> Option<ShardIteratorType> {
        ShardIteratorType::ALL
            .into_iter()
            .find(|t| t.as_str() == name)
    }

    /// Whether the type needs a sequence number.
    pub fn needs_sequence_number(self) -> bool {
        matches!(
            self,
            ShardIteratorType::AtSequenceNumber | ShardIteratorType::AfterSequenceNumber
        )
    }
}

impl fmt::Display for ShardIteratorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// GetShardIterator: a position in one shard of a stream.
///
/// ```
/// use dynorm::backend::{GetShardIteratorRequest, ShardIteratorType};
/// let req = GetShardIteratorRequest::new("arn", "shardId-1", ShardIteratorType::AfterSequenceNumber)
///     .sequence_number("000000000000000000042");
/// assert!(req.iterator_type.needs_sequence_number());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetShardIteratorRequest {
    /// The stream's ARN.
    pub stream_arn: String,
    /// The shard.
    pub shard_id: String,
    /// Where to start.
    pub iterator_type: ShardIteratorType,
    /// The record to start at or after (`AT_`/`AFTER_SEQUENCE_NUMBER` only).
    pub sequence_number: Option<String>,
}

impl GetShardIteratorRequest {
    /// A position of this type in the shard `shard_id`.
    pub fn new(
        stream_arn: impl Into<String>,
        shard_id: impl Into<String>,
        iterator_type: ShardIteratorType,
    ) -> GetShardIteratorRequest {
        GetShardIteratorRequest {
            stream_arn: stream_arn.into(),
            shard_id: shard_id.into(),
            iterator_type,
            sequence_number: None,
        }
    }

    /// The sequence number of `AT_`/`AFTER_SEQUENCE_NUMBER`.
    #[must_use]
    pub fn sequence_number(
        mut self,
        sequence_number: impl Into<String>,
    ) -> GetShardIteratorRequest {
        self.sequence_number = Some(sequence_number.into());
        self
    }
}

/// What GetShardIterator answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetShardIteratorOutput {
    /// The position, valid for 15 minutes.
    pub shard_iterator: Option<String>,
}

impl GetShardIteratorOutput {
    /// An answer with this iterator.
    pub fn new(shard_iterator: impl Into<String>) -> GetShardIteratorOutput {
        GetShardIteratorOutput {
            shard_iterator: Some(shard_iterator.into()),
        }
    }
}

/// GetRecords: the records from a shard iterator's position.
///
/// ```
/// use dynorm::backend::GetRecordsRequest;
/// assert_eq!(GetRecordsRequest::new("iterator").limit(10).limit, Some(10));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetRecordsRequest {
    /// Where to read (a GetShardIterator or GetRecords answer's iterator).
    pub shard_iterator: String,
    /// Most records, `1..=1000` (DynamoDB's default is 1000).
    pub limit: Option<u32>,
}

impl GetRecordsRequest {
    /// Reads from `shard_iterator`.
    pub fn new(shard_iterator: impl Into<String>) -> GetRecordsRequest {
        GetRecordsRequest {
            shard_iterator: shard_iterator.into(),
            limit: None,
        }
    }

    /// At most `limit` records.
    #[must_use]
    pub fn limit(mut self, limit: u32) -> GetRecordsRequest {
        self.limit = Some(limit);
        self
    }
}

/// What kind of change a [`Record`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StreamEventName {
    /// A new item.
    Insert,
    /// An item changed.
    Modify,
    /// An item deleted.
    Remove,
}

impl StreamEventName {
    /// DynamoDB's name (`INSERT`, `MODIFY`, `REMOVE`).
    pub fn as_str(self) -> &'static str {
        match self {
            StreamEventName::Insert => "INSERT",
            StreamEventName::Modify => "MODIFY",
            StreamEventName::Remove => "REMOVE",
        }
    }

    /// The kind DynamoDB names `name`.
    pub fn parse(name: &str) -> Option<StreamEventName> {
        [
            StreamEventName::Insert,
            StreamEventName::Modify,
            StreamEventName::Remove,
        ]
        .into_iter()
        .find(|e| e.as_str() == name)
    }
}

impl fmt::Display for StreamEventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who made a change, when it was not a request (DynamoDB's
/// `userIdentity`): TTL deletes name the DynamoDB service.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserIdentity {
    /// `"Service"`.
    pub kind: String,
    /// `"dynamodb.amazonaws.com"`.
    pub principal_id: String,
}

impl UserIdentity {
    /// An identity of this type (`Service`) and principal.
    pub fn new(kind: impl Into<String>, principal_id: impl Into<String>) -> UserIdentity {
        UserIdentity {
            kind: kind.into(),
            principal_id: principal_id.into(),
        }
    }

    /// The identity of DynamoDB's TTL deletes.
    pub fn dynamodb_service() -> UserIdentity {
        UserIdentity {
            kind: "Service".to_owned(),
            principal_id: "dynamodb.amazonaws.com".to_owned(),
        }
    }
}

/// One record of a stream: one item change (DynamoDB's `Record` with its
/// `dynamodb` member flattened in).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Record {
    /// Unique id of the record.
    pub event_id: String,
    /// What changed.
    pub event_name: StreamEventName,
    /// The record format's version (`"1.1"`).
    pub event_version: String,
    /// `"aws:dynamodb"`.
    pub event_source: String,
    /// The table's region.
    pub aws_region: String,
    /// When the change was made, to the second.
    pub approximate_creation_date_time: SystemTime,
    /// The item's key attributes.
    pub keys: Item,
    /// The item after the change (`NEW_IMAGE`, `NEW_AND_OLD_IMAGES`; not for a REMOVE).
    pub new_image: Option<Item>,
    /// The item before the change (`OLD_IMAGE`, `NEW_AND_OLD_IMAGES`; not for an INSERT).
    pub old_image: Option<Item>,
    /// The record's place in the shard: a decimal number, increasing.
    pub sequence_number: String,
    /// The size of the keys and images the record holds, as DynamoDB sizes items.
    pub size_bytes: u64,
    /// The stream's view type.
    pub stream_view_type: StreamViewType,
    /// Who made the change, when it was the service (a TTL delete).
    pub user_identity: Option<UserIdentity>,
}

impl Record {
    /// A record of `event_name` on the item with `keys`, with DynamoDB's
    /// event version and source, no images and no identity; its size is
    /// that of the keys.
    pub fn new(
        event_id: impl Into<String>,
        event_name: StreamEventName,
        keys: Item,
        sequence_number: impl Into<String>,
        stream_view_type: StreamViewType,
    ) -> Record {
        let size_bytes = crate::value::item_size(&keys) as u64;
        Record {
            event_id: event_id.into(),
            event_name,
            event_version: "1.1".to_owned(),
            event_source: "aws:dynamodb".to_owned(),
            aws_region: String::new(),
            approximate_creation_date_time: SystemTime::UNIX_EPOCH,
            keys,
            new_image: None,
            old_image: None,
            sequence_number: sequence_number.into(),
            size_bytes,
            stream_view_type,
            user_identity: None,
        }
    }
}

/// What GetRecords answers.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GetRecordsOutput {
    /// The records, in order.
    pub records: Vec<Record>,
    /// Where to read next; `None` once a closed shard is read to its end.
    pub next_shard_iterator: Option<String>,
}

impl GetRecordsOutput {
    /// These records, continuing at `next_shard_iterator`.
    pub fn new(records: Vec<Record>, next_shard_iterator: Option<String>) -> GetRecordsOutput {
        GetRecordsOutput {
            records,
            next_shard_iterator,
        }
    }
}
