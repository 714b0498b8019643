//! The unprocessed-items loop of batch operations: requests split into
//! chunks of DynamoDB's size, several chunks in flight at once, each chunk's
//! unprocessed part sent again with [`RetryPolicy`]'s backoff until none is
//! left or the attempts run out. Failed calls are not retried here: the
//! client's retry layer ([`Retry`](crate::layers::Retry)) did that already.

use super::retry::RetryPolicy;
use crate::error::{Error, Result};
use futures::stream::{self, StreamExt};
use std::future::Future;

/// What one chunk ended with.
pub(crate) struct ChunkOutcome<R, O> {
    /// What the calls returned (items read; nothing for writes).
    pub(crate) done: Vec<O>,
    /// Requests not processed after the last attempt, or left when a call failed.
    pub(crate) unprocessed: Vec<R>,
    /// The error of the call that failed, if one did.
    pub(crate) error: Option<Error>,
}

/// One call's answer: what it returned and the requests it left unprocessed.
pub(crate) type CallResult<R, O> = Result<(Vec<O>, Vec<R>)>;

/// Sends `requests` in chunks of `chunk_size`, `concurrency` chunks at a
/// time, through `call`. A chunk is sent again with what the call left
/// unprocessed, with a pause from `retry` before each new attempt, until
/// nothing is left or `retry`'s attempts are used up; a failed call ends
/// its chunk. Returns one outcome per chunk, in no particular order.
pub(crate) async fn send_chunked<R, O, F, Fut>(
    requests: Vec<R>,
    chunk_size: usize,
    concurrency: usize,
    retry: RetryPolicy,
    call: F,
) -> Vec<ChunkOutcome<R, O>>
where
    R: Clone,
    F: Fn(Vec<R>) -> Fut,
    Fut: Future<Output = CallResult<R, O>>,
{
    let mut chunks = Vec::with_capacity(requests.len().div_ceil(chunk_size.max(1)));
    let mut iter = requests.into_iter().peekable();
    while iter.peek().is_some() {
        chunks.push(iter.by_ref().take(chunk_size.max(1)).collect::<Vec<_>>());
    }
    let call = &call;
    stream::iter(chunks)
        .map(|chunk| send_chunk(chunk, retry, call))
        .buffer_unordered(concurrency.max(1))
        .collect()
        .await
}

/// Per-table lists as one list of (table, entry), for the calls' answers.
pub(crate) fn flatten<T>(tables: impl IntoIterator<Item = (String, Vec<T>)>) -> Vec<(String, T)> {
    tables
        .into_iter()
        .flat_map(|(t, entries)| entries.into_iter().map(move |e| (t.clone(), e)))
        .collect()
}

async fn send_chunk<R, O, F, Fut>(chunk: Vec<R>, retry: RetryPolicy, call: &F) -> ChunkOutcome<R, O>
where
    R: Clone,
    F: Fn(Vec<R>) -> Fut,
    Fut: Future<Output = CallResult<R, O>>,
{
    let mut done = Vec::new();
    let mut pending = chunk;
    let mut attempt = 0;
    loop {
        let result = call(pending.clone()).await;
        attempt += 1;
        match result {
            Ok((returned, unprocessed)) => {
                done.extend(returned);
                pending = unprocessed;
                if pending.is_empty() || attempt >= retry.attempts() {
                    return ChunkOutcome {
                        done,
                        unprocessed: pending,
                        error: None,
                    };
                }
            }
            Err(e) => {
                return ChunkOutcome {
                    done,
                    unprocessed: pending,
                    error: Some(e),
                }
            }
        }
        retry.sleep(attempt - 1).await;
    }
}
