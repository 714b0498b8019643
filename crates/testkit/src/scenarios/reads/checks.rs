//! Checks and fixtures the read-and-bulk scenarios share.

use crate::bulk_models::Doc;
use crate::models::Event;
use crate::Ctx;
use dynorm::{Error, Result};
use std::fmt::Debug;

/// Asserts that `result` failed with a validation error whose message contains
/// `fragment` (case-insensitive).
#[track_caller]
pub(crate) fn expect_validation<T: Debug>(result: Result<T>, fragment: &str) {
    match result {
        Err(e) if e.is_validation() => {
            let message = e.message();
            assert!(
                message.to_lowercase().contains(&fragment.to_lowercase()),
                "validation message {message:?} does not mention {fragment:?}"
            );
        }
        other => panic!("expected a validation error mentioning {fragment:?}, got {other:?}"),
    }
}

/// Asserts that `result` failed with [`Error::InvalidCursor`].
#[track_caller]
pub(crate) fn expect_invalid_cursor<T: Debug>(result: Result<T>) {
    match result {
        Err(Error::InvalidCursor { .. }) => {}
        other => panic!("expected InvalidCursor, got {other:?}"),
    }
}

/// Asserts that `result` failed because a table is missing.
#[track_caller]
pub(crate) fn expect_resource_not_found<T: Debug>(result: Result<T>) {
    match result {
        Err(e) if e.is_resource_not_found() => {}
        other => panic!("expected ResourceNotFound, got {other:?}"),
    }
}

/// Writes models with one batch (every one must be written).
pub(crate) async fn put_docs(ctx: &Ctx, docs: &[Doc]) -> Result<()> {
    let written = ctx.client.batch_write().put_all(docs).await?;
    assert_eq!(written, docs.len(), "batch write count");
    Ok(())
}

/// Writes events with one batch (every one must be written).
pub(crate) async fn put_events(ctx: &Ctx, events: &[Event]) -> Result<()> {
    let written = ctx.client.batch_write().put_all(events).await?;
    assert_eq!(written, events.len(), "batch write count");
    Ok(())
}

/// An event with no payload.
pub(crate) fn event(stream: &str, seq: u64, kind: &str) -> Event {
    Event {
        stream: stream.to_owned(),
        seq,
        kind: kind.to_owned(),
        data: None,
    }
}

/// The sequence numbers of events, in order.
pub(crate) fn seqs(events: &[Event]) -> Vec<u64> {
    events.iter().map(|e| e.seq).collect()
}

/// The names of documents, in order.
pub(crate) fn names(docs: &[Doc]) -> Vec<&str> {
    docs.iter().map(|d| d.name.as_str()).collect()
}
