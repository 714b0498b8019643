//! [`Lease`]: a distributed lock held in one item, with a fencing token.
//!
//! The lease item (`{pk: "LEASE#<name>"}`, sort key `"LEASE"` where the
//! table has one) holds the owner, the fencing token (counted up by one on
//! every acquisition, never reset), a record version changed on every
//! renewal, and the lease duration. Acquiring is a conditional write; while
//! held, a background task renews it every `renew_every`. Clocks are never
//! compared across processes: a waiter takes an item over only after it saw
//! the same record version for a whole lease duration of its own time (the
//! scheme of Amazon's DynamoDB lock client), so only elapsed time on one
//! machine counts, as measured by tokio's clock.

use super::keys::KeyNameCache;
use super::{Client, TransactWrite};
use crate::backend::{GetItemRequest, PutItemRequest, ReturnValues, UpdateItemRequest};
use crate::error::{Error, Result};
use crate::expr::{attr, Condition, Path, Update};
use crate::value::{Item, Number, Value};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// The attribute holding the owner of a lease (absent once released).
pub const LEASE_OWNER: &str = "lease_owner";
/// The attribute holding a lease's fencing token.
pub const LEASE_TOKEN: &str = "lease_token";
/// The attribute holding a lease's record version (new on every renewal).
pub const LEASE_RECORD: &str = "lease_record";
/// The attribute holding a lease's duration in milliseconds.
pub const LEASE_DURATION_MS: &str = "lease_duration_ms";

/// Builds the acquisition of a lease ([`Client::lease`]).
///
/// ```
/// use dynorm::Client;
/// use std::time::Duration;
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let guard = client
///     .lease("locks", "nightly-report")
///     .duration(Duration::from_secs(10))
///     .wait_timeout(Duration::from_secs(30))
///     .acquire()
///     .await?;
/// println!("fencing token {}", guard.token());
/// // ... work, checking guard.is_lost() ...
/// guard.release().await?;
/// # Ok(()) }
/// ```
#[must_use = "a lease is taken only by `acquire`"]
pub struct Lease {
    client: Client,
    table: String,
    name: String,
    owner: String,
    duration: Duration,
    renew_every: Option<Duration>,
    wait_timeout: Duration,
    poll_every: Duration,
}

impl Lease {
    pub(crate) fn new(client: Client, table: String, name: String) -> Lease {
        Lease {
            client,
            table,
            name,
            owner: uuid::Uuid::new_v4().to_string(),
            duration: Duration::from_secs(20),
            renew_every: None,
            wait_timeout: Duration::ZERO,
            poll_every: Duration::from_millis(250),
        }
    }

    /// How long the lease lasts without renewal (20 s by default): a
    /// waiter takes it over once it saw no renewal for this long.
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// How often the holder renews it (a third of the duration by default).
    pub fn renew_every(mut self, every: Duration) -> Self {
        self.renew_every = Some(every);
        self
    }

    /// How long `acquire` waits for a lease held by another owner (not at
    /// all by default); past it, [`Error::LeaseBusy`].
    pub fn wait_timeout(mut self, timeout: Duration) -> Self {
        self.wait_timeout = timeout;
        self
    }

    /// How often a waiter looks at the lease again (250 ms by default).
    pub fn poll_every(mut self, every: Duration) -> Self {
        self.poll_every = every;
        self
    }

    /// The owner name written into the item (a fresh uuid by default).
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = owner.into();
        self
    }

    /// Takes the lease: at once when it is free or released, after its
    /// holder stopped renewing it for a whole duration, or fails with
    /// [`Error::LeaseBusy`] once `wait_timeout` has passed.
    pub async fn acquire(self) -> Result<LeaseGuard> {
        let table = self.client.table_name(&self.table);
        let names = KeyNameCache::default().get(&self.client, &table).await?;
        let mut key = Item::new().with(names.partition.clone(), format!("LEASE#{}", self.name));
        if let Some(sk) = &names.sort {
            key.insert(sk.clone(), "LEASE");
        }
        let started = Instant::now();
        // The record version seen, and since when.
        let mut watched: Option<(Value, Instant)> = None;
        loop {
            let stored = self
                .client
                .backend()
                .get_item(GetItemRequest::new(table.clone(), key.clone()).consistent_read(true))
                .await?
                .item;
            let claim = match &stored {
                None => Some(None),
                Some(item) => {
                    let record = item.get(LEASE_RECORD).cloned().unwrap_or(Value::Null);
                    let free = item.get(LEASE_OWNER).is_none();
                    let expired = match &watched {
                        Some((seen, since)) if *seen == record => {
                            since.elapsed() >= duration_of(item).unwrap_or(self.duration)
                        }
                        _ => {
                            watched = Some((record.clone(), Instant::now()));
                            false
                        }
                    };
                    (free || expired).then_some(Some(item))
                }
            };
            if let Some(previous) = claim {
                if let Some(guard) = self.try_take(&table, &key, previous).await? {
                    return Ok(guard);
                }
                // Another waiter won the race: watch the new record.
                watched = None;
            }
            if started.elapsed() >= self.wait_timeout {
                return Err(Error::LeaseBusy {
                    table,
                    name: self.name,
                    owner: stored
                        .as_ref()
                        .and_then(|i| i.get(LEASE_OWNER))
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    waited: started.elapsed(),
                });
            }
            tokio::time::sleep(self.poll_every).await;
        }
    }

    /// One conditional write taking the lease from `previous` (`None`: no
    /// item); `None` when another writer changed it first.
    async fn try_take(
        &self,
        table: &str,
        key: &Item,
        previous: Option<&Item>,
    ) -> Result<Option<LeaseGuard>> {
        let record = Value::from(uuid::Uuid::new_v4().to_string());
        let duration_ms =
            Number::from(u64::try_from(self.duration.as_millis()).unwrap_or(u64::MAX));
        let (token, result) = match previous {
            None => {
                let token = Number::from(1);
                let item = key
                    .clone()
                    .with(LEASE_OWNER, self.owner.as_str())
                    .with(LEASE_TOKEN, Value::N(token.clone()))
                    .with(LEASE_RECORD, record.clone())
                    .with(LEASE_DURATION_MS, Value::N(duration_ms));
                let pk = key
                    .iter()
                    .next()
                    .map(|(k, _)| k.clone())
                    .unwrap_or_default();
                let put = PutItemRequest::new(table, item).condition(attr(pk).not_exists());
                (token, self.client.backend().put_item(put).await.map(|_| ()))
            }
            Some(item) => {
                let seen = item.get(LEASE_RECORD).cloned().unwrap_or(Value::Null);
                let token = match item.get(LEASE_TOKEN) {
                    Some(Value::N(n)) => n
                        .checked_add(&Number::from(1))
                        .map_err(|e| Error::validation_in(table, format!("lease token: {e}")))?,
                    _ => Number::from(1),
                };
                let update = Update::new()
                    .set(LEASE_OWNER, self.owner.as_str())
                    .set(LEASE_TOKEN, Value::N(token.clone()))
                    .set(LEASE_RECORD, record.clone())
                    .set(LEASE_DURATION_MS, Value::N(duration_ms));
                let condition = match seen {
                    Value::Null => attr(LEASE_RECORD).not_exists(),
                    seen => attr(LEASE_RECORD).eq(seen),
                };
                let request =
                    UpdateItemRequest::new(table, key.clone(), update).condition(condition);
                (
                    token,
                    self.client.backend().update_item(request).await.map(|_| ()),
                )
            }
        };
        match result {
            Ok(()) => Ok(Some(LeaseGuard::start(self, table, key, token))),
            Err(e) if e.is_condition_failed() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn duration_of(item: &Item) -> Option<Duration> {
    match item.get(LEASE_DURATION_MS) {
        Some(Value::N(n)) => n.to_u64().ok().map(Duration::from_millis),
        _ => None,
    }
}

/// What the guard and its renewal task share.
struct Held {
    client: Client,
    /// The table name before the client's prefix.
    base_table: String,
    /// The full table name.
    table: String,
    key: Item,
    name: String,
    owner: String,
    token: Number,
    lost: AtomicBool,
}

impl Held {
    /// The condition that the lease is still this holder's.
    fn ownership(&self) -> Condition {
        attr(LEASE_OWNER)
            .eq(self.owner.as_str())
            .and(attr(LEASE_TOKEN).eq(Value::N(self.token.clone())))
    }

    /// One renewal: a new record version, on condition of ownership.
    async fn renew(&self) -> Result<()> {
        let update = Update::new().set(LEASE_RECORD, Value::from(uuid::Uuid::new_v4().to_string()));
        let request = UpdateItemRequest::new(self.table.clone(), self.key.clone(), update)
            .condition(self.ownership())
            .return_values(ReturnValues::None);
        self.client.backend().update_item(request).await.map(|_| ())
    }

    /// Gives the lease up (the token stays, so the next one is larger).
    async fn release(&self) -> Result<()> {
        let update = Update::new()
            .remove(Path::attr(LEASE_OWNER))
            .set(LEASE_RECORD, Value::from(uuid::Uuid::new_v4().to_string()));
        let request = UpdateItemRequest::new(self.table.clone(), self.key.clone(), update)
            .condition(self.ownership());
        match self.client.backend().update_item(request).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_condition_failed() => Err(self.lost_error()),
            Err(e) => Err(e),
        }
    }

    fn lost_error(&self) -> Error {
        Error::LeaseLost {
            table: self.table.clone(),
            name: self.name.clone(),
            token: Box::new(self.token.clone()),
        }
    }
}

/// A held lease ([`Lease::acquire`]). Renewed in the background while it
/// lives; released by [`release`](LeaseGuard::release) or, on a best-effort
/// basis in a spawned task, when dropped. [`is_lost`](LeaseGuard::is_lost)
/// turns true once a renewal found another owner, or no renewal succeeded
/// for a whole lease duration.
pub struct LeaseGuard {
    held: Arc<Held>,
    renewal: Option<tokio::task::JoinHandle<()>>,
}

impl LeaseGuard {
    fn start(lease: &Lease, table: &str, key: &Item, token: Number) -> LeaseGuard {
        let held = Arc::new(Held {
            client: lease.client.clone(),
            base_table: lease.table.clone(),
            table: table.to_owned(),
            key: key.clone(),
            name: lease.name.clone(),
            owner: lease.owner.clone(),
            token,
            lost: AtomicBool::new(false),
        });
        let every = lease.renew_every.unwrap_or(lease.duration / 3);
        let duration = lease.duration;
        let task = Arc::clone(&held);
        let renewal = tokio::spawn(async move {
            let mut renewed = Instant::now();
            loop {
                tokio::time::sleep(every).await;
                match task.renew().await {
                    Ok(()) => renewed = Instant::now(),
                    Err(e) if e.is_condition_failed() => {
                        task.lost.store(true, Ordering::SeqCst);
                        return;
                    }
                    Err(_) if renewed.elapsed() >= duration => {
                        task.lost.store(true, Ordering::SeqCst);
                        return;
                    }
                    Err(_) => {}
                }
            }
        });
        LeaseGuard {
            held,
            renewal: Some(renewal),
        }
    }

    /// The fencing token: larger for every later holder of the lease.
    pub fn token(&self) -> &Number {
        &self.held.token
    }

    /// The owner name written into the item.
    pub fn owner(&self) -> &str {
        &self.held.owner
    }

    /// Whether the lease is known to be lost: a renewal found another owner
    /// (or none), or renewals failed for a whole duration.
    pub fn is_lost(&self) -> bool {
        self.held.lost.load(Ordering::SeqCst)
    }

    /// Adds a condition check to a transaction: the transaction commits only
    /// while this guard still holds the lease (same owner, same fencing
    /// token), so a former holder's writes are refused once it was taken
    /// over.
    ///
    /// ```
    /// # use dynorm::{Client, Item};
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let guard = client.lease("locks", "ledger").acquire().await?;
    /// let mut tx = client.transact_write().put_item("ledger", Item::new().with("pk", "e1"));
    /// guard.check_in(&mut tx);
    /// tx.await?; // cancelled if another owner took the lease over
    /// # Ok(()) }
    /// ```
    pub fn check_in(&self, tx: &mut TransactWrite) {
        tx.add_check(
            &self.held.base_table,
            self.held.key.clone(),
            self.held.ownership(),
        );
    }

    /// Gives the lease up; fails with [`Error::LeaseLost`] when it was no
    /// longer this guard's.
    pub async fn release(mut self) -> Result<()> {
        if let Some(task) = self.renewal.take() {
            task.abort();
        }
        self.held.release().await
    }
}

impl Drop for LeaseGuard {
    fn drop(&mut self) {
        let Some(task) = self.renewal.take() else {
            return;
        };
        task.abort();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let held = Arc::clone(&self.held);
            runtime.spawn(async move {
                // Best effort: a lease not released expires.
                let _ = held.release().await;
            });
        }
    }
}

impl std::fmt::Debug for LeaseGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LeaseGuard")
            .field("table", &self.held.table)
            .field("name", &self.held.name)
            .field("owner", &self.held.owner)
            .field("token", &self.held.token)
            .field("lost", &self.is_lost())
            .finish()
    }
}
