//! What Query and Scan share: one page at a time, cursors, "take n after
//! filtering", and streams over pages and items.

use super::cursor::{fingerprint, Cursor};
use super::target::Target;
use super::Client;
use crate::backend::{
    ConsumedCapacity, QueryRequest, ReturnConsumedCapacity, ScanRequest, Segment, Select,
};
use crate::error::{Error, Result};
use crate::expr::{
    and_conditions, join_paths, Condition, KeyCondition, KeyNames, Path, StringExprs,
};
use crate::value::Item;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};

/// One page of a query or scan.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items of this page that passed the filter (possibly none; always
    /// none with [`Select::Count`]).
    pub items: Vec<T>,
    /// Where the next page starts, `None` at the end.
    pub cursor: Option<Cursor>,
    /// Items read (evaluated) before the filter.
    pub scanned_count: u32,
    /// Items that passed the filter (counted even with [`Select::Count`]).
    pub count: u32,
    /// The capacity the page's requests consumed, when asked for
    /// (`return_consumed_capacity` on the builder or the client).
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl<T> Page<T> {
    /// The capacity the page's requests consumed, when asked for.
    pub fn consumed_capacity(&self) -> Option<&ConsumedCapacity> {
        self.consumed_capacity.as_ref()
    }
}

/// Adds the capacity of one more request to a running sum.
fn add_capacity(sum: &mut Option<ConsumedCapacity>, more: Option<ConsumedCapacity>) {
    match (sum.as_mut(), more) {
        (Some(s), Some(m)) => s.add(&m),
        (None, m) => *sum = m,
        (Some(_), None) => {}
    }
}

/// The builder methods Query and Scan share; expands inside their `impl`s
/// (each has a `read: Read<T>` field).
macro_rules! shared_read_methods {
    ($builder:ident) => {
        /// Uses this client for this call.
        pub fn with_client(mut self, client: &Client) -> Self {
            self.read.target.set_client(client);
            self
        }

        /// Does not run a model's `after_load` hook for this call (for a
        /// collection query, in the models decoded from its
        /// [`collection`](crate::client::Query::collection)).
        pub fn skip_hooks(mut self) -> Self {
            self.read.target.skip_hooks();
            self
        }

        /// Reads a secondary index.
        pub fn index(mut self, name: impl Into<String>) -> Self {
            self.read.index = Some(name.into());
            self
        }

        /// Keeps only items for which the condition holds (applied after
        /// reading: it does not reduce what is read). Several filters are ANDed.
        pub fn filter(mut self, condition: Condition) -> Self {
            self.read.add_filter(condition);
            self
        }

        /// Keeps only items for which a `FilterExpression` string holds
        /// (`"price > :min_price AND stock > :min_stock"`), ANDed with the
        /// typed filters; `values` join the request's placeholder maps (more
        /// with [`names`](Self::names) and [`values`](Self::values)).
        ///
        /// ```
        /// # use dynorm::{values, Client, Item};
        /// # async fn demo(client: Client) -> dynorm::Result<()> {
        /// let expensive: Vec<Item> = client
        ///     .table("products")
        ///     .scan()
        ///     .filter_expr(
        ///         "price > :min_price AND stock > :min_stock",
        ///         values! { ":min_price" => 500, ":min_stock" => 10 },
        ///     )
        ///     .await?;
        /// # Ok(()) }
        /// ```
        pub fn filter_expr(mut self, text: impl Into<String>, values: $crate::expr::Values) -> Self {
            self.read.strings.filter(text);
            self.read.strings.values(values);
            self
        }

        /// Returns only the attributes of a `ProjectionExpression` string
        /// (`"product_id, #n, price"`), after any typed paths.
        pub fn projection_expr(mut self, text: impl Into<String>) -> Self {
            self.read.strings.projection(text);
            self
        }

        /// Adds `#name` placeholders (`ExpressionAttributeNames`) for this
        /// request's expression strings ([`names!`](crate::names)). Every
        /// placeholder must be used by one of them, as in DynamoDB.
        pub fn names(mut self, names: $crate::expr::Names) -> Self {
            self.read.strings.names(names);
            self
        }

        /// Adds `:value` placeholders (`ExpressionAttributeValues`) for this
        /// request's expression strings ([`values!`](crate::values)). Every
        /// placeholder must be used by one of them, as in DynamoDB.
        pub fn values(mut self, values: $crate::expr::Values) -> Self {
            self.read.strings.values(values);
            self
        }

        /// Returns only these attributes.
        pub fn project<I, P>(mut self, paths: I) -> Self
        where
            I: IntoIterator<Item = P>,
            P: Into<Path>,
        {
            self.read.projection = Some(paths.into_iter().map(Into::into).collect());
            self
        }

        /// At most `n` items *evaluated* per request (DynamoDB's `Limit`).
        pub fn limit(mut self, n: u32) -> Self {
            self.read.limit = Some(n);
            self
        }

        /// At most `n` items *returned*, after filtering, paging as needed.
        pub fn take(mut self, n: usize) -> Self {
            self.read.take = Some(n);
            self
        }

        /// Strongly consistent reads (not on a global secondary index).
        pub fn consistent_read(mut self) -> Self {
            self.read.consistent_read = true;
            self
        }

        /// Returns what `select` says: every attribute, the index's
        /// attributes, the projected ones, or only the count (DynamoDB's
        /// `Select`; the backend checks the combination with the projection
        /// and the index).
        pub fn select(mut self, select: $crate::backend::Select) -> Self {
            self.read.select = Some(select);
            self
        }

        /// Asks each request for its consumed capacity
        /// ([`Page::consumed_capacity`]); at least what the client asks for.
        pub fn return_consumed_capacity(
            mut self,
            level: $crate::backend::ReturnConsumedCapacity,
        ) -> Self {
            self.read.return_consumed_capacity = level;
            self
        }

        /// The number of items that pass the filter, over every page
        /// (`Select::Count`: no item is returned or decoded).
        pub async fn count(self) -> Result<u64> {
            self.read.count().await
        }

        /// Starts after a previous page's cursor.
        pub fn cursor(mut self, cursor: Cursor) -> Self {
            self.read.cursor = Some(cursor);
            self
        }

        /// Continues from a cursor when there is one.
        pub fn cursor_opt(mut self, cursor: Option<Cursor>) -> Self {
            self.read.cursor = cursor;
            self
        }

        #[doc = concat!("One page (with [`take`](", stringify!($builder), "::take): pages until `n` items).")]
        pub async fn page(self) -> Result<Page<T>> {
            self.read.page().await
        }

        #[doc = concat!("Every item of every page (bounded by [`take`](", stringify!($builder), "::take)).")]
        pub async fn all(self) -> Result<Vec<T>> {
            self.read.all().await
        }

        /// The first request this read would send, without sending it (a
        /// terminal, like `.await`; later
        /// pages differ only in their `ExclusiveStartKey`; with
        /// [`take`](Self::take) the `Limit` is capped at the items wanted).
        ///
        /// ```
        /// # use dynorm::{values, Client};
        /// # async fn demo(client: Client) -> dynorm::Result<()> {
        /// let params = client
        ///     .table("products")
        ///     .scan()
        ///     .filter_expr("price > :min", values! { ":min" => 500 })
        ///     .limit(50)
        ///     .params()?;
        /// assert_eq!(params.filter_expression.as_deref(), Some("#n0 > :v0"));
        /// assert_eq!(params.limit, Some(50));
        /// # Ok(()) }
        /// ```
        pub fn params(self) -> Result<$crate::backend::Params> {
            self.read.params()
        }

        /// A stream of every page, empty pages included.
        pub fn pages(self) -> BoxStream<'static, Result<Page<T>>> {
            self.read.pages()
        }

        /// A stream of every item across pages.
        pub fn stream(self) -> BoxStream<'static, Result<T>> {
            self.read.stream()
        }
    };
}
pub(crate) use shared_read_methods;

/// One request of a read.
enum Request {
    Query(QueryRequest),
    Scan(ScanRequest),
}

/// Query or scan.
#[derive(Clone)]
pub(crate) enum ReadKind {
    Query { key: KeyCondition, forward: bool },
    Scan { segment: Option<Segment> },
}

/// A read request being built, shared by [`Query`](super::Query) and [`Scan`](super::Scan).
pub(crate) struct Read<T> {
    pub(crate) target: Target<T>,
    pub(crate) kind: Result<ReadKind>,
    pub(crate) index: Option<String>,
    pub(crate) filter: Option<Condition>,
    /// A filter dynorm adds (a model's entity type), ANDed with the user's.
    pub(crate) entity_filter: Option<Condition>,
    pub(crate) projection: Option<Vec<Path>>,
    pub(crate) limit: Option<u32>,
    pub(crate) take: Option<usize>,
    pub(crate) consistent_read: bool,
    pub(crate) cursor: Option<Cursor>,
    pub(crate) select: Option<Select>,
    pub(crate) return_consumed_capacity: ReturnConsumedCapacity,
    /// Expression strings, read into the trees above when the request is built.
    pub(crate) strings: StringExprs,
    /// A model's key attributes (partition, sort) for a key condition string;
    /// `None` reads them from the text.
    pub(crate) key_names: Option<(String, Option<String>)>,
}

/// The resolved, immutable state of a read in progress.
struct Plan<T> {
    client: Client,
    table: String,
    target: Target<T>,
    kind: ReadKind,
    index: Option<String>,
    filter: Option<Condition>,
    projection: Option<Vec<Path>>,
    limit: Option<u32>,
    consistent_read: bool,
    select: Option<Select>,
    return_consumed_capacity: ReturnConsumedCapacity,
    fingerprint: String,
}

impl<T: Send + 'static> Read<T> {
    pub(crate) fn new(target: Target<T>, kind: Result<ReadKind>) -> Read<T> {
        Read {
            target,
            kind,
            index: None,
            filter: None,
            entity_filter: None,
            projection: None,
            limit: None,
            take: None,
            consistent_read: false,
            cursor: None,
            select: None,
            return_consumed_capacity: ReturnConsumedCapacity::None,
            strings: StringExprs::default(),
            key_names: None,
        }
    }

    /// The same read (filters, the entity-type filter included, projection,
    /// limits, cursor), returning raw items.
    pub(crate) fn into_raw(self) -> Read<Item> {
        Read {
            target: self.target.into_raw(),
            kind: self.kind,
            index: self.index,
            filter: self.filter,
            entity_filter: self.entity_filter,
            projection: self.projection,
            limit: self.limit,
            take: self.take,
            consistent_read: self.consistent_read,
            cursor: self.cursor,
            select: self.select,
            return_consumed_capacity: self.return_consumed_capacity,
            strings: self.strings,
            key_names: self.key_names,
        }
    }

    /// Reads the expression strings into the trees: the key condition string
    /// replaces the key condition's partition part (a typed sort key
    /// condition stays unless the string has one too, which DynamoDB
    /// rejects), filters are ANDed, projection paths follow the typed ones.
    pub(crate) fn resolve_strings(&mut self) -> Result<()> {
        if self.strings.is_empty() {
            return Ok(());
        }
        let keys = match &self.key_names {
            Some((pk, sk)) => KeyNames::Known(pk, sk.as_deref()),
            None => KeyNames::FromText,
        };
        let parsed = std::mem::take(&mut self.strings).parse(keys)?;
        if let Some(mut kc) = parsed.key_condition {
            if let Ok(ReadKind::Query { key, .. }) = &mut self.kind {
                if let Some(typed) = key.sort.take() {
                    if kc.sort.is_some() {
                        return Err(crate::rules::expression::key_one_condition_per_key());
                    }
                    kc.sort = Some(typed);
                }
                *key = kc;
            }
        }
        self.filter = and_conditions(self.filter.take(), parsed.filter);
        self.projection = join_paths(self.projection.take(), parsed.projection);
        Ok(())
    }

    /// The first request, as [`Params`](crate::backend::Params).
    pub(crate) fn params(self) -> Result<crate::backend::Params> {
        let (plan, start, take) = self.plan()?;
        match plan.request(start, take) {
            Request::Query(q) => crate::backend::Params::query(&q),
            Request::Scan(s) => crate::backend::Params::scan(&s),
        }
    }

    pub(crate) fn add_filter(&mut self, condition: Condition) {
        self.filter = Some(match self.filter.take() {
            Some(c) => c.and(condition),
            None => condition,
        });
    }

    fn plan(mut self) -> Result<(Plan<T>, Option<Item>, Option<usize>)> {
        self.resolve_strings()?;
        let (client, table) = self.target.resolve()?;
        let kind = self.kind?;
        if self.limit == Some(0) {
            return Err(Error::validation_in(
                &table,
                "Limit must be greater than or equal to 1",
            ));
        }
        let (key, segment) = match &kind {
            ReadKind::Query { key, .. } => (Some(key), None),
            ReadKind::Scan { segment } => (None, segment.map(|s| (s.segment, s.total))),
        };
        let fingerprint = fingerprint(&table, self.index.as_deref(), key, segment);
        let start = self.cursor.map(|c| c.decode(&fingerprint)).transpose()?;
        let filter = match (self.entity_filter, self.filter) {
            (Some(e), Some(f)) => Some(e.and(f)),
            (e, f) => e.or(f),
        };
        let plan = Plan {
            client,
            table,
            target: self.target,
            kind,
            index: self.index,
            filter,
            projection: self.projection,
            limit: self.limit,
            consistent_read: self.consistent_read,
            select: self.select,
            return_consumed_capacity: self.return_consumed_capacity,
            fingerprint,
        };
        Ok((plan, start, self.take))
    }

    /// One page; with `take(n)`, as many pages as needed for `n` items, ending
    /// with a cursor right after the last item returned.
    pub(crate) async fn page(self) -> Result<Page<T>> {
        let (plan, start, take) = self.plan()?;
        match take {
            None => plan.fetch(start, None).await,
            Some(n) => {
                let mut items = Vec::new();
                let mut scanned = 0;
                let mut count = 0;
                let mut capacity = None;
                let mut start = start;
                loop {
                    let page = plan.fetch(start, Some(n - items.len())).await?;
                    scanned += page.scanned_count;
                    count += page.count;
                    add_capacity(&mut capacity, page.consumed_capacity);
                    items.extend(page.items);
                    let done = items.len() >= n || page.cursor.is_none();
                    if done {
                        return Ok(Page {
                            items,
                            cursor: page.cursor,
                            scanned_count: scanned,
                            count,
                            consumed_capacity: capacity,
                        });
                    }
                    start = page
                        .cursor
                        .map(|c| c.decode(&plan.fingerprint))
                        .transpose()?;
                }
            }
        }
    }

    /// Every page, following cursors (pages with no items included) to the
    /// end or until `take(n)` items were returned.
    pub(crate) fn pages(self) -> BoxStream<'static, Result<Page<T>>> {
        let (plan, start, take) = match self.plan() {
            Ok(p) => p,
            Err(e) => return stream::once(async { Err(e) }).boxed(),
        };
        let state = Some((start, take.unwrap_or(usize::MAX)));
        stream::try_unfold((plan, state), |(plan, state)| async move {
            let Some((start, remaining)) = state else {
                return Ok(None);
            };
            let want = (remaining != usize::MAX).then_some(remaining);
            let page = plan.fetch(start, want).await?;
            let remaining =
                remaining.saturating_sub(if want.is_some() { page.items.len() } else { 0 });
            let next = match &page.cursor {
                Some(c) if remaining > 0 => Some((Some(c.decode(&plan.fingerprint)?), remaining)),
                _ => None,
            };
            Ok(Some((page, (plan, next))))
        })
        .boxed()
    }

    /// Every item of every page.
    pub(crate) fn stream(self) -> BoxStream<'static, Result<T>> {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
            .boxed()
    }

    /// Every item, collected.
    pub(crate) async fn all(self) -> Result<Vec<T>> {
        self.stream().try_collect().await
    }

    /// The items that pass the filter, counted over every page without
    /// returning them.
    pub(crate) async fn count(mut self) -> Result<u64> {
        self.select = Some(Select::Count);
        self.take = None;
        self.pages()
            .try_fold(0u64, |n, page| async move { Ok(n + u64::from(page.count)) })
            .await
    }
}

impl<T> Plan<T> {
    /// The request of one page. `want` caps the items evaluated.
    fn request(&self, start: Option<Item>, want: Option<usize>) -> Request {
        let cap = want.map(|w| u32::try_from(w).unwrap_or(u32::MAX).max(1));
        let limit = match (self.limit, cap) {
            (Some(l), Some(c)) => Some(l.min(c)),
            (l, c) => l.or(c),
        };
        match &self.kind {
            ReadKind::Query { key, forward } => Request::Query(QueryRequest {
                table: self.table.clone(),
                index: self.index.clone(),
                key_condition: key.clone(),
                filter: self.filter.clone(),
                projection: self.projection.clone(),
                limit,
                scan_forward: *forward,
                consistent_read: self.consistent_read,
                exclusive_start_key: start,
                select: self.select,
                return_consumed_capacity: self.return_consumed_capacity,
            }),
            ReadKind::Scan { segment } => Request::Scan(ScanRequest {
                table: self.table.clone(),
                index: self.index.clone(),
                filter: self.filter.clone(),
                projection: self.projection.clone(),
                limit,
                consistent_read: self.consistent_read,
                exclusive_start_key: start,
                segment: *segment,
                select: self.select,
                return_consumed_capacity: self.return_consumed_capacity,
            }),
        }
    }

    /// One request. `want` caps the items evaluated so that a page never holds
    /// more than the caller still needs (the cursor then points right after
    /// the last item returned).
    async fn fetch(&self, start: Option<Item>, want: Option<usize>) -> Result<Page<T>> {
        let out = match self.request(start, want) {
            Request::Query(req) => self.client.backend().query(req).await?,
            Request::Scan(req) => self.client.backend().scan(req).await?,
        };
        let cursor = out
            .last_evaluated_key
            .as_ref()
            .map(|k| Cursor::encode(&self.fingerprint, k))
            .transpose()?;
        let mut items = Vec::with_capacity(out.items.len());
        for i in out.items {
            items.push(self.target.decode_read(&self.client, i).await?);
        }
        Ok(Page {
            items,
            cursor,
            scanned_count: out.scanned_count,
            count: out.count,
            consumed_capacity: out.consumed_capacity,
        })
    }
}
