//! DynamoDB Streams in memory: each table with an enabled stream appends one
//! record per item change to its stream's log, at the one step where a table
//! replaces or removes an item (`Table::put`, `Table::delete`,
//! `Table::remove_where`), so every write path records: PutItem, UpdateItem,
//! DeleteItem, BatchWriteItem, TransactWriteItems and the TTL sweep (whose
//! records name the DynamoDB service as `userIdentity`).
//!
//! - A write that leaves the item as it was (a put of the same item, an
//!   update setting the values it holds, a delete of a missing item)
//!   records nothing, as DynamoDB does.
//! - Each stream has one shard: the records of one table are totally
//!   ordered. Sequence numbers are shared by every stream of the backend
//!   and increase, written as DynamoDB Local writes them (21 zero-padded
//!   digits).
//! - Records are kept 24 hours ([`RETENTION`]); an iterator is usable for
//!   15 minutes ([`ITERATOR_LIFETIME`]).
//! - Disabling a stream (UpdateTable) or deleting its table closes it: it
//!   records nothing more, answers DISABLED and stays readable for 24 hours;
//!   enabling again starts a new stream with a new label.
//! - Iterators are self-contained: the stream's ARN, then the shard, the
//!   position and the time they were given, so the backend keeps nothing
//!   per iterator.

use crate::store::Table;
use crate::MemoryBackend;
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use dynorm::backend::{
    DescribeStreamRequest, GetRecordsOutput, GetRecordsRequest, GetShardIteratorOutput,
    GetShardIteratorRequest, KeyAttribute, ListStreamsOutput, ListStreamsRequest, Record, Shard,
    ShardIteratorType, StreamDescription, StreamEventName, StreamSpecification, StreamStatus,
    StreamSummary, StreamViewType, TableDefinition, UserIdentity,
};
use dynorm::rules::stream::{
    self as rules, Violation, ITERATOR_LIFETIME, MAX_RECORDS_BYTES, RETENTION,
};
use dynorm::value::PackedItem;
use dynorm::{Item, Result};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// The region and account stream ARNs and records name.
use crate::tags::{ACCOUNT, REGION};
/// What separates a shard iterator's stream ARN from its position.
const ITERATOR_SEPARATOR: &str = "|001|";

/// Every stream of a backend, open or closed, and the sequence numbers they share.
#[derive(Debug, Default)]
pub(crate) struct Streams {
    /// Streams in the order they were created.
    all: Mutex<Vec<SharedStream>>,
    /// The last sequence number given.
    sequence: Arc<AtomicU64>,
}

/// A stream's log, shared by its table (while enabled) and the registry.
pub(crate) type SharedStream = Arc<Mutex<StreamLog>>;

/// What a table holds of its streams.
#[derive(Debug, Default)]
pub(crate) struct TableStream {
    /// The enabled stream, recording every change.
    pub(crate) enabled: Option<SharedStream>,
    /// The latest stream, enabled or closed (DescribeTable's `LatestStreamArn`).
    latest: Option<StreamSummary>,
}

/// One stream: its description and its records, oldest first.
#[derive(Debug)]
pub(crate) struct StreamLog {
    summary: StreamSummary,
    view_type: StreamViewType,
    created: SystemTime,
    partition_key: KeyAttribute,
    sort_key: Option<KeyAttribute>,
    shard_id: String,
    /// The first sequence number the shard may hold.
    starting: u64,
    /// When the stream was closed and its last sequence number.
    closed: Option<(SystemTime, u64)>,
    /// Records with their sequence numbers, in order.
    records: VecDeque<(u64, Record)>,
    /// The highest sequence number dropped by the 24-hour trim (0: none).
    trimmed_through: u64,
    /// The backend's sequence numbers.
    sequence: Arc<AtomicU64>,
}

/// A position in a shard, as a shard iterator carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Position {
    stream_arn: String,
    shard_id: String,
    /// The sequence number to read from.
    next: u64,
    /// When the iterator was given, in milliseconds since the epoch.
    issued_ms: u64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn millis(at: SystemTime) -> u64 {
    at.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Position {
    fn encode(&self) -> String {
        let inner = format!(
            "{}|{}|{:020}",
            self.shard_id,
            rules::sequence_number(self.next),
            self.issued_ms
        );
        format!(
            "{}{ITERATOR_SEPARATOR}{}",
            self.stream_arn,
            BASE64.encode(inner)
        )
    }

    fn decode(iterator: &str) -> Result<Position, Violation> {
        let invalid = || Violation::InvalidShardIterator;
        let (arn, encoded) = iterator
            .split_once(ITERATOR_SEPARATOR)
            .ok_or_else(invalid)?;
        let bytes = BASE64.decode(encoded).map_err(|_| invalid())?;
        let text = String::from_utf8(bytes).map_err(|_| invalid())?;
        let mut parts = text.split('|');
        let (Some(shard), Some(next), Some(issued), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid());
        };
        Ok(Position {
            stream_arn: arn.to_owned(),
            shard_id: shard.to_owned(),
            next: rules::parse_sequence_number(next).map_err(|_| invalid())?,
            issued_ms: issued.parse().map_err(|_| invalid())?,
        })
    }
}

impl StreamLog {
    fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// Drops the records older than [`RETENTION`].
    fn trim(&mut self, now: SystemTime) {
        while let Some((seq, record)) = self.records.front() {
            let age = now
                .duration_since(record.approximate_creation_date_time)
                .unwrap_or_default();
            if age <= RETENTION {
                break;
            }
            self.trimmed_through = *seq;
            self.records.pop_front();
        }
    }

    /// Whether a closed stream has outlived its retention.
    fn expired(&self, now: SystemTime) -> bool {
        self.closed
            .is_some_and(|(at, _)| now.duration_since(at).unwrap_or_default() > RETENTION)
    }

    /// Appends the record of one change, unless the change leaves the item
    /// as it was.
    fn record(
        &mut self,
        def: &TableDefinition,
        old: Option<&PackedItem>,
        new: Option<&PackedItem>,
        user_identity: Option<UserIdentity>,
    ) {
        let (event_name, any) = match (old, new) {
            (None, None) => return,
            (None, Some(n)) => (StreamEventName::Insert, n),
            (Some(o), None) => (StreamEventName::Remove, o),
            (Some(o), Some(n)) => {
                if o == n || o.unpack() == n.unpack() {
                    return;
                }
                (StreamEventName::Modify, n)
            }
        };
        let mut keys = Item::new();
        for name in def.key_names() {
            if let Some(v) = any.attribute(name) {
                keys.insert(name, v);
            }
        }
        let seq = self.sequence.fetch_add(1, Ordering::SeqCst) + 1;
        let mut record = Record::new(
            uuid::Uuid::new_v4().to_string(),
            event_name,
            keys,
            rules::sequence_number(seq),
            self.view_type,
        );
        if self.view_type.has_new_image() {
            record.new_image = new.map(PackedItem::unpack);
        }
        if self.view_type.has_old_image() {
            record.old_image = old.map(PackedItem::unpack);
        }
        record.size_bytes += [&record.new_image, &record.old_image]
            .into_iter()
            .flatten()
            .map(|i| dynorm::item_size(i) as u64)
            .sum::<u64>();
        let now = SystemTime::now();
        record.aws_region = REGION.to_owned();
        record.approximate_creation_date_time =
            SystemTime::UNIX_EPOCH + Duration::from_secs(millis(now) / 1000);
        record.user_identity = user_identity;
        self.trim(now);
        self.records.push_back((seq, record));
    }

    /// Closes the stream: its last sequence number is its last record's.
    fn close(&mut self) {
        if self.is_open() {
            let last = self.records.back().map_or(self.starting, |(seq, _)| *seq);
            self.closed = Some((SystemTime::now(), last));
        }
    }

    fn shard(&self) -> Shard {
        let mut shard = Shard::new(&self.shard_id, rules::sequence_number(self.starting));
        shard.ending_sequence_number = self.closed.map(|(_, end)| rules::sequence_number(end));
        shard
    }

    fn position(&self, next: u64) -> Position {
        Position {
            stream_arn: self.summary.stream_arn.clone(),
            shard_id: self.shard_id.clone(),
            next,
            issued_ms: millis(SystemTime::now()),
        }
    }
}

impl TableStream {
    /// Records one change of `table`'s items on its enabled stream.
    pub(crate) fn record(
        log: &SharedStream,
        def: &TableDefinition,
        old: Option<&PackedItem>,
        new: Option<&PackedItem>,
        user_identity: Option<UserIdentity>,
    ) {
        lock(log).record(def, old, new, user_identity);
    }

    /// The stream setting DescribeTable reports, while a stream is enabled.
    pub(crate) fn specification(&self) -> Option<StreamSpecification> {
        self.enabled
            .as_ref()
            .map(|log| StreamSpecification::enabled(lock(log).view_type))
    }

    /// The latest stream's ARN and label.
    pub(crate) fn latest(&self) -> Option<&StreamSummary> {
        self.latest.as_ref()
    }

    /// Closes the enabled stream, if any.
    pub(crate) fn close(&mut self) {
        if let Some(log) = self.enabled.take() {
            lock(&log).close();
        }
    }
}

impl Streams {
    /// Starts a new stream on `table` (whose enabled stream, if any, was closed).
    pub(crate) fn open(&self, table: &mut Table, view_type: StreamViewType) {
        let mut all = lock(&self.all);
        let name = &table.def.name;
        let mut created = SystemTime::now();
        // Labels are unique per table: a second stream in the same
        // millisecond is labelled a millisecond later.
        while all.iter().any(|s| {
            let s = lock(s);
            s.summary.table_name == *name && s.summary.stream_label == rules::label(created)
        }) {
            created += Duration::from_millis(1);
        }
        let label = rules::label(created);
        let summary = StreamSummary::new(rules::arn(REGION, ACCOUNT, name, &label), name, label);
        let suffix = uuid::Uuid::new_v4().simple().to_string();
        let log = StreamLog {
            summary: summary.clone(),
            view_type,
            created,
            partition_key: table.def.partition_key.clone(),
            sort_key: table.def.sort_key.clone(),
            shard_id: format!("shardId-{:020}-{}", millis(created), &suffix[..8]),
            starting: self.sequence.load(Ordering::SeqCst) + 1,
            closed: None,
            records: VecDeque::new(),
            trimmed_through: 0,
            sequence: Arc::clone(&self.sequence),
        };
        let log = Arc::new(Mutex::new(log));
        all.push(Arc::clone(&log));
        table.stream.enabled = Some(log);
        table.stream.latest = Some(summary);
    }

    /// The stream with this ARN, dropping closed streams past their retention.
    fn find(&self, arn: &str) -> Result<SharedStream> {
        let now = SystemTime::now();
        let mut all = lock(&self.all);
        all.retain(|s| !lock(s).expired(now));
        all.iter()
            .find(|s| lock(s).summary.stream_arn == arn)
            .cloned()
            .ok_or_else(|| rules::stream_not_found(arn))
    }
}

/// Checks UpdateTable's stream setting against the table: enabling needs a
/// table without an enabled stream, disabling one with it (checked before
/// anything of the update is applied).
pub(crate) fn check_update(table: &Table, spec: &StreamSpecification) -> Result<()> {
    rules::check_specification(spec)?;
    match (spec.enabled, table.stream.enabled.is_some()) {
        (true, true) => Err(Violation::AlreadyEnabled.into()),
        (false, false) => Err(Violation::NothingToDisable.into()),
        _ => Ok(()),
    }
}

impl MemoryBackend {
    /// Applies a checked stream setting to `table`.
    pub(crate) fn apply_stream(&self, table: &mut Table, spec: StreamSpecification) {
        table.stream.close();
        if let (true, Some(view_type)) = (spec.enabled, spec.view_type) {
            self.inner.streams.open(table, view_type);
        }
    }

    pub(crate) fn do_list_streams(&self, req: ListStreamsRequest) -> Result<ListStreamsOutput> {
        let limit = rules::check_list_limit(req.limit)? as usize;
        let now = SystemTime::now();
        let mut all = lock(&self.inner.streams.all);
        all.retain(|s| !lock(s).expired(now));
        let summaries: Vec<StreamSummary> = all
            .iter()
            .map(|s| lock(s).summary.clone())
            .filter(|s| req.table.as_ref().map_or(true, |t| *t == s.table_name))
            .collect();
        let start = match &req.exclusive_start_stream_arn {
            Some(arn) => summaries
                .iter()
                .position(|s| s.stream_arn == *arn)
                .map_or(summaries.len(), |i| i + 1),
            None => 0,
        };
        let rest = &summaries[start..];
        let page: Vec<StreamSummary> = rest.iter().take(limit).cloned().collect();
        let last = (rest.len() > limit)
            .then(|| page.last().map(|s| s.stream_arn.clone()))
            .flatten();
        Ok(ListStreamsOutput::new(page, last))
    }

    pub(crate) fn do_describe_stream(
        &self,
        req: DescribeStreamRequest,
    ) -> Result<StreamDescription> {
        rules::check_list_limit(req.limit)?;
        let log = self.inner.streams.find(&req.stream_arn)?;
        let log = lock(&log);
        let status = if log.is_open() {
            StreamStatus::Enabled
        } else {
            StreamStatus::Disabled
        };
        let mut desc = StreamDescription::new(
            log.summary.clone(),
            status,
            log.view_type,
            log.created,
            log.partition_key.clone(),
        );
        desc.sort_key = log.sort_key.clone();
        if req.exclusive_start_shard_id.as_deref() != Some(log.shard_id.as_str()) {
            desc.shards.push(log.shard());
        }
        Ok(desc)
    }

    pub(crate) fn do_get_shard_iterator(
        &self,
        req: GetShardIteratorRequest,
    ) -> Result<GetShardIteratorOutput> {
        let sequence = match (
            req.iterator_type.needs_sequence_number(),
            &req.sequence_number,
        ) {
            (true, None) => return Err(Violation::InvalidSequenceNumber.into()),
            (true, Some(s)) => Some(rules::parse_sequence_number(s)?),
            (false, Some(_)) => return Err(Violation::SequenceNumberNotAllowed.into()),
            (false, None) => None,
        };
        let log = self.inner.streams.find(&req.stream_arn)?;
        let mut log = lock(&log);
        if req.shard_id != log.shard_id {
            return Err(rules::shard_not_found());
        }
        log.trim(SystemTime::now());
        let horizon = log.starting.max(log.trimmed_through + 1);
        let next = match (req.iterator_type, sequence) {
            (ShardIteratorType::TrimHorizon, _) => horizon,
            (ShardIteratorType::Latest, _) => match log.closed {
                Some((_, end)) => end + 1,
                None => log.sequence.load(Ordering::SeqCst) + 1,
            },
            (ShardIteratorType::AtSequenceNumber, Some(s)) => s,
            (ShardIteratorType::AfterSequenceNumber, Some(s)) => s + 1,
            (_, None) => return Err(Violation::InvalidSequenceNumber.into()),
        };
        if next <= log.trimmed_through {
            return Err(rules::trimmed());
        }
        Ok(GetShardIteratorOutput::new(log.position(next).encode()))
    }

    pub(crate) fn do_get_records(&self, req: GetRecordsRequest) -> Result<GetRecordsOutput> {
        let limit = rules::check_records_limit(req.limit)? as usize;
        let position = Position::decode(&req.shard_iterator)?;
        let now = SystemTime::now();
        let age = Duration::from_millis(millis(now).saturating_sub(position.issued_ms));
        if age > ITERATOR_LIFETIME {
            return Err(rules::iterator_expired());
        }
        let log = self.inner.streams.find(&position.stream_arn)?;
        let mut log = lock(&log);
        if position.shard_id != log.shard_id {
            return Err(Violation::InvalidShardIterator.into());
        }
        log.trim(now);
        if position.next <= log.trimmed_through {
            return Err(rules::trimmed());
        }
        let first = log.records.partition_point(|(seq, _)| *seq < position.next);
        let mut records = Vec::new();
        let mut bytes = 0u64;
        let mut next = position.next;
        for (seq, record) in log.records.iter().skip(first) {
            if records.len() == limit
                || (bytes > 0 && bytes + record.size_bytes > MAX_RECORDS_BYTES)
            {
                break;
            }
            bytes += record.size_bytes;
            next = seq + 1;
            records.push(record.clone());
        }
        let read_to_end = first + records.len() == log.records.len();
        let next_iterator = match log.closed {
            Some(_) if read_to_end => None,
            _ => Some(log.position(next).encode()),
        };
        Ok(GetRecordsOutput::new(records, next_iterator))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dynorm::backend::{KeyType, PutItemRequest};
    use dynorm::Backend;

    /// A backend with a table `events` streaming new images, its stream's
    /// ARN and shard.
    async fn backend_with_stream() -> (MemoryBackend, String, String) {
        let db = MemoryBackend::new();
        let def = TableDefinition::new("events", KeyAttribute::new("pk", KeyType::S))
            .with_stream(StreamSpecification::enabled(StreamViewType::NewImage));
        let desc = db.create_table(def).await.expect("create");
        let arn = desc.latest_stream_arn.expect("a stream");
        let described = db
            .describe_stream(DescribeStreamRequest::new(&arn))
            .await
            .expect("describe");
        let shard = described.shards[0].shard_id.clone();
        (db, arn, shard)
    }

    async fn trim_horizon(db: &MemoryBackend, arn: &str, shard: &str) -> String {
        db.get_shard_iterator(GetShardIteratorRequest::new(
            arn,
            shard,
            ShardIteratorType::TrimHorizon,
        ))
        .await
        .expect("iterator")
        .shard_iterator
        .expect("an iterator")
    }

    #[test]
    fn iterators_read_back_what_they_encode() {
        let p = Position {
            stream_arn: "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/x".into(),
            shard_id: "shardId-1".into(),
            next: 42,
            issued_ms: 7,
        };
        assert_eq!(Position::decode(&p.encode()), Ok(p));
        assert_eq!(
            Position::decode("garbage"),
            Err(Violation::InvalidShardIterator)
        );
    }

    #[tokio::test]
    async fn an_iterator_older_than_fifteen_minutes_is_expired() {
        let (db, arn, shard) = backend_with_stream().await;
        let old = Position {
            stream_arn: arn,
            shard_id: shard,
            next: 1,
            issued_ms: millis(SystemTime::now() - ITERATOR_LIFETIME - Duration::from_secs(1)),
        };
        let got = db.get_records(GetRecordsRequest::new(old.encode())).await;
        assert!(
            got.as_ref().is_err_and(dynorm::Error::is_expired_iterator),
            "{got:?}"
        );
    }

    #[tokio::test]
    async fn records_older_than_a_day_are_trimmed() {
        let (db, arn, shard) = backend_with_stream().await;
        db.put_item(PutItemRequest::new("events", Item::new().with("pk", "a")))
            .await
            .expect("put");
        let at_start = trim_horizon(&db, &arn, &shard).await;
        // Age the record past the retention.
        {
            let log = db.inner.streams.find(&arn).expect("the stream");
            let mut log = lock(&log);
            if let Some((_, record)) = log.records.front_mut() {
                record.approximate_creation_date_time =
                    SystemTime::now() - RETENTION - Duration::from_secs(1);
            }
        }
        let got = db.get_records(GetRecordsRequest::new(at_start)).await;
        assert!(
            got.as_ref()
                .is_err_and(dynorm::Error::is_trimmed_data_access),
            "{got:?}"
        );
        let fresh = trim_horizon(&db, &arn, &shard).await;
        let page = db
            .get_records(GetRecordsRequest::new(fresh))
            .await
            .expect("read");
        assert!(page.records.is_empty());
    }
}
