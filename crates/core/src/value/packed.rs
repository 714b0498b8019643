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

use super::{Item, Number, Value, ValueType};
use std::sync::Arc;

pub(super) const S: u8 = 0;
pub(super) const N: u8 = 1;
pub(super) const B: u8 = 2;
pub(super) const FALSE: u8 = 3;
pub(super) const TRUE: u8 = 4;
pub(super) const NULL: u8 = 5;
pub(super) const M: u8 = 6;
pub(super) const L: u8 = 7;
pub(super) const SS: u8 = 8;
pub(super) const NS: u8 = 9;
pub(super) const BS: u8 = 10;

/// The DynamoDB type a tag stands for.
pub(super) fn tag_type(tag: u8) -> Option<ValueType> {
    Some(match tag {
        S => ValueType::S,
        N => ValueType::N,
        B => ValueType::B,
        FALSE | TRUE => ValueType::Bool,
        NULL => ValueType::Null,
        M => ValueType::M,
        L => ValueType::L,
        SS => ValueType::Ss,
        NS => ValueType::Ns,
        BS => ValueType::Bs,
        _ => return None,
    })
}

/// An [`Item`] packed into one compact buffer; [`unpack`](PackedItem::unpack)
/// gives the item back, equal to the one packed.
///
/// The buffer is shared: cloning a packed item copies a pointer, so a store
/// can hand its items out without copying them, and
/// [`Item::from`](Item#impl-From<PackedItem>-for-Item) wraps one into an
/// item that unpacks only when it is looked at (decoding it into a model
/// reads the buffer directly).
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
    bytes: Arc<[u8]>,
}

impl std::fmt::Debug for PackedItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

impl PackedItem {
    /// Packs an item. An item made from a packed item and not changed since
    /// gives that packed item back (its buffer is shared, not copied).
    pub fn pack(item: &Item) -> PackedItem {
        if let Some(packed) = item.packed_form() {
            return packed.clone();
        }
        let mut out = Vec::with_capacity(64 + 24 * item.len());
        out.extend_from_slice(&[0; 4]);
        // The DynamoDB size is counted while packing (one pass over the item).
        let size = put_attributes(&mut out, item);
        let header = u32::try_from(size).unwrap_or(u32::MAX).to_le_bytes();
        out[..4].copy_from_slice(&header);
        PackedItem {
            bytes: Arc::from(out),
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

    /// The packed encoding. Equal items pack to equal bytes and different
    /// items to different bytes, so the encoding can stand for the item in a
    /// digest.
    ///
    /// ```
    /// use dynorm::value::PackedItem;
    /// use dynorm::Item;
    /// let a = PackedItem::pack(&Item::new().with("pk", "A").with("n", 1));
    /// let b = PackedItem::pack(&Item::new().with("n", 1).with("pk", "A"));
    /// let c = PackedItem::pack(&Item::new().with("pk", "A").with("n", 2));
    /// assert_eq!(a.as_bytes(), b.as_bytes());
    /// assert_ne!(a.as_bytes(), c.as_bytes());
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The item.
    pub fn unpack(&self) -> Item {
        // The buffer was written by `pack`, so reading it back cannot fail.
        self.reader().map().unwrap_or_default()
    }

    /// A reader positioned on the top-level map (its attribute count).
    pub(super) fn reader(&self) -> Reader<'_> {
        Reader(self.bytes.get(4..).unwrap_or_default())
    }

    /// One top-level attribute's value, without unpacking the rest.
    pub fn attribute(&self, name: &str) -> Option<Value> {
        let mut r = self.reader();
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

    /// What DynamoDB's value rules look at, read from the buffer without
    /// unpacking ([`check_attributes`](crate::rules::item::check_attributes)
    /// judges it).
    pub(crate) fn outline(&self) -> Option<Outline> {
        let mut r = self.reader();
        let mut outline = Outline {
            shortest_name: usize::MAX,
            longest_name: 0,
            deepest_container: 0,
            sets_well_formed: true,
        };
        for _ in 0..r.len()? {
            let name = r.bytes()?.len();
            outline.shortest_name = outline.shortest_name.min(name);
            outline.longest_name = outline.longest_name.max(name);
            r.outline_value(1, &mut outline)?;
        }
        Some(outline)
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

/// Writes a number; returns its DynamoDB size.
fn put_number(out: &mut Vec<u8>, n: &Number) -> usize {
    out.push(u8::from(n.negative));
    let zigzag = ((n.exponent << 1) ^ (n.exponent >> 31)) as u32;
    put_u128(out, u128::from(zigzag));
    put_u128(out, n.mantissa);
    n.storage_size()
}

/// Writes a map's attributes; returns their DynamoDB size as
/// [`item_size`](super::item_size) counts it.
fn put_attributes(out: &mut Vec<u8>, item: &Item) -> usize {
    put_len(out, item.len());
    let mut size = 0;
    for (name, value) in item {
        put_bytes(out, name.as_bytes());
        size += name.len() + put_value(out, value);
    }
    size
}

/// Writes a value; returns its DynamoDB size as
/// [`value_size`](super::value_size) counts it.
fn put_value(out: &mut Vec<u8>, value: &Value) -> usize {
    match value {
        Value::S(s) => {
            out.push(S);
            put_bytes(out, s.as_bytes());
            s.len()
        }
        Value::N(n) => {
            out.push(N);
            put_number(out, n)
        }
        Value::B(b) => {
            out.push(B);
            put_bytes(out, b);
            b.len()
        }
        Value::Bool(b) => {
            out.push(if *b { TRUE } else { FALSE });
            1
        }
        Value::Null => {
            out.push(NULL);
            1
        }
        Value::M(m) => {
            out.push(M);
            // Each member costs one byte more than at the top level.
            3 + m.len() + put_attributes(out, m)
        }
        Value::L(l) => {
            out.push(L);
            put_len(out, l.len());
            3 + l.iter().map(|v| 1 + put_value(out, v)).sum::<usize>()
        }
        Value::Ss(s) => {
            out.push(SS);
            put_len(out, s.len());
            s.iter()
                .map(|s| {
                    put_bytes(out, s.as_bytes());
                    s.len()
                })
                .sum()
        }
        Value::Ns(n) => {
            out.push(NS);
            put_len(out, n.len());
            n.iter().map(|n| put_number(out, n)).sum()
        }
        Value::Bs(b) => {
            out.push(BS);
            put_len(out, b.len());
            b.iter()
                .map(|b| {
                    put_bytes(out, b);
                    b.len()
                })
                .sum()
        }
    }
}

/// The facts of a packed item that DynamoDB's value rules look at
/// ([`PackedItem::outline`]).
pub(crate) struct Outline {
    /// The shortest top-level attribute name in bytes (`usize::MAX` for an
    /// empty item).
    pub(crate) shortest_name: usize,
    /// The longest top-level attribute name in bytes.
    pub(crate) longest_name: usize,
    /// The depth of the deepest list or map: 1 for one that is an
    /// attribute's value, 0 when there is none.
    pub(crate) deepest_container: usize,
    /// Whether every set has members and no member twice (equal values
    /// pack to equal bytes, so members are compared as bytes).
    pub(crate) sets_well_formed: bool,
}

/// Reads what `pack` wrote; every method returns `None` past the end.
pub(super) struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub(super) fn byte(&mut self) -> Option<u8> {
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

    pub(super) fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u128()?).ok()
    }

    pub(super) fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        let (b, rest) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = rest;
        Some(b)
    }

    pub(super) fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }

    pub(super) fn number(&mut self) -> Option<Number> {
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

    pub(super) fn map(&mut self) -> Option<Item> {
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
        let tag = self.byte()?;
        self.value_of(tag)
    }

    /// The value whose tag was just read.
    pub(super) fn value_of(&mut self, tag: u8) -> Option<Value> {
        Some(match tag {
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

    /// Reads a value at `depth` (1 for an attribute's value) into `outline`.
    fn outline_value(&mut self, depth: usize, outline: &mut Outline) -> Option<()> {
        let tag = self.byte()?;
        match tag {
            M | L => {
                outline.deepest_container = outline.deepest_container.max(depth);
                for _ in 0..self.len()? {
                    if tag == M {
                        self.bytes()?;
                    }
                    self.outline_value(depth + 1, outline)?;
                }
            }
            SS | NS | BS => {
                let count = self.len()?;
                let mut members = Vec::with_capacity(count.min(self.0.len()));
                for _ in 0..count {
                    members.push(if tag == NS {
                        let before = self.0;
                        self.number()?;
                        before.get(..before.len() - self.0.len())?
                    } else {
                        self.bytes()?
                    });
                }
                members.sort_unstable();
                if members.is_empty() || members.windows(2).any(|w| w[0] == w[1]) {
                    outline.sets_well_formed = false;
                }
            }
            _ => self.skip_value_of(tag)?,
        }
        Some(())
    }

    fn skip_value(&mut self) -> Option<()> {
        let tag = self.byte()?;
        self.skip_value_of(tag)
    }

    /// Skips the value whose tag was just read.
    pub(super) fn skip_value_of(&mut self, tag: u8) -> Option<()> {
        match tag {
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
