//! The client request tokens of write transactions: for each token used in
//! the last 10 minutes, a digest of the request it came with and the answer
//! given, as DynamoDB keeps them.
//!
//! A resent transaction with the same token and the same request gets the
//! same answer and is not applied again; the same token with another request
//! is `IdempotentParameterMismatch`. Tokens are kept in the order they were
//! recorded, so expiring them costs amortised O(1) per transaction: only the
//! expired ones at the front are looked at.

use dynorm::backend::{TransactWriteAction, TransactWriteItemsOutput, TransactWriteItemsRequest};
use dynorm::value::PackedItem;
use dynorm::{Error, Item, Result};
use md5::{Digest as _, Md5};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a client request token is remembered.
pub(crate) const TOKEN_LIFETIME: Duration = Duration::from_secs(600);

/// A digest of a whole request: 128 bits of MD5 over each action's kind,
/// table, item or key in their packed encoding (equal items pack to equal
/// bytes) and the `Debug` form of the rest (condition, update, flags), then
/// the request's own fields, every part prefixed with its length. Packing an
/// item costs a tenth of formatting it. It only tells apart two requests sent
/// under one token, so no collision resistance against an adversary is
/// needed.
type RequestDigest = [u8; 16];

/// The [`RequestDigest`] of a request.
fn digest(req: &TransactWriteItemsRequest) -> RequestDigest {
    let mut md5 = Md5::new();
    let mut feed = |part: &[u8]| {
        md5.update((part.len() as u64).to_le_bytes());
        md5.update(part);
    };
    let item = PackedItem::pack;
    for action in &req.actions {
        let (kind, table, attrs, rest) = match action {
            TransactWriteAction::Put {
                table,
                item: put,
                condition,
                return_old_on_condition_failure,
                ..
            } => (
                "put",
                table,
                item(put),
                format!("{condition:?} {return_old_on_condition_failure}"),
            ),
            TransactWriteAction::Update {
                table,
                key,
                update,
                condition,
                return_old_on_condition_failure,
                ..
            } => (
                "update",
                table,
                item(key),
                format!("{update:?} {condition:?} {return_old_on_condition_failure}"),
            ),
            TransactWriteAction::Delete {
                table,
                key,
                condition,
                return_old_on_condition_failure,
                ..
            } => (
                "delete",
                table,
                item(key),
                format!("{condition:?} {return_old_on_condition_failure}"),
            ),
            TransactWriteAction::ConditionCheck {
                table,
                key,
                condition,
                return_old_on_condition_failure,
                ..
            } => (
                "check",
                table,
                item(key),
                format!("{condition:?} {return_old_on_condition_failure}"),
            ),
            other => (
                "other",
                &String::new(),
                item(&Item::new()),
                format!("{other:?}"),
            ),
        };
        feed(kind.as_bytes());
        feed(table.as_bytes());
        feed(attrs.as_bytes());
        feed(rest.as_bytes());
    }
    feed(
        format!(
            "{:?} {:?}",
            req.client_request_token, req.return_consumed_capacity
        )
        .as_bytes(),
    );
    md5.finalize().into()
}

#[derive(Debug)]
struct Entry {
    request: RequestDigest,
    output: TransactWriteItemsOutput,
}

/// The tokens of the last [`TOKEN_LIFETIME`], oldest first.
#[derive(Debug, Default)]
pub(crate) struct TokenStore {
    entries: HashMap<Arc<str>, Entry>,
    /// Every key of `entries` once, in the order recorded (so by `at`).
    order: VecDeque<(Instant, Arc<str>)>,
}

/// What a transaction's token says before it runs.
#[derive(Debug)]
pub(crate) enum Seen {
    /// Not seen in the last 10 minutes (or no token): run it, then
    /// [`record`](TokenStore::record) it with this digest.
    New(Option<RequestDigest>),
    /// The same request under the same token: answer this, apply nothing.
    Replay(TransactWriteItemsOutput),
}

impl TokenStore {
    /// Forgets the tokens older than [`TOKEN_LIFETIME`] at `now`, then looks
    /// the request's token up.
    pub(crate) fn check(&mut self, req: &TransactWriteItemsRequest, now: Instant) -> Result<Seen> {
        self.expire(now);
        let Some(token) = req.client_request_token.as_deref() else {
            return Ok(Seen::New(None));
        };
        let request = digest(req);
        match self.entries.get(token) {
            None => Ok(Seen::New(Some(request))),
            Some(entry) if entry.request == request => Ok(Seen::Replay(entry.output.clone())),
            Some(_) => Err(Error::IdempotentParameterMismatch {
                message: format!(
                    "The request uses the same client request token `{token}` as a previous, but different, request"
                ),
                request_id: None,
                source: None,
            }),
        }
    }

    /// Remembers a successful transaction's token (if it had one), the digest
    /// [`check`](Self::check) gave and its answer.
    pub(crate) fn record(
        &mut self,
        req: &TransactWriteItemsRequest,
        request: Option<RequestDigest>,
        output: &TransactWriteItemsOutput,
        now: Instant,
    ) {
        let (Some(token), Some(request)) = (req.client_request_token.as_deref(), request) else {
            return;
        };
        let token: Arc<str> = Arc::from(token);
        let entry = Entry {
            request,
            output: output.clone(),
        };
        if self.entries.insert(Arc::clone(&token), entry).is_none() {
            self.order.push_back((now, token));
        }
    }

    /// Drops the expired tokens, oldest first.
    fn expire(&mut self, now: Instant) {
        while let Some((at, _)) = self.order.front() {
            if now.saturating_duration_since(*at) < TOKEN_LIFETIME {
                break;
            }
            if let Some((_, token)) = self.order.pop_front() {
                self.entries.remove(&token);
            }
        }
    }

    /// How many tokens are remembered.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dynorm::backend::TransactWriteAction;
    use dynorm::Item;

    fn req(token: &str, v: i64) -> TransactWriteItemsRequest {
        TransactWriteItemsRequest::new(vec![TransactWriteAction::put(
            "t",
            Item::new().with("pk", "a").with("v", v),
        )])
        .client_request_token(token)
    }

    fn run(store: &mut TokenStore, r: &TransactWriteItemsRequest, now: Instant) -> Result<bool> {
        match store.check(r, now)? {
            Seen::Replay(_) => Ok(false),
            Seen::New(d) => {
                store.record(r, d, &TransactWriteItemsOutput::default(), now);
                Ok(true)
            }
        }
    }

    #[test]
    fn same_request_replays_other_request_mismatches() {
        let mut store = TokenStore::default();
        let t0 = Instant::now();
        assert!(run(&mut store, &req("a", 1), t0).expect("first"), "applied");
        assert!(
            !run(&mut store, &req("a", 1), t0).expect("retry"),
            "replayed"
        );
        let err = run(&mut store, &req("a", 2), t0).expect_err("mismatch");
        assert!(
            matches!(err, Error::IdempotentParameterMismatch { .. }),
            "{err:?}"
        );
        assert!(run(&mut store, &req("b", 2), t0).expect("other token"));
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn tokens_expire_after_ten_minutes_oldest_first() {
        let mut store = TokenStore::default();
        let t0 = Instant::now();
        run(&mut store, &req("a", 1), t0).expect("a");
        run(&mut store, &req("b", 1), t0 + Duration::from_secs(300)).expect("b");
        let later = t0 + TOKEN_LIFETIME;
        // `a` is forgotten: another request under it applies; `b` is kept.
        assert!(run(&mut store, &req("a", 2), later).expect("a again"));
        let err = run(&mut store, &req("b", 2), later).expect_err("b kept");
        assert!(
            matches!(err, Error::IdempotentParameterMismatch { .. }),
            "{err:?}"
        );
        assert_eq!(store.len(), 2);
        run(&mut store, &req("c", 1), later + TOKEN_LIFETIME).expect("c");
        assert_eq!(store.len(), 1, "a and b expired");
        assert_eq!(store.order.len(), 1);
    }

    #[test]
    fn requests_without_token_are_not_kept() {
        let mut store = TokenStore::default();
        let r = TransactWriteItemsRequest::new(vec![]);
        assert!(run(&mut store, &r, Instant::now()).expect("no token"));
        assert_eq!(store.len(), 0);
    }
}
