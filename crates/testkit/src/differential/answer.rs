//! One operation run on one backend, and its answer in a form that compares
//! as DynamoDB specifies it: where the order is unspecified (BatchGetItem's
//! items, a Scan's items across partitions and segments, the items of an
//! index Query among equal index keys, set members) the
//! answer is sorted; everything else is kept in order.

use super::Op;
use dynorm::backend::*;
use dynorm::{Error, Item, Value};
use std::collections::BTreeMap;

/// Most pages read to the end of one Query or Scan.
const MAX_PAGES: usize = 200;

/// What a backend answered, normalised.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// GetItem's item, or the attributes a write returned.
    Item(Option<Item>),
    /// Every page of a Query to the end: items, items evaluated, the key to
    /// continue from.
    Pages(Vec<(Vec<Item>, u32, Option<Item>)>),
    /// A Scan to the end (every segment), its items sorted, the items
    /// evaluated and, without segments, how many pages it took.
    Scanned {
        /// The items, sorted.
        items: Vec<Item>,
        /// Items evaluated, summed over the pages.
        scanned: u32,
        /// Pages read (`None` for a parallel scan, whose split is the backend's).
        pages: Option<usize>,
    },
    /// BatchGetItem's items per table, sorted; and whether anything was left.
    Batch(BTreeMap<String, Vec<Item>>, bool),
    /// TransactGetItems' items, in order.
    Items(Vec<Option<Item>>),
    /// A write that returned nothing.
    Done,
    /// An error.
    Failed(Failure),
    /// A Query or Scan still returning a start key after [`MAX_PAGES`] pages.
    Endless,
}

/// An error, as far as it is compared: its kind, the old item of a failed
/// condition, the cancellation reasons of a transaction; the message is kept
/// to print.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The `Error` variant.
    pub kind: &'static str,
    /// `ConditionFailed`'s old item.
    pub old_item: Option<Item>,
    /// `TransactionCanceled`'s reasons: code and old item.
    pub reasons: Vec<(String, Option<Item>)>,
    /// The message, not compared.
    pub message: String,
}

impl PartialEq for Failure {
    fn eq(&self, other: &Failure) -> bool {
        self.kind == other.kind && self.old_item == other.old_item && self.reasons == other.reasons
    }
}

impl Answer {
    /// The error kind, if the answer is an error.
    pub fn kind(&self) -> Option<&'static str> {
        match self {
            Answer::Failed(f) => Some(f.kind),
            _ => None,
        }
    }

    /// The cancellation codes, if the answer is a cancelled transaction.
    pub fn codes(&self) -> Vec<&str> {
        match self {
            Answer::Failed(f) => f.reasons.iter().map(|(c, _)| c.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

fn failure(e: Error) -> Answer {
    let message = e.to_string();
    let reasons = e
        .cancellation_reasons()
        .map(|rs| {
            rs.iter()
                .map(|r| (r.code.as_str().to_owned(), r.item.as_ref().map(canonical)))
                .collect()
        })
        .unwrap_or_default();
    Answer::Failed(Failure {
        kind: e.kind(),
        old_item: e.old_item().map(canonical),
        reasons,
        message,
    })
}

/// The item with every set's members sorted (DynamoDB keeps no set order).
pub(crate) fn canonical(item: &Item) -> Item {
    let mut out = Item::new();
    for (name, v) in item.iter() {
        out.insert(name.clone(), canonical_value(v));
    }
    out
}

fn canonical_value(v: &Value) -> Value {
    match v {
        Value::M(m) => Value::M(canonical(m)),
        Value::L(l) => Value::L(l.iter().map(canonical_value).collect()),
        Value::Ss(s) => {
            let mut s = s.clone();
            s.sort();
            Value::Ss(s)
        }
        Value::Ns(s) => {
            let mut s = s.clone();
            s.sort();
            Value::Ns(s)
        }
        Value::Bs(s) => {
            let mut s = s.clone();
            s.sort();
            Value::Bs(s)
        }
        other => other.clone(),
    }
}

fn sorted(items: impl IntoIterator<Item = Item>) -> Vec<Item> {
    let mut items: Vec<(String, Item)> = items
        .into_iter()
        .map(|i| {
            let i = canonical(&i);
            (format!("{i:?}"), i)
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items.into_iter().map(|(_, i)| i).collect()
}

fn item(i: Option<Item>) -> Answer {
    Answer::Item(i.as_ref().map(canonical))
}

/// Runs `op` on `backend`; `token` is the client request token of a
/// transaction that has one.
pub(crate) async fn run(backend: &dyn Backend, op: &Op, token: Option<String>) -> Answer {
    match answer(backend, op, token).await {
        Ok(a) => a,
        Err(e) => failure(e),
    }
}

async fn answer(backend: &dyn Backend, op: &Op, token: Option<String>) -> dynorm::Result<Answer> {
    Ok(match op {
        Op::Get(r) => item(backend.get_item(r.clone()).await?.item),
        Op::Put(r) => item(backend.put_item(r.clone()).await?.attributes),
        Op::Update(r) => item(backend.update_item(r.clone()).await?.attributes),
        Op::Delete(r) => item(backend.delete_item(r.clone()).await?.attributes),
        Op::Query(r) => {
            let mut pages = Vec::new();
            let mut req = r.clone();
            loop {
                let page = backend.query(req.clone()).await?;
                let last = page.last_evaluated_key.clone();
                pages.push((
                    page.items.iter().map(canonical).collect(),
                    page.scanned_count,
                    last.as_ref().map(canonical),
                ));
                match last {
                    // DynamoDB leaves the order of items with equal index
                    // keys open (and so where a page ends among them): an
                    // index query is compared as its items, how many it
                    // evaluated and how many pages it took.
                    None if r.index.is_some() => {
                        let scanned = pages.iter().map(|p| p.1).sum();
                        let n = pages.len();
                        break Answer::Scanned {
                            items: sorted(pages.into_iter().flat_map(|p| p.0)),
                            scanned,
                            pages: Some(n),
                        };
                    }
                    None => break Answer::Pages(pages),
                    Some(_) if pages.len() >= MAX_PAGES => break Answer::Endless,
                    Some(k) => req.exclusive_start_key = Some(k),
                }
            }
        }
        Op::Scan { req, segments } => {
            let mut items = Vec::new();
            let mut scanned = 0;
            let mut pages = 0;
            for segment in 0..segments.unwrap_or(1) {
                let mut req = req.clone();
                if let Some(total) = segments {
                    req.segment = Some(Segment::new(segment, *total));
                }
                loop {
                    let page = backend.scan(req.clone()).await?;
                    pages += 1;
                    scanned += page.scanned_count;
                    items.extend(page.items);
                    match page.last_evaluated_key {
                        None => break,
                        Some(_) if pages >= MAX_PAGES => return Ok(Answer::Endless),
                        Some(k) => req.exclusive_start_key = Some(k),
                    }
                }
            }
            Answer::Scanned {
                items: sorted(items),
                scanned,
                pages: segments.is_none().then_some(pages),
            }
        }
        Op::BatchGet(r) => {
            let out = backend.batch_get_item(r.clone()).await?;
            let tables = out
                .responses
                .into_iter()
                .map(|(t, items)| (t, sorted(items)))
                .filter(|(_, items)| !items.is_empty())
                .collect();
            Answer::Batch(tables, !out.unprocessed.is_empty())
        }
        Op::BatchWrite(r) => {
            let out = backend.batch_write_item(r.clone()).await?;
            if out.unprocessed.is_empty() {
                Answer::Done
            } else {
                Answer::Batch(BTreeMap::new(), true)
            }
        }
        Op::TransactWrite { req, .. } => {
            let mut req = req.clone();
            req.client_request_token = token;
            backend.transact_write_items(req).await?;
            Answer::Done
        }
        Op::TransactGet(r) => {
            let out = backend.transact_get_items(r.clone()).await?;
            Answer::Items(
                out.items
                    .iter()
                    .map(|i| i.as_ref().map(canonical))
                    .collect(),
            )
        }
    })
}
