//! A table's DynamoDB stream through the client: its streams (every page of
//! ListStreams), and its changes as a [`futures::Stream`] of typed
//! [`StreamRecord`]s, read shard by shard with GetShardIterator and
//! GetRecords.

use super::Client;
use crate::backend::{
    Backend, DescribeStreamRequest, GetRecordsRequest, GetShardIteratorRequest, ListStreamsRequest,
    Record, ShardIteratorType, StreamEventName, StreamSummary, UserIdentity,
};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::value::Item;
use futures::Stream;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::SystemTime;

/// One change of a table's item, with the images decoded as `M`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StreamRecord<M> {
    /// Insert, modify or remove.
    pub event_name: StreamEventName,
    /// The item's key attributes.
    pub keys: Item,
    /// The item after the change, when the stream's view type holds it.
    pub new_image: Option<M>,
    /// The item before the change, when the stream's view type holds it.
    pub old_image: Option<M>,
    /// The record's place in its shard (increasing).
    pub sequence_number: String,
    /// When the change was made, to the second.
    pub approximate_creation_time: SystemTime,
    /// The size of the record's keys and images.
    pub size_bytes: u64,
    /// The DynamoDB service, for a TTL delete.
    pub user_identity: Option<UserIdentity>,
}

impl<M: Model> StreamRecord<M> {
    fn decode(r: Record) -> Result<StreamRecord<M>> {
        Ok(StreamRecord {
            event_name: r.event_name,
            keys: r.keys,
            new_image: r.new_image.map(M::from_item).transpose()?,
            old_image: r.old_image.map(M::from_item).transpose()?,
            sequence_number: r.sequence_number,
            approximate_creation_time: r.approximate_creation_date_time,
            size_bytes: r.size_bytes,
            user_identity: r.user_identity,
        })
    }
}

/// Where a change stream stands: the shards left, the current iterator,
/// the records read and not yet given.
struct Reader {
    backend: Arc<dyn Backend>,
    arn: String,
    start: ShardIteratorType,
    shards: VecDeque<String>,
    iterator: Option<String>,
    records: VecDeque<Record>,
}

impl Reader {
    /// The next record, reading pages as needed; `None` once every shard is
    /// read to its end or to a page without records (caught up).
    async fn next(&mut self) -> Result<Option<Record>> {
        loop {
            if let Some(r) = self.records.pop_front() {
                return Ok(Some(r));
            }
            let iterator = match self.iterator.take() {
                Some(it) => it,
                None => {
                    let Some(shard) = self.shards.pop_front() else {
                        return Ok(None);
                    };
                    let req = GetShardIteratorRequest::new(&self.arn, shard, self.start);
                    match self.backend.get_shard_iterator(req).await?.shard_iterator {
                        Some(it) => it,
                        None => continue,
                    }
                }
            };
            let page = self
                .backend
                .get_records(GetRecordsRequest::new(iterator))
                .await?;
            if !page.records.is_empty() {
                self.iterator = page.next_shard_iterator;
            }
            self.records.extend(page.records);
        }
    }
}

impl Client {
    /// Every stream of a table (the client's prefix is applied to `table`),
    /// enabled or closed, over every page of ListStreams.
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, StreamSpecification, StreamViewType, TableDefinition};
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = dynorm::Client::new(dynorm_memory::MemoryBackend::new());
    /// let def = TableDefinition::new("orders", KeyAttribute::new("pk", KeyType::S))
    ///     .with_stream(StreamSpecification::enabled(StreamViewType::NewImage));
    /// client.create_table_definition(def).await?;
    /// let streams = client.table_streams("orders").await?;
    /// assert_eq!(streams.len(), 1);
    /// assert_eq!(streams[0].table_name, "orders");
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn table_streams(&self, table: &str) -> Result<Vec<StreamSummary>> {
        let table = self.table_name(table);
        let mut streams = Vec::new();
        let mut start = None;
        loop {
            let mut req = ListStreamsRequest::new().table(&table);
            req.exclusive_start_stream_arn = start.take();
            let page = self.backend().list_streams(req).await?;
            streams.extend(page.streams);
            match page.last_evaluated_stream_arn {
                Some(last) => start = Some(last),
                None => return Ok(streams),
            }
        }
    }

    /// The changes recorded by the latest stream of `M`'s table, from
    /// `start` (`TrimHorizon`: every record kept; `Latest`: none made
    /// before the call), each shard in turn, as typed records. The stream
    /// ends once every shard is read to its end or is caught up (a page
    /// without records): call again (with `AfterSequenceNumber` through the
    /// backend) to follow later changes. A table without a stream is
    /// [`Error::Validation`].
    ///
    /// ```
    /// use dynorm::backend::{StreamEventName, StreamSpecification, StreamViewType, ShardIteratorType};
    /// use dynorm::Model;
    /// use futures::TryStreamExt;
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
    /// #[dynorm(table = "notes", pk = "NOTE#{id}")]
    /// struct Note { id: String, text: String }
    ///
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = dynorm::Client::new(dynorm_memory::MemoryBackend::new());
    /// let def = client
    ///     .table_definition(&[Note::schema()])?
    ///     .with_stream(StreamSpecification::enabled(StreamViewType::NewAndOldImages));
    /// client.create_table_definition(def).await?;
    /// let note = Note { id: "n1".into(), text: "hello".into() };
    /// client.put(&note).await?;
    /// client.delete(Note::key("n1")).await?;
    /// let changes: Vec<_> = client
    ///     .table_changes::<Note>(ShardIteratorType::TrimHorizon)
    ///     .await?
    ///     .try_collect()
    ///     .await?;
    /// assert_eq!(changes.len(), 2);
    /// assert_eq!(changes[0].event_name, StreamEventName::Insert);
    /// assert_eq!(changes[0].new_image.as_ref(), Some(&note));
    /// assert_eq!(changes[1].old_image.as_ref(), Some(&note));
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn table_changes<M: Model>(
        &self,
        start: ShardIteratorType,
    ) -> Result<impl Stream<Item = Result<StreamRecord<M>>>> {
        let table = self.table_name(M::schema().table);
        let desc = self.describe_table(M::schema().table).await?;
        let arn = desc
            .latest_stream_arn
            .ok_or_else(|| Error::validation_in(&table, "the table has no stream"))?;
        let backend = Arc::clone(self.backend());
        let stream = backend
            .describe_stream(DescribeStreamRequest::new(&arn))
            .await?;
        let reader = Reader {
            backend,
            arn,
            start,
            shards: stream.shards.into_iter().map(|s| s.shard_id).collect(),
            iterator: None,
            records: VecDeque::new(),
        };
        Ok(futures::stream::try_unfold(
            reader,
            |mut reader| async move {
                Ok(match reader.next().await? {
                    Some(r) => Some((StreamRecord::decode(r)?, reader)),
                    None => None,
                })
            },
        ))
    }
}
