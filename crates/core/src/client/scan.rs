//! [`Scan`]: every item of a table or index, optionally in parallel segments.

use super::cursor::Cursor;
use super::read::{Page, Read, ReadKind};
use super::target::Target;
use super::Client;
use crate::backend::Segment;
use crate::error::{Error, Result};
use crate::expr::{attr, Condition, Path};
use crate::model::Model;
use crate::value::Item;
use futures::stream::{self, BoxStream, StreamExt};

/// Reads a whole table or index, page by page.
///
/// ```
/// # use dynorm::{attr, Client};
/// # use futures::TryStreamExt;
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// // Four segments read concurrently, merged into one stream:
/// let items: Vec<dynorm::Item> = client
///     .table("events")
///     .scan()
///     .filter(attr("kind").eq("click"))
///     .parallel(4)
///     .try_collect()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a scan does nothing until it is sent"]
pub struct Scan<T> {
    read: Read<T>,
}

impl<M: Model> Scan<M> {
    /// A scan of a model's table; in a single-table design only this model's
    /// entity type is returned.
    pub(crate) fn for_model() -> Scan<M> {
        let mut read = Read::new(Target::model(), Ok(ReadKind::Scan { segment: None }));
        read.entity_filter = M::schema()
            .entity
            .map(|e| attr(Path::attr(e.attribute)).eq(e.name));
        Scan { read }
    }

    /// The same scan returning raw [`Item`]s instead of models: every setting
    /// so far is kept, and so is the filter on the model's entity type.
    /// Items are not decoded and no `after_load` hook runs.
    ///
    /// ```
    /// # use dynorm::{Client, Item, Model};
    /// # use futures::TryStreamExt;
    /// # async fn demo<M: Model>(client: Client) -> dynorm::Result<()> {
    /// let items: Vec<Item> = client.scan::<M>().raw().stream().try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn raw(self) -> Scan<Item> {
        Scan {
            read: self.read.into_raw(),
        }
    }
}

impl Scan<Item> {
    pub(crate) fn of_table(client: Client, table: String) -> Scan<Item> {
        Scan {
            read: Read::new(
                Target::raw(client, table),
                Ok(ReadKind::Scan { segment: None }),
            ),
        }
    }
}

impl<T: Send + 'static> Scan<T> {
    super::read::shared_read_methods!(Scan);

    /// Scans only one segment of `total` (`0 <= segment < total`).
    pub fn segment(mut self, segment: u32, total: u32) -> Self {
        if let Ok(ReadKind::Scan { segment: s }) = &mut self.read.kind {
            *s = Some(Segment { segment, total });
        }
        self
    }

    /// Scans `total` segments concurrently and merges their items into one
    /// stream (in no particular order). `take` and `cursor` do not apply.
    pub fn parallel(mut self, total: u32) -> BoxStream<'static, Result<T>> {
        if let Err(e) = self.read.resolve_strings() {
            return stream::once(async { Err(e) }).boxed();
        }
        let Read {
            target,
            kind,
            index,
            filter,
            entity_filter,
            projection,
            limit,
            consistent_read,
            select,
            return_consumed_capacity,
            ..
        } = self.read;
        if let Err(e) = kind {
            return stream::once(async { Err(e) }).boxed();
        }
        if total == 0 {
            let e = Error::validation("TotalSegments must be greater than or equal to 1");
            return stream::once(async { Err(e) }).boxed();
        }
        let streams = (0..total).map(|segment| {
            let mut read = Read::new(
                target.clone(),
                Ok(ReadKind::Scan {
                    segment: Some(Segment { segment, total }),
                }),
            );
            read.index = index.clone();
            read.filter = filter.clone();
            read.entity_filter = entity_filter.clone();
            read.projection = projection.clone();
            read.limit = limit;
            read.consistent_read = consistent_read;
            read.select = select;
            read.return_consumed_capacity = return_consumed_capacity;
            read.stream()
        });
        stream::select_all(streams).boxed()
    }
}

impl<T: Send + 'static> std::future::IntoFuture for Scan<T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    /// Awaiting a scan collects every item ([`Scan::all`]).
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.all())
    }
}
