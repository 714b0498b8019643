//! Values that find differences: numbers at DynamoDB's edges, strings whose
//! UTF-8 and UTF-16 orders differ, nested documents and sets.

use super::rng::Rng;
use dynorm::{Item, Number, Value};

/// Number texts at the edges: 38 digits, exponents, `-0`, trailing and
/// leading zeros, the smallest and largest magnitudes.
const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "0.000",
    "1",
    "-1",
    "2",
    "10",
    "100.000",
    "1E+2",
    "1e2",
    "3.1400",
    "0.1",
    "-0.1",
    "00042",
    "1.5E2",
    "-3e-5",
    "12345678901234567890123456789012345678",
    "-12345678901234567890123456789012345678",
    "0.12345678901234567890123456789012345678",
    "9.9999999999999999999999999999999999999E+125",
    "-9.9999999999999999999999999999999999999E+125",
    "1E-130",
    "-1E-130",
    "1E125",
    "99999999999999999999999999999999999999",
    "1000000000000000000000000000000000000000",
];

/// Strings whose byte order, code unit order and code point order disagree:
/// astral characters (4 UTF-8 bytes, surrogate pairs in UTF-16) against the
/// top of the BMP, combining marks, NUL, case.
pub(crate) const STRINGS: &[&str] = &[
    "a",
    "ab",
    "a\u{0}",
    "B",
    "b",
    "é",
    "e\u{301}",
    "日本",
    "\u{FFFD}",
    "\u{E000}",
    "😀",
    "a😀",
    "\u{10FFFF}",
    "Ω",
    "z",
];

/// A number from [`NUMBERS`], or a random one.
pub(crate) fn number(rng: &mut Rng) -> Number {
    let text = if rng.chance(70) {
        (*rng.pick(NUMBERS)).to_owned()
    } else {
        let digits: String = (0..rng.range(1, 38))
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect();
        let sign = if rng.chance(30) { "-" } else { "" };
        format!("{sign}{digits}E{}", rng.range(0, 80) as i64 - 40)
    };
    text.parse().unwrap_or_else(|_| Number::from(0))
}

/// A small integer (counters, sizes).
pub(crate) fn small(rng: &mut Rng) -> Value {
    Value::from(rng.range(0, 6) as i64 - 2)
}

/// A string from [`STRINGS`], sometimes empty or two of them joined.
pub(crate) fn string(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => String::new(),
        1 => format!("{}{}", rng.pick(STRINGS), rng.pick(STRINGS)),
        _ => (*rng.pick(STRINGS)).to_owned(),
    }
}

/// A non-empty set of distinct strings.
pub(crate) fn string_set(rng: &mut Rng) -> Value {
    let mut members: Vec<String> = (0..rng.range(1, 3)).map(|_| string(rng)).collect();
    members.sort();
    members.dedup();
    Value::Ss(members)
}

/// A non-empty set of distinct numbers (numerically distinct).
pub(crate) fn number_set(rng: &mut Rng) -> Value {
    let mut members: Vec<Number> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let n = number(rng);
        if !members.contains(&n) {
            members.push(n);
        }
    }
    Value::Ns(members)
}

/// A non-empty set of distinct byte strings.
pub(crate) fn binary_set(rng: &mut Rng) -> Value {
    let mut members: Vec<Vec<u8>> = (0..rng.range(1, 3)).map(|_| bytes(rng)).collect();
    members.sort();
    members.dedup();
    Value::Bs(members)
}

fn bytes(rng: &mut Rng) -> Vec<u8> {
    (0..rng.range(0, 3))
        .map(|_| *rng.pick(&[0u8, 1, 0x7f, 0x80, 0xff]))
        .collect()
}

/// Any value, nested at most `depth` more levels.
pub(crate) fn value(rng: &mut Rng, depth: usize) -> Value {
    let kinds = if depth == 0 { 9 } else { 11 };
    match rng.below(kinds) {
        0 | 1 => Value::S(string(rng)),
        2 | 3 => Value::N(number(rng)),
        4 => Value::B(bytes(rng)),
        5 => Value::Bool(rng.chance(50)),
        6 => Value::Null,
        7 => string_set(rng),
        8 => {
            if rng.chance(50) {
                number_set(rng)
            } else {
                binary_set(rng)
            }
        }
        9 => Value::L(
            (0..rng.range(0, 3))
                .map(|_| value(rng, depth - 1))
                .collect(),
        ),
        _ => Value::M(document(rng, depth - 1)),
    }
}

/// A map of a few attributes named from a small pool, so that paths into it
/// sometimes exist.
pub(crate) fn document(rng: &mut Rng, depth: usize) -> Item {
    let mut doc = Item::new();
    for _ in 0..rng.range(0, 3) {
        let name = *rng.pick(&["x", "y", "l", "m", "😀"]);
        let v = match name {
            "l" => Value::L(
                (0..rng.range(0, 3))
                    .map(|_| value(rng, depth.saturating_sub(1)))
                    .collect(),
            ),
            "m" if depth > 0 => Value::M(document(rng, depth - 1)),
            _ => value(rng, depth.saturating_sub(1)),
        };
        doc = doc.with(name, v);
    }
    doc
}
