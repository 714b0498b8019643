//! Tags of tables (TagResource, UntagResource, ListTagsOfResource and
//! CreateTable's `Tags`): how many a table holds, what a key and a value may
//! contain, which resource names are table ARNs, and DynamoDB's wording for
//! each refusal (recorded from DynamoDB; DynamoDB Local does not implement
//! tagging and answers every tag operation with `UnknownOperationException`,
//! "Tagging is not currently supported in DynamoDB Local.").
//!
//! Every check is all-or-nothing: a request with one bad tag applies none.
//! The 50-tag limit is checked on the set as it would be after the request
//! (replacing a key's value never adds to the count).
//!
//! ```
//! use dynorm::backend::Operation;
//! use dynorm::rules::tags::{self, Violation};
//! assert_eq!(tags::MAX_TAGS, 50);
//! assert_eq!(tags::check_tag("env", "prod"), Ok(()));
//! assert_eq!(
//!     tags::check_tag("aws:owner", "me"),
//!     Err(Violation::ReservedPrefix("aws:owner".into()))
//! );
//! assert_eq!(
//!     tags::check_tag("a*b", "x").unwrap_err().to_string(),
//!     "The Tag Key provided is invalid, Key: a*b"
//! );
//! assert_eq!(
//!     tags::table_name(Operation::TagResource, "arn:aws:dynamodb:us-east-1:123456789012:table/orders")
//!         .unwrap(),
//!     "orders"
//! );
//! ```

use crate::backend::Operation;
use crate::error::Error;
use std::fmt;

/// Most tags on one table (and most keys in one UntagResource call).
pub const MAX_TAGS: usize = 50;
/// Longest tag key, in characters.
pub const MAX_KEY_CHARS: usize = 128;
/// Longest tag value, in characters.
pub const MAX_VALUE_CHARS: usize = 256;
/// The prefix AWS keeps for its own tag keys.
pub const RESERVED_PREFIX: &str = "aws:";
/// The punctuation a tag may hold besides letters, digits and spaces of any
/// script.
pub const PUNCTUATION: &str = "+-=._:/@";
/// What DynamoDB Local answers to every tag operation.
pub const LOCAL_UNSUPPORTED: &str = "Tagging is not currently supported in DynamoDB Local.";

/// A tag request DynamoDB refuses (`ValidationException`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Violation {
    /// TagResource with no tag.
    NoTags,
    /// UntagResource with no key.
    NoTagKeys,
    /// A key that is empty, too long or holds a character tags refuse.
    InvalidKey(String),
    /// A value that is too long or holds a character tags refuse.
    InvalidValue(String),
    /// A key starting with `aws:`.
    ReservedPrefix(String),
    /// The same key twice in one request.
    DuplicateKey(String),
    /// More than [`MAX_TAGS`] tags on the table after the request (or more
    /// keys than that in one UntagResource call).
    TooManyTags,
    /// A resource name that is not a table's ARN.
    InvalidTableArn(String),
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::NoTags => f.write_str("Atleast one Tag needs to be provided as Input."),
            Violation::NoTagKeys => {
                f.write_str("Atleast one Tag Key needs to be provided as Input.")
            }
            Violation::InvalidKey(k) => write!(f, "The Tag Key provided is invalid, Key: {k}"),
            Violation::InvalidValue(v) => {
                write!(f, "The Tag Value provided is invalid, Value: {v}")
            }
            Violation::ReservedPrefix(k) => {
                write!(
                    f,
                    "Tag Key cannot be prefixed with {RESERVED_PREFIX}, Key: {k}"
                )
            }
            Violation::DuplicateKey(k) => write!(
                f,
                "Duplicate Tag Keys provided as input: Duplicate Tag Key found {k}"
            ),
            Violation::TooManyTags => {
                f.write_str("Number of Tags exceed the current limit for the provided ResourceArn")
            }
            Violation::InvalidTableArn(arn) => write!(
                f,
                "Invalid TableArn: Invalid ResourceArn provided as input {arn}"
            ),
        }
    }
}

super::validation_error!(Violation);

/// Whether `text` holds only what tags may: letters and digits of any
/// script, white space, and [`PUNCTUATION`].
fn allowed(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_alphanumeric() || c.is_whitespace() || PUNCTUATION.contains(c))
}

/// Checks one tag key.
pub fn check_key(key: &str) -> Result<(), Violation> {
    let chars = key.chars().count();
    if chars == 0 || chars > MAX_KEY_CHARS || !allowed(key) {
        return Err(Violation::InvalidKey(key.to_owned()));
    }
    if key.starts_with(RESERVED_PREFIX) {
        return Err(Violation::ReservedPrefix(key.to_owned()));
    }
    Ok(())
}

/// Checks one tag: its key, then its value.
pub fn check_tag(key: &str, value: &str) -> Result<(), Violation> {
    check_key(key)?;
    if value.chars().count() > MAX_VALUE_CHARS || !allowed(value) {
        return Err(Violation::InvalidValue(value.to_owned()));
    }
    Ok(())
}

/// Checks the tags of one TagResource (or CreateTable) request: each tag,
/// then that no key comes twice. Whether the table can hold them is
/// [`check_count`]'s question.
pub fn check_tags<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<(), Violation> {
    let mut seen = std::collections::BTreeSet::new();
    for (key, value) in tags {
        check_tag(key, value)?;
        if !seen.insert(key) {
            return Err(Violation::DuplicateKey(key.to_owned()));
        }
    }
    Ok(())
}

/// Checks the keys of one UntagResource request.
pub fn check_tag_keys<'a>(keys: impl IntoIterator<Item = &'a str>) -> Result<(), Violation> {
    let mut count = 0;
    for key in keys {
        check_key(key)?;
        count += 1;
    }
    match count {
        0 => Err(Violation::NoTagKeys),
        n if n > MAX_TAGS => Err(Violation::TooManyTags),
        _ => Ok(()),
    }
}

/// Checks the number of tags a table would hold after a request.
pub fn check_count(count: usize) -> Result<(), Violation> {
    if count > MAX_TAGS {
        return Err(Violation::TooManyTags);
    }
    Ok(())
}

/// The table an ARN names (`arn:aws:dynamodb:<region>:<account>:table/<name>`),
/// or the error DynamoDB answers for `operation` on it: an ARN-shaped name
/// that is not a table's (an index's ARN, a bad partition or account) is
/// [`Violation::InvalidTableArn`]; what is not shaped like an ARN at all is
/// `AccessDeniedException`, as DynamoDB answers (no permission can name it).
pub fn table_name(operation: Operation, arn: &str) -> Result<&str, Error> {
    if !arn_shaped(arn) {
        return Err(access_denied(operation, arn));
    }
    table_of(arn).ok_or_else(|| Violation::InvalidTableArn(arn.to_owned()).into_error())
}

/// Six `:`-separated parts, the last holding a `/`.
fn arn_shaped(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    parts.len() == 6
        && parts[..5].iter().all(|p| !p.is_empty())
        && parts[5]
            .split_once('/')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

/// The table name of `arn:aws:dynamodb:<region>:<digits>:table/<name>`, the
/// name at least 3 characters without `/`.
fn table_of(arn: &str) -> Option<&str> {
    let rest = arn.strip_prefix("arn:aws:dynamodb:")?;
    let (region, rest) = rest.split_once(':')?;
    let (account, resource) = rest.split_once(':')?;
    let name = resource.strip_prefix("table/")?;
    let valid = !region.is_empty()
        && !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit())
        && name.chars().count() >= 3
        && !name.contains('/');
    valid.then_some(name)
}

/// DynamoDB's `AccessDeniedException` for a resource name no permission can
/// name (`*` for an empty one).
pub fn access_denied(operation: Operation, arn: &str) -> Error {
    let resource = if arn.is_empty() { "*" } else { arn };
    Error::access_denied(format!(
        "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:{} on resource: {resource}",
        operation.as_str()
    ))
}

/// DynamoDB's answer to TagResource or UntagResource on a table that does
/// not exist (its wording, `ResourcArn` included).
pub fn not_found(arn: &str) -> Error {
    Error::resource_not_found(format!(
        "Requested resource not found: ResourcArn: {arn} not found"
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn characters_of_any_script_and_the_listed_punctuation() {
        for ok in [
            "ключ",
            "café",
            "表",
            "a b",
            "a\u{a0}b",
            "a\u{3000}b",
            "a+b-c=d.e_f:g/h@i",
        ] {
            assert_eq!(check_tag(ok, ok), Ok(()), "{ok}");
        }
        for bad in [
            "🔑", "100%", "a,b", "it's", "\"q\"", "(x)", "a&b", "a*b", "a;b", "a?b", "a|b", "a\\b",
            "<a>", "~a", "#",
        ] {
            assert_eq!(
                check_tag(bad, "v"),
                Err(Violation::InvalidKey(bad.into())),
                "{bad}"
            );
            assert_eq!(
                check_tag("k", bad),
                Err(Violation::InvalidValue(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn lengths_in_characters() {
        assert_eq!(check_tag(&"k".repeat(128), ""), Ok(()));
        assert_eq!(check_tag(&"é".repeat(128), &"é".repeat(256)), Ok(()));
        let long = "k".repeat(129);
        assert_eq!(
            check_tag(&long, "v"),
            Err(Violation::InvalidKey(long.clone()))
        );
        let value = "v".repeat(257);
        assert_eq!(
            check_tag("k", &value),
            Err(Violation::InvalidValue(value.clone()))
        );
        assert_eq!(
            check_tag("", "v"),
            Err(Violation::InvalidKey(String::new()))
        );
        assert_eq!(
            Violation::InvalidKey(String::new()).to_string(),
            "The Tag Key provided is invalid, Key: "
        );
    }

    #[test]
    fn request_checks() {
        assert_eq!(
            check_tags([("d", "1"), ("d", "2")]),
            Err(Violation::DuplicateKey("d".into()))
        );
        assert_eq!(
            check_tags([("ok", "1"), ("aws:zzz", "2")])
                .unwrap_err()
                .to_string(),
            "Tag Key cannot be prefixed with aws:, Key: aws:zzz"
        );
        assert_eq!(check_tag_keys([]), Err(Violation::NoTagKeys));
        let keys: Vec<String> = (0..51).map(|i| format!("k{i}")).collect();
        assert_eq!(
            check_tag_keys(keys.iter().map(String::as_str)),
            Err(Violation::TooManyTags)
        );
        assert_eq!(check_count(50), Ok(()));
        assert_eq!(check_count(51), Err(Violation::TooManyTags));
    }

    #[test]
    fn table_arns() {
        let arn = "arn:aws:dynamodb:us-east-1:123456789012:table/orders";
        assert_eq!(table_name(Operation::TagResource, arn).unwrap(), "orders");
        let index = format!("{arn}/index/gsi");
        assert_eq!(
            table_name(Operation::TagResource, &index)
                .unwrap_err()
                .to_string(),
            format!(
                "validation error: Invalid TableArn: Invalid ResourceArn provided as input {index}"
            )
        );
        for bad in [
            "arn:aws:dynamodb:us-east-1:123456789012:table/ab",
            "a:b:c:d:e:f/g",
        ] {
            assert!(
                table_name(Operation::TagResource, bad)
                    .unwrap_err()
                    .is_validation(),
                "{bad}"
            );
        }
        for denied in ["", "abcd", "a:b:c:d:e:f", "x".repeat(125).as_str()] {
            let err = table_name(Operation::TagResource, denied).unwrap_err();
            assert!(matches!(err, Error::AccessDenied { .. }), "{denied}: {err}");
            assert!(
                err.to_string()
                    .contains("dynamodb:TagResource on resource: "),
                "{err}"
            );
        }
        assert!(access_denied(Operation::UntagResource, "")
            .to_string()
            .ends_with("dynamodb:UntagResource on resource: *"));
    }
}
