//! [`Ttl`]: an expiry time stored as epoch seconds (`N`), the format DynamoDB's
//! Time to Live reads and pydynox's `TTLAttribute` writes.

use crate::client::Client;
use crate::error::Result;
use crate::model::Model;
use crate::value::{Number, Value};
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;
use std::future::Future;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// When an item expires: whole seconds since the Unix epoch (UTC), stored as
/// a number.
///
/// Put it in a field and name that field in `#[dynorm(ttl = "field")]` so that
/// `Client::create_table` turns Time to Live on for it. DynamoDB deletes
/// expired items some time after they expire, not at once: until then they
/// are still read, so check [`is_expired`](Ttl::is_expired).
///
/// ```
/// use dynorm::attributes::{ExpiresIn, Ttl};
/// use std::time::Duration;
///
/// let ttl = ExpiresIn::hours(1);
/// assert!(!ttl.is_expired());
/// assert!(ttl.expires_in().unwrap() <= Duration::from_secs(3600));
///
/// let past = Ttl::from_epoch_seconds(1_000);
/// assert!(past.is_expired());
/// assert_eq!(past.expires_in(), None);
/// assert_eq!(dynorm::to_value(&past).unwrap(), dynorm::Value::from(1_000));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ttl {
    epoch_seconds: i64,
}

/// Seconds since the epoch now (negative before 1970, saturating).
fn now_epoch_seconds() -> i64 {
    Ttl::at(SystemTime::now()).epoch_seconds
}

impl Ttl {
    /// The TTL for a point in time, rounded down to the second.
    pub fn at(time: SystemTime) -> Ttl {
        let epoch_seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
            Err(before) => {
                let d = before.duration();
                let whole = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                // Round down: 0.5 s before the epoch is second -1.
                let extra = i64::from(d.subsec_nanos() > 0);
                whole.saturating_add(extra).saturating_neg()
            }
        };
        Ttl { epoch_seconds }
    }

    /// The TTL for a number of seconds since the Unix epoch.
    pub const fn from_epoch_seconds(epoch_seconds: i64) -> Ttl {
        Ttl { epoch_seconds }
    }

    /// Now plus (or minus, if negative) a number of seconds.
    pub fn from_now(seconds: i64) -> Ttl {
        Ttl {
            epoch_seconds: now_epoch_seconds().saturating_add(seconds),
        }
    }

    /// The seconds since the Unix epoch, as stored.
    pub const fn epoch_seconds(self) -> i64 {
        self.epoch_seconds
    }

    /// The point in time (saturating at what `SystemTime` can hold).
    pub fn as_system_time(self) -> SystemTime {
        let magnitude = Duration::from_secs(self.epoch_seconds.unsigned_abs());
        let time = if self.epoch_seconds >= 0 {
            UNIX_EPOCH.checked_add(magnitude)
        } else {
            UNIX_EPOCH.checked_sub(magnitude)
        };
        time.unwrap_or(UNIX_EPOCH)
    }

    /// Whether the time has come (the TTL is at or before now).
    pub fn is_expired(self) -> bool {
        self.epoch_seconds <= now_epoch_seconds()
    }

    /// The time left, `None` once expired.
    pub fn expires_in(self) -> Option<Duration> {
        if self.is_expired() {
            return None;
        }
        self.as_system_time()
            .duration_since(SystemTime::now())
            .ok()
            .filter(|d| !d.is_zero())
    }

    /// The stored value: an `N`.
    pub fn to_value(self) -> Value {
        Value::N(Number::from(self.epoch_seconds))
    }
}

impl From<SystemTime> for Ttl {
    fn from(time: SystemTime) -> Ttl {
        Ttl::at(time)
    }
}

impl From<Ttl> for SystemTime {
    fn from(ttl: Ttl) -> SystemTime {
        ttl.as_system_time()
    }
}

impl From<Ttl> for Value {
    fn from(ttl: Ttl) -> Value {
        ttl.to_value()
    }
}

impl fmt::Display for Ttl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.epoch_seconds.fmt(f)
    }
}

impl Serialize for Ttl {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.epoch_seconds)
    }
}

impl<'de> Deserialize<'de> for Ttl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Ttl, D::Error> {
        deserializer.deserialize_any(TtlVisitor)
    }
}

/// Accepts any number; a fractional one (written by another tool) is rounded down.
struct TtlVisitor;

impl Visitor<'_> for TtlVisitor {
    type Value = Ttl;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch seconds as a number (N)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Ttl, E> {
        Ok(Ttl::from_epoch_seconds(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Ttl, E> {
        i64::try_from(v)
            .map(Ttl::from_epoch_seconds)
            .map_err(|_| E::custom(format!("TTL {v} is out of range for epoch seconds")))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<Ttl, E> {
        i64::try_from(v)
            .map(Ttl::from_epoch_seconds)
            .map_err(|_| E::custom(format!("TTL {v} is out of range for epoch seconds")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<Ttl, E> {
        i64::try_from(v)
            .map(Ttl::from_epoch_seconds)
            .map_err(|_| E::custom(format!("TTL {v} is out of range for epoch seconds")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Ttl, E> {
        // i64 bounds as f64: the casts saturate, and the range check keeps
        // the value exact enough for seconds.
        #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
        if v.is_finite() && v >= i64::MIN as f64 && v < i64::MAX as f64 {
            Ok(Ttl::from_epoch_seconds(v.floor() as i64))
        } else {
            Err(E::custom(format!(
                "TTL {v} is out of range for epoch seconds"
            )))
        }
    }
}

/// The error for a TTL operation on a model without a TTL attribute.
pub(crate) fn no_ttl_attribute<M: Model>() -> crate::Error {
    crate::Error::config(no_ttl_message::<M>())
}

/// The message of [`no_ttl_attribute`].
pub(crate) fn no_ttl_message<M: Model>() -> String {
    format!(
        "model `{}` (table `{}`) has no TTL attribute: add a `Ttl` field and \
         `#[dynorm(ttl = \"field\")]`",
        M::schema().type_name,
        M::schema().table
    )
}

/// TTLs counted from now (UTC), as in `ExpiresIn::hours(1)`.
///
/// ```
/// use dynorm::attributes::ExpiresIn;
/// let a = ExpiresIn::days(1).epoch_seconds();
/// let b = ExpiresIn::hours(24).epoch_seconds();
/// assert!((a - b).abs() <= 1);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ExpiresIn;

impl ExpiresIn {
    /// `n` seconds from now.
    pub fn seconds(n: i64) -> Ttl {
        Ttl::from_now(n)
    }

    /// `n` minutes from now.
    pub fn minutes(n: i64) -> Ttl {
        Ttl::from_now(n.saturating_mul(60))
    }

    /// `n` hours from now.
    pub fn hours(n: i64) -> Ttl {
        Ttl::from_now(n.saturating_mul(3_600))
    }

    /// `n` days from now.
    pub fn days(n: i64) -> Ttl {
        Ttl::from_now(n.saturating_mul(86_400))
    }

    /// `n` weeks from now.
    pub fn weeks(n: i64) -> Ttl {
        Ttl::from_now(n.saturating_mul(604_800))
    }
}

/// `extend_ttl` on a model value; implemented for every [`Model`].
///
/// ```
/// # use dynorm::{Client, Model};
/// use dynorm::attributes::{ExpiresIn, TtlModel};
/// # async fn demo<M: Model>(client: &Client, mut session: M) -> dynorm::Result<()> {
/// session.extend_ttl(client, ExpiresIn::hours(1)).await?;
/// # Ok(()) }
/// ```
pub trait TtlModel: Model {
    /// Sets the model's TTL attribute to `until`, in the table (the item must
    /// exist) and then in `self`. An [`Error::Config`](crate::Error::Config)
    /// when the model declares no TTL attribute.
    fn extend_ttl(
        &mut self,
        client: &Client,
        until: Ttl,
    ) -> impl Future<Output = Result<()>> + Send;
}

impl<M: Model> TtlModel for M {
    async fn extend_ttl(&mut self, client: &Client, until: Ttl) -> Result<()> {
        let attribute = M::schema()
            .ttl_attribute
            .ok_or_else(no_ttl_attribute::<M>)?;
        // Decode the new local value first: nothing is written unless it decodes.
        let mut item = self.to_item()?;
        item.insert(attribute, until.to_value());
        // The model's own serialization: a pending S3 file in it stays pending.
        let updated = crate::attributes::accepting_pending(|| M::from_item(item))?;
        client.extend_ttl(self.key()?, until).await?;
        *self = updated;
        Ok(())
    }
}
