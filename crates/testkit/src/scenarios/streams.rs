//! DynamoDB Streams: one record per item change from every write path, in
//! order, with the images of the stream's view type; no record for a write
//! that changes nothing; the iterator types and `Limit`; disabling and
//! enabling again; DynamoDB's refusals. Raw requests on the client's
//! backend, so they run on every backend as they are.

use crate::{Ctx, Outcome};
use dynorm::backend::{
    Backend, BatchWriteItemRequest, DeleteItemRequest, DescribeStreamRequest, GetRecordsRequest,
    GetShardIteratorRequest, KeyAttribute, KeyType, ListStreamsRequest, PutItemRequest, Record,
    ShardIteratorType, StreamEventName, StreamSpecification, StreamStatus, StreamViewType,
    TableDefinition, TransactWriteAction, TransactWriteItemsRequest, UpdateItemRequest,
    UpdateTableRequest, WriteRequest,
};
use dynorm::rules::stream::Violation;
use dynorm::{Item, Update};
use std::collections::BTreeMap;

/// A table `name` (pk S, sk N) with a stream of `view`: its full name and stream ARN.
async fn streamed_table(
    ctx: &Ctx,
    name: &str,
    view: Option<StreamViewType>,
) -> dynorm::Result<(String, Option<String>)> {
    let full = ctx.client.table_name(name);
    let mut def = TableDefinition::new(&full, KeyAttribute::new("pk", KeyType::S))
        .with_sort_key(KeyAttribute::new("sk", KeyType::N));
    if let Some(view) = view {
        def = def.with_stream(StreamSpecification::enabled(view));
    }
    let desc = ctx.client.create_table_definition(def).await?;
    Ok((full, desc.latest_stream_arn))
}

fn key(pk: &str, sk: i64) -> Item {
    Item::new().with("pk", pk).with("sk", sk)
}

/// The stream's only shard.
async fn shard_of(b: &dyn Backend, arn: &str) -> dynorm::Result<String> {
    let desc = b.describe_stream(DescribeStreamRequest::new(arn)).await?;
    assert_eq!(desc.shards.len(), 1, "one shard: {desc:?}");
    Ok(desc.shards[0].shard_id.clone())
}

async fn iterator(
    b: &dyn Backend,
    arn: &str,
    shard: &str,
    kind: ShardIteratorType,
    sequence: Option<&str>,
) -> dynorm::Result<String> {
    let mut req = GetShardIteratorRequest::new(arn, shard, kind);
    req.sequence_number = sequence.map(str::to_owned);
    let out = b.get_shard_iterator(req).await?;
    Ok(out
        .shard_iterator
        .expect("GetShardIterator answers an iterator"))
}

/// Every record from `iterator` on, reading pages of `limit` until a page
/// comes back empty (or the shard ends).
async fn read_all(
    b: &dyn Backend,
    mut iterator: String,
    limit: Option<u32>,
) -> dynorm::Result<Vec<Record>> {
    let mut records = Vec::new();
    for _ in 0..100 {
        let mut req = GetRecordsRequest::new(&iterator);
        req.limit = limit;
        let page = b.get_records(req).await?;
        if let Some(l) = limit {
            assert!(page.records.len() <= l as usize);
        }
        let empty = page.records.is_empty();
        records.extend(page.records);
        match page.next_shard_iterator {
            Some(next) if !empty => iterator = next,
            _ => break,
        }
    }
    Ok(records)
}

/// The records' kinds and `pk`/`sk` keys, in order.
fn summary(records: &[Record]) -> Vec<(StreamEventName, String)> {
    records
        .iter()
        .map(|r| {
            let pk = r.keys.get("pk").map(dynorm::value::display_value);
            let sk = r.keys.get("sk").map(dynorm::value::display_value);
            (
                r.event_name,
                format!("{}/{}", pk.unwrap_or_default(), sk.unwrap_or_default()),
            )
        })
        .collect()
}

fn validation_message<T: std::fmt::Debug>(result: dynorm::Result<T>) -> String {
    match result {
        Err(e) if e.is_validation() => e.message(),
        other => panic!("expected a ValidationException, got {other:?}"),
    }
}

/// PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems
/// each record one change per item, in the order they were made, with both
/// images; writes that change nothing record nothing.
pub async fn stream_records_every_write_path_in_order(ctx: Ctx) -> Outcome {
    let b = ctx.client.backend();
    let (table, arn) =
        streamed_table(&ctx, "events", Some(StreamViewType::NewAndOldImages)).await?;
    let arn = arn.expect("a table created with a stream names it");
    let shard = shard_of(&**b, &arn).await?;

    let first = key("a", 1).with("v", 1);
    b.put_item(PutItemRequest::new(&table, first.clone()))
        .await?;
    // The same item again, an update to the values it holds, a delete of a
    // missing item: no change, no record.
    b.put_item(PutItemRequest::new(&table, first.clone()))
        .await?;
    b.update_item(UpdateItemRequest::new(
        &table,
        key("a", 1),
        Update::new().set("v", 1),
    ))
    .await?;
    b.delete_item(DeleteItemRequest::new(&table, key("zz", 9)))
        .await?;
    b.update_item(UpdateItemRequest::new(
        &table,
        key("a", 1),
        Update::new().set("v", 2),
    ))
    .await?;
    b.batch_write_item(BatchWriteItemRequest::from_tables(BTreeMap::from([(
        table.clone(),
        vec![
            WriteRequest::Put(key("b", 2).with("v", 3)),
            WriteRequest::Delete(key("a", 1)),
        ],
    )])))
    .await?;
    b.transact_write_items(TransactWriteItemsRequest::new(vec![
        TransactWriteAction::put(&table, key("c", 3)),
        TransactWriteAction::update(&table, key("b", 2), Update::new().remove("v")),
    ]))
    .await?;
    b.delete_item(DeleteItemRequest::new(&table, key("c", 3)))
        .await?;

    // (Taken after the writes: DynamoDB Local answers TrimmedDataAccess to
    // a TRIM_HORIZON iterator of a shard that was empty when it was given.)
    let at_start = iterator(&**b, &arn, &shard, ShardIteratorType::TrimHorizon, None).await?;
    let records = read_all(&**b, at_start, None).await?;
    let mut got = summary(&records);
    // The two writes of one batch (and of one transaction) may be recorded
    // in either order.
    got[2..4].sort_by(|x, y| x.1.cmp(&y.1));
    got[4..6].sort_by(|x, y| x.1.cmp(&y.1));
    use StreamEventName::{Insert, Modify, Remove};
    assert_eq!(
        got,
        [
            (Insert, "\"a\"/1".to_owned()),
            (Modify, "\"a\"/1".to_owned()),
            (Remove, "\"a\"/1".to_owned()),
            (Insert, "\"b\"/2".to_owned()),
            (Modify, "\"b\"/2".to_owned()),
            (Insert, "\"c\"/3".to_owned()),
            (Remove, "\"c\"/3".to_owned()),
        ],
        "{records:#?}"
    );
    let insert = &records[0];
    assert_eq!(insert.new_image.as_ref(), Some(&first));
    assert_eq!(insert.old_image, None);
    assert_eq!(insert.event_version, "1.1");
    assert_eq!(insert.event_source, "aws:dynamodb");
    assert_eq!(insert.stream_view_type, StreamViewType::NewAndOldImages);
    assert_eq!(insert.user_identity, None);
    // Keys (pk "a", sk 1) and the new image (the keys and v 1), sized as
    // DynamoDB sizes items.
    assert_eq!(
        insert.size_bytes,
        (dynorm::item_size(&key("a", 1)) + dynorm::item_size(&first)) as u64
    );
    let modify = &records[1];
    assert_eq!(modify.old_image.as_ref(), Some(&first));
    assert_eq!(modify.new_image.as_ref(), Some(&key("a", 1).with("v", 2)));
    let remove = records
        .iter()
        .find(|r| r.event_name == StreamEventName::Remove)
        .expect("the batch's delete");
    assert_eq!(remove.new_image, None);
    assert_eq!(remove.old_image.as_ref(), Some(&key("a", 1).with("v", 2)));
    let numbers: Vec<u128> = records
        .iter()
        .map(|r| {
            r.sequence_number
                .parse()
                .expect("a decimal sequence number")
        })
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    assert!(records.iter().all(|r| r.sequence_number.len() >= 21));
    Ok(())
}

/// Each view type gives the images it names, and the keys always.
pub async fn stream_view_types_give_their_images(ctx: Ctx) -> Outcome {
    let b = ctx.client.backend();
    for (i, view) in StreamViewType::ALL.into_iter().enumerate() {
        let (table, arn) = streamed_table(&ctx, &format!("view{i}"), Some(view)).await?;
        let arn = arn.expect("a stream");
        let shard = shard_of(&**b, &arn).await?;
        b.put_item(PutItemRequest::new(&table, key("p", 1).with("v", "one")))
            .await?;
        b.put_item(PutItemRequest::new(&table, key("p", 1).with("v", "two")))
            .await?;
        b.delete_item(DeleteItemRequest::new(&table, key("p", 1)))
            .await?;
        let start = iterator(&**b, &arn, &shard, ShardIteratorType::TrimHorizon, None).await?;
        let records = read_all(&**b, start, None).await?;
        assert_eq!(records.len(), 3, "{view}: {records:#?}");
        for r in &records {
            assert_eq!(r.keys, key("p", 1), "{view}");
            assert_eq!(r.stream_view_type, view);
            let new_expected = view.has_new_image() && r.event_name != StreamEventName::Remove;
            let old_expected = view.has_old_image() && r.event_name != StreamEventName::Insert;
            assert_eq!(r.new_image.is_some(), new_expected, "{view}: {r:?}");
            assert_eq!(r.old_image.is_some(), old_expected, "{view}: {r:?}");
            let images = [&r.new_image, &r.old_image]
                .into_iter()
                .flatten()
                .map(dynorm::item_size)
                .sum::<usize>();
            assert_eq!(
                r.size_bytes,
                (dynorm::item_size(&r.keys) + images) as u64,
                "{view}: {r:?}"
            );
        }
        if view.has_new_image() {
            assert_eq!(records[1].new_image, Some(key("p", 1).with("v", "two")));
        }
        if view.has_old_image() {
            assert_eq!(records[1].old_image, Some(key("p", 1).with("v", "one")));
        }
    }
    Ok(())
}

/// TRIM_HORIZON, LATEST, AT_ and AFTER_SEQUENCE_NUMBER start where they
/// say; `Limit` pages; DynamoDB's refusals of bad requests.
pub async fn stream_iterator_types_and_limits(ctx: Ctx) -> Outcome {
    let b = ctx.client.backend();
    let (table, arn) = streamed_table(&ctx, "iters", Some(StreamViewType::KeysOnly)).await?;
    let arn = arn.expect("a stream");
    let shard = shard_of(&**b, &arn).await?;
    for sk in 1..=3 {
        b.put_item(PutItemRequest::new(&table, key("k", sk)))
            .await?;
    }
    let latest = iterator(&**b, &arn, &shard, ShardIteratorType::Latest, None).await?;
    b.put_item(PutItemRequest::new(&table, key("k", 4))).await?;

    let start = iterator(&**b, &arn, &shard, ShardIteratorType::TrimHorizon, None).await?;
    let all = read_all(&**b, start.clone(), Some(1)).await?;
    let sks: Vec<String> = summary(&all).into_iter().map(|(_, k)| k).collect();
    assert_eq!(sks, ["\"k\"/1", "\"k\"/2", "\"k\"/3", "\"k\"/4"]);
    let page = b
        .get_records(GetRecordsRequest::new(&start).limit(2))
        .await?;
    assert_eq!(page.records.len(), 2);
    assert!(page.next_shard_iterator.is_some());

    let after_latest = read_all(&**b, latest, None).await?;
    assert_eq!(summary(&after_latest), summary(&all[3..]));
    let second = all[1].sequence_number.as_str();
    let at = iterator(
        &**b,
        &arn,
        &shard,
        ShardIteratorType::AtSequenceNumber,
        Some(second),
    )
    .await?;
    assert_eq!(
        summary(&read_all(&**b, at, None).await?),
        summary(&all[1..])
    );
    let after = iterator(
        &**b,
        &arn,
        &shard,
        ShardIteratorType::AfterSequenceNumber,
        Some(second),
    )
    .await?;
    assert_eq!(
        summary(&read_all(&**b, after, None).await?),
        summary(&all[2..])
    );

    assert_eq!(
        validation_message(
            b.get_records(GetRecordsRequest::new(&start).limit(1001))
                .await
        ),
        Violation::RecordsLimit.to_string()
    );
    let bad = format!("{arn}|001|bm90IGFuIGl0ZXJhdG9y");
    assert_eq!(
        validation_message(b.get_records(GetRecordsRequest::new(bad)).await),
        Violation::InvalidShardIterator.to_string()
    );
    let missing = GetShardIteratorRequest::new(&arn, &shard, ShardIteratorType::AtSequenceNumber);
    assert_eq!(
        validation_message(b.get_shard_iterator(missing).await),
        Violation::InvalidSequenceNumber.to_string()
    );
    let extra = GetShardIteratorRequest::new(&arn, &shard, ShardIteratorType::TrimHorizon)
        .sequence_number(second);
    assert_eq!(
        validation_message(b.get_shard_iterator(extra).await),
        Violation::SequenceNumberNotAllowed.to_string()
    );
    let no_shard = GetShardIteratorRequest::new(
        &arn,
        "shardId-00000001000000000000-00000000",
        ShardIteratorType::TrimHorizon,
    );
    let err = b
        .get_shard_iterator(no_shard)
        .await
        .expect_err("no such shard");
    assert!(err.is_resource_not_found(), "{err:?}");
    let gone = arn.replace(&table, &ctx.client.table_name("nosuchtable"));
    let err = b
        .describe_stream(DescribeStreamRequest::new(&gone))
        .await
        .expect_err("no such stream");
    assert!(err.is_resource_not_found(), "{err:?}");
    assert!(err.message().contains("not found"), "{err}");
    assert_eq!(
        validation_message(b.list_streams(ListStreamsRequest::new().limit(101)).await),
        Violation::ListLimit.to_string()
    );
    Ok(())
}

/// UpdateTable enables a stream on a table without one (and refuses a
/// second); disabling closes it (DISABLED, still readable to its end, then
/// no next iterator); enabling again makes a new stream; ListStreams lists
/// both; deleting the table disables its stream.
pub async fn stream_disable_and_enable_again(ctx: Ctx) -> Outcome {
    let b = ctx.client.backend();
    let (table, none) = streamed_table(&ctx, "toggled", None).await?;
    assert_eq!(none, None);
    let desc = b
        .describe_table(dynorm::backend::DescribeTableRequest::new(&table))
        .await?;
    assert_eq!(desc.stream_specification, None);
    let disable =
        || UpdateTableRequest::new(&table).stream_specification(StreamSpecification::disabled());
    let enable =
        |v| UpdateTableRequest::new(&table).stream_specification(StreamSpecification::enabled(v));
    assert_eq!(
        validation_message(b.update_table(disable()).await),
        Violation::NothingToDisable.to_string()
    );
    assert_eq!(
        validation_message(
            b.update_table(
                UpdateTableRequest::new(&table)
                    .stream_specification(StreamSpecification::new(true, None))
            )
            .await
        ),
        Violation::ViewTypeMissing.to_string()
    );
    assert_eq!(
        validation_message(
            b.update_table(UpdateTableRequest::new(&table).stream_specification(
                StreamSpecification::new(false, Some(StreamViewType::KeysOnly))
            ))
            .await
        ),
        Violation::ViewTypeWhenDisabled.to_string()
    );

    let on = b.update_table(enable(StreamViewType::KeysOnly)).await?;
    assert_eq!(
        on.stream_specification,
        Some(StreamSpecification::enabled(StreamViewType::KeysOnly))
    );
    let first = on.latest_stream_arn.expect("the new stream's ARN");
    let label = on.latest_stream_label.expect("its label");
    assert!(first.ends_with(&format!("/stream/{label}")), "{first}");
    assert_eq!(
        validation_message(b.update_table(enable(StreamViewType::NewImage)).await),
        Violation::AlreadyEnabled.to_string()
    );
    b.put_item(PutItemRequest::new(&table, key("x", 1))).await?;
    let shard = shard_of(&**b, &first).await?;
    let start = iterator(&**b, &first, &shard, ShardIteratorType::TrimHorizon, None).await?;

    let off = b.update_table(disable()).await?;
    assert_eq!(off.stream_specification, None);
    assert_eq!(off.latest_stream_arn.as_deref(), Some(first.as_str()));
    b.put_item(PutItemRequest::new(&table, key("x", 2))).await?;
    let closed = b
        .describe_stream(DescribeStreamRequest::new(&first))
        .await?;
    assert_eq!(closed.stream_status, StreamStatus::Disabled);
    assert!(
        closed.shards[0].ending_sequence_number.is_some(),
        "{closed:?}"
    );
    let page = b.get_records(GetRecordsRequest::new(&start)).await?;
    assert_eq!(
        summary(&page.records),
        [(StreamEventName::Insert, "\"x\"/1".to_owned())]
    );
    assert_eq!(
        page.next_shard_iterator, None,
        "a closed shard read to its end"
    );

    // A stream label is a time in milliseconds: the next one is later.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let again = b.update_table(enable(StreamViewType::NewImage)).await?;
    let second = again.latest_stream_arn.expect("a new stream");
    assert_ne!(second, first);
    let listed = b
        .list_streams(ListStreamsRequest::new().table(&table))
        .await?;
    let mut arns: Vec<&str> = listed
        .streams
        .iter()
        .map(|s| s.stream_arn.as_str())
        .collect();
    arns.sort_unstable();
    let mut expected = vec![first.as_str(), second.as_str()];
    expected.sort_unstable();
    assert_eq!(arns, expected);
    assert!(listed.streams.iter().all(|s| s.table_name == table));
    let one = b
        .list_streams(ListStreamsRequest::new().table(&table).limit(1))
        .await?;
    assert_eq!(one.streams.len(), 1);
    let rest = b
        .list_streams(
            ListStreamsRequest::new()
                .table(&table)
                .exclusive_start_stream_arn(one.last_evaluated_stream_arn.expect("a next page")),
        )
        .await?;
    assert_eq!(rest.streams.len(), 1);
    assert_ne!(rest.streams[0].stream_arn, one.streams[0].stream_arn);

    b.delete_table(dynorm::backend::DeleteTableRequest::new(&table))
        .await?;
    let after = b
        .describe_stream(DescribeStreamRequest::new(&second))
        .await?;
    assert_eq!(after.stream_status, StreamStatus::Disabled);
    Ok(())
}
