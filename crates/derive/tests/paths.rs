//! Typed attribute paths from `#[derive(Model)]` and `#[derive(Attributes)]`:
//! each builds the same tree as the string form.

use dynorm::expr::{attr, FieldPath, Update, UpdateOperand};
use dynorm::{Attributes, Item, Model, Path, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Attributes)]
#[serde(rename_all = "camelCase")]
struct Address {
    street_line: String,
    city: String,
    #[serde(rename = "postcode")]
    zip: Option<String>,
    geo: Option<Geo>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Attributes)]
struct Geo {
    lat: f64,
    lon: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Attributes)]
struct Node {
    label: String,
    children: Vec<Self>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
struct Extra {
    note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Model)]
#[dynorm(table = "app", pk = "USER#{id}", sk = "PROFILE")]
#[serde(rename_all = "PascalCase")]
struct User {
    id: String,
    #[serde(rename = "displayName")]
    name: String,
    age: u32,
    r#type: String,
    address: Address,
    previous: Vec<Address>,
    tags: Vec<String>,
    scores: HashMap<String, Vec<u32>>,
    homes: BTreeMap<String, Address>,
    tree: Option<Node>,
    doc: serde_json::Value,
    #[serde(skip)]
    session: Option<String>,
    #[serde(skip_serializing, default)]
    password: String,
    #[serde(flatten)]
    extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize, Model)]
#[dynorm(table = "events")]
struct Event {
    #[dynorm(partition_key)]
    stream: String,
    #[dynorm(sort_key)]
    seq: u64,
}

fn path(text: &str) -> Path {
    Path::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn top_level_paths_use_serde_names() {
    let f = User::fields();
    assert_eq!(f.id.as_path(), &Path::attr("Id"));
    assert_eq!(f.name.as_path(), &Path::attr("displayName"));
    assert_eq!(f.r#type.as_path(), &Path::attr("Type"));
    assert_eq!(f.address.to_string(), "Address");
}

#[test]
fn nested_list_and_map_paths() {
    let f = User::fields();
    assert_eq!(
        f.address.fields().street_line.as_path(),
        &path("Address.streetLine")
    );
    assert_eq!(f.address.fields().zip.as_path(), &path("Address.postcode"));
    assert_eq!(
        f.address.fields().geo.fields().lat.as_path(),
        &path("Address.geo.lat")
    );
    assert_eq!(
        f.previous.at(1).fields().city.as_path(),
        &path("Previous[1].city")
    );
    assert_eq!(f.tags.at(0).as_path(), &path("Tags[0]"));
    assert_eq!(
        f.scores.key("math").at(2).as_path(),
        &path("Scores.math[2]")
    );
    assert_eq!(
        f.homes.key("paris").fields().city.as_path(),
        &path("Homes.paris.city")
    );
    let tree = f.tree.fields();
    assert_eq!(
        tree.children
            .at(0)
            .fields()
            .children
            .at(1)
            .fields()
            .label
            .as_path(),
        &path("Tree.children[0].children[1].label")
    );
    assert_eq!(f.doc.key("a").at(0).key("b").as_path(), &path("Doc.a[0].b"));
    // A map key holding a dot stays one segment.
    assert_eq!(
        f.scores.key("a.b").as_path(),
        &Path::attr("Scores").key("a.b")
    );
}

#[test]
fn conditions_equal_string_forms() {
    let f = User::fields();
    assert_eq!(f.age.ge(18), attr("Age").ge(18));
    assert_eq!(
        f.age.between(18, 65) & f.name.begins_with("A"),
        attr("Age").between(18, 65) & attr("displayName").begins_with("A")
    );
    assert_eq!(
        f.address.fields().city.is_in(["Paris", "Oslo"]),
        attr("Address.city").is_in(["Paris", "Oslo"])
    );
    assert_eq!(f.tags.contains("x"), attr("Tags").contains("x"));
    assert_eq!(f.tags.size().gt(2), attr("Tags").size().gt(2));
    assert_eq!(
        f.address.fields().zip.not_exists() | f.previous.at(0).exists(),
        attr("Address.postcode").not_exists() | attr("Previous[0]").exists()
    );
    assert_eq!(
        f.age.ne(f.scores.key("age").at(0)),
        attr("Age").ne(attr("Scores.age[0]"))
    );
    assert_eq!(
        f.doc.is_type(dynorm::ValueType::M),
        attr("Doc").is_type(dynorm::ValueType::M)
    );
    // `attr` takes a typed path too.
    assert_eq!(attr(&f.age).lt(3), attr("Age").lt(3));
}

#[test]
fn updates_equal_string_forms() {
    let f = User::fields();
    let typed = Update::new()
        .set(&f.name, "Ann")
        .set(f.address.fields().city, "Oslo")
        .set(&f.r#type, &f.name)
        .add(&f.age, 1)
        .increment(f.scores.key("math").at(0), 5)
        .append(&f.tags, vec![Value::from("new")])
        .set_if_not_exists(f.homes.key("oslo").fields().street_line, "Main St")
        .remove(f.previous.at(3))
        .delete(&f.doc, Value::string_set(["a"]));
    let strings = Update::new()
        .set("displayName", "Ann")
        .set("Address.city", "Oslo")
        .set("Type", UpdateOperand::Path(Path::attr("displayName")))
        .add("Age", 1)
        .increment("Scores.math[0]", 5)
        .append("Tags", vec![Value::from("new")])
        .set_if_not_exists("Homes.oslo.streetLine", "Main St")
        .remove("Previous[3]")
        .delete("Doc", Value::string_set(["a"]));
    assert_eq!(typed, strings);
}

#[test]
fn projections_equal_string_forms() {
    let f = User::fields();
    let typed: Vec<Path> = vec![
        f.id.to_path(),
        f.address.fields().city.into_path(),
        f.tags.at(0).into(),
    ];
    assert_eq!(
        [f.id.to_path(), f.address.fields().city.to_path()],
        ["Id", "Address.city"].map(Path::from)
    );
    let strings: Vec<Path> = ["Id", "Address.city", "Tags[0]"].map(Path::from).into();
    assert_eq!(typed, strings);
}

#[test]
fn skipped_and_flattened_fields_have_no_path() {
    // `session`, `password` and `extra` are not stored as attributes of their
    // own: the struct of paths has exactly the stored fields.
    let debug = format!("{:?}", User::fields());
    for absent in ["session", "password", "extra", "note"] {
        assert!(!debug.contains(absent), "{absent} in {debug}");
    }
    assert!(debug.contains("displayName"), "{debug}");
    let user = User {
        id: "1".into(),
        name: "Ann".into(),
        age: 3,
        r#type: "t".into(),
        address: Address {
            street_line: "s".into(),
            city: "c".into(),
            zip: None,
            geo: None,
        },
        previous: vec![],
        tags: vec![],
        scores: HashMap::new(),
        homes: BTreeMap::new(),
        tree: None,
        doc: serde_json::Value::Null,
        session: Some("x".into()),
        password: "secret".into(),
        extra: Extra::default(),
    };
    assert!(user.session.is_some() && !user.password.is_empty());
    let stored = user.to_item().unwrap_or_else(|e| panic!("{e}"));
    assert!(!stored.contains("Session") && !stored.contains("Password"));
    assert!(stored.contains("note"), "flattened: {stored:?}");
}

#[test]
fn key_names_from_typed_paths() {
    let f = Event::fields();
    let typed = dynorm::expr::AttributeName::into_attribute_name(&f.seq);
    assert_eq!(typed, Ok("seq".to_owned()));
    let nested =
        dynorm::expr::AttributeName::into_attribute_name(User::fields().address.fields().city);
    assert_eq!(nested, Err(path("Address.city")));
    // A plain-field key's path names the key attribute of the schema.
    assert_eq!(
        dynorm::expr::AttributeName::into_attribute_name(f.stream),
        Ok(Event::schema().partition_key.attribute.to_owned())
    );
}

#[test]
fn fields_under_a_parent_and_hand_written_paths() {
    let under = <Address as dynorm::expr::Attributes>::fields_under(Some(&Path::attr("home")));
    assert_eq!(under.city.as_path(), &path("home.city"));
    let typed: FieldPath<Vec<Address>> = FieldPath::new("moves");
    assert_eq!(typed.at(0).fields().city.as_path(), &path("moves[0].city"));
    // Items and values are maps and lists of anything.
    let raw: FieldPath<Item> = FieldPath::new("raw");
    assert_eq!(raw.key("k").key("j").at(1).as_path(), &path("raw.k.j[1]"));
}
