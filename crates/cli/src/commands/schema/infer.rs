//! What sampled items say about their attributes: the types each attribute
//! (or list element, or map value) was seen with, how often, and what its
//! numbers need.

use dynorm::{Item, Number, Value, ValueType};
use std::collections::{BTreeMap, BTreeSet};

/// What the samples say about the values found at one place.
#[derive(Debug, Default, Clone)]
pub struct Shape {
    /// Values seen here.
    pub seen: usize,
    /// Their types.
    pub types: BTreeSet<ValueType>,
    /// Their numbers (`N` values; `NS` members are kept as `Number`s).
    pub numbers: Numbers,
    /// For maps: how many were seen, and the shape of each key's values.
    pub maps: usize,
    /// The keys of the maps seen, each with the shape of its values.
    pub fields: BTreeMap<String, Shape>,
    /// Every value of every map seen here, whatever its key.
    pub map_values: Option<Box<Shape>>,
    /// For lists: every element of every list seen here.
    pub elements: Option<Box<Shape>>,
    /// For strings: the text before the first `#` when every string seen
    /// has one and they agree (`USER` of `USER#1`, `USER#2`).
    pub prefix: Prefix,
}

/// The common `PREFIX#` of the strings seen.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum Prefix {
    /// No string seen yet.
    #[default]
    Unseen,
    /// Every string seen starts with this and a `#`.
    Common(String),
    /// The strings disagree, or one has no `#`.
    None,
}

/// What the numbers seen need.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Numbers {
    /// Numbers seen.
    pub seen: usize,
    /// Some number has a fraction.
    pub fraction: bool,
    /// Some integer does not fit an `i64`.
    pub beyond_i64: bool,
    /// Some integer does not fit a `u64` (or `i64`).
    pub beyond_u64: bool,
    /// Some number with a fraction does not read back exactly from an `f64`.
    pub inexact_f64: bool,
}

impl Numbers {
    fn observe(&mut self, n: &Number) {
        self.seen += 1;
        if n.is_integer() {
            if n.to_i64().is_err() {
                self.beyond_i64 = true;
                if n.to_u64().is_err() {
                    self.beyond_u64 = true;
                }
            }
        } else {
            self.fraction = true;
            let exact = n
                .to_f64()
                .ok()
                .and_then(|f| Number::try_from(f).ok())
                .is_some_and(|back| &back == n);
            if !exact {
                self.inexact_f64 = true;
            }
        }
    }
}

impl Shape {
    /// The shape of the items' attributes: a map shape, one "map" per item.
    pub fn of_items<'a>(items: impl IntoIterator<Item = &'a Item>) -> Shape {
        let mut shape = Shape::default();
        for item in items {
            shape.observe_map(item);
        }
        shape
    }

    fn observe_map(&mut self, map: &Item) {
        self.maps += 1;
        for (name, value) in map.iter() {
            self.fields.entry(name.clone()).or_default().observe(value);
            self.map_values
                .get_or_insert_with(Default::default)
                .observe(value);
        }
    }

    /// Takes one more value into account.
    pub fn observe(&mut self, value: &Value) {
        self.seen += 1;
        self.types.insert(value.value_type());
        match value {
            Value::N(n) => self.numbers.observe(n),
            Value::S(s) => self.observe_string(s),
            Value::M(m) => self.observe_map(m),
            Value::L(l) => {
                let elements = self.elements.get_or_insert_with(Default::default);
                for v in l {
                    elements.observe(v);
                }
            }
            _ => {}
        }
    }

    fn observe_string(&mut self, s: &str) {
        let this = s.split_once('#').map(|(p, _)| p).filter(|p| !p.is_empty());
        self.prefix = match (std::mem::take(&mut self.prefix), this) {
            (Prefix::Unseen, Some(p)) => Prefix::Common(p.to_owned()),
            (Prefix::Common(c), Some(p)) if c == p => Prefix::Common(c),
            _ => Prefix::None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Value {
        Value::N(text.parse().unwrap_or_default())
    }

    #[test]
    fn attributes_types_and_presence() {
        let items = [
            Item::new()
                .with("pk", "USER#1")
                .with("age", 30)
                .with("tags", vec![Value::from("a")]),
            Item::new().with("pk", "USER#2").with("age", n("30.5")),
            Item::new()
                .with("pk", "USER#3")
                .with("addr", Item::new().with("city", "Oslo")),
        ];
        let shape = Shape::of_items(&items);
        assert_eq!(shape.maps, 3);
        assert_eq!(shape.fields["pk"].seen, 3);
        assert_eq!(shape.fields["pk"].prefix, Prefix::Common("USER".into()));
        let age = &shape.fields["age"];
        assert_eq!(age.seen, 2);
        assert!(age.numbers.fraction && !age.numbers.inexact_f64);
        let tags = &shape.fields["tags"];
        assert_eq!(
            tags.elements.as_ref().map(|e| e.types.clone()),
            Some([ValueType::S].into())
        );
        assert_eq!(shape.fields["addr"].fields["city"].seen, 1);
    }

    #[test]
    fn numbers_know_what_they_need() {
        let mut shape = Shape::default();
        for v in ["1", "-5", "18446744073709551615"] {
            shape.observe(&n(v));
        }
        assert!(shape.numbers.beyond_i64 && !shape.numbers.beyond_u64 && !shape.numbers.fraction);
        shape.observe(&n("0.12345678901234567890123"));
        assert!(shape.numbers.inexact_f64);
        for v in ["-18446744073709551616", "1e30"] {
            let mut big = Shape::default();
            big.observe(&n(v));
            assert!(big.numbers.beyond_u64 && big.numbers.beyond_i64, "{v}");
        }
    }
}
