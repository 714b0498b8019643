//! The range of sort keys a query reads: its sort-key condition and its
//! exclusive start key as bounds on a partition's ordered map, so that a page
//! seeks to its first item instead of walking the partition from the start.

use crate::key_value::KeyValue;
use dynorm::expr::SortOp;
use std::cmp::Ordering;
use std::ops::Bound;

/// Bounds on a partition's sort keys (`None` is the sort key of a table
/// without one).
pub(crate) type SortBounds = (Bound<Option<KeyValue>>, Bound<Option<KeyValue>>);

/// The sort keys that `op` can match and that lie after `start` in the read
/// direction. Items inside the bounds may still need `op` checked (a value of
/// another type than the key's bounds nothing); items outside never match.
/// `None` when no key can be in range.
pub(crate) fn sort_bounds(
    op: Option<&SortOp>,
    start: Option<&Option<KeyValue>>,
    forward: bool,
) -> Option<SortBounds> {
    let (mut lo, mut hi) = op.map_or((Bound::Unbounded, Bound::Unbounded), op_bounds);
    if let Some(start) = start {
        let after = Bound::Excluded(start.clone());
        if forward {
            lo = tighter(lo, after, Ordering::Greater);
        } else {
            hi = tighter(hi, after, Ordering::Less);
        }
    }
    (!is_empty(&lo, &hi)).then_some((lo, hi))
}

fn key(v: &dynorm::Value) -> Option<Option<KeyValue>> {
    KeyValue::from_value(v).map(Some)
}

fn included(v: &dynorm::Value) -> Bound<Option<KeyValue>> {
    key(v).map_or(Bound::Unbounded, Bound::Included)
}

fn excluded(v: &dynorm::Value) -> Bound<Option<KeyValue>> {
    key(v).map_or(Bound::Unbounded, Bound::Excluded)
}

fn op_bounds(op: &SortOp) -> SortBounds {
    use Bound::Unbounded;
    match op {
        SortOp::Eq(x) => (included(x), included(x)),
        SortOp::Lt(x) => (Unbounded, excluded(x)),
        SortOp::Le(x) => (Unbounded, included(x)),
        SortOp::Gt(x) => (excluded(x), Unbounded),
        SortOp::Ge(x) => (included(x), Unbounded),
        SortOp::Between(a, b) => (included(a), included(b)),
        SortOp::BeginsWith(p) => {
            let end = match key(p) {
                Some(Some(KeyValue::S(s))) => string_successor(&s).map(KeyValue::S),
                Some(Some(KeyValue::B(b))) => bytes_successor(&b).map(KeyValue::B),
                _ => None,
            };
            (
                included(p),
                end.map_or(Unbounded, |e| Bound::Excluded(Some(e))),
            )
        }
    }
}

/// Of two bounds on the same side, the one that admits less: `keep` is the
/// ordering of a value that wins (`Greater` for lower bounds).
fn tighter(
    a: Bound<Option<KeyValue>>,
    b: Bound<Option<KeyValue>>,
    keep: Ordering,
) -> Bound<Option<KeyValue>> {
    match (&a, &b) {
        (Bound::Unbounded, _) => b,
        (_, Bound::Unbounded) => a,
        (Bound::Included(x) | Bound::Excluded(x), Bound::Included(y) | Bound::Excluded(y)) => {
            match x.cmp(y) {
                o if o == keep => a,
                Ordering::Equal if matches!(a, Bound::Excluded(_)) => a,
                Ordering::Equal => b,
                _ => b,
            }
        }
    }
}

/// Whether no key lies between the bounds (`BTreeMap::range` would panic).
fn is_empty(lo: &Bound<Option<KeyValue>>, hi: &Bound<Option<KeyValue>>) -> bool {
    match (lo, hi) {
        (Bound::Unbounded, _) | (_, Bound::Unbounded) => false,
        (Bound::Included(a), Bound::Included(b)) => a > b,
        (Bound::Included(a) | Bound::Excluded(a), Bound::Included(b) | Bound::Excluded(b)) => {
            a >= b
        }
    }
}

/// The smallest string greater than every string starting with `prefix`
/// (strings order by their UTF-8 bytes, which is code point order); `None`
/// if there is none (empty, or only U+10FFFF).
fn string_successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = match last {
            '\u{D7FF}' => Some('\u{E000}'),
            c => char::from_u32(u32::from(c) + 1),
        };
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

/// The smallest byte string greater than every one starting with `prefix`.
fn bytes_successor(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut bytes = prefix.to_vec();
    while let Some(last) = bytes.pop() {
        if last < u8::MAX {
            bytes.push(last + 1);
            return Some(bytes);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use dynorm::Value;
    use std::collections::BTreeMap;

    fn s(x: &str) -> Option<KeyValue> {
        Some(KeyValue::S(x.to_owned()))
    }

    /// The keys a condition reads from a partition of the given sort keys,
    /// through the bounds and then the condition itself.
    fn read(keys: &[&str], op: &SortOp, start: Option<&str>, forward: bool) -> Vec<String> {
        let map: BTreeMap<Option<KeyValue>, ()> = keys.iter().map(|k| (s(k), ())).collect();
        let start = start.map(s);
        let Some(bounds) = sort_bounds(Some(op), start.as_ref(), forward) else {
            return vec![];
        };
        let mut out: Vec<String> = map
            .range(bounds)
            .filter_map(|(k, _)| match k {
                Some(KeyValue::S(x)) => Some(x.clone()),
                _ => None,
            })
            .collect();
        if !forward {
            out.reverse();
        }
        out
    }

    const KEYS: &[&str] = &["a", "ab", "abc", "ab\u{10FFFF}", "ac", "b", "ba"];

    #[test]
    fn comparison_bounds_are_exact() {
        let v = |x: &str| Value::from(x);
        assert_eq!(read(KEYS, &SortOp::Eq(v("ab")), None, true), ["ab"]);
        assert_eq!(read(KEYS, &SortOp::Lt(v("ab")), None, true), ["a"]);
        assert_eq!(read(KEYS, &SortOp::Le(v("ab")), None, true), ["a", "ab"]);
        assert_eq!(read(KEYS, &SortOp::Gt(v("ac")), None, true), ["b", "ba"]);
        assert_eq!(
            read(KEYS, &SortOp::Ge(v("ac")), None, true),
            ["ac", "b", "ba"]
        );
        assert_eq!(
            read(KEYS, &SortOp::Between(v("ab"), v("ac")), None, true),
            ["ab", "abc", "ab\u{10FFFF}", "ac"]
        );
        assert!(read(KEYS, &SortOp::Between(v("b"), v("a")), None, true).is_empty());
    }

    #[test]
    fn begins_with_reads_the_prefix_block_only() {
        let v = |x: &str| Value::from(x);
        assert_eq!(
            read(KEYS, &SortOp::BeginsWith(v("ab")), None, true),
            ["ab", "abc", "ab\u{10FFFF}"]
        );
        assert_eq!(
            read(KEYS, &SortOp::BeginsWith(v("ab")), None, false),
            ["ab\u{10FFFF}", "abc", "ab"]
        );
        assert_eq!(string_successor("a\u{10FFFF}"), Some("b".to_owned()));
        assert_eq!(string_successor("\u{D7FF}"), Some("\u{E000}".to_owned()));
        assert_eq!(string_successor("\u{10FFFF}"), None);
        assert_eq!(bytes_successor(&[1, 255]), Some(vec![2]));
        assert_eq!(bytes_successor(&[255]), None);
    }

    #[test]
    fn start_key_narrows_in_the_read_direction() {
        let v = |x: &str| Value::from(x);
        let ge = SortOp::Ge(v("ab"));
        assert_eq!(read(KEYS, &ge, Some("ac"), true), ["b", "ba"]);
        assert_eq!(read(KEYS, &ge, Some("abc"), false), ["ab"]);
        // A start key at the edge of the range leaves nothing, without panicking.
        assert!(read(KEYS, &SortOp::Eq(v("ab")), Some("ab"), true).is_empty());
        assert!(read(KEYS, &SortOp::Le(v("ab")), Some("a"), false).is_empty());
        assert!(read(KEYS, &SortOp::Lt(v("ab")), Some("a"), true).is_empty());
    }
}
