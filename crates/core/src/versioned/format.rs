//! The value formats of rococo's versioned rows: [`ChangedOn`] (Python's
//! `datetime.isoformat()` of a UTC time) and [`Json`] (a map stored as the
//! JSON text Python's `json.dumps` writes, as PynamoDB's `JSONAttribute`
//! stores it).

use crate::attributes::Timestamp;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::io;

/// When a version was written: stored as Python's `isoformat()` of a UTC
/// time, `2026-12-02T07:52:01.711592+00:00`, without the fraction when its
/// microseconds are 0 (`2026-12-02T07:52:01+00:00`), as rococo writes
/// `changed_on`. Any RFC 3339 time reads back.
///
/// ```
/// use dynorm::versioned::ChangedOn;
/// let t = ChangedOn::from_unix_micros(1_796_197_921_711_592);
/// assert_eq!(t.to_isoformat(), "2026-12-02T07:52:01.711592+00:00");
/// assert_eq!(ChangedOn::from_unix_micros(1_796_197_921_000_000).to_isoformat(), "2026-12-02T07:52:01+00:00");
/// assert_eq!(ChangedOn::parse("2026-12-02T07:52:01.711592+00:00")?, t);
/// # Ok::<(), dynorm::CodecError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ChangedOn(Timestamp);

impl ChangedOn {
    /// The current time, to the microsecond.
    pub fn now() -> ChangedOn {
        ChangedOn(Timestamp::now())
    }

    /// A time from microseconds since the Unix epoch.
    pub fn from_unix_micros(micros: i64) -> ChangedOn {
        ChangedOn(Timestamp::from_unix_micros(micros))
    }

    /// Microseconds since the Unix epoch.
    pub fn unix_micros(&self) -> i64 {
        self.0.unix_micros()
    }

    /// Reads an RFC 3339 time (Python's `isoformat()` of an aware time is one).
    pub fn parse(text: &str) -> Result<ChangedOn, crate::CodecError> {
        Timestamp::parse(text).map(ChangedOn)
    }

    /// Python's `isoformat()` of this time in UTC.
    pub fn to_isoformat(&self) -> String {
        let t = self.0.to_offset_date_time();
        let micros = t.microsecond();
        let fraction = if micros == 0 {
            String::new()
        } else {
            format!(".{micros:06}")
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}+00:00",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    /// The time as a dynorm [`Timestamp`].
    pub fn to_timestamp(self) -> Timestamp {
        self.0
    }
}

impl From<Timestamp> for ChangedOn {
    fn from(t: Timestamp) -> ChangedOn {
        ChangedOn(t)
    }
}

impl fmt::Display for ChangedOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_isoformat())
    }
}

impl fmt::Debug for ChangedOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ChangedOn({})", self.to_isoformat())
    }
}

impl Serialize for ChangedOn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_isoformat())
    }
}

impl<'de> Deserialize<'de> for ChangedOn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ChangedOn, D::Error> {
        let text = String::deserialize(deserializer)?;
        ChangedOn::parse(&text).map_err(D::Error::custom)
    }
}

/// A value stored as JSON text (a string attribute), as rococo stores a
/// `dict` field (PynamoDB's `JSONAttribute`): written the way Python's
/// `json.dumps` writes it (`", "` and `": "` separators, non-ASCII
/// characters as `\uXXXX`), read from any JSON text.
///
/// ```
/// use dynorm::versioned::Json;
/// use dynorm::{to_value, Value};
/// let meta = Json(serde_json::json!({"shelf": 3, "tags": ["sci-fi", "café"]}));
/// assert_eq!(
///     to_value(&meta)?,
///     Value::from(r#"{"shelf": 3, "tags": ["sci-fi", "caf\u00e9"]}"#)
/// );
/// let back: Json<serde_json::Value> = dynorm::from_value(Value::from(r#"{"shelf":3}"#))?;
/// assert_eq!(back.0["shelf"], 3);
/// # Ok::<(), dynorm::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Json<T>(pub T);

impl<T: Serialize> Json<T> {
    /// The JSON text Python's `json.dumps` writes for the value.
    pub fn to_json_text(&self) -> Result<String, serde_json::Error> {
        python_json(&self.0)
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Serialize> Serialize for Json<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.to_json_text().map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Json<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json<T>, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text)
            .map(Json)
            .map_err(|e| D::Error::custom(format!("not the JSON text of the value: {e}")))
    }
}

/// `json.dumps(value)` with Python's defaults.
fn python_json<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value.serialize(&mut ser)?;
    // The formatter writes ASCII only.
    String::from_utf8(out).map_err(|e| serde_json::Error::io(io::Error::other(e)))
}

/// Python's item separator, before every element but the first.
fn separator<W: ?Sized + io::Write>(writer: &mut W, first: bool) -> io::Result<()> {
    if first {
        Ok(())
    } else {
        writer.write_all(b", ")
    }
}

/// serde_json's compact output with Python's separators and `ensure_ascii`.
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        separator(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        for c in fragment.chars() {
            if c.is_ascii() {
                writer.write_all(&[c as u8])?;
            } else {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn python_json_escapes_like_json_dumps() {
        // json.dumps({"a": "é😀\n", "b": [1, 2.5, None, True]})
        let v = serde_json::json!({"a": "é😀\n", "b": [1, 2.5, null, true]});
        assert_eq!(
            Json(v).to_json_text().unwrap(),
            r#"{"a": "\u00e9\ud83d\ude00\n", "b": [1, 2.5, null, true]}"#
        );
    }

    #[test]
    fn isoformat_keeps_leading_zeros_of_the_fraction() {
        let t = ChangedOn::from_unix_micros(1_000_042);
        assert_eq!(t.to_isoformat(), "1970-01-01T00:00:01.000042+00:00");
        assert_eq!(ChangedOn::parse(&t.to_isoformat()).unwrap(), t);
        assert!(ChangedOn::parse("yesterday").is_err());
    }
}
