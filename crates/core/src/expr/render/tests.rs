use super::*;
use crate::expr::{attr, Condition, KeyCondition, Path, SortOp, Update};
use crate::{Value, ValueType};
use std::collections::HashSet;

/// Every placeholder a text uses.
fn used(text: &str, sigil: char) -> HashSet<String> {
    let mut out = HashSet::new();
    let bytes: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == sigil {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.insert(bytes[start..i].iter().collect());
        } else {
            i += 1;
        }
    }
    out
}

/// The maps hold exactly the placeholders the texts use.
fn assert_exact(p: Placeholders, texts: &[&str]) {
    let all = texts.join(" ");
    let (names, values) = p.into_maps();
    let names: HashSet<String> = names.unwrap_or_default().into_keys().collect();
    let values: HashSet<String> = values.unwrap_or_default().into_keys().collect();
    assert_eq!(names, used(&all, '#'), "names of {all}");
    assert_eq!(values, used(&all, ':'), "values of {all}");
}

fn render(c: &Condition) -> (String, Placeholders) {
    let mut p = Placeholders::new();
    let text = condition(c, &mut p).unwrap();
    (text, p)
}

#[test]
fn comparisons() {
    let (t, p) = render(&attr("age").ge(18));
    assert_eq!(t, "#n0 >= :v0");
    let (names, values) = p.into_maps();
    assert_eq!(names.unwrap()["#n0"], "age");
    assert_eq!(values.unwrap()[":v0"], Value::from(18));
    assert_eq!(render(&attr("a").ne("x")).0, "#n0 <> :v0");
    assert_eq!(render(&attr("a").lt(1)).0, "#n0 < :v0");
    assert_eq!(render(&attr("a").le(1)).0, "#n0 <= :v0");
    assert_eq!(render(&attr("a").gt(attr("b"))).0, "#n0 > #n1");
}

#[test]
fn functions_and_operators() {
    assert_eq!(
        render(&attr("a").between(1, 9)).0,
        "#n0 BETWEEN :v0 AND :v1"
    );
    assert_eq!(
        render(&attr("s").is_in(["x", "y", "z"])).0,
        "#n0 IN (:v0, :v1, :v2)"
    );
    assert_eq!(
        render(&attr("s").begins_with("AB")).0,
        "begins_with(#n0, :v0)"
    );
    assert_eq!(
        render(&attr("tags").contains("red")).0,
        "contains(#n0, :v0)"
    );
    assert_eq!(render(&attr("a").exists()).0, "attribute_exists(#n0)");
    assert_eq!(
        render(&attr("a").not_exists()).0,
        "attribute_not_exists(#n0)"
    );
    assert_eq!(render(&attr("tags").size().gt(2)).0, "size(#n0) > :v0");
}

#[test]
fn attribute_type_is_an_s_value() {
    let (t, p) = render(&attr("flag").is_type(ValueType::Bool));
    assert_eq!(t, "attribute_type(#n0, :v0)");
    let (_, values) = p.into_maps();
    assert_eq!(values.unwrap()[":v0"], Value::from("BOOL"));
}

#[test]
fn boolean_structure_and_parentheses() {
    let c = attr("a").eq(1) & (attr("b").eq(2) | attr("c").eq(3));
    assert_eq!(render(&c).0, "#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2)");
    let c = (attr("a").eq(1) & attr("b").eq(2)) | attr("c").eq(3);
    assert_eq!(render(&c).0, "(#n0 = :v0 AND #n1 = :v1) OR #n2 = :v2");
    let c = !(attr("a").eq(1) & attr("b").eq(2));
    assert_eq!(render(&c).0, "NOT (#n0 = :v0 AND #n1 = :v1)");
    assert_eq!(render(&!attr("a").exists()).0, "NOT attribute_exists(#n0)");
    let c = attr("a").eq(1) & attr("b").eq(2) & attr("c").eq(3);
    assert_eq!(render(&c).0, "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2");
    let single = Condition::Not(Box::new(Condition::And(vec![attr("a").exists()])));
    assert_eq!(render(&single).0, "NOT attribute_exists(#n0)");
}

#[test]
fn empty_and_or_are_validation_errors() {
    let mut p = Placeholders::new();
    let err = condition(&Condition::And(vec![]), &mut p).unwrap_err();
    assert!(err.is_validation(), "{err}");
    let err = condition(&(attr("a").exists() | Condition::Or(vec![])), &mut p).unwrap_err();
    assert!(err.is_validation(), "{err}");
}

#[test]
fn same_name_shares_one_placeholder() {
    let c = attr("status").eq("a") | attr("status").eq("b") | attr("x.status").exists();
    let (t, p) = render(&c);
    assert_eq!(t, "#n0 = :v0 OR #n0 = :v1 OR attribute_exists(#n1.#n0)");
    let (names, _) = p.into_maps();
    let names = names.unwrap();
    assert_eq!(names.len(), 2);
    assert_eq!(names["#n0"], "status");
    assert_eq!(names["#n1"], "x");
}

#[test]
fn reserved_words_and_odd_names_are_aliased() {
    let c = attr("name").eq("x") & attr(Path::attr("data.year")).eq(1) & attr("size").exists();
    let (t, p) = render(&c);
    assert_eq!(t, "#n0 = :v0 AND #n1 = :v1 AND attribute_exists(#n2)");
    let (names, _) = p.into_maps();
    let names = names.unwrap();
    assert_eq!(names["#n0"], "name");
    assert_eq!(names["#n1"], "data.year");
    assert_eq!(names["#n2"], "size");
    assert!(!t.contains("name") && !t.contains("data") && !t.contains("size("));
}

#[test]
fn paths_with_indexes() {
    let (t, _) = render(&attr("a.b[2].c").eq(1));
    assert_eq!(t, "#n0.#n1[2].#n2 = :v0");
    let (t, _) = render(&attr("list[0][1]").exists());
    assert_eq!(t, "attribute_exists(#n0[0][1])");
}

#[test]
fn update_groups_clauses() {
    let u = Update::new()
        .remove("old")
        .set("name", "Ann")
        .add("count", 1)
        .delete("tags", Value::string_set(["x"]))
        .increment("visits", 2)
        .decrement("stock", 1)
        .remove("tmp");
    let mut p = Placeholders::new();
    let t = update(&u, &mut p).unwrap();
    assert_eq!(
        t,
        "SET #n0 = :v0, #n1 = #n1 + :v1, #n2 = #n2 - :v2 REMOVE #n3, #n4 ADD #n5 :v3 DELETE #n6 :v4"
    );
    assert_exact(p, &[&t]);
}

#[test]
fn update_functions() {
    let u = Update::new()
        .set_if_not_exists("created", 5)
        .append("history", vec![Value::from("login")])
        .prepend("recent", vec![Value::from(1)]);
    let mut p = Placeholders::new();
    let t = update(&u, &mut p).unwrap();
    assert_eq!(
        t,
        "SET #n0 = if_not_exists(#n0, :v0), #n1 = list_append(if_not_exists(#n1, :v1), :v2), \
         #n2 = list_append(:v3, if_not_exists(#n2, :v4))"
    );
    let (_, values) = p.into_maps();
    assert_eq!(values.unwrap()[":v1"], Value::L(vec![]));
}

#[test]
fn update_only_remove_and_empty_update() {
    let mut p = Placeholders::new();
    assert_eq!(
        update(&Update::new().remove("a.b[1]"), &mut p).unwrap(),
        "REMOVE #n0.#n1[1]"
    );
    let (_, values) = p.into_maps();
    assert!(
        values.is_none(),
        "no value placeholder may be sent when none is used"
    );
    let mut p = Placeholders::new();
    assert!(update(&Update::new(), &mut p).is_none());
    assert!(p.is_empty());
}

#[test]
fn condition_and_update_share_one_map() {
    let mut p = Placeholders::new();
    let u = update(
        &Update::new().set("status", "done").increment("n", 1),
        &mut p,
    )
    .unwrap();
    let c = condition(&(attr("status").eq("open") & attr("pk").exists()), &mut p).unwrap();
    assert_eq!(u, "SET #n0 = :v0, #n1 = #n1 + :v1");
    assert_eq!(c, "#n0 = :v2 AND attribute_exists(#n2)");
    assert_exact(p, &[&u, &c]);
}

#[test]
fn key_conditions() {
    let mut p = Placeholders::new();
    assert_eq!(
        key_condition(&KeyCondition::partition("pk", "A"), &mut p),
        "#n0 = :v0"
    );
    let cases = [
        (SortOp::Eq(1.into()), "#n0 = :v0 AND #n1 = :v1"),
        (SortOp::Lt(1.into()), "#n0 = :v0 AND #n1 < :v1"),
        (SortOp::Le(1.into()), "#n0 = :v0 AND #n1 <= :v1"),
        (SortOp::Gt(1.into()), "#n0 = :v0 AND #n1 > :v1"),
        (SortOp::Ge(1.into()), "#n0 = :v0 AND #n1 >= :v1"),
        (
            SortOp::Between(1.into(), 5.into()),
            "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2",
        ),
        (
            SortOp::BeginsWith("O#".into()),
            "#n0 = :v0 AND begins_with(#n1, :v1)",
        ),
    ];
    for (op, expected) in cases {
        let mut p = Placeholders::new();
        let kc = KeyCondition::partition("pk", "A").sort("sk", op);
        let t = key_condition(&kc, &mut p);
        assert_eq!(t, expected);
        assert_exact(p, &[&t]);
    }
}

#[test]
fn key_condition_filter_and_projection_share_names() {
    let mut p = Placeholders::new();
    let k = key_condition(&KeyCondition::partition("pk", "A"), &mut p);
    let f = condition(&attr("status").eq("x"), &mut p).unwrap();
    let pr = projection(
        &[
            Path::attr("pk"),
            Path::attr("status"),
            Path::parse("m.list[3]").unwrap(),
        ],
        &mut p,
    )
    .unwrap();
    assert_eq!(k, "#n0 = :v0");
    assert_eq!(f, "#n1 = :v1");
    assert_eq!(pr, "#n0, #n1, #n2.#n3[3]");
    assert_exact(p, &[&k, &f, &pr]);
}

#[test]
fn empty_projection_is_none() {
    let mut p = Placeholders::new();
    assert!(projection(&[], &mut p).is_none());
    assert!(p.is_empty());
}
