//! Date-times stored in DynamoDB: [`Timestamp`] (an RFC 3339 string, `S`),
//! [`EpochSeconds`] and [`EpochMillis`] (numbers, `N`).
//!
//! All three are UTC instants. [`Timestamp`] keeps microseconds (what Python's
//! `datetime` holds) and always writes six fractional digits, so that stored
//! strings sort in time order; it reads every RFC 3339 form Python and
//! pydynox write (`2026-11-22T03:04:05Z`, `...05.123456+00:00`, and a naive
//! `datetime.isoformat()` without an offset, taken as UTC).
//!
//! ```
//! use dynorm::attributes::{EpochSeconds, Timestamp};
//! use dynorm::{to_value, Value};
//!
//! let t: Timestamp = "2026-11-22T03:04:05.123456+00:00".parse()?;
//! assert_eq!(t.to_string(), "2026-11-22T03:04:05.123456Z");
//! assert_eq!(to_value(&t)?, Value::from("2026-11-22T03:04:05.123456Z"));
//! assert_eq!(to_value(&EpochSeconds::from(t))?, Value::from(1795316645i64));
//! # Ok::<(), dynorm::Error>(())
//! ```

use crate::value::CodecError;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use time::format_description::well_known::Rfc3339;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// How the timestamp text is written: always six fractional digits and `Z`.
const WRITE_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Python's naive `datetime.isoformat()`: no offset, optional fraction.
const NAIVE_FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]");

/// A UTC instant with microsecond precision, stored as an RFC 3339 string
/// (`2026-11-22T03:04:05.123456Z`).
///
/// [`Timestamp::default`] is the Unix epoch, which the generated
/// `#[dynorm(created_at)]` value treats as "not set yet".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp(OffsetDateTime::UNIX_EPOCH);

    /// The current time, truncated to microseconds.
    pub fn now() -> Timestamp {
        Timestamp::from(SystemTime::now())
    }

    /// The instant `micros` microseconds after (or before, when negative) the
    /// Unix epoch; out-of-range values are clamped to the years -9999..=9999.
    pub fn from_unix_micros(micros: i64) -> Timestamp {
        let nanos = i128::from(micros) * 1_000;
        match OffsetDateTime::from_unix_timestamp_nanos(nanos) {
            Ok(t) => Timestamp(t),
            Err(_) if micros < 0 => Timestamp(clamp_min()),
            Err(_) => Timestamp(clamp_max()),
        }
    }

    /// Microseconds since the Unix epoch.
    pub fn unix_micros(&self) -> i64 {
        // Within -9999..=9999 years the value fits an i64 (about ±3.2e17).
        i64::try_from(self.0.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
    }

    /// Whole seconds since the Unix epoch (rounded towards the past).
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// Milliseconds since the Unix epoch (rounded towards the past).
    pub fn unix_millis(&self) -> i64 {
        self.unix_micros().div_euclid(1_000)
    }

    /// Parses RFC 3339 (`Z` or any offset, with or without a fraction) or a
    /// naive ISO-8601 date-time (taken as UTC).
    pub fn parse(text: &str) -> Result<Timestamp, CodecError> {
        if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
            return Ok(Timestamp::from(t));
        }
        match PrimitiveDateTime::parse(text, NAIVE_FORMAT) {
            Ok(t) => Ok(Timestamp::from(t.assume_utc())),
            Err(_) => Err(CodecError::custom(format!(
                "invalid timestamp {text:?}: expected an RFC 3339 date-time such as \
                 \"2026-11-22T03:04:05.123456Z\""
            ))),
        }
    }

    /// The RFC 3339 text (`2026-11-22T03:04:05.123456Z`).
    pub fn to_rfc3339(&self) -> String {
        // Every value in range formats; the fallback is never reached.
        self.0
            .format(WRITE_FORMAT)
            .unwrap_or_else(|_| self.0.unix_timestamp().to_string())
    }

    /// The instant as a `time::OffsetDateTime` in UTC.
    pub fn to_offset_date_time(&self) -> OffsetDateTime {
        self.0
    }
}

fn clamp_min() -> OffsetDateTime {
    PrimitiveDateTime::MIN.assume_utc()
}

fn clamp_max() -> OffsetDateTime {
    PrimitiveDateTime::MAX.assume_utc()
}

impl Default for Timestamp {
    fn default() -> Self {
        Timestamp::UNIX_EPOCH
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Converts to UTC and truncates to microseconds.
    fn from(t: OffsetDateTime) -> Self {
        let t = t.to_offset(UtcOffset::UTC);
        let micros = t.microsecond();
        Timestamp(t.replace_microsecond(micros).unwrap_or(t))
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.0
    }
}

impl From<SystemTime> for Timestamp {
    /// Truncates to microseconds; instants outside the years -9999..=9999 are clamped.
    fn from(t: SystemTime) -> Self {
        let micros = match t.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_micros()).unwrap_or(i64::MAX),
            Err(before) => {
                let d = before.duration();
                // Round towards the past, like the positive side.
                let whole = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
                let partial = i64::from(d.subsec_nanos() % 1_000 != 0);
                whole.saturating_add(partial).saturating_neg()
            }
        };
        Timestamp::from_unix_micros(micros)
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> Self {
        let micros = t.unix_micros();
        let d = Duration::from_micros(micros.unsigned_abs());
        if micros >= 0 {
            UNIX_EPOCH + d
        } else {
            UNIX_EPOCH - d
        }
    }
}

impl FromStr for Timestamp {
    type Err = CodecError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.to_rfc3339())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

/// Defines an epoch-number timestamp type.
macro_rules! epoch_type {
    ($(#[$doc:meta])* $name:ident, $unit:literal, $to:ident, $from:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(i64);

        impl $name {
            #[doc = concat!("The current time, in whole ", $unit, ".")]
            pub fn now() -> $name {
                $name::from(Timestamp::now())
            }

            #[doc = concat!("A value of this many ", $unit, " since the Unix epoch.")]
            pub const fn new(value: i64) -> $name {
                $name(value)
            }

            #[doc = concat!("The number of ", $unit, " since the Unix epoch.")]
            pub const fn get(self) -> i64 {
                self.0
            }

            /// The instant as a [`Timestamp`].
            pub fn to_timestamp(self) -> Timestamp {
                let from: fn(i64) -> Timestamp = $from;
                from(self.0)
            }
        }

        impl From<Timestamp> for $name {
            fn from(t: Timestamp) -> Self {
                $name(t.$to())
            }
        }

        impl From<$name> for Timestamp {
            fn from(v: $name) -> Self {
                v.to_timestamp()
            }
        }

        impl From<SystemTime> for $name {
            fn from(t: SystemTime) -> Self {
                $name::from(Timestamp::from(t))
            }
        }

        impl From<$name> for SystemTime {
            fn from(v: $name) -> Self {
                SystemTime::from(v.to_timestamp())
            }
        }

        impl From<OffsetDateTime> for $name {
            fn from(t: OffsetDateTime) -> Self {
                $name::from(Timestamp::from(t))
            }
        }

        impl From<$name> for OffsetDateTime {
            fn from(v: $name) -> Self {
                v.to_timestamp().to_offset_date_time()
            }
        }

        impl fmt::Display for $name {
            /// The instant in RFC 3339.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.to_timestamp(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({} = {})", stringify!($name), self.0, self.to_timestamp())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct NumberVisitor;
                impl Visitor<'_> for NumberVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str(concat!("a number of ", $unit, " since the Unix epoch"))
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name(v))
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$name, E> {
                        i64::try_from(v).map($name).map_err(|_| {
                            E::custom(format!(concat!("{} ", $unit, " is out of range"), v))
                        })
                    }
                    /// Python's `time.time()` writes fractions: they are dropped.
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$name, E> {
                        let whole = v.floor();
                        if whole.is_finite() && whole.abs() < 9.0e18 {
                            // In range: the cast is exact for an integral value.
                            #[allow(clippy::cast_possible_truncation)]
                            Ok($name(whole as i64))
                        } else {
                            Err(E::custom(format!(concat!("{} ", $unit, " is out of range"), v)))
                        }
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        match v.trim().parse::<f64>() {
                            Ok(f) if !v.contains(['.', 'e', 'E']) => v
                                .trim()
                                .parse::<i64>()
                                .map($name)
                                .or_else(|_| self.visit_f64(f)),
                            Ok(f) => self.visit_f64(f),
                            Err(_) => Err(E::custom(format!(
                                concat!("invalid epoch ", $unit, " {:?}"),
                                v
                            ))),
                        }
                    }
                }
                deserializer.deserialize_any(NumberVisitor)
            }
        }
    };
}

epoch_type!(
    /// A UTC instant stored as whole seconds since the Unix epoch (an `N`
    /// attribute, the form DynamoDB's TTL reads).
    EpochSeconds,
    "seconds",
    unix_seconds,
    |s| Timestamp::from_unix_micros(s.saturating_mul(1_000_000))
);

epoch_type!(
    /// A UTC instant stored as whole milliseconds since the Unix epoch (an `N` attribute).
    EpochMillis,
    "milliseconds",
    unix_millis,
    |ms| Timestamp::from_unix_micros(ms.saturating_mul(1_000))
);

/// How a timestamp attribute is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampEncoding {
    /// RFC 3339 text ([`Timestamp`]), an `S` attribute.
    Rfc3339,
    /// Whole seconds ([`EpochSeconds`]), an `N` attribute.
    EpochSeconds,
    /// Whole milliseconds ([`EpochMillis`]), an `N` attribute.
    EpochMillis,
}

impl TimestampEncoding {
    /// `now` as the attribute value of this encoding.
    pub fn encode(self, now: Timestamp) -> crate::value::Value {
        use crate::value::{Number, Value};
        match self {
            TimestampEncoding::Rfc3339 => Value::S(now.to_rfc3339()),
            TimestampEncoding::EpochSeconds => Value::N(Number::from(now.unix_seconds())),
            TimestampEncoding::EpochMillis => Value::N(Number::from(now.unix_millis())),
        }
    }
}

/// The field types a `#[dynorm(created_at)]` / `#[dynorm(updated_at)]` field may have:
/// [`Timestamp`], [`EpochSeconds`], [`EpochMillis`] or an `Option` of them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot hold a generated timestamp",
    label = "expected Timestamp, EpochSeconds, EpochMillis or an Option of them"
)]
pub trait TimestampField {
    /// How the field is stored.
    const ENCODING: TimestampEncoding;
}

impl TimestampField for Timestamp {
    const ENCODING: TimestampEncoding = TimestampEncoding::Rfc3339;
}
impl TimestampField for EpochSeconds {
    const ENCODING: TimestampEncoding = TimestampEncoding::EpochSeconds;
}
impl TimestampField for EpochMillis {
    const ENCODING: TimestampEncoding = TimestampEncoding::EpochMillis;
}
impl<T: TimestampField> TimestampField for Option<T> {
    const ENCODING: TimestampEncoding = T::ENCODING;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{from_value, to_value, Value};

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).expect("valid timestamp")
    }

    #[test]
    fn parses_python_forms() {
        let a = ts("2026-11-22T03:04:05.123456Z");
        assert_eq!(ts("2026-11-22T03:04:05.123456+00:00"), a);
        assert_eq!(ts("2026-11-22T03:04:05.123456"), a);
        assert_eq!(ts("2026-11-22T05:04:05.123456+02:00"), a);
        let whole = ts("2026-11-22T03:04:05Z");
        assert_eq!(whole, ts("2026-11-22T03:04:05+00:00"));
        assert_eq!(whole, ts("2026-11-22T03:04:05"));
        assert_eq!(whole.to_string(), "2026-11-22T03:04:05.000000Z");
        assert!(whole < a);
        assert_eq!(
            ts("2026-11-22T03:04:05.1Z").unix_micros() % 1_000_000,
            100_000
        );
    }

    #[test]
    fn rejects_garbage_with_codec_error() {
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-11-22 03:04"] {
            let e = Timestamp::parse(bad).expect_err(bad);
            assert!(e.to_string().contains("invalid timestamp"), "{e}");
        }
        assert!(from_value::<Timestamp>(Value::from(5)).is_err());
        let e = from_value::<Timestamp>(Value::from("nope")).expect_err("text");
        assert!(e.to_string().contains("invalid timestamp"), "{e}");
    }

    #[test]
    fn stored_forms() {
        let t = ts("2026-11-22T03:04:05.987654Z");
        assert_eq!(
            to_value(&t).expect("ser"),
            Value::from("2026-11-22T03:04:05.987654Z")
        );
        assert_eq!(
            from_value::<Timestamp>(to_value(&t).expect("ser")).expect("de"),
            t
        );
        let s = EpochSeconds::from(t);
        assert_eq!(to_value(&s).expect("ser"), Value::from(1_795_316_645i64));
        assert_eq!(
            from_value::<EpochSeconds>(Value::from(1_795_316_645i64)).expect("de"),
            s
        );
        let ms = EpochMillis::from(t);
        assert_eq!(ms.get(), 1_795_316_645_987);
        assert_eq!(
            from_value::<EpochMillis>(to_value(&ms).expect("ser")).expect("de"),
            ms
        );
        assert_eq!(s.to_string(), "2026-11-22T03:04:05.000000Z");
        assert!(format!("{s:?}").contains("1795316645"));
        assert!(format!("{t:?}").starts_with("Timestamp(2026"));
    }

    #[test]
    fn system_time_and_offset_date_time() {
        let now = SystemTime::now();
        let t = Timestamp::from(now);
        let back = SystemTime::from(t);
        let diff = now.duration_since(back).expect("truncated, not rounded up");
        assert!(diff < Duration::from_micros(1));
        let before = UNIX_EPOCH - Duration::from_nanos(1_500);
        assert_eq!(Timestamp::from(before).unix_micros(), -2);
        let odt = time::macros::datetime!(2020-01-02 03:04:05.123456789 +01:00);
        let t = Timestamp::from(odt);
        assert_eq!(t.to_string(), "2020-01-02T02:04:05.123456Z");
        assert_eq!(
            OffsetDateTime::from(t),
            time::macros::datetime!(2020-01-02 02:04:05.123456 UTC)
        );
        assert!(Timestamp::now() > t);
        assert_eq!(Timestamp::default(), Timestamp::UNIX_EPOCH);
        assert_eq!(EpochSeconds::from(odt).get(), 1_577_930_645);
    }
}
