//! The object key an S3-backed attribute is stored under.

use crate::value::Value;
use base64::Engine as _;
use std::borrow::Cow;

/// `{prefix}{pk}/{sk}/{filename}`: the layout pydynox writes, so objects
/// written by either library line up.
///
/// Exactly as pydynox builds it:
/// - a non-empty prefix loses its trailing `/`s and gets one back (`"docs"`
///   and `"docs/"` both give `docs/...`); an empty prefix adds nothing;
/// - the key part is the partition key value, then `/` and the sort key
///   value when the table has a sort key; every `#` in it becomes `/`, and
///   `/`s at both ends of it are dropped (`#a` and sort key `b#` give `a/b`);
/// - then `/` and the file name.
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
/// assert_eq!(object_key("docs", &pk, Some(&sk), "report.pdf"), "docs/DOC/1/v1/report.pdf");
/// assert_eq!(object_key("", &Value::from("#a"), Some(&Value::from("b#")), "f"), "a/b/f");
/// ```
pub fn object_key(prefix: &str, pk: &Value, sk: Option<&Value>, filename: &str) -> String {
    let mut part = key_text(pk).into_owned();
    if let Some(sk) = sk {
        part.push('/');
        part.push_str(&key_text(sk));
    }
    let part = part.replace('#', "/");
    let part = part.trim_matches('/');
    let mut key = String::with_capacity(prefix.len() + part.len() + filename.len() + 2);
    if !prefix.is_empty() {
        key.push_str(prefix.trim_end_matches('/'));
        key.push('/');
    }
    key.push_str(part);
    key.push('/');
    key.push_str(filename);
    key
}

/// A key value as text.
fn key_text(value: &Value) -> Cow<'_, str> {
    match value {
        Value::S(s) => Cow::Borrowed(s.as_str()),
        Value::N(n) => Cow::Owned(n.to_string()),
        Value::B(b) => Cow::Owned(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)),
        other => Cow::Owned(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(prefix: &str, pk: &str, sk: Option<&str>, filename: &str) -> String {
        let pk = Value::from(pk);
        let sk = sk.map(Value::from);
        object_key(prefix, &pk, sk.as_ref(), filename)
    }

    #[test]
    fn the_seed_examples() {
        assert_eq!(
            key("docs/", "DOC#1", Some("v1"), "report.pdf"),
            "docs/DOC/1/v1/report.pdf"
        );
        assert_eq!(
            key("docs/", "DOC#1", None, "report.pdf"),
            "docs/DOC/1/report.pdf"
        );
        assert_eq!(
            key(
                "documents/",
                "DOC#invoice-2024-001",
                Some("v1"),
                "invoice.pdf"
            ),
            "documents/DOC/invoice-2024-001/v1/invoice.pdf"
        );
    }

    #[test]
    fn a_prefix_ends_in_exactly_one_slash() {
        assert_eq!(key("docs", "DOC#1", None, "f"), "docs/DOC/1/f");
        assert_eq!(key("docs/", "DOC#1", None, "f"), "docs/DOC/1/f");
        assert_eq!(key("docs//", "DOC#1", None, "f"), "docs/DOC/1/f");
        assert_eq!(key("a/b", "DOC#1", Some("v1"), "f"), "a/b/DOC/1/v1/f");
        assert_eq!(key("", "DOC#1", None, "f"), "DOC/1/f");
        assert_eq!(key("/", "DOC#1", None, "f"), "/DOC/1/f");
    }

    #[test]
    fn slashes_at_both_ends_of_the_key_part_are_stripped() {
        assert_eq!(key("", "#a", None, "f"), "a/f");
        assert_eq!(key("p/", "a", Some("b#"), "f"), "p/a/b/f");
        assert_eq!(key("", "#a#", Some("#b#"), "f"), "a///b/f");
        assert_eq!(key("", "T#a#b", Some("#x#"), "f"), "T/a/b//x/f");
        assert_eq!(key("", "/x/", None, "f"), "x/f");
        assert_eq!(key("", "a", Some(""), "f"), "a/f");
        assert_eq!(key("", "#", None, "f"), "/f");
        assert_eq!(key("docs/", "#", None, "f"), "docs//f");
    }

    #[test]
    fn numbers_and_binary_keys() {
        let pk = Value::from(42);
        assert_eq!(object_key("", &pk, None, "a"), "42/a");
        let sk = Value::from(7);
        assert_eq!(object_key("n", &pk, Some(&sk), "a"), "n/42/7/a");
        let pk = Value::B(vec![0xfb, 0xff]);
        assert_eq!(object_key("p/", &pk, None, "a"), "p/-_8/a");
    }
}
