//! [`Cursor`]: an opaque, URL-safe pagination token.

use crate::error::{Error, Result};
use crate::expr::{KeyCondition, SortOp};
use crate::value::{Item, Value};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::fmt;
use std::str::FromStr;

/// Where the next page of a query or scan starts: DynamoDB's
/// LastEvaluatedKey, bound to the request it came from.
///
/// A cursor is an opaque, URL-safe string (send it to a web client and back).
/// It is rejected with [`Error::InvalidCursor`] when used on another table,
/// index, key condition or scan segment.
///
/// ```
/// use dynorm::client::Cursor;
/// let text = "not a cursor";
/// assert!(text.parse::<Cursor>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Cursor(String);

impl Cursor {
    /// The cursor's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Encodes the last evaluated key of a request with this fingerprint.
    pub(crate) fn encode(fingerprint: &str, key: &Item) -> Result<Cursor> {
        let mut map = serde_json::Map::new();
        for (name, value) in key {
            let (t, v) = match value {
                Value::S(s) => ("S", s.clone()),
                Value::N(n) => ("N", n.to_string()),
                Value::B(b) => ("B", URL_SAFE_NO_PAD.encode(b)),
                other => {
                    return Err(Error::InvalidCursor {
                        message: format!("key attribute `{name}` has type {}", other.value_type()),
                    })
                }
            };
            map.insert(name.clone(), serde_json::json!([t, v]));
        }
        let payload = serde_json::json!({ "f": fingerprint_hash(fingerprint), "k": map });
        Ok(Cursor(URL_SAFE_NO_PAD.encode(payload.to_string())))
    }

    /// Decodes the key, checking that the cursor belongs to this request.
    pub(crate) fn decode(&self, fingerprint: &str) -> Result<Item> {
        let invalid = |message: &str| Error::InvalidCursor {
            message: message.to_owned(),
        };
        let bytes = URL_SAFE_NO_PAD
            .decode(&self.0)
            .map_err(|_| invalid("not a dynorm cursor (bad encoding)"))?;
        let json: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|_| invalid("not a dynorm cursor (bad payload)"))?;
        let f = json
            .get("f")
            .and_then(|f| f.as_str())
            .ok_or_else(|| invalid("not a dynorm cursor"))?;
        if f != fingerprint_hash(fingerprint) {
            return Err(invalid(
                "the cursor belongs to another request (table, index, key condition or segment differ)",
            ));
        }
        let map = json
            .get("k")
            .and_then(|k| k.as_object())
            .ok_or_else(|| invalid("not a dynorm cursor"))?;
        let mut key = Item::new();
        for (name, tv) in map {
            let pair = tv
                .as_array()
                .filter(|a| a.len() == 2)
                .ok_or_else(|| invalid("malformed key"))?;
            let (t, v) = match (pair[0].as_str(), pair[1].as_str()) {
                (Some(t), Some(v)) => (t, v),
                _ => return Err(invalid("malformed key")),
            };
            let value = match t {
                "S" => Value::S(v.to_owned()),
                "N" => Value::N(v.parse().map_err(|_| invalid("malformed number in key"))?),
                "B" => Value::B(
                    URL_SAFE_NO_PAD
                        .decode(v)
                        .map_err(|_| invalid("malformed binary in key"))?,
                ),
                _ => return Err(invalid("malformed key type")),
            };
            key.insert(name.clone(), value);
        }
        Ok(key)
    }
}

/// A short stable hash of a request description (FNV-1a, 64 bits, hex).
fn fingerprint_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The description of a request that a cursor is bound to.
pub(crate) fn fingerprint(
    table: &str,
    index: Option<&str>,
    key: Option<&KeyCondition>,
    segment: Option<(u32, u32)>,
) -> String {
    let mut f = format!("{table}\u{1}{}", index.unwrap_or(""));
    if let Some(kc) = key {
        f.push('\u{1}');
        f.push_str(&kc.partition_name);
        f.push('=');
        push_value(&mut f, &kc.partition_value);
        if let Some(sort) = &kc.sort {
            f.push('\u{1}');
            f.push_str(&sort.name);
            let (op, values): (&str, Vec<&Value>) = match &sort.op {
                SortOp::Eq(v) => ("=", vec![v]),
                SortOp::Lt(v) => ("<", vec![v]),
                SortOp::Le(v) => ("<=", vec![v]),
                SortOp::Gt(v) => (">", vec![v]),
                SortOp::Ge(v) => (">=", vec![v]),
                SortOp::Between(a, b) => ("between", vec![a, b]),
                SortOp::BeginsWith(v) => ("begins_with", vec![v]),
            };
            f.push_str(op);
            for v in values {
                f.push('\u{2}');
                push_value(&mut f, v);
            }
        }
    }
    if let Some((s, t)) = segment {
        f.push_str(&format!("\u{1}segment {s}/{t}"));
    }
    f
}

fn push_value(out: &mut String, v: &Value) {
    match v {
        Value::S(s) => {
            out.push_str("S:");
            out.push_str(s);
        }
        Value::N(n) => {
            out.push_str("N:");
            out.push_str(&n.to_string());
        }
        Value::B(b) => {
            out.push_str("B:");
            out.push_str(&URL_SAFE_NO_PAD.encode(b));
        }
        other => out.push_str(&format!("{other:?}")),
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cursor({})", self.0)
    }
}

impl FromStr for Cursor {
    type Err = Error;
    /// Accepts text that looks like a cursor; whether it fits a request is checked when used.
    fn from_str(s: &str) -> Result<Cursor> {
        let ok = !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok && URL_SAFE_NO_PAD.decode(s).is_ok() {
            Ok(Cursor(s.to_owned()))
        } else {
            Err(Error::InvalidCursor {
                message: "not a dynorm cursor".to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::KeyCondition;

    fn key() -> Item {
        Item::new()
            .with("pk", "USER#1")
            .with("sk", crate::Value::N("42".parse().expect("number")))
            .with("b", crate::Value::B(vec![0, 255, 7]))
    }

    #[test]
    fn round_trips_and_is_url_safe() {
        let f = fingerprint(
            "t",
            None,
            Some(&KeyCondition::partition("pk", "USER#1")),
            None,
        );
        let c = Cursor::encode(&f, &key()).expect("encode");
        assert!(c
            .as_str()
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        let parsed: Cursor = c.to_string().parse().expect("parse");
        assert_eq!(parsed.decode(&f).expect("decode"), key());
    }

    #[test]
    fn rejected_on_another_request() {
        let kc = KeyCondition::partition("pk", "USER#1");
        let f = fingerprint("t", None, Some(&kc), None);
        let c = Cursor::encode(&f, &key()).expect("encode");
        for other in [
            fingerprint("t2", None, Some(&kc), None),
            fingerprint("t", Some("GSI"), Some(&kc), None),
            fingerprint(
                "t",
                None,
                Some(&KeyCondition::partition("pk", "USER#2")),
                None,
            ),
            fingerprint(
                "t",
                None,
                Some(&kc.clone().sort("sk", SortOp::Gt(1.into()))),
                None,
            ),
            fingerprint("t", None, None, Some((0, 2))),
        ] {
            assert!(matches!(c.decode(&other), Err(Error::InvalidCursor { .. })));
        }
    }

    #[test]
    fn garbage_is_rejected() {
        assert!("".parse::<Cursor>().is_err());
        assert!("a b".parse::<Cursor>().is_err());
        let c: Cursor = "abcd".parse().expect("well-formed text");
        assert!(matches!(c.decode("x"), Err(Error::InvalidCursor { .. })));
    }
}
