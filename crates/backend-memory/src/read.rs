//! Query and Scan, on tables and on secondary indexes.

use crate::condition::{check_condition, evaluate, order};
use crate::document::{check_projection, project_opt};
use crate::key_value::{stable_hash, KeyValue, OrderKey};
use crate::sort_range::sort_bounds;
use crate::store::{find_index, read, IndexRef, Table};
use crate::validate::{MAX_PARTITION_KEY_BYTES, MAX_SORT_KEY_BYTES};
use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::{Condition, KeyCondition, Path, SortOp};
use dynorm::value::PackedItem;
use dynorm::{item_size, Error, Item, Result, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

/// Bytes a Query or Scan page reads at most (counted before the filter).
pub(crate) const PAGE_BYTES: usize = 1024 * 1024;

/// DynamoDB Local's message for a Query start key outside the queried
/// partition (checked by a conformance scenario, forward and backward).
const OUTSIDE_QUERY: &str = "The provided starting key does not match the range key predicate";

/// One item as a read sees it.
struct Candidate<'a> {
    /// Position in the table or index.
    order: OrderKey,
    /// The stored item, unpacked only once the page reads it.
    stored: &'a PackedItem,
}

/// Where key attributes are read from: an item, or a stored item without
/// unpacking it.
trait KeySource {
    /// The attribute's value as a key value of the declared type.
    fn key_value(&self, attr: &KeyAttribute) -> Option<KeyValue>;
}

impl KeySource for Item {
    fn key_value(&self, attr: &KeyAttribute) -> Option<KeyValue> {
        KeyValue::from_value(self.get(&attr.name)?).filter(|k| k.key_type() == attr.key_type)
    }
}

impl KeySource for PackedItem {
    fn key_value(&self, attr: &KeyAttribute) -> Option<KeyValue> {
        KeyValue::from_value(&self.attribute(&attr.name)?).filter(|k| k.key_type() == attr.key_type)
    }
}

/// What a read addresses: the table or one of its indexes.
struct Target<'a> {
    table: &'a Table,
    index: Option<IndexRef<'a>>,
}

impl<'a> Target<'a> {
    fn new(table: &'a Table, index: Option<&str>, consistent_read: bool) -> Result<Target<'a>> {
        let index = match index {
            None => None,
            Some(name) => {
                let idx = find_index(&table.def, name)?;
                if idx.global && consistent_read {
                    return Err(Error::validation_in(
                        &table.def.name,
                        "Consistent reads are not supported on global secondary indexes",
                    ));
                }
                Some(idx)
            }
        };
        Ok(Target { table, index })
    }

    /// The partition and sort key attributes of what is read.
    fn key_schema(&self) -> (&'a KeyAttribute, Option<&'a KeyAttribute>) {
        match self.index {
            Some(i) => (&i.def.partition_key, i.def.sort_key.as_ref()),
            None => (
                &self.table.def.partition_key,
                self.table.def.sort_key.as_ref(),
            ),
        }
    }

    /// Every key attribute a key of this read holds: the table's, then the index's.
    fn key_attributes(&self) -> Vec<&'a KeyAttribute> {
        let def = &self.table.def;
        let mut attrs: Vec<&KeyAttribute> = std::iter::once(&def.partition_key)
            .chain(def.sort_key.as_ref())
            .collect();
        if let Some(i) = self.index {
            for k in i.keys() {
                if !attrs.iter().any(|a| a.name == k.name) {
                    attrs.push(k);
                }
            }
        }
        attrs
    }

    fn typed(item: &impl KeySource, attr: &KeyAttribute) -> Option<KeyValue> {
        item.key_value(attr)
    }

    /// The order key of a key (or item); `None` when an attribute is missing or mistyped.
    fn order_of(&self, item: &impl KeySource) -> Option<OrderKey> {
        let def = &self.table.def;
        let tpk = Self::typed(item, &def.partition_key)?;
        let tsk = match &def.sort_key {
            None => None,
            Some(a) => Some(Self::typed(item, a)?),
        };
        Some(match self.index {
            None => vec![Some(tpk), tsk],
            Some(i) => {
                let ipk = Self::typed(item, &i.def.partition_key)?;
                let isk = match &i.def.sort_key {
                    None => None,
                    Some(a) => Some(Self::typed(item, a)?),
                };
                vec![Some(ipk), isk, Some(tpk), tsk]
            }
        })
    }

    /// What the index holds of an item.
    fn view<'i>(&self, item: &'i Item) -> Cow<'i, Item> {
        match self.index {
            None => Cow::Borrowed(item),
            Some(i) if matches!(i.def.projection, IndexProjection::All) => Cow::Borrowed(item),
            Some(i) => {
                let keys = self.key_attributes();
                let mut out = Item::new();
                for (name, value) in item {
                    if keys.iter().any(|k| &k.name == name) || i.projects(name) {
                        out.insert(name.clone(), value.clone());
                    }
                }
                Cow::Owned(out)
            }
        }
    }

    /// Every item of the table or index, in order.
    fn all(&self) -> Vec<Candidate<'a>> {
        match self.index {
            None => self
                .table
                .all()
                .map(|(pk, sk, item)| Candidate {
                    order: vec![Some(pk.clone()), sk.clone()],
                    stored: item,
                })
                .collect(),
            Some(_) => {
                let mut v: Vec<Candidate<'a>> = self
                    .table
                    .all()
                    .filter_map(|(_, _, item)| {
                        Some(Candidate {
                            order: self.order_of(item)?,
                            stored: item,
                        })
                    })
                    .collect();
                v.sort_by(|a, b| a.order.cmp(&b.order));
                v
            }
        }
    }

    /// The exclusive start key as an order key, checked against the key schema.
    fn start(&self, start: Option<&Item>) -> Result<Option<OrderKey>> {
        let Some(start) = start else {
            return Ok(None);
        };
        let invalid = || {
            Error::validation_in(
                &self.table.def.name,
                "The provided starting key is invalid: The provided key element does not match the schema",
            )
        };
        let attrs = self.key_attributes();
        if start.len() != attrs.len() || attrs.iter().any(|a| !start.contains(&a.name)) {
            return Err(invalid());
        }
        self.order_of(start).map(Some).ok_or_else(invalid)
    }

    /// The key attributes of an item, as a LastEvaluatedKey.
    fn last_key(&self, item: &Item) -> Item {
        self.key_attributes()
            .iter()
            .filter_map(|a| Some((a.name.clone(), item.peek(&a.name)?.into_owned())))
            .collect()
    }

    /// Whether filters and projections see the whole item (tables and local
    /// indexes, which fetch from the table) or only the index's attributes.
    fn reads_full_item(&self) -> bool {
        self.index.map_or(true, |i| !i.global)
    }
}

/// Common parameters of a page.
struct PageSpec<'r> {
    start: Option<OrderKey>,
    forward: bool,
    limit: Option<u32>,
    filter: Option<&'r Condition>,
    projection: Option<&'r [Path]>,
}

fn check_common(
    table: &str,
    limit: Option<u32>,
    filter: Option<&Condition>,
    projection: Option<&[Path]>,
) -> Result<()> {
    if limit == Some(0) {
        return Err(Error::validation_in(
            table,
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
        ));
    }
    if let Some(f) = filter {
        check_condition(f, "FilterExpression").map_err(|e| e.with_context(table, None))?;
    }
    check_projection(projection).map_err(|e| e.with_context(table, None))
}

/// Reads one page from candidates in read order.
fn page<'a>(
    target: &Target<'_>,
    candidates: impl IntoIterator<Item = Candidate<'a>>,
    spec: PageSpec<'_>,
) -> QueryOutput {
    let mut out = QueryOutput {
        // Pages are rarely longer than their limit, and never than 1 MB.
        items: Vec::with_capacity(spec.limit.map_or(64, |l| l.min(1024) as usize)),
        ..QueryOutput::default()
    };
    let mut bytes = 0usize;
    let full = target.reads_full_item();
    let after_start = |c: &Candidate<'_>| match &spec.start {
        None => true,
        Some(s) => {
            let ord = c.order.cmp(s);
            if spec.forward {
                ord == Ordering::Greater
            } else {
                ord == Ordering::Less
            }
        }
    };
    for c in candidates.into_iter().filter(after_start) {
        out.scanned_count += 1;
        // Shares the stored buffer; unpacked only if the filter, an index
        // projection or a projection looks into it.
        let whole = Item::from(c.stored.clone());
        // What the index holds, when that is less than the whole item.
        let part = match target.view(&whole) {
            Cow::Borrowed(_) => None,
            Cow::Owned(v) => Some(v),
        };
        bytes += match &part {
            None => c.stored.item_size(),
            Some(v) => item_size(v),
        };
        let limit_hit = spec.limit.is_some_and(|l| out.scanned_count >= l);
        let last = (limit_hit || bytes >= PAGE_BYTES).then(|| target.last_key(&whole));
        let view = part.as_ref().unwrap_or(&whole);
        let seen: &Item = if full && (spec.filter.is_some() || spec.projection.is_some()) {
            &whole
        } else {
            view
        };
        if spec.filter.map_or(true, |f| evaluate(f, Some(seen))) {
            let item = match spec.projection {
                Some(p) => project_opt(seen, Some(p)),
                None => part.unwrap_or(whole),
            };
            out.items.push(item);
        }
        if last.is_some() {
            out.last_evaluated_key = last;
            break;
        }
    }
    out
}

fn sort_matches(op: &SortOp, v: &KeyValue) -> bool {
    let v = v.to_value();
    let cmp = |x: &Value| order(&v, x);
    match op {
        SortOp::Eq(x) => cmp(x) == Some(Ordering::Equal),
        SortOp::Lt(x) => cmp(x) == Some(Ordering::Less),
        SortOp::Le(x) => matches!(cmp(x), Some(Ordering::Less | Ordering::Equal)),
        SortOp::Gt(x) => cmp(x) == Some(Ordering::Greater),
        SortOp::Ge(x) => matches!(cmp(x), Some(Ordering::Greater | Ordering::Equal)),
        SortOp::Between(a, b) => {
            matches!(cmp(a), Some(Ordering::Greater | Ordering::Equal))
                && matches!(cmp(b), Some(Ordering::Less | Ordering::Equal))
        }
        SortOp::BeginsWith(p) => match (&v, p) {
            (Value::S(s), Value::S(p)) => s.starts_with(p.as_str()),
            (Value::B(b), Value::B(p)) => b.starts_with(p),
            _ => false,
        },
    }
}

/// Checks the key condition against the key schema; returns the partition key value.
fn check_key_condition(
    table: &str,
    kc: &KeyCondition,
    pk: &KeyAttribute,
    sk: Option<&KeyAttribute>,
) -> Result<KeyValue> {
    let err = |m: String| Error::validation_in(table, m);
    if kc.partition_name != pk.name {
        return Err(err(format!(
            "Query condition missed key schema element: {}",
            pk.name
        )));
    }
    let mismatch = || {
        err("One or more parameter values were invalid: Condition parameter type does not match schema type".into())
    };
    let pv = KeyValue::from_value(&kc.partition_value)
        .filter(|k| k.key_type() == pk.key_type)
        .ok_or_else(mismatch)?;
    let len = match &pv {
        KeyValue::S(s) => s.len(),
        KeyValue::B(b) => b.len(),
        KeyValue::N(_) => 1,
    };
    if len == 0 {
        return Err(err(format!(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: {}",
            pk.name
        )));
    }
    if len > MAX_PARTITION_KEY_BYTES {
        return Err(err(format!(
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of {MAX_PARTITION_KEY_BYTES} bytes"
        )));
    }
    if let Some(sc) = &kc.sort {
        let Some(sk) = sk.filter(|s| s.name == sc.name) else {
            return Err(err("Query key condition not supported".into()));
        };
        if matches!(sc.op, SortOp::BeginsWith(_)) && sk.key_type == KeyType::N {
            return Err(err(
                "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N".into(),
            ));
        }
        let values: Vec<&Value> = match &sc.op {
            SortOp::Eq(v)
            | SortOp::Lt(v)
            | SortOp::Le(v)
            | SortOp::Gt(v)
            | SortOp::Ge(v)
            | SortOp::BeginsWith(v) => vec![v],
            SortOp::Between(a, b) => vec![a, b],
        };
        for v in &values {
            let kv = KeyValue::from_value(v)
                .filter(|k| k.key_type() == sk.key_type)
                .ok_or_else(mismatch)?;
            let len = match &kv {
                KeyValue::S(s) => s.len(),
                KeyValue::B(b) => b.len(),
                KeyValue::N(_) => 0,
            };
            if len > MAX_SORT_KEY_BYTES {
                return Err(err(format!(
                    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of {MAX_SORT_KEY_BYTES} bytes"
                )));
            }
        }
        if let SortOp::Between(a, b) = &sc.op {
            if order(a, b) == Some(Ordering::Greater) {
                return Err(err(
                    "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound".into(),
                ));
            }
        }
    }
    Ok(pv)
}

impl MemoryBackend {
    pub(crate) fn do_query(&self, req: QueryRequest) -> Result<QueryOutput> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        check_common(
            &req.table,
            req.limit,
            req.filter.as_ref(),
            req.projection.as_deref(),
        )?;
        let target = Target::new(&t, req.index.as_deref(), req.consistent_read)?;
        let (pk_attr, sk_attr) = target.key_schema();
        let pk = check_key_condition(&req.table, &req.key_condition, pk_attr, sk_attr)?;
        let start = target.start(req.exclusive_start_key.as_ref())?;
        if start
            .as_ref()
            .is_some_and(|s| s.first().and_then(Option::as_ref) != Some(&pk))
        {
            // A start key from another partition: DynamoDB refuses it rather
            // than reading the query's partition from the start.
            return Err(Error::validation_in(&req.table, OUTSIDE_QUERY));
        }
        let sort = req.key_condition.sort.as_ref().map(|s| &s.op);
        let in_range = |order: &OrderKey| match (sort, order.get(1)) {
            (None, _) => true,
            (Some(op), Some(Some(sk))) => sort_matches(op, sk),
            _ => false,
        };
        let forward = req.scan_forward;
        let candidates: Box<dyn Iterator<Item = Candidate<'_>> + '_> = match target.index {
            None => {
                // Seek to the first sort key the condition and the start key
                // leave (the start key is in this partition, checked above)
                // and walk lazily: a page reads only what it returns (plus
                // what the filter drops).
                let start_sk = start.as_ref().and_then(|s| s.get(1));
                let Some(bounds) = sort_bounds(sort, start_sk, forward) else {
                    return Ok(QueryOutput::default());
                };
                let items = t.partition_range(&pk, bounds);
                let items: Box<dyn Iterator<Item = (&Option<KeyValue>, &PackedItem)> + '_> =
                    if forward {
                        Box::new(items)
                    } else {
                        Box::new(items.rev())
                    };
                let pk = &pk;
                Box::new(
                    items
                        .filter(move |(sk, _)| match (sort, sk) {
                            (None, _) => true,
                            (Some(op), Some(sk)) => sort_matches(op, sk),
                            _ => false,
                        })
                        .map(move |(sk, item)| Candidate {
                            order: vec![Some(pk.clone()), sk.clone()],
                            stored: item,
                        }),
                )
            }
            Some(_) => {
                let mut v: Vec<Candidate<'_>> = target
                    .all()
                    .into_iter()
                    .filter(|c| c.order.first() == Some(&Some(pk.clone())) && in_range(&c.order))
                    .collect();
                if !forward {
                    v.reverse();
                }
                Box::new(v.into_iter())
            }
        };
        let spec = PageSpec {
            start,
            forward: req.scan_forward,
            limit: req.limit,
            filter: req.filter.as_ref(),
            projection: req.projection.as_deref(),
        };
        Ok(page(&target, candidates, spec))
    }

    pub(crate) fn do_scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        check_common(
            &req.table,
            req.limit,
            req.filter.as_ref(),
            req.projection.as_deref(),
        )?;
        if let Some(seg) = req.segment {
            if seg.total == 0 || seg.total > 1_000_000 {
                return Err(Error::validation_in(
                    &req.table,
                    format!(
                        "1 validation error detected: Value '{}' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000",
                        seg.total
                    ),
                ));
            }
            if seg.segment >= seg.total {
                return Err(Error::validation_in(
                    &req.table,
                    format!(
                        "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {} is out of bounds for TotalSegments: {}",
                        seg.segment, seg.total
                    ),
                ));
            }
        }
        let target = Target::new(&t, req.index.as_deref(), req.consistent_read)?;
        let start = target.start(req.exclusive_start_key.as_ref())?;
        let mut candidates = target.all();
        if let Some(seg) = req.segment {
            candidates.retain(|c| {
                let bytes = c
                    .order
                    .first()
                    .and_then(|k| k.as_ref())
                    .map(KeyValue::hash_bytes)
                    .unwrap_or_default();
                stable_hash(&bytes) % u64::from(seg.total) == u64::from(seg.segment)
            });
        }
        let spec = PageSpec {
            start,
            forward: true,
            limit: req.limit,
            filter: req.filter.as_ref(),
            projection: req.projection.as_deref(),
        };
        Ok(page(&target, candidates, spec))
    }
}
