//! [`PackedItem`]: an [`Item`] packed into one compact, immutable buffer.
//!
//! An `Item` in memory is a tree of allocations (map nodes, one string per
//! attribute name, one per string value, one per list, set and nested map);
//! a packed item is one allocation holding a byte encoding of the same
//! attributes, about the size of the item's DynamoDB size. Stores that keep
//! many items (the in-memory backend) keep them packed and unpack an item
//! only when it is read.
//!
//! Encoding (private to this module; only [`PackedItem::pack`] writes it):
//! the item's DynamoDB size (`u32`, little endian), then the map. A map is
//! its length (LEB128) then, in name order, each name (length + UTF-8 bytes)
//! and value. A value is a one-byte tag then: `S`/`B` length + bytes; `N`
//! sign byte, zigzag exponent, mantissa; `BOOL`/`NULL` nothing; `M` a map;
//! `L`, `SS`, `NS`, `BS` a count then the members.

use super::{Item, Number, Value};

const S: u8 = 0;
const N: u8 = 1;
const B: u8 = 2;
const FALSE: u8 = 3;
const TRUE: u8 = 4;
const NULL: u8 = 5;
const M: u8 = 6;
const L: u8 = 7;
const SS: u8 = 8;
const NS: u8 = 9;
const BS: u8 = 10;

/// An [`Item`] packed into one compact buffer; [`unpack`](PackedItem::unpack)
/// gives the item back, equal to the one packed.
///
/// ```
/// use dynorm::value::PackedItem;
/// use dynorm::{item_size, Item, Value};
/// let item = Item::new()
///     .with("pk", "USER#1")
///     .with("age", 42)
///     .with("tags", Value::string_set(["a", "b"]));
/// let packed = PackedItem::pack(&item);
/// assert_eq!(packed.unpack(), item);
/// assert_eq!(packed.item_size(), item_size(&item));
/// assert_eq!(packed.attribute("age"), Some(Value::from(42)));
/// assert_eq!(packed.attribute("missing"), None);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PackedItem {
    bytes: Box<[u8]>,
}

impl std::fmt::Debug for PackedItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

impl PackedItem {
    /// Packs an item.
    pub fn pack(item: &Item) -> PackedItem {
        let size = super::item_size(item);
        let mut out = Vec::with_capacity(size + 4 + 3 * item.len());
        out.extend_from_slice(&u32::try_from(size).unwrap_or(u32::MAX).to_le_bytes());
        put_map(&mut out, item);
        PackedItem {
            bytes: out.into_boxed_slice(),
        }
    }

    /// The item's DynamoDB size ([`item_size`](super::item_size)), computed when packed.
    pub fn item_size(&self) -> usize {
        self.header().map_or(0, |s| s as usize)
    }

    /// Bytes the packed form occupies.
    pub fn packed_len(&self) -> usize {
        self.bytes.len()
    }

    /// The item.
    pub fn unpack(&self) -> Item {
        let mut r = Reader(self.bytes.get(4..).unwrap_or_default());
        // The buffer was written by `pack`, so reading it back cannot fail.
        r.map().unwrap_or_default()
    }

    /// One top-level attribute's value, without unpacking the rest.
    pub fn attribute(&self, name: &str) -> Option<Value> {
        let mut r = Reader(self.bytes.get(4..)?);
        let count = r.len()?;
        for _ in 0..count {
            let n = r.bytes()?;
            if n == name.as_bytes() {
                return r.value();
            }
            r.skip_value()?;
        }
        None
    }

    fn header(&self) -> Option<u32> {
        let b: [u8; 4] = self.bytes.get(..4)?.try_into().ok()?;
        Some(u32::from_le_bytes(b))
    }
}

impl From<&Item> for PackedItem {
    fn from(item: &Item) -> PackedItem {
        PackedItem::pack(item)
    }
}

impl From<&PackedItem> for Item {
    fn from(packed: &PackedItem) -> Item {
        packed.unpack()
    }
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    put_u128(out, n as u128);
}

fn put_u128(out: &mut Vec<u8>, mut v: u128) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_len(out, b.len());
    out.extend_from_slice(b);
}

fn put_number(out: &mut Vec<u8>, n: &Number) {
    out.push(u8::from(n.negative));
    let zigzag = ((n.exponent << 1) ^ (n.exponent >> 31)) as u32;
    put_u128(out, u128::from(zigzag));
    put_u128(out, n.mantissa);
}

fn put_map(out: &mut Vec<u8>, item: &Item) {
    put_len(out, item.len());
    for (name, value) in item {
        put_bytes(out, name.as_bytes());
        put_value(out, value);
    }
}

fn put_value(out: &mut Vec<u8>, value: &Value) {
    match value {
        Value::S(s) => {
            out.push(S);
            put_bytes(out, s.as_bytes());
        }
        Value::N(n) => {
            out.push(N);
            put_number(out, n);
        }
        Value::B(b) => {
            out.push(B);
            put_bytes(out, b);
        }
        Value::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
        Value::Null => out.push(NULL),
        Value::M(m) => {
            out.push(M);
            put_map(out, m);
        }
        Value::L(l) => {
            out.push(L);
            put_len(out, l.len());
            l.iter().for_each(|v| put_value(out, v));
        }
        Value::Ss(s) => {
            out.push(SS);
            put_len(out, s.len());
            s.iter().for_each(|s| put_bytes(out, s.as_bytes()));
        }
        Value::Ns(n) => {
            out.push(NS);
            put_len(out, n.len());
            n.iter().for_each(|n| put_number(out, n));
        }
        Value::Bs(b) => {
            out.push(BS);
            put_len(out, b.len());
            b.iter().for_each(|b| put_bytes(out, b));
        }
    }
}

/// Reads what `pack` wrote; every method returns `None` past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn u128(&mut self) -> Option<u128> {
        // Lengths, counts and exponents nearly always fit in one byte.
        if let Some((&first, rest)) = self.0.split_first() {
            if first < 0x80 {
                self.0 = rest;
                return Some(u128::from(first));
            }
        }
        let mut v: u128 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            v |= u128::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
            shift += 7;
        }
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u128()?).ok()
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        let (b, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(b)
    }

    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    fn number(&mut self) -> Option<Number> {
        let negative = self.byte()? != 0;
        let zigzag = u32::try_from(self.u128()?).ok()?;
        let exponent = ((zigzag >> 1) as i32) ^ -((zigzag & 1) as i32);
        let mantissa = self.u128()?;
        Some(Number {
            negative,
            mantissa,
            exponent,
        })
    }

    fn map(&mut self) -> Option<Item> {
        let count = self.len()?;
        let mut attrs = Vec::with_capacity(count.min(self.0.len()));
        for _ in 0..count {
            let name = self.string()?;
            attrs.push((name, self.value()?));
        }
        Some(attrs.into_iter().collect())
    }

    fn many<T>(&mut self, mut one: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let count = self.len()?;
        let mut v = Vec::with_capacity(count.min(self.0.len()));
        for _ in 0..count {
            v.push(one(self)?);
        }
        Some(v)
    }

    fn value(&mut self) -> Option<Value> {
        Some(match self.byte()? {
            S => Value::S(self.string()?),
            N => Value::N(self.number()?),
            B => Value::B(self.bytes()?.to_vec()),
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            NULL => Value::Null,
            M => Value::M(self.map()?),
            L => Value::L(self.many(Self::value)?),
            SS => Value::Ss(self.many(Self::string)?),
            NS => Value::Ns(self.many(Self::number)?),
            BS => Value::Bs(self.many(|r| r.bytes().map(<[u8]>::to_vec))?),
            _ => return None,
        })
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.byte()? {
            S | B => {
                self.bytes()?;
            }
            N => {
                self.number()?;
            }
            FALSE | TRUE | NULL => {}
            M => {
                for _ in 0..self.len()? {
                    self.bytes()?;
                    self.skip_value()?;
                }
            }
            L => {
                for _ in 0..self.len()? {
                    self.skip_value()?;
                }
            }
            SS | BS => {
                for _ in 0..self.len()? {
                    self.bytes()?;
                }
            }
            NS => {
                for _ in 0..self.len()? {
                    self.number()?;
                }
            }
            _ => return None,
        }
        Some(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn every_type() -> Item {
        let nested = Item::new()
            .with("deep", Item::new().with("x", Value::Null))
            .with("e", "");
        Item::new()
            .with("s", "héllo")
            .with("empty", "")
            .with("n0", 0)
            .with("neg", -42)
            .with(
                "big",
                "12345678901234567890123456789012345678"
                    .parse::<Number>()
                    .unwrap(),
            )
            .with("tiny", "-1E-130".parse::<Number>().unwrap())
            .with(
                "huge",
                "9.9999999999999999999999999999999999999E+125"
                    .parse::<Number>()
                    .unwrap(),
            )
            .with("frac", "3.14".parse::<Number>().unwrap())
            .with("b", vec![0u8, 255, 7])
            .with("t", true)
            .with("f", false)
            .with("null", Value::Null)
            .with("m", nested)
            .with(
                "l",
                vec![Value::from(1), Value::from("x"), Value::L(vec![])],
            )
            .with("ss", Value::string_set(["b", "a"]))
            .with("ns", Value::number_set([3, -1]))
            .with("bs", Value::binary_set([vec![1u8], vec![]]))
            .with("long", "x".repeat(300))
    }

    #[test]
    fn round_trips_every_type() {
        let item = every_type();
        let packed = PackedItem::pack(&item);
        let back = packed.unpack();
        assert_eq!(back, item);
        // Structural identity too: set member order and number form are kept.
        assert_eq!(format!("{back:?}"), format!("{item:?}"));
        assert_eq!(packed.item_size(), super::super::item_size(&item));
    }

    #[test]
    fn reads_one_attribute_without_unpacking() {
        let item = every_type();
        let packed = PackedItem::pack(&item);
        for (name, value) in &item {
            assert_eq!(packed.attribute(name).as_ref(), Some(value), "{name}");
        }
        assert_eq!(packed.attribute("nope"), None);
    }

    #[test]
    fn empty_item() {
        let packed = PackedItem::pack(&Item::new());
        assert_eq!(packed.unpack(), Item::new());
        assert_eq!(packed.item_size(), 0);
    }

    #[test]
    fn smaller_than_the_item_tree() {
        let item = every_type();
        assert!(PackedItem::pack(&item).packed_len() < 2 * item_size_of(&item) + 64);
    }

    fn item_size_of(item: &Item) -> usize {
        super::super::item_size(item)
    }
}
