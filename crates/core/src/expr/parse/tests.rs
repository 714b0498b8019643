use super::*;
use crate::expr::{attr, Condition, KeyCondition, Path, SetExpr, SortOp, Update, UpdateOperand};
use crate::{Value, ValueType};

fn values(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn names(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn cond(text: &str, v: &[(&str, Value)]) -> Condition {
    condition(text, &HashMap::new(), &values(v)).unwrap()
}

fn err_message(r: Result<impl std::fmt::Debug>) -> String {
    let e = r.unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    e.to_string()
}

#[test]
fn comparisons_equal_the_builders_trees() {
    let v = [(":v", Value::from(3))];
    assert_eq!(cond("a = :v", &v), attr("a").eq(3));
    assert_eq!(cond("a <> :v", &v), attr("a").ne(3));
    assert_eq!(cond("a < :v", &v), attr("a").lt(3));
    assert_eq!(cond("a <= :v", &v), attr("a").le(3));
    assert_eq!(cond("a > :v", &v), attr("a").gt(3));
    assert_eq!(cond("a >= :v", &v), attr("a").ge(3));
    assert_eq!(cond("a.b[2].c = :v", &v), attr("a.b[2].c").eq(3));
    assert_eq!(cond("a > b", &[]), attr("a").gt(attr("b")));
    assert_eq!(cond("size(tags) > :v", &v), attr("tags").size().gt(3));
    assert_eq!(
        cond(":v = a", &v),
        Condition::Compare(
            Operand::Value(Value::from(3)),
            CompareOp::Eq,
            Operand::Path(Path::attr("a"))
        )
    );
}

use crate::expr::{CompareOp, Operand};

#[test]
fn functions_and_operators_equal_the_builders_trees() {
    let v = [(":lo", Value::from(1)), (":hi", Value::from(9))];
    assert_eq!(cond("a BETWEEN :lo AND :hi", &v), attr("a").between(1, 9));
    let v = [(":x", Value::from("x")), (":y", Value::from("y"))];
    assert_eq!(cond("s IN (:x, :y)", &v), attr("s").is_in(["x", "y"]));
    assert_eq!(
        cond("begins_with(s, :x)", &v[..1]),
        attr("s").begins_with("x")
    );
    assert_eq!(
        cond("contains(tags, :x)", &v[..1]),
        attr("tags").contains("x")
    );
    assert_eq!(cond("attribute_exists(a)", &[]), attr("a").exists());
    assert_eq!(
        cond("attribute_not_exists(pk)", &[]),
        attr("pk").not_exists()
    );
    let t = [(":t", Value::from("BOOL"))];
    assert_eq!(
        cond("attribute_type(f, :t)", &t),
        attr("f").is_type(ValueType::Bool)
    );
}

#[test]
fn precedence_is_comparison_then_not_then_and_then_or() {
    let v = [(":v", Value::from(1))];
    let (a, b, c, d) = (
        attr("a").eq(1),
        attr("b").eq(1),
        attr("c").eq(1),
        attr("d").eq(1),
    );
    assert_eq!(
        cond("a = :v OR b = :v AND c = :v", &v),
        a.clone() | (b.clone() & c.clone())
    );
    assert_eq!(cond("NOT a = :v AND b = :v", &v), !a.clone() & b.clone());
    assert_eq!(
        cond("(a = :v OR b = :v) AND NOT (c = :v OR d = :v)", &v),
        Condition::And(vec![a.clone() | b.clone(), !(c.clone() | d.clone())])
    );
    assert_eq!(
        cond("a = :v AND b = :v AND c = :v OR d = :v", &v),
        (a.clone() & b.clone() & c.clone()) | d
    );
    assert_eq!(cond("NOT NOT a = :v", &v), !!a.clone());
    assert_eq!(cond("(a) = :v", &v), a);
}

#[test]
fn keywords_are_case_insensitive_and_functions_case_sensitive() {
    let v = [(":lo", Value::from(1)), (":hi", Value::from(2))];
    assert_eq!(
        cond("a between :lo and :hi or not b = :lo", &v),
        attr("a").between(1, 2) | !attr("b").eq(1)
    );
    let msg = err_message(condition(
        "Attribute_Exists(a)",
        &HashMap::new(),
        &HashMap::new(),
    ));
    assert!(
        msg.contains("Invalid function name; function: Attribute_Exists"),
        "{msg}"
    );
}

#[test]
fn names_resolve_through_the_map_and_reserved_words_need_them() {
    let n = names(&[("#n", "name"), ("#s", "status")]);
    let v = values(&[(":v", Value::from("x"))]);
    assert_eq!(
        condition("#n = :v AND a.#s = :v", &n, &v).unwrap(),
        attr("name").eq("x") & attr(Path::attr("a").key("status")).eq("x")
    );
    let msg = err_message(condition("status = :v", &HashMap::new(), &v));
    assert!(msg.ends_with("reserved keyword: status"), "{msg}");
    // `size` is a function name the grammar also takes as an attribute name.
    assert_eq!(
        condition("size = :v", &HashMap::new(), &v).unwrap(),
        attr("size").eq("x")
    );
    for word in ["name", "Year", "DATA", "ttl", "zone", "abort"] {
        assert!(rules::is_reserved(word), "{word}");
    }
    assert_eq!(rules::RESERVED_WORDS.len(), 573);
    assert!(rules::RESERVED_WORDS.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn syntax_errors_name_the_token_and_its_neighbours() {
    let v = values(&[(":v", Value::from(1))]);
    let msg = err_message(condition("a = :v AND", &HashMap::new(), &v));
    assert!(
        msg.ends_with("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\""),
        "{msg}"
    );
    let msg = err_message(filter("a ! :v", &HashMap::new(), &v));
    assert!(
        msg.ends_with("Invalid FilterExpression: Syntax error; token: \"!\", near: \"a ! :v\""),
        "{msg}"
    );
}

#[test]
fn placeholders_must_be_defined_and_used() {
    let msg = err_message(condition("a = :v", &HashMap::new(), &HashMap::new()));
    assert!(msg.ends_with("attribute value: :v"), "{msg}");
    let v = values(&[(":v", Value::from(1)), (":w", Value::from(2))]);
    let msg = err_message(condition("a = :v", &HashMap::new(), &v));
    assert!(
        msg.ends_with("ExpressionAttributeValues unused in expressions: keys: {:w}"),
        "{msg}"
    );
    // One request: a placeholder used by any of its expressions counts.
    let n = names(&[("#c", "count")]);
    let mut p = ExpressionParser::new(&n, &v).unwrap();
    p.update("SET #c = :v").unwrap();
    p.condition("#c < :w").unwrap();
    p.finish().unwrap();
}

#[test]
fn key_conditions() {
    let v = values(&[
        (":p", Value::from("A")),
        (":s", Value::from(5)),
        (":t", Value::from(9)),
    ]);
    let kc = |text: &str| key_condition(text, &HashMap::new(), &v, "pk", Some("sk"));
    let base = KeyCondition::partition("pk", "A");
    let v1 = values(&[(":p", Value::from("A"))]);
    assert_eq!(
        key_condition("pk = :p", &HashMap::new(), &v1, "pk", Some("sk")).unwrap(),
        base
    );
    let two = values(&[(":p", Value::from("A")), (":s", Value::from(5))]);
    let kc2 = |text: &str| key_condition(text, &HashMap::new(), &two, "pk", Some("sk"));
    assert_eq!(
        kc2("pk = :p AND sk >= :s").unwrap(),
        base.clone().sort("sk", SortOp::Ge(5.into()))
    );
    // Either side of the comparison, either condition first.
    assert_eq!(
        kc2(":s < sk AND pk = :p").unwrap(),
        base.clone().sort("sk", SortOp::Gt(5.into()))
    );
    assert_eq!(
        kc("pk = :p AND sk BETWEEN :s AND :t").unwrap(),
        base.clone().sort("sk", SortOp::Between(5.into(), 9.into()))
    );
    let msg = err_message(kc("pk = :p OR sk = :s OR sk = :t"));
    assert!(
        msg.ends_with("Invalid operator used in KeyConditionExpression: OR"),
        "{msg}"
    );
    let msg = err_message(kc2("sk = :s AND sk = :p"));
    assert!(
        msg.ends_with("KeyConditionExpressions must only contain one condition per key"),
        "{msg}"
    );
    let msg = err_message(kc2("sk = :s AND other2 = :p"));
    assert!(
        msg.ends_with("Query condition missed key schema element: pk"),
        "{msg}"
    );
}

#[test]
fn updates() {
    let v = values(&[
        (":one", Value::from(1)),
        (":empty", Value::L(vec![])),
        (":items", Value::L(vec![Value::from("x")])),
        (":tags", Value::string_set(["t"])),
    ]);
    let n = names(&[("#c", "count")]);
    let u = update(
        "set #c = #c + :one, history = list_append(if_not_exists(history, :empty), :items) \
         remove stale, draft[2] add visits :one delete tags :tags",
        &n,
        &v,
    )
    .unwrap();
    assert_eq!(
        u,
        Update::new()
            .increment("count", 1)
            .append("history", vec![Value::from("x")])
            .remove("stale")
            .remove("draft[2]")
            .add("visits", 1)
            .delete("tags", Value::string_set(["t"]))
    );
    // Clauses in any order; actions keep the text's order.
    let v = values(&[(":one", Value::from(1))]);
    let u = update("REMOVE a SET b = :one - c, d = (e)", &HashMap::new(), &v).unwrap();
    assert_eq!(
        u.actions(),
        Update::new()
            .remove("a")
            .set_expr(
                "b",
                SetExpr::Minus(
                    UpdateOperand::Value(Value::from(1)),
                    UpdateOperand::Path(Path::attr("c"))
                )
            )
            .set("d", UpdateOperand::Path(Path::attr("e")))
            .actions()
    );
}

#[test]
fn projections() {
    let n = names(&[("#n", "name")]);
    assert_eq!(
        projection("a, #n.b[1], c", &n).unwrap(),
        vec![
            Path::attr("a"),
            Path::attr("name").key("b").index(1),
            Path::attr("c")
        ]
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let v = values(&[(":v", Value::from(1))]);
    let deep = format!("{}a = :v{}", "(".repeat(2000), ")".repeat(2000));
    let msg = err_message(condition(&deep, &HashMap::new(), &v));
    assert!(
        msg.ends_with("The expression has redundant parentheses;"),
        "{msg}"
    );
    let nested = format!("{}a = :v{}", "NOT (".repeat(400), ")".repeat(400));
    let msg = err_message(condition(&nested, &HashMap::new(), &v));
    assert!(msg.contains("too many operators"), "{msg}");
}

#[test]
fn map_keys_are_checked_first() {
    let bad = values(&[("v", Value::from(1))]);
    let msg = err_message(condition("a = :v", &HashMap::new(), &bad));
    assert!(
        msg.ends_with("ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\""),
        "{msg}"
    );
}
