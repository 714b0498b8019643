//! The value layer: serde to and from DynamoDB values, numbers, sets and JSON.
#![allow(clippy::unwrap_used)]

use dynorm::value::{
    item_from_json, item_to_json, value_from_json, value_to_json, CodecError, PackedItem,
};
use dynorm::{
    to_item, to_value, BinarySet, Item, Number, NumberError, NumberSet, StringSet, Value,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Debug;

/// `dynorm::from_item`, checked against the same item in its packed form
/// (how the memory backend hands out stored items, decoded in place): both
/// must give the same result or the same error.
fn from_item<T: DeserializeOwned + Debug>(item: Item) -> Result<T, CodecError> {
    let packed = Item::from(PackedItem::pack(&item));
    let from_tree = dynorm::from_item::<T>(item);
    let from_packed = dynorm::from_item::<T>(packed);
    assert_eq!(format!("{from_packed:?}"), format!("{from_tree:?}"));
    from_tree
}

/// `dynorm::from_value`, with the same check as [`from_item`] on the value
/// held in a one-attribute item.
fn from_value<T: DeserializeOwned + Debug>(value: Value) -> Result<T, CodecError> {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)] // read through Debug
    struct Holder<T> {
        v: T,
    }
    let _ = from_item::<Holder<T>>(Item::new().with("v", value.clone()));
    dynorm::from_value(value)
}

fn num(s: &str) -> Number {
    s.parse().unwrap()
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Address {
    street: String,
    zip: Option<u32>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Empty,
    Circle(f64),
    Point(i32, i32),
    Rect { w: u32, h: u32 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(tag = "type")]
enum Event {
    Created { by: String },
    Deleted,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(tag = "kind", content = "data")]
enum Adjacent {
    Text(String),
    Count(u64),
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(untagged)]
enum Untagged {
    Num(i64),
    Text(String),
    Pair { a: bool, b: bool },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Meta {
    created: u64,
    source: String,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Everything {
    #[serde(rename = "PK")]
    id: String,
    age: u8,
    balance: i64,
    max: u64,
    min: i64,
    ratio: f64,
    active: bool,
    nickname: Option<String>,
    middle_name: Option<String>,
    address: Address,
    scores: Vec<i32>,
    #[serde(with = "serde_bytes")]
    avatar: Vec<u8>,
    raw: Vec<u8>,
    tags: StringSet,
    lucky: NumberSet,
    keys: BinarySet,
    #[serde(default, with = "dynorm::value::string_set")]
    labels: HashSet<String>,
    #[serde(default, with = "dynorm::value::number_set")]
    ids: BTreeSet<u64>,
    #[serde(default, with = "dynorm::value::binary_set")]
    blobs: Vec<Vec<u8>>,
    #[serde(default)]
    empty_tags: StringSet,
    exact: Number,
    #[serde(with = "dynorm::value::decimal")]
    price: Decimal,
    shape: Shape,
    shapes: Vec<Shape>,
    event: Event,
    adjacent: Adjacent,
    untagged: Vec<Untagged>,
    attributes: HashMap<String, String>,
    by_number: BTreeMap<u32, bool>,
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    skipped: Vec<String>,
    unit: (),
    tuple: (u8, String),
    #[serde(flatten)]
    meta: Meta,
}

fn sample() -> Everything {
    Everything {
        id: "USER#1".into(),
        age: 42,
        balance: -17,
        max: u64::MAX,
        min: i64::MIN,
        ratio: 0.1,
        active: true,
        nickname: Some("ada".into()),
        middle_name: None,
        address: Address {
            street: "Main".into(),
            zip: None,
        },
        scores: vec![1, -2, 3],
        avatar: vec![0, 1, 255],
        raw: vec![7, 8],
        tags: ["b", "a"].into_iter().collect(),
        lucky: [7, 13].into_iter().collect(),
        keys: [vec![1u8], vec![2, 3]].into_iter().collect(),
        labels: ["x".to_string()].into(),
        ids: [5, 1].into(),
        blobs: vec![vec![9]],
        empty_tags: StringSet::new(),
        exact: num("12345678901234567890123456789012345678"),
        price: "19.99".parse().unwrap(),
        shape: Shape::Rect { w: 2, h: 3 },
        shapes: vec![
            Shape::Empty,
            Shape::Circle(1.5),
            Shape::Point(-1, 2),
            Shape::Rect { w: 0, h: 1 },
        ],
        event: Event::Created { by: "bob".into() },
        adjacent: Adjacent::Count(9),
        untagged: vec![
            Untagged::Num(-5),
            Untagged::Text("t".into()),
            Untagged::Pair { a: true, b: false },
        ],
        attributes: [("color".to_string(), "red".to_string())].into(),
        by_number: [(1, true), (20, false)].into(),
        skipped: vec![],
        unit: (),
        tuple: (1, "one".into()),
        meta: Meta {
            created: 1_700_000_000,
            source: "api".into(),
        },
    }
}

#[test]
fn every_type_round_trips_through_a_struct() {
    let value = sample();
    let item = to_item(&value).unwrap();

    assert_eq!(item.get("PK"), Some(&Value::from("USER#1")));
    assert!(!item.contains("id"));
    assert_eq!(item.get("age"), Some(&Value::from(42)));
    assert_eq!(
        item.get("max"),
        Some(&Value::N(num("18446744073709551615")))
    );
    assert_eq!(
        item.get("min"),
        Some(&Value::N(num("-9223372036854775808")))
    );
    assert_eq!(item.get("ratio"), Some(&Value::N(num("0.1"))));
    assert_eq!(item.get("active"), Some(&Value::Bool(true)));
    assert_eq!(item.get("nickname"), Some(&Value::from("ada")));
    assert!(!item.contains("middle_name"), "None fields are absent");
    assert_eq!(
        item.get("address"),
        Some(&Value::M(Item::new().with("street", "Main")))
    );
    assert_eq!(
        item.get("scores"),
        Some(&Value::L(vec![
            Value::from(1),
            Value::from(-2),
            Value::from(3)
        ]))
    );
    assert_eq!(item.get("avatar"), Some(&Value::B(vec![0, 1, 255])));
    assert_eq!(
        item.get("raw"),
        Some(&Value::L(vec![Value::from(7), Value::from(8)])),
        "Vec<u8> without serde_bytes is a list"
    );
    assert_eq!(item.get("tags"), Some(&Value::string_set(["a", "b"])));
    assert_eq!(item.get("lucky"), Some(&Value::number_set([7, 13])));
    assert_eq!(
        item.get("keys"),
        Some(&Value::binary_set([vec![1u8], vec![2, 3]]))
    );
    assert_eq!(item.get("labels"), Some(&Value::string_set(["x"])));
    assert_eq!(item.get("ids"), Some(&Value::number_set([1, 5])));
    assert_eq!(item.get("blobs"), Some(&Value::binary_set([vec![9u8]])));
    assert!(!item.contains("empty_tags"), "empty sets are absent");
    assert_eq!(
        item.get("exact"),
        Some(&Value::N(num("12345678901234567890123456789012345678")))
    );
    assert_eq!(item.get("price"), Some(&Value::N(num("19.99"))));
    assert_eq!(
        item.get("shape"),
        Some(&Value::M(
            Item::new().with("Rect", Item::new().with("w", 2).with("h", 3))
        ))
    );
    assert_eq!(
        item.get("shapes")
            .and_then(Value::as_list)
            .map(|l| l[0].clone()),
        Some(Value::from("Empty"))
    );
    assert_eq!(
        item.get("event"),
        Some(&Value::M(
            Item::new().with("type", "Created").with("by", "bob")
        ))
    );
    assert_eq!(
        item.get("adjacent"),
        Some(&Value::M(Item::new().with("kind", "Count").with("data", 9)))
    );
    assert_eq!(
        item.get("by_number"),
        Some(&Value::M(Item::new().with("1", true).with("20", false)))
    );
    assert!(!item.contains("skipped"));
    assert_eq!(item.get("unit"), Some(&Value::Null));
    assert_eq!(
        item.get("tuple"),
        Some(&Value::L(vec![Value::from(1), Value::from("one")]))
    );
    assert_eq!(item.get("created"), Some(&Value::from(1_700_000_000u64)));
    assert_eq!(item.get("source"), Some(&Value::from("api")));
    assert!(!item.contains("meta"));

    let back: Everything = from_item(item).unwrap();
    assert_eq!(back, value);
}

#[test]
fn none_is_null_outside_struct_fields() {
    assert_eq!(to_value(&Option::<u8>::None).unwrap(), Value::Null);
    assert_eq!(
        to_value(&vec![Some(1), None]).unwrap(),
        Value::L(vec![Value::from(1), Value::Null])
    );
    let map: BTreeMap<String, Option<u8>> = [("a".to_string(), None)].into();
    assert_eq!(
        to_value(&map).unwrap(),
        Value::M(Item::new().with("a", Value::Null))
    );
    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Nested {
        inner: Option<Option<u8>>,
    }
    let item = to_item(&Nested { inner: Some(None) }).unwrap();
    assert_eq!(item.get("inner"), Some(&Value::Null));
    // A NULL attribute reads back as None.
    let back: Nested = from_item(item).unwrap();
    assert_eq!(back, Nested { inner: None });
}

#[test]
fn unit_and_unit_variants() {
    #[derive(Serialize)]
    struct Marker;
    assert_eq!(to_value(&()).unwrap(), Value::Null);
    assert_eq!(to_value(&Marker).unwrap(), Value::Null);
    assert_eq!(to_value(&Shape::Empty).unwrap(), Value::from("Empty"));
    assert_eq!(
        from_value::<Shape>(Value::from("Empty")).unwrap(),
        Shape::Empty
    );
    assert_eq!(
        to_value(&Shape::Point(1, 2)).unwrap(),
        Value::M(Item::new().with("Point", vec![Value::from(1), Value::from(2)]))
    );
}

#[test]
fn to_item_rejects_non_maps() {
    let err = to_item(&5).unwrap_err();
    assert!(err.message.contains("map or struct"), "{err}");
    assert!(to_item(&vec![1]).is_err());
}

#[test]
fn non_finite_floats_are_rejected_with_the_attribute() {
    #[derive(Serialize)]
    struct Reading {
        value: f64,
    }
    let err = to_item(&Reading { value: f64::NAN }).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("value"));
    assert!(to_value(&f32::INFINITY).is_err());
}

#[test]
fn bad_map_keys_are_rejected() {
    let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
    let err = to_value(&map).unwrap_err();
    assert!(err.message.contains("map keys"), "{err}");
    let chars: BTreeMap<char, u8> = [('x', 1)].into();
    assert_eq!(
        to_value(&chars).unwrap(),
        Value::M(Item::new().with("x", 1))
    );
}

#[test]
fn nested_serialize_errors_name_the_path() {
    #[derive(Serialize)]
    struct Inner {
        reading: f64,
    }
    #[derive(Serialize)]
    struct Outer {
        list: Vec<Inner>,
    }
    let err = to_item(&Outer {
        list: vec![Inner { reading: 1.0 }, Inner { reading: f64::NAN }],
    })
    .unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("list[1].reading"));
}

#[test]
fn type_mismatch_names_the_attribute_and_types() {
    #[derive(Deserialize, Debug)]
    struct User {
        #[allow(dead_code)]
        age: u32,
    }
    let err = from_item::<User>(Item::new().with("age", "old")).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("age"));
    assert!(err.message.contains("expected a number (N)"), "{err}");
    assert!(err.message.contains("found S"), "{err}");
    assert!(err.to_string().contains("age"));
}

#[test]
fn number_that_does_not_fit_is_an_error() {
    #[derive(Deserialize, Debug)]
    struct Small {
        #[allow(dead_code)]
        n: i32,
    }
    let err = from_item::<Small>(Item::new().with("n", 5_000_000_000i64)).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("n"));
    assert!(err.message.contains("does not fit in i32"), "{err}");
    let err = from_item::<Small>(Item::new().with("n", Value::N(num("1.5")))).unwrap_err();
    assert!(err.message.contains("does not fit in i32"), "{err}");
}

#[test]
fn missing_fields_use_serde_defaults_or_fail() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct User {
        id: u32,
        nickname: Option<String>,
        #[serde(default)]
        visits: u32,
    }
    let user: User = from_item(Item::new().with("id", 1)).unwrap();
    assert_eq!(
        user,
        User {
            id: 1,
            nickname: None,
            visits: 0
        }
    );
    let err = from_item::<User>(Item::new().with("nickname", "x")).unwrap_err();
    assert!(err.message.contains("missing field `id`"), "{err}");
}

#[test]
fn nested_deserialize_errors_carry_the_path() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Line {
        qty: u8,
    }
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Order {
        lines: Vec<Line>,
    }
    let item = Item::new().with(
        "lines",
        vec![
            Value::M(Item::new().with("qty", 1)),
            Value::M(Item::new().with("qty", 999)),
        ],
    );
    let err = from_item::<Order>(item).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("lines[1].qty"));
}

#[test]
fn deserialize_any_reports_faithful_types() {
    let json: serde_json::Value = from_value(Value::M(
        Item::new()
            .with("s", "x")
            .with("i", -3)
            .with("u", u64::MAX)
            .with("f", Value::N(num("2.5")))
            .with("b", true)
            .with("n", Value::Null)
            .with("ss", Value::string_set(["a"])),
    ))
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"s": "x", "i": -3, "u": u64::MAX, "f": 2.5, "b": true, "n": null, "ss": ["a"]})
    );
}

#[test]
fn bytes_come_from_b_and_lists() {
    let b: serde_bytes::ByteBuf = from_value(Value::B(vec![1, 2])).unwrap();
    assert_eq!(b.into_vec(), vec![1, 2]);
    let b: serde_bytes::ByteBuf =
        from_value(Value::L(vec![Value::from(3), Value::from(4)])).unwrap();
    assert_eq!(b.into_vec(), vec![3, 4]);
    let plain: Vec<u8> = from_value(Value::B(vec![5])).unwrap();
    assert_eq!(plain, vec![5]);
}

#[test]
fn sets_read_from_lists_too() {
    let s: StringSet = from_value(Value::L(vec![Value::from("a")])).unwrap();
    assert_eq!(s, ["a"].into_iter().collect());
    let n: NumberSet = from_value(Value::number_set([1, 2])).unwrap();
    assert!(n.contains(&Number::from(2)));
    let b: BinarySet = from_value(Value::binary_set([vec![1u8]])).unwrap();
    assert!(b.contains(&vec![1u8]));
}

#[test]
fn sets_are_plain_arrays_in_serde_json() {
    let tags: StringSet = ["a", "b"].into_iter().collect();
    assert_eq!(
        serde_json::to_value(&tags).unwrap(),
        serde_json::json!(["a", "b"])
    );
    let numbers: NumberSet = [1, 2].into_iter().collect();
    assert_eq!(
        serde_json::to_value(&numbers).unwrap(),
        serde_json::json!(["1", "2"])
    );
    let back: NumberSet = serde_json::from_value(serde_json::json!([1, "2"])).unwrap();
    assert_eq!(back, numbers);
    let back: StringSet = serde_json::from_str(r#"["a","b"]"#).unwrap();
    assert_eq!(back, tags);
    let n: Number = serde_json::from_str("\"1.50\"").unwrap();
    assert_eq!(n, num("1.5"));
    assert_eq!(serde_json::to_string(&n).unwrap(), "\"1.5\"");
}

#[test]
fn top_level_empty_set_is_explicit() {
    assert_eq!(to_value(&StringSet::new()).unwrap(), Value::Ss(vec![]));
}

#[test]
fn decimal_module_rejects_what_does_not_fit() {
    #[derive(Deserialize, Debug)]
    struct Price {
        #[serde(with = "dynorm::value::decimal")]
        #[allow(dead_code)]
        amount: Decimal,
    }
    let too_precise = Value::N(num("0.12345678901234567890123456789012"));
    let err = from_item::<Price>(Item::new().with("amount", too_precise)).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("amount"));
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Maybe {
        #[serde(default, with = "dynorm::value::decimal::option")]
        amount: Option<Decimal>,
    }
    let none = to_item(&Maybe { amount: None }).unwrap();
    assert!(none.is_empty());
    assert_eq!(from_item::<Maybe>(none).unwrap(), Maybe { amount: None });
    let some = Maybe {
        amount: Some("-1.25".parse().unwrap()),
    };
    let item = to_item(&some).unwrap();
    assert_eq!(item.get("amount"), Some(&Value::N(num("-1.25"))));
    assert_eq!(from_item::<Maybe>(item).unwrap(), some);
}

#[test]
fn enum_errors() {
    assert!(from_value::<Shape>(Value::from("Hexagon")).is_err());
    assert!(from_value::<Shape>(Value::M(Item::new())).is_err());
    let err = from_value::<Shape>(Value::M(
        Item::new().with("Rect", Item::new().with("w", "wide").with("h", 1)),
    ))
    .unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("Rect.w"));
}

#[test]
fn json_round_trip_of_an_item() {
    let item = Item::new()
        .with("n", Value::N(num("12345678901234567890123456789012345678")))
        .with("f", Value::N(num("-2.5")))
        .with("l", vec![Value::from(true), Value::Null])
        .with("m", Item::new().with("s", "x"));
    let json = item_to_json(&item);
    assert_eq!(
        json,
        serde_json::json!({
            "n": "12345678901234567890123456789012345678",
            "f": -2.5,
            "l": [true, null],
            "m": {"s": "x"},
        })
    );
    let back = item_from_json(json).unwrap();
    // The 38-digit number comes back as its text.
    assert_eq!(back.get("f"), item.get("f"));
    assert_eq!(back.get("m"), item.get("m"));
    assert_eq!(
        value_from_json(serde_json::json!(12345678901234567u64)).unwrap(),
        Value::N(num("12345678901234567"))
    );
    assert_eq!(
        value_to_json(&Value::N(num("1e100"))),
        serde_json::json!(1e100)
    );
}

proptest! {
    #[test]
    fn parse_display_round_trip(mantissa in any::<i64>(), exp in -60i32..60) {
        let text = format!("{mantissa}e{exp}");
        let n: Number = text.parse().unwrap();
        let again: Number = n.to_string().parse().unwrap();
        prop_assert_eq!(&again, &n);
        prop_assert_eq!(again.to_string(), n.to_string());
    }

    #[test]
    fn ordering_agrees_with_i64(a in any::<i64>(), b in any::<i64>()) {
        prop_assert_eq!(Number::from(a).cmp(&Number::from(b)), a.cmp(&b));
        prop_assert_eq!(Number::from(a) == Number::from(b), a == b);
    }

    #[test]
    fn ordering_agrees_with_f64(a in -1e30f64..1e30, b in -1e30f64..1e30) {
        let na = Number::try_from(a).unwrap();
        let nb = Number::try_from(b).unwrap();
        prop_assert_eq!(Some(na.cmp(&nb)), a.partial_cmp(&b));
        prop_assert_eq!(na.to_f64().unwrap(), a);
    }

    #[test]
    fn thirty_eight_digits_survive(digits in "[1-9][0-9]{37}", point in 0usize..39, neg in any::<bool>()) {
        let mut text = digits.clone();
        text.insert(point, '.');
        if neg { text.insert(0, '-'); }
        let n: Number = text.parse().unwrap();
        let value = to_value(&n).unwrap();
        let back: Number = from_value(value).unwrap();
        prop_assert_eq!(&back, &n);
        let json_back = value_from_json(value_to_json(&Value::N(n.clone()))).unwrap();
        let json_num = match json_back {
            Value::N(x) => x,
            Value::S(s) => s.parse().unwrap(),
            other => panic!("unexpected {other:?}"),
        };
        prop_assert_eq!(&json_num, &n);
        let reparsed: Number = n.to_string().parse().unwrap();
        prop_assert_eq!(reparsed, n);
    }

    #[test]
    fn add_sub_agree_with_i128(a in any::<i64>(), b in any::<i64>(), sa in 0u32..10, sb in 0u32..10) {
        let a = i128::from(a) * 10i128.pow(sa);
        let b = i128::from(b) * 10i128.pow(sb);
        let na = Number::try_from(a).unwrap();
        let nb = Number::try_from(b).unwrap();
        prop_assert_eq!(na.checked_add(&nb).unwrap().to_i128().unwrap(), a + b);
        prop_assert_eq!(na.checked_sub(&nb).unwrap().to_i128().unwrap(), a - b);
    }

    #[test]
    fn integers_round_trip(v in any::<i64>(), u in any::<u64>()) {
        prop_assert_eq!(from_value::<i64>(to_value(&v).unwrap()).unwrap(), v);
        prop_assert_eq!(from_value::<u64>(to_value(&u).unwrap()).unwrap(), u);
    }
}

#[test]
fn flattened_structs_leave_none_out_but_maps_keep_null() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Audit {
        updated_by: Option<String>,
        #[serde(default)]
        watchers: StringSet,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Doc {
        id: u32,
        note: Option<String>,
        #[serde(flatten)]
        audit: Audit,
    }
    let doc = Doc {
        id: 1,
        note: None,
        audit: Audit {
            updated_by: None,
            watchers: StringSet::new(),
        },
    };
    let item = to_item(&doc).unwrap();
    assert_eq!(item, Item::new().with("id", 1));
    assert_eq!(from_item::<Doc>(item).unwrap(), doc);

    let map: HashMap<String, Option<u8>> = [("k".to_string(), None)].into();
    let item = to_item(&map).unwrap();
    assert_eq!(item.get("k"), Some(&Value::Null));
    assert_eq!(from_item::<HashMap<String, Option<u8>>>(item).unwrap(), map);
}

#[test]
fn numbers_compare_numerically_in_sets_and_values() {
    let set: HashSet<Number> = [num("100"), num("100.0"), num("1e2")].into();
    assert_eq!(set.len(), 1);
    assert_eq!(Value::N(num("3.1400")), Value::from(num("3.14")));
    assert_eq!(
        Value::number_set([num("1"), num("2")]),
        Value::number_set([num("2.0"), num("1")])
    );
}

#[test]
fn internally_tagged_newtype_variant_and_wide_integers() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(tag = "type")]
    enum Wrapped {
        Address(Address),
    }
    let w = Wrapped::Address(Address {
        street: "x".into(),
        zip: Some(12345),
    });
    let v = to_value(&w).unwrap();
    assert_eq!(
        v,
        Value::M(
            Item::new()
                .with("type", "Address")
                .with("street", "x")
                .with("zip", 12345)
        )
    );
    assert_eq!(from_value::<Wrapped>(v).unwrap(), w);

    let wide: u128 = 10u128.pow(37) * 3 + 7;
    let back: u128 = from_value(to_value(&wide).unwrap()).unwrap();
    assert_eq!(back, wide);
    assert!(to_value(&u128::MAX).is_err());
    let neg: i128 = -(10i128.pow(30)) - 1;
    assert_eq!(from_value::<i128>(to_value(&neg).unwrap()).unwrap(), neg);
}

/// Any value, nested a few levels, with names from a small set so that
/// generated items hit the fields of [`Probe`] with every type.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        "[a-c]{0,3}".prop_map(Value::S),
        any::<i32>().prop_map(Value::from),
        (any::<i64>(), -3i32..3).prop_map(|(m, e)| Value::N(num(&format!("{m}e{e}")))),
        prop::collection::vec(any::<u8>(), 0..3).prop_map(Value::B),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        Just(Value::string_set(["a", "b"])),
        Just(Value::number_set([1, 300])),
        Just(Value::binary_set([vec![1u8], vec![2]])),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::L),
            prop::collection::btree_map(field_name(), inner, 0..4)
                .prop_map(|m| Value::M(m.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "s", "n", "u", "f", "b", "bytes", "l", "set", "m", "nested", "any", "shape", "dec", "t",
        "x", "value", "blob",
    ])
    .prop_map(str::to_owned)
}

/// A struct with a field of each shape serde asks for.
#[derive(Deserialize, Debug)]
#[allow(dead_code)] // read through Debug
struct Probe {
    s: Option<String>,
    n: Option<i64>,
    u: Option<u8>,
    f: Option<f64>,
    b: Option<bool>,
    #[serde(default, with = "serde_bytes")]
    bytes: Option<Vec<u8>>,
    l: Option<Vec<String>>,
    set: Option<StringSet>,
    m: Option<BTreeMap<String, u16>>,
    nested: Option<Box<Probe>>,
    any: Option<serde_json::Value>,
    shape: Option<Shape>,
    #[serde(default, with = "dynorm::value::decimal::option")]
    dec: Option<Decimal>,
    t: Option<(u8, String)>,
    value: Option<Value>,
    blob: Option<dynorm::Bytes>,
}

proptest! {
    /// Decoding in place from the packed form gives exactly what decoding
    /// the item tree gives, for any item: the same value or the same error.
    #[test]
    fn packed_items_decode_as_their_trees(
        item in prop::collection::btree_map(field_name(), any_value(), 0..8)
    ) {
        let item: Item = item.into_iter().collect();
        let _ = from_item::<Probe>(item.clone());
        let _ = from_item::<serde_json::Value>(item.clone());
        let _ = from_item::<BTreeMap<String, serde_json::Value>>(item);
    }
}

// ---- Bytes ----------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Blob {
    id: String,
    data: dynorm::Bytes,
    thumb: Option<dynorm::Bytes>,
    plain: Vec<u8>,
}

#[test]
fn bytes_fields_are_b_where_vec_u8_is_a_list() {
    let blob = Blob {
        id: "1".into(),
        data: vec![0, 1, 255].into(),
        thumb: None,
        plain: vec![7],
    };
    let item = to_item(&blob).unwrap();
    assert_eq!(item.get("data"), Some(&Value::B(vec![0, 1, 255])));
    assert!(!item.contains("thumb"), "None is left out");
    assert_eq!(item.get("plain"), Some(&Value::L(vec![Value::from(7)])));
    assert_eq!(from_item::<Blob>(item).unwrap(), blob);

    // Items a `Vec<u8>` field wrote (L of N) still read into Bytes.
    let legacy = Item::new()
        .with("id", "2")
        .with("data", vec![Value::from(3), Value::from(4)])
        .with("thumb", Value::B(vec![5]))
        .with("plain", Value::B(vec![6]));
    let read: Blob = from_item(legacy).unwrap();
    assert_eq!(read.data, vec![3u8, 4]);
    assert_eq!(read.thumb.as_deref(), Some(&[5u8][..]));

    // Anything else is a type mismatch naming the attribute.
    let wrong = Item::new()
        .with("id", "3")
        .with("data", "AQID")
        .with("plain", Value::L(vec![]));
    let err = from_item::<Blob>(wrong).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("data"));
    assert!(
        err.message.contains("expected binary (B), found S"),
        "{err}"
    );
    let too_big = Item::new()
        .with("id", "4")
        .with("data", vec![Value::from(256)])
        .with("plain", Value::L(vec![]));
    let err = from_item::<Blob>(too_big).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("data[0]"));
}

#[test]
fn bytes_in_json_are_base64_as_item_to_json_writes_them() {
    let blob = Blob {
        id: "1".into(),
        data: vec![0, 1, 255].into(),
        thumb: Some(vec![9].into()),
        plain: vec![7],
    };
    let json = serde_json::to_value(&blob).unwrap();
    let item_json = item_to_json(&to_item(&blob).unwrap());
    assert_eq!(json["data"], item_json["data"]);
    assert_eq!(json["data"], "AAH/");
    assert_eq!(json["thumb"], "CQ==");
    assert_eq!(serde_json::from_value::<Blob>(json).unwrap(), blob);
}

#[test]
fn binary_sets_are_base64_in_json() {
    let keys: BinarySet = [vec![1u8], vec![2, 3]].into_iter().collect();
    let json = serde_json::to_value(&keys).unwrap();
    assert_eq!(json, serde_json::json!(["AQ==", "AgM="]));
    assert_eq!(json, value_to_json(&Value::from(keys.clone())));
    assert_eq!(serde_json::from_value::<BinarySet>(json).unwrap(), keys);
}

// ---- Value as a field -----------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct FreeForm {
    id: String,
    extra: Value,
    maybe: Option<Value>,
    #[serde(default)]
    attrs: BTreeMap<String, Value>,
    #[serde(default)]
    item: Item,
}

fn every_value() -> Value {
    Value::M(
        Item::new()
            .with("s", "text")
            .with(
                "n",
                Value::N(num("-1234567890.1234567890123456789012345678")),
            )
            .with(
                "big",
                Value::N(num("9.9999999999999999999999999999999999999E+125")),
            )
            .with("tiny", Value::N(num("1E-130")))
            .with("b", Value::B(vec![0, 255]))
            .with("t", true)
            .with("null", Value::Null)
            .with("m", Item::new().with("deep", Item::new().with("x", 1)))
            .with(
                "l",
                vec![Value::from("a"), Value::Null, Value::number_set([1])],
            )
            .with("ss", Value::string_set(["z", "a"]))
            .with(
                "ns",
                Value::Ns(vec![
                    num("0.1"),
                    num("12345678901234567890123456789012345678"),
                ]),
            )
            .with("bs", Value::binary_set([vec![2u8], vec![1]])),
    )
}

#[test]
fn free_form_values_round_trip_exactly() {
    let model = FreeForm {
        id: "1".into(),
        extra: every_value(),
        maybe: Some(Value::string_set(["x"])),
        attrs: [
            ("a".to_string(), Value::Null),
            ("b".to_string(), Value::binary_set([vec![1u8]])),
        ]
        .into(),
        item: Item::new().with("n", Value::N(num("0.5"))),
    };
    let item = to_item(&model).unwrap();
    assert_eq!(item.get("extra"), Some(&every_value()));
    assert_eq!(
        format!("{:?}", item.get("extra").unwrap()),
        format!("{:?}", every_value()),
        "set members keep their order"
    );
    assert_eq!(item.get("maybe"), Some(&Value::string_set(["x"])));
    assert_eq!(
        item.get("attrs"),
        Some(&Value::M(
            Item::new()
                .with("a", Value::Null)
                .with("b", Value::binary_set([vec![1u8]]))
        ))
    );
    let back: FreeForm = from_item(item).unwrap();
    assert_eq!(format!("{back:?}"), format!("{model:?}"));

    // A value on its own, both ways.
    assert_eq!(to_value(&every_value()).unwrap(), every_value());
    assert_eq!(from_value::<Value>(every_value()).unwrap(), every_value());
    assert_eq!(
        from_value::<Item>(every_value()).unwrap(),
        *every_value().as_map().unwrap()
    );
}

#[test]
fn free_form_value_edge_cases() {
    // Absent and NULL: an Option<Value> holding NULL reads back as None.
    let item = Item::new()
        .with("id", "1")
        .with("extra", Value::Null)
        .with("maybe", Value::Null);
    let back: FreeForm = from_item(item).unwrap();
    assert_eq!((back.extra, back.maybe), (Value::Null, None));
    let err = from_item::<FreeForm>(Item::new().with("id", "1")).unwrap_err();
    assert!(err.message.contains("missing field `extra`"), "{err}");
    // An empty set in a field is left out, as for the set types.
    let model = FreeForm {
        id: "1".into(),
        extra: Value::Ss(vec![]),
        maybe: None,
        attrs: BTreeMap::new(),
        item: Item::new(),
    };
    assert!(!to_item(&model).unwrap().contains("extra"));
    // An item must be a map.
    let err = from_value::<Item>(Value::from(1)).unwrap_err();
    assert!(err.message.contains("expected a map (M), found N"), "{err}");
}

#[test]
fn flattened_values_lose_their_types() {
    // serde buffers flattened fields in its own form: sets arrive as lists and
    // fractions through f64. The module docs say so; a named field keeps them.
    #[derive(Deserialize, Debug)]
    struct Flat {
        #[allow(dead_code)]
        id: String,
        #[serde(flatten)]
        rest: BTreeMap<String, Value>,
    }
    let item = Item::new()
        .with("id", "1")
        .with("ss", Value::string_set(["a"]))
        .with("f", Value::N(num("0.12345678901234567890")))
        .with("m", Item::new().with("s", "x"));
    let flat: Flat = from_item(item).unwrap();
    assert_eq!(flat.rest["ss"], Value::L(vec![Value::from("a")]));
    assert_eq!(flat.rest["f"], Value::N(num("0.12345678901234568")));
    assert_eq!(flat.rest["m"], Value::M(Item::new().with("s", "x")));
}

#[test]
fn values_in_json_are_natural_and_lossy_as_documented() {
    let v = every_value();
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json, value_to_json(&v));
    assert_eq!(json["ss"], serde_json::json!(["z", "a"]));
    assert_eq!(json["b"], "AP8=");
    assert_eq!(json["n"], "-1234567890.1234567890123456789012345678");
    assert_eq!(json["l"], serde_json::json!(["a", null, [1]]));
    let back: Value = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, value_from_json(json).unwrap());
    let back = back.as_map().unwrap().clone();
    assert_eq!(
        back.get("ss"),
        Some(&Value::L(vec![Value::from("z"), Value::from("a")]))
    );
    assert_eq!(back.get("b"), Some(&Value::from("AP8=")));
    assert_eq!(back.get("t"), Some(&Value::Bool(true)));
    assert_eq!(back.get("null"), Some(&Value::Null));
    // A JSON number that DynamoDB cannot hold is an error.
    let err = serde_json::from_str::<Value>("1e300").unwrap_err();
    assert!(err.to_string().contains("Number overflow"), "{err}");
}

/// Any value, with every type at any depth: numbers of up to 38 digits over
/// the whole exponent range, non-empty sets of distinct members.
fn arbitrary_value() -> impl Strategy<Value = Value> {
    // The exponent of the leading digit spans DynamoDB's range, -130..=125.
    let number =
        ("[1-9][0-9]{0,37}", -130i32..=125, any::<bool>()).prop_map(|(digits, leading, neg)| {
            let sign = if neg { "-" } else { "" };
            let exp = leading - (digits.len() as i32 - 1);
            num(&format!("{sign}{digits}e{exp}"))
        });
    let leaf = prop_oneof![
        ".{0,8}".prop_map(Value::S),
        number.clone().prop_map(Value::N),
        Just(Value::N(Number::ZERO)),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(Value::B),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        prop::collection::btree_set(".{0,4}", 1..4).prop_map(Value::string_set),
        prop::collection::btree_set(number, 1..4).prop_map(|n| Value::Ns(n.into_iter().collect())),
        prop::collection::btree_set(prop::collection::vec(any::<u8>(), 0..4), 1..4)
            .prop_map(|b| Value::Bs(b.into_iter().collect())),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::L),
            prop::collection::btree_map(".{0,6}", inner, 0..5)
                .prop_map(|m| Value::M(m.into_iter().collect())),
        ]
    })
}

proptest! {
    /// A model holding arbitrary values writes them unchanged and reads them
    /// back exactly, from the item tree and from its packed form alike
    /// (`from_item` checks both agree).
    #[test]
    fn arbitrary_values_round_trip_inside_a_model(
        extra in arbitrary_value(),
        maybe in prop::option::of(arbitrary_value()),
        attrs in prop::collection::btree_map("[a-z]{1,3}", arbitrary_value(), 0..4),
    ) {
        let model = FreeForm {
            id: "1".into(),
            extra: extra.clone(),
            maybe: maybe.clone(),
            attrs: attrs.clone(),
            item: Item::new(),
        };
        let item = to_item(&model).unwrap();
        prop_assert_eq!(item.get("extra"), Some(&extra));
        let back: FreeForm = from_item(item).unwrap();
        // `Some(NULL)` reads back as `None`, as for every Option.
        let maybe = maybe.filter(|v| !v.is_null());
        let expected = FreeForm { maybe, ..model };
        prop_assert_eq!(format!("{back:?}"), format!("{expected:?}"));
        prop_assert_eq!(back, expected);
    }

    /// Through serde_json, a value is the JSON `value_to_json` writes, and
    /// reading JSON gives what `value_from_json` gives.
    #[test]
    fn serde_json_agrees_with_the_json_functions(v in arbitrary_value()) {
        let json = serde_json::to_value(&v).unwrap();
        prop_assert_eq!(&json, &value_to_json(&v));
        let read: Result<Value, _> = serde_json::from_value(json.clone());
        prop_assert_eq!(read.ok(), value_from_json(json).ok());
    }

    /// A finite float in DynamoDB's range converts to the shortest decimal
    /// that reads back as the same float.
    #[test]
    fn floats_convert_to_their_shortest_decimal(bits in any::<u64>(), small in any::<u32>()) {
        let f = f64::from_bits(bits);
        match Value::try_from(f) {
            Ok(Value::N(n)) => {
                prop_assert_eq!(n.to_f64().unwrap(), f);
                prop_assert_eq!(n.to_string().parse::<f64>().unwrap(), f);
                prop_assert!(n.significant_digits() <= 17);
                prop_assert_eq!(n, num(&format!("{f:e}")));
            }
            Ok(other) => prop_assert!(false, "{other:?}"),
            Err(NumberError::NotFinite(_)) => prop_assert!(!f.is_finite()),
            Err(NumberError::Overflow) => prop_assert!(f.abs() >= 1e126),
            Err(NumberError::Underflow) => prop_assert!(f != 0.0 && f.abs() < 1e-130),
            Err(e) => prop_assert!(false, "{f}: {e}"),
        }
        let g = f32::from_bits(small);
        match Number::try_from(g) {
            Ok(n) => {
                prop_assert_eq!(n.to_string().parse::<f32>().unwrap(), g);
                prop_assert!(n.significant_digits() <= 9);
            }
            Err(e) => prop_assert!(!g.is_finite() && matches!(e, NumberError::NotFinite(_))),
        }
    }
}
