//! The object key an S3-backed attribute is stored under.

use crate::value::Value;
use base64::Engine as _;

/// `{prefix}{pk}/{sk}/{filename}` (the sort key part only when the table has
/// one), with every `#` of the key values turned into `/`: the layout
/// pydynox writes, so objects written by either library line up.
///
/// Strings are used as they are, numbers in their canonical text, binary key
/// values in URL-safe base64 without padding.
///
/// ```
/// use dynorm::blob::object_key;
/// use dynorm::Value;
/// let pk = Value::from("DOC#1");
/// assert_eq!(object_key("docs/", &pk, None, "report.pdf"), "docs/DOC/1/report.pdf");
/// let sk = Value::from("v1");
/// assert_eq!(object_key("docs/", &pk, Some(&sk), "report.pdf"), "docs/DOC/1/v1/report.pdf");
/// ```
pub fn object_key(prefix: &str, pk: &Value, sk: Option<&Value>, filename: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + filename.len() + 32);
    key.push_str(prefix);
    push_key_part(&mut key, pk);
    key.push('/');
    if let Some(sk) = sk {
        push_key_part(&mut key, sk);
        key.push('/');
    }
    key.push_str(filename);
    key
}

fn push_key_part(out: &mut String, value: &Value) {
    let text = match value {
        Value::S(s) => std::borrow::Cow::Borrowed(s.as_str()),
        Value::N(n) => std::borrow::Cow::Owned(n.to_string()),
        Value::B(b) => {
            std::borrow::Cow::Owned(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b))
        }
        other => std::borrow::Cow::Owned(format!("{other:?}")),
    };
    out.extend(text.chars().map(|c| if c == '#' { '/' } else { c }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_binary_keys() {
        let pk = Value::from(42);
        assert_eq!(object_key("", &pk, None, "a"), "42/a");
        let pk = Value::B(vec![0xfb, 0xff]);
        assert_eq!(object_key("p/", &pk, None, "a"), "p/-_8/a");
    }

    #[test]
    fn every_hash_becomes_a_slash() {
        let pk = Value::from("T#a#b");
        let sk = Value::from("#x#");
        assert_eq!(object_key("", &pk, Some(&sk), "f"), "T/a/b//x//f");
    }
}
