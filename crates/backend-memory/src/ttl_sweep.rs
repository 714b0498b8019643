//! Time to Live: deleting expired items, on demand or from a background task.
//!
//! As in DynamoDB, an expired item stays readable until a sweep deletes it.
//! A sweep looks only at tables whose TTL is enabled and deletes the items
//! whose TTL attribute is a number (epoch seconds) at or before now, but not
//! more than five years before now ([`TTL_MAX_AGE_SECONDS`]): DynamoDB's TTL
//! ignores items whose expiry lies further in the past (such a number is
//! taken for something other than an expiry time, e.g. a value in the wrong
//! unit), and so does the sweep. Items without the attribute, or with a value
//! of another type, are kept.

use crate::store::write;
use crate::MemoryBackend;
use dynorm::{Number, Value};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A running background sweeper (see [`MemoryBackend::start_sweeper`]); it
/// stops when this handle is dropped.
#[derive(Debug)]
#[must_use = "the sweeper stops as soon as its handle is dropped"]
pub struct SweeperHandle {
    task: tokio::task::JoinHandle<()>,
}

impl SweeperHandle {
    /// Stops the sweeper (dropping the handle does the same).
    pub fn stop(self) {}
}

impl Drop for SweeperHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// How far in the past (in seconds) an expiry time may lie for a sweep to
/// delete its item: five years of 365.25 days. DynamoDB documents that items
/// whose TTL value is more than five years in the past are not deleted,
/// without saying how it counts a year; an item right at the boundary is
/// deleted here.
pub const TTL_MAX_AGE_SECONDS: i64 = 5 * 36_525 * 24 * 3_600 / 100;

fn now_epoch_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl MemoryBackend {
    /// Deletes the expired items of every table with TTL enabled, now;
    /// returns how many were deleted.
    pub fn sweep_expired(&self) -> usize {
        self.sweep_expired_at(now_epoch_seconds())
    }

    /// [`sweep_expired`](MemoryBackend::sweep_expired) as if the time were
    /// `now_epoch_seconds`: deletes items whose TTL attribute is a number
    /// `<=` it and `>=` it minus [`TTL_MAX_AGE_SECONDS`] (an expiry more than
    /// five years in the past is ignored, as DynamoDB ignores it).
    ///
    /// ```
    /// use dynorm::backend::{
    ///     Backend, KeyAttribute, KeyType, PutItemRequest, TableDefinition, TimeToLive,
    ///     UpdateTimeToLiveRequest,
    /// };
    /// use dynorm::Item;
    /// use dynorm_memory::MemoryBackend;
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// let db = MemoryBackend::new();
    /// db.create_table(TableDefinition::new("sessions", KeyAttribute::new("pk", KeyType::S))).await?;
    /// db.update_time_to_live(UpdateTimeToLiveRequest::new("sessions", TimeToLive::enabled("exp"))).await?;
    /// let item = Item::new().with("pk", "s1").with("exp", 100);
    /// db.put_item(PutItemRequest::new("sessions", item)).await?;
    /// let old = Item::new().with("pk", "s2").with("exp", 100);
    /// assert_eq!(db.sweep_expired_at(99), 0);
    /// assert_eq!(db.sweep_expired_at(100), 1);
    /// // More than five years after its expiry, an item is left alone.
    /// db.put_item(PutItemRequest::new("sessions", old)).await?;
    /// assert_eq!(db.sweep_expired_at(100 + dynorm_memory::TTL_MAX_AGE_SECONDS + 1), 0);
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn sweep_expired_at(&self, now_epoch_seconds: i64) -> usize {
        let now = Number::from(now_epoch_seconds);
        let oldest = Number::from(now_epoch_seconds.saturating_sub(TTL_MAX_AGE_SECONDS));
        let tables: Vec<_> = self
            .inner
            .tables
            .iter()
            .map(|e| Arc::clone(e.value()))
            .collect();
        let mut removed = 0;
        for table in tables {
            let mut t = write(&table);
            let Some(attribute) = t
                .ttl
                .as_ref()
                .filter(|ttl| ttl.enabled)
                .map(|ttl| ttl.attribute.clone())
            else {
                continue;
            };
            removed += t.remove_where(|item| match item.attribute(&attribute) {
                Some(Value::N(expiry)) => expiry <= now && expiry >= oldest,
                _ => false,
            });
        }
        removed
    }

    /// Starts a tokio task that sweeps every `interval` (the first sweep
    /// after one interval) until the returned handle is dropped. Must be
    /// called within a tokio runtime.
    pub fn start_sweeper(&self, interval: Duration) -> SweeperHandle {
        let db = self.clone();
        let interval = interval.max(Duration::from_millis(1));
        let task = tokio::spawn(async move {
            let mut ticker =
                tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                db.sweep_expired();
            }
        });
        SweeperHandle { task }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use dynorm::backend::{
        Backend, DescribeTableRequest, GetItemRequest, KeyAttribute, KeyType, PutItemRequest,
        ScanRequest, TableDefinition, TimeToLive, UpdateTimeToLiveRequest,
    };
    use dynorm::Item;

    async fn table(db: &MemoryBackend, name: &str, ttl: Option<&str>) {
        db.create_table(TableDefinition::new(
            name,
            KeyAttribute::new("pk", KeyType::S),
        ))
        .await
        .unwrap();
        if let Some(attribute) = ttl {
            db.update_time_to_live(UpdateTimeToLiveRequest::new(
                name,
                TimeToLive::enabled(attribute),
            ))
            .await
            .unwrap();
        }
    }

    async fn put(db: &MemoryBackend, table: &str, item: Item) {
        db.put_item(PutItemRequest::new(table, item)).await.unwrap();
    }

    async fn keys(db: &MemoryBackend, table: &str) -> Vec<String> {
        let out = db.scan(ScanRequest::new(table)).await.unwrap();
        let mut keys: Vec<String> = out
            .items
            .iter()
            .map(|i| i.get("pk").and_then(Value::as_str).unwrap().to_owned())
            .collect();
        keys.sort();
        keys
    }

    async fn sample(db: &MemoryBackend, name: &str) {
        put(db, name, Item::new().with("pk", "past").with("exp", 1_000)).await;
        put(db, name, Item::new().with("pk", "edge").with("exp", 2_000)).await;
        put(
            db,
            name,
            Item::new().with("pk", "future").with("exp", 3_000),
        )
        .await;
        put(db, name, Item::new().with("pk", "none")).await;
        put(db, name, Item::new().with("pk", "text").with("exp", "1000")).await;
        let fraction: Number = "1999.5".parse().unwrap();
        put(
            db,
            name,
            Item::new()
                .with("pk", "fraction")
                .with("exp", Value::N(fraction)),
        )
        .await;
    }

    #[tokio::test]
    async fn expired_items_stay_readable_until_swept() {
        let db = MemoryBackend::new();
        table(&db, "sessions", Some("exp")).await;
        sample(&db, "sessions").await;
        let got = db
            .get_item(GetItemRequest::new(
                "sessions",
                Item::new().with("pk", "past"),
            ))
            .await
            .unwrap();
        assert!(got.item.is_some());

        assert_eq!(db.sweep_expired_at(2_000), 3);
        assert_eq!(keys(&db, "sessions").await, vec!["future", "none", "text"]);
        assert_eq!(
            db.describe_table(DescribeTableRequest::new("sessions"))
                .await
                .unwrap()
                .item_count,
            3
        );
        assert_eq!(db.sweep_expired_at(2_000), 0);
        assert_eq!(db.sweep_expired_at(5_000), 1);
        assert_eq!(keys(&db, "sessions").await, vec!["none", "text"]);
    }

    #[tokio::test]
    async fn tables_without_ttl_are_left_alone() {
        let db = MemoryBackend::new();
        table(&db, "plain", None).await;
        table(&db, "other_attr", Some("expires")).await;
        sample(&db, "plain").await;
        sample(&db, "other_attr").await;
        assert_eq!(db.sweep_expired_at(5_000), 0);
        assert_eq!(keys(&db, "plain").await.len(), 6);

        // Disabled TTL: nothing is swept either.
        table(&db, "disabled", Some("exp")).await;
        sample(&db, "disabled").await;
        db.update_time_to_live(UpdateTimeToLiveRequest::new(
            "disabled",
            TimeToLive::disabled("exp"),
        ))
        .await
        .unwrap();
        assert_eq!(db.sweep_expired_at(5_000), 0);
    }

    #[tokio::test]
    async fn sweep_expired_uses_the_clock() {
        let db = MemoryBackend::new();
        table(&db, "sessions", Some("exp")).await;
        let now = now_epoch_seconds();
        for (pk, exp) in [
            ("minute_ago", now - 60),
            ("year_ago", now - 365 * 24 * 3_600),
            ("later", now + 3_600),
            // 1970: more than five years in the past, ignored as DynamoDB does.
            ("epoch", 1),
        ] {
            put(&db, "sessions", Item::new().with("pk", pk).with("exp", exp)).await;
        }
        put(&db, "sessions", Item::new().with("pk", "none")).await;
        assert_eq!(db.sweep_expired(), 2);
        assert_eq!(keys(&db, "sessions").await, vec!["epoch", "later", "none"]);
    }

    #[tokio::test]
    async fn expiry_more_than_five_years_past_is_ignored() {
        let db = MemoryBackend::new();
        table(&db, "sessions", Some("exp")).await;
        let now: i64 = 2_000_000_000;
        let oldest = now - TTL_MAX_AGE_SECONDS;
        assert_eq!(TTL_MAX_AGE_SECONDS, 157_788_000);
        for (pk, exp) in [
            ("too_old", oldest - 1),
            ("far_too_old", 0),
            ("negative", -5),
            ("oldest", oldest),
            ("old", oldest + 1),
            ("now", now),
            ("future", now + 1),
        ] {
            put(&db, "sessions", Item::new().with("pk", pk).with("exp", exp)).await;
        }
        let fraction: Number = format!("{}.5", oldest - 1).parse().unwrap();
        put(
            &db,
            "sessions",
            Item::new()
                .with("pk", "fraction")
                .with("exp", Value::N(fraction)),
        )
        .await;
        assert_eq!(db.sweep_expired_at(now), 3);
        assert_eq!(
            keys(&db, "sessions").await,
            vec!["far_too_old", "fraction", "future", "negative", "too_old"]
        );
        assert_eq!(db.sweep_expired_at(now), 0);
        // The future item is swept when its time comes; the ignored ones
        // only fall further behind.
        assert_eq!(db.sweep_expired_at(now + 1), 1);
        assert_eq!(keys(&db, "sessions").await.len(), 4);
    }

    #[tokio::test]
    async fn sweeper_runs_until_its_handle_is_dropped() {
        let db = MemoryBackend::new();
        table(&db, "sessions", Some("exp")).await;
        let handle = db.start_sweeper(Duration::from_millis(10));
        let expired = now_epoch_seconds() - 1;
        put(
            &db,
            "sessions",
            Item::new().with("pk", "a").with("exp", expired),
        )
        .await;
        let mut waited = 0;
        while !keys(&db, "sessions").await.is_empty() {
            assert!(waited < 500, "the sweeper never ran");
            tokio::time::sleep(Duration::from_millis(10)).await;
            waited += 1;
        }

        handle.stop();
        put(
            &db,
            "sessions",
            Item::new().with("pk", "b").with("exp", expired),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert_eq!(keys(&db, "sessions").await, vec!["b"]);
    }
}
