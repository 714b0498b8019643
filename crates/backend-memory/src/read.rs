//! Query and Scan, on tables and on secondary indexes.

use crate::capacity::{self, ReadOn, Split};
use crate::condition::{check_condition, evaluate, order};
use crate::document::{check_projection, project_opt};
use crate::index_set::{IndexEntry, IndexSet, IndexStart};
use crate::key_value::{stable_hash, KeyValue, OrderKey};
use crate::sort_range::sort_bounds;
use crate::store::{find_index, read, IndexRef, Table};
use crate::validate::check_key_scalar;
use crate::MemoryBackend;
use dynorm::backend::*;
use dynorm::expr::render::{self, Placeholders};
use dynorm::expr::{Condition, KeyCondition, Path, SortOp};
use dynorm::rules::capacity::{page_read_units, ReadMode};
use dynorm::rules::expression::{self as rules, ExpressionKind};
use dynorm::rules::key::Violation as KeyViolation;
use dynorm::rules::read::{set_order, Violation, MAX_TOTAL_SEGMENTS, PAGE_BYTES};
use dynorm::rules::select::{check_select, SelectTarget};
use dynorm::value::PackedItem;
use dynorm::{item_size, Error, Item, Result, Value};
use std::borrow::Cow;
use std::cmp::Ordering;

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
    /// The index's ordered entries (with `index`).
    entries: Option<&'a IndexSet>,
}

impl<'a> Target<'a> {
    fn new(table: &'a Table, index: Option<&str>, consistent_read: bool) -> Result<Target<'a>> {
        let (index, entries) = match index {
            None => (None, None),
            Some(name) => {
                let idx = find_index(&table.def, name)?;
                if idx.global && consistent_read {
                    return Err(Violation::ConsistentReadOnGlobalIndex
                        .into_error()
                        .with_context(&table.def.name, None));
                }
                // Every index of the definition has its entries (`Table::new`).
                let entries = table.index_entries(name).ok_or_else(|| {
                    Violation::NoSuchIndex(name.to_owned())
                        .into_error()
                        .with_context(&table.def.name, None)
                })?;
                (Some(idx), Some(entries))
            }
        };
        Ok(Target {
            table,
            index,
            entries,
        })
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

    /// The exclusive start key as an order key, checked against the key schema.
    fn start(&self, start: Option<&Item>) -> Result<Option<OrderKey>> {
        let Some(start) = start else {
            return Ok(None);
        };
        let invalid = || self.invalid_start();
        let attrs = self.key_attributes();
        if start.len() != attrs.len() || attrs.iter().any(|a| !start.contains(&a.name)) {
            return Err(invalid());
        }
        self.order_of(start).map(Some).ok_or_else(invalid)
    }

    /// The error of a start key that does not fit the key schema.
    fn invalid_start(&self) -> Error {
        self.error(Violation::InvalidStartKey)
    }

    /// A read rule broken on this table.
    fn error(&self, violation: Violation) -> Error {
        violation
            .into_error()
            .with_context(&self.table.def.name, None)
    }

    /// Whether what is read holds this top-level attribute: a table holds
    /// every attribute, an index its keys, the table's keys and what it
    /// projects.
    fn holds(&self, name: &str) -> bool {
        match self.index {
            None => true,
            Some(i) => {
                i.projects(name)
                    || i.keys().any(|k| k.name == name)
                    || self.table.def.key_names().any(|k| k == name)
            }
        }
    }

    /// The top-level attributes among `names` that the index does not hold,
    /// as DynamoDB lists them; `None` when it holds them all.
    fn not_held<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Option<Vec<String>> {
        let missing: Vec<&str> = names.into_iter().filter(|n| !self.holds(n)).collect();
        (!missing.is_empty()).then(|| set_order(missing))
    }

    /// What a Query may not ask for: a filter on a key attribute of what is
    /// queried; on an index, a filter on attributes it does not project and
    /// (on a global index) a projection of them. A local index fetches
    /// projected attributes from the table, as DynamoDB Local does.
    fn check_query_attributes(
        &self,
        filter: Option<&Condition>,
        projection: Option<&[Path]>,
    ) -> Result<()> {
        if let Some(f) = filter {
            let names = filter_names(f);
            let (pk, sk) = self.key_schema();
            if let Some(key) = std::iter::once(pk)
                .chain(sk)
                .find(|k| names.contains(&k.name))
            {
                return Err(self.error(Violation::FilterOnKey(key.name.clone())));
            }
            if let (Some(i), Some(names)) =
                (self.index, self.not_held(names.iter().map(String::as_str)))
            {
                return Err(self.error(Violation::FilterNotProjected {
                    index: i.def.name.clone(),
                    names,
                }));
            }
        }
        self.check_projected(projection)
    }

    /// A projection of a global index may name only what it projects.
    fn check_projected(&self, projection: Option<&[Path]>) -> Result<()> {
        let (Some(i), Some(paths)) = (self.index, projection) else {
            return Ok(());
        };
        if !i.global {
            return Ok(());
        }
        match self.not_held(paths.iter().map(Path::root)) {
            None => Ok(()),
            Some(names) => Err(self.error(Violation::NotProjected {
                index: i.def.name.clone(),
                names,
            })),
        }
    }

    /// A start key of a table read (as [`Target::start`] builds it) as the
    /// table key it names.
    fn table_start<'k>(
        &self,
        start: Option<&'k OrderKey>,
    ) -> Result<Option<(&'k KeyValue, &'k Option<KeyValue>)>> {
        match start.map(Vec::as_slice) {
            None => Ok(None),
            Some([Some(pk), sk]) => Ok(Some((pk, sk))),
            Some(_) => Err(self.invalid_start()),
        }
    }

    /// A start key of an index read (as [`Target::start`] builds it) as a
    /// place in the index.
    fn index_start<'k>(&self, start: Option<&'k OrderKey>) -> Result<Option<IndexStart<'k>>> {
        start
            .map(|s| IndexStart::from_order(s).ok_or_else(|| self.invalid_start()))
            .transpose()
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

    /// Checks a read's `Select` against its projection and what it reads.
    fn check_select(&self, select: Option<Select>, projection: Option<&[Path]>) -> Result<()> {
        let target = match self.index {
            None => SelectTarget::Table,
            Some(i) if !i.global => SelectTarget::LocalIndex,
            Some(i) => SelectTarget::GlobalIndex {
                name: &i.def.name,
                all: matches!(i.def.projection, IndexProjection::All),
            },
        };
        check_select(select, projection.is_some(), target)
            .map_err(|e| e.with_context(&self.table.def.name, None))
    }

    /// The consumed capacity of a page that read `bytes`, as `rcc` asks for it.
    fn consumed(
        &self,
        bytes: usize,
        consistent_read: bool,
        rcc: ReturnConsumedCapacity,
    ) -> Option<ConsumedCapacity> {
        let on = self.index.map_or(ReadOn::Table, ReadOn::Index);
        let units = page_read_units(bytes, ReadMode::consistent(consistent_read));
        capacity::read(&self.table.def.name, on, units, rcc, Split::Plain)
    }
}

/// The top-level attributes a filter names, in the order it names them.
fn filter_names(filter: &Condition) -> Vec<String> {
    let mut names = Vec::new();
    filter.for_each_path(&mut |p| names.push(p.root().to_owned()));
    names
}

/// Common parameters of a page.
struct PageSpec<'r> {
    limit: Option<u32>,
    filter: Option<&'r Condition>,
    projection: Option<&'r [Path]>,
    select: Option<Select>,
}

/// `p` holds the placeholders rendered before the filter (a query's key
/// condition), numbered as the DynamoDB backend numbers them.
fn check_common(
    table: &str,
    limit: Option<u32>,
    filter: Option<&Condition>,
    projection: Option<&[Path]>,
    p: &mut Placeholders,
) -> Result<()> {
    if limit == Some(0) {
        return Err(Violation::LimitZero.into_error().with_context(table, None));
    }
    if let Some(f) = filter {
        check_condition(f, ExpressionKind::Filter, p).map_err(|e| e.with_context(table, None))?;
    }
    check_projection(projection, p).map_err(|e| e.with_context(table, None))
}

/// Reads one page from the stored items after the start key, in read order
/// (lazily: it takes only what the page reads); returns it with the bytes
/// it read (every item evaluated, before the filter).
fn page<'a>(
    target: &Target<'_>,
    candidates: impl IntoIterator<Item = &'a PackedItem>,
    spec: PageSpec<'_>,
) -> (QueryOutput, usize) {
    // Pages are rarely longer than their limit, and never than 1 MB.
    let mut out = QueryOutput::new(
        Vec::with_capacity(spec.limit.map_or(64, |l| l.min(1024) as usize)),
        0,
        None,
    );
    let mut bytes = 0usize;
    let mut count = 0u32;
    let full = target.reads_full_item();
    let count_only = spec.select == Some(Select::Count);
    // A local index asked for every attribute fetches them from the table.
    let whole_item = full && spec.select == Some(Select::AllAttributes);
    for stored in candidates {
        out.scanned_count += 1;
        // Shares the stored buffer; unpacked only if the filter, an index
        // projection or a projection looks into it.
        let whole = Item::from(stored.clone());
        // What the index holds, when that is less than the whole item.
        let part = match target.view(&whole) {
            Cow::Borrowed(_) => None,
            Cow::Owned(v) => Some(v),
        };
        bytes += match &part {
            None => stored.item_size(),
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
            count += 1;
            if !count_only {
                let item = match spec.projection {
                    Some(p) => project_opt(seen, Some(p)),
                    None if whole_item => whole,
                    None => part.unwrap_or(whole),
                };
                out.items.push(item);
            }
        }
        if last.is_some() {
            out.last_evaluated_key = last;
            break;
        }
    }
    out.count = count;
    (out, bytes)
}

/// The stored items of index entries, in the entries' order.
fn stored_items<'t>(
    table: &'t Table,
    entries: impl Iterator<Item = &'t IndexEntry>,
) -> impl Iterator<Item = &'t PackedItem> {
    // Every entry has its item: both change together under the table's lock.
    entries.filter_map(move |e| table.stored(e.table_pk(), e.table_sk()))
}

/// Keeps the items of one parallel scan segment: those whose partition key
/// (the index's, in an index scan) hashes to it.
struct SegmentFilter<'k> {
    segment: u64,
    total: u64,
    /// The last partition key seen and whether it is kept: items come
    /// grouped by partition, so most need no hashing.
    last: Option<(&'k KeyValue, bool)>,
}

impl<'k> SegmentFilter<'k> {
    fn new(seg: Segment) -> SegmentFilter<'k> {
        SegmentFilter {
            segment: u64::from(seg.segment),
            total: u64::from(seg.total),
            last: None,
        }
    }

    /// Whether an item of partition `pk` belongs to the segment.
    fn keeps(&mut self, pk: &'k KeyValue) -> bool {
        if let Some((last, keep)) = self.last {
            if last == pk {
                return keep;
            }
        }
        let keep = stable_hash(&pk.hash_bytes()) % self.total == self.segment;
        self.last = Some((pk, keep));
        keep
    }
}

/// Whether a sort key meets the query's sort condition (any key without one).
fn sort_holds(sort: Option<&SortOp>, sk: Option<&KeyValue>) -> bool {
    match (sort, sk) {
        (None, _) => true,
        (Some(op), Some(sk)) => sort_matches(op, sk),
        _ => false,
    }
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
    let in_table = |e: Error| e.with_context(table, None);
    if kc.partition_name != pk.name {
        return Err(in_table(rules::key_missing_element(&pk.name)));
    }
    let mismatch = || in_table(KeyViolation::ConditionTypeMismatch.into());
    let pv = KeyValue::from_value(&kc.partition_value)
        .filter(|k| k.key_type() == pk.key_type)
        .ok_or_else(mismatch)?;
    check_key_scalar(&pk.name, &pv, true).map_err(|v| in_table(v.into()))?;
    if let Some(sc) = &kc.sort {
        let Some(sk) = sk.filter(|s| s.name == sc.name) else {
            return Err(in_table(rules::key_condition_not_supported()));
        };
        if matches!(sc.op, SortOp::BeginsWith(_)) && sk.key_type == KeyType::N {
            return Err(in_table(rules::operand_type(
                ExpressionKind::KeyCondition,
                "begins_with",
                "N",
            )));
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
            // A sort key condition may compare with an empty value; only
            // its size is limited.
            if let Err(v @ KeyViolation::SortTooLong) = check_key_scalar(&sk.name, &kv, false) {
                return Err(in_table(v.into()));
            }
        }
        rules::check_key_condition(kc).map_err(in_table)?;
    }
    Ok(pv)
}

impl MemoryBackend {
    pub(crate) fn do_query(&self, req: QueryRequest) -> Result<QueryOutput> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        let mut p = Placeholders::measuring();
        let key_text = render::key_condition(&req.key_condition, &mut p);
        rules::check_limits(
            ExpressionKind::KeyCondition,
            key_text.len(),
            rules::key_condition_operators(&req.key_condition),
        )
        .map_err(|e| e.with_context(&req.table, None))?;
        check_common(
            &req.table,
            req.limit,
            req.filter.as_ref(),
            req.projection.as_deref(),
            &mut p,
        )?;
        let target = Target::new(&t, req.index.as_deref(), req.consistent_read)?;
        target.check_select(req.select, req.projection.as_deref())?;
        let (pk_attr, sk_attr) = target.key_schema();
        let pk = check_key_condition(&req.table, &req.key_condition, pk_attr, sk_attr)?;
        target.check_query_attributes(req.filter.as_ref(), req.projection.as_deref())?;
        let start = target.start(req.exclusive_start_key.as_ref())?;
        if start
            .as_ref()
            .is_some_and(|s| s.first().and_then(Option::as_ref) != Some(&pk))
        {
            // A start key from another partition: DynamoDB refuses it rather
            // than reading the query's partition from the start.
            return Err(target.error(Violation::StartKeyOutsideQuery));
        }
        let sort = req.key_condition.sort.as_ref().map(|s| &s.op);
        let forward = req.scan_forward;
        // Seek to the first item the sort condition and the start key leave
        // (the start key is in this partition, checked above) and walk
        // lazily: a page reads only what it returns (plus what the filter
        // drops).
        let candidates: Box<dyn Iterator<Item = &PackedItem> + '_> = match target.entries {
            None => {
                let start_sk = start.as_ref().and_then(|s| s.get(1));
                match sort_bounds(sort, start_sk, forward) {
                    // Nothing can match: an empty page.
                    None => Box::new(std::iter::empty()),
                    Some(bounds) => {
                        let items = t
                            .partition_range(&pk, bounds)
                            .filter(move |(sk, _)| sort_holds(sort, sk.as_ref()))
                            .map(|(_, item)| item);
                        if forward {
                            Box::new(items)
                        } else {
                            Box::new(items.rev())
                        }
                    }
                }
            }
            Some(entries) => {
                // The sort condition bounds the index sort key; the start
                // key, a full index position (index keys, then table keys),
                // bounds the rest.
                let start = target.index_start(start.as_ref())?;
                match sort_bounds(sort, None, forward) {
                    None => Box::new(std::iter::empty()),
                    Some(bounds) => {
                        let found = entries
                            .query(&pk, &bounds, start, forward)
                            .filter(move |e| sort_holds(sort, e.index_sk()));
                        if forward {
                            Box::new(stored_items(&t, found))
                        } else {
                            Box::new(stored_items(&t, found.rev()))
                        }
                    }
                }
            }
        };
        let spec = PageSpec {
            limit: req.limit,
            filter: req.filter.as_ref(),
            projection: req.projection.as_deref(),
            select: req.select,
        };
        let (mut out, bytes) = page(&target, candidates, spec);
        // A table without a sort key holds one item per partition: nothing
        // can follow it, and DynamoDB's page has no LastEvaluatedKey.
        if target.index.is_none() && t.def.sort_key.is_none() {
            out.last_evaluated_key = None;
        }
        out.consumed_capacity =
            target.consumed(bytes, req.consistent_read, req.return_consumed_capacity);
        Ok(out)
    }

    pub(crate) fn do_scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        let table = self.table(&req.table)?;
        let t = read(&table);
        check_common(
            &req.table,
            req.limit,
            req.filter.as_ref(),
            req.projection.as_deref(),
            &mut Placeholders::measuring(),
        )?;
        if let Some(seg) = req.segment {
            let broken = if seg.total == 0 || seg.total > MAX_TOTAL_SEGMENTS {
                Some(Violation::TotalSegments(seg.total))
            } else if seg.segment >= seg.total {
                Some(Violation::SegmentOutOfBounds {
                    segment: seg.segment,
                    total: seg.total,
                })
            } else {
                None
            };
            if let Some(v) = broken {
                return Err(v.into_error().with_context(&req.table, None));
            }
        }
        let target = Target::new(&t, req.index.as_deref(), req.consistent_read)?;
        target.check_select(req.select, req.projection.as_deref())?;
        // A scan may filter on any attribute: on an index, the filter sees
        // what the index holds.
        target.check_projected(req.projection.as_deref())?;
        let start = target.start(req.exclusive_start_key.as_ref())?;
        // Walk lazily from the start key: a page reads only what it returns
        // (plus what the filter drops and what other segments hold).
        let mut segment = req.segment.map(SegmentFilter::new);
        let candidates: Box<dyn Iterator<Item = &PackedItem> + '_> = match target.entries {
            None => {
                let start = target.table_start(start.as_ref())?;
                Box::new(
                    t.scan_from(start)
                        .filter(move |(pk, _)| segment.as_mut().map_or(true, |s| s.keeps(pk)))
                        .map(|(_, item)| item),
                )
            }
            Some(entries) => {
                // Index scans segment by the index partition key.
                let start = target.index_start(start.as_ref())?;
                let found = entries
                    .scan(start)
                    .filter(move |e| segment.as_mut().map_or(true, |s| s.keeps(e.index_pk())));
                Box::new(stored_items(&t, found))
            }
        };
        let spec = PageSpec {
            limit: req.limit,
            filter: req.filter.as_ref(),
            projection: req.projection.as_deref(),
            select: req.select,
        };
        let (mut out, bytes) = page(&target, candidates, spec);
        out.consumed_capacity =
            target.consumed(bytes, req.consistent_read, req.return_consumed_capacity);
        Ok(out)
    }
}
