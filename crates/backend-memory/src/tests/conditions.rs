use super::*;
use crate::condition::evaluate;
use dynorm::expr::{attr, Operand};
use dynorm::ValueType;

fn sample() -> Item {
    key("a")
        .with("n", 5)
        .with("s", "hello")
        .with("b", vec![1u8, 2, 3])
        .with("t", true)
        .with("nul", Value::Null)
        .with("ss", Value::string_set(["x", "y"]))
        .with("ns", Value::number_set([1, 2, 3]))
        .with("l", vec![s("x"), Value::from(2)])
        .with(
            "m",
            Item::new()
                .with("k", "v")
                .with("inner", Item::new().with("z", 1)),
        )
}

fn holds(c: Condition) -> bool {
    evaluate(&c, Some(&sample()))
}

#[test]
fn comparisons_need_the_same_type() {
    assert!(holds(attr("n").eq(5)));
    assert!(holds(attr("n").lt(6)));
    assert!(!holds(attr("n").lt(5)));
    assert!(holds(attr("n").le(5)));
    assert!(holds(attr("n").gt(4)));
    assert!(holds(attr("n").ge(5)));
    assert!(!holds(attr("n").eq("5")));
    assert!(!holds(attr("n").lt("9")), "different types compare false");
    assert!(!holds(attr("n").gt("0")));
    assert!(holds(attr("s").gt("hell")));
    assert!(holds(attr("s").lt("help")));
    assert!(holds(attr("b").lt(vec![1u8, 2, 4])));
    assert!(holds(attr("n").eq(attr("n").operand())));
}

#[test]
fn numbers_compare_numerically() {
    let n = |t: &str| Value::N(t.parse().expect("number"));
    assert!(holds(attr("n").eq(n("5.0"))));
    assert!(
        holds(attr("n").lt(n("10"))),
        "5 < 10 numerically, not as text"
    );
    assert!(holds(attr("n").gt(n("-100"))));
}

#[test]
fn equality_works_on_documents_and_sets() {
    assert!(holds(attr("l").eq(vec![s("x"), Value::from(2)])));
    assert!(!holds(attr("l").eq(vec![Value::from(2), s("x")])));
    assert!(holds(attr("m.inner").eq(Item::new().with("z", 1))));
    assert!(
        holds(attr("ss").eq(Value::string_set(["y", "x"]))),
        "sets compare without order"
    );
    assert!(holds(attr("t").eq(true)));
    assert!(holds(attr("nul").eq(Value::Null)));
    assert!(holds(attr("ss").ne(Value::string_set(["x"]))));
}

#[test]
fn missing_attributes() {
    assert!(!holds(attr("missing").eq(1)));
    assert!(!holds(attr("missing").lt(1)));
    assert!(!holds(attr("missing").between(1, 2)));
    assert!(!holds(attr("missing").is_in([1])));
    assert!(holds(attr("missing").ne(1)), "`<>` is the negation of `=`");
    assert!(holds(attr("missing").not_exists()));
    assert!(!holds(attr("missing").exists()));
    assert!(holds(attr("m.k").exists()));
    assert!(holds(attr("m.nope").not_exists()));
    assert!(holds(attr("l[1]").eq(2)));
    assert!(holds(attr("l[2]").not_exists()));
    assert!(
        !evaluate(&attr("pk").exists(), None),
        "no item: nothing exists"
    );
    assert!(evaluate(&attr("pk").not_exists(), None));
}

#[test]
fn between_in_and_functions() {
    assert!(holds(attr("n").between(5, 5)));
    assert!(holds(attr("n").between(1, 9)));
    assert!(!holds(attr("n").between(6, 9)));
    assert!(!holds(attr("n").between("1", "9")));
    assert!(holds(attr("n").is_in([1, 5])));
    assert!(!holds(attr("n").is_in([1, 2])));
    assert!(holds(attr("s").begins_with("he")));
    assert!(!holds(attr("s").begins_with("lo")));
    assert!(holds(attr("b").begins_with(vec![1u8, 2])));
    assert!(!holds(attr("n").begins_with("5")));
    assert!(holds(attr("s").contains("ell")));
    assert!(holds(attr("ss").contains("x")));
    assert!(!holds(attr("ss").contains("z")));
    assert!(holds(attr("ns").contains(2)));
    assert!(holds(attr("l").contains("x")));
    assert!(holds(attr("l").contains(2)));
    assert!(!holds(attr("l").contains("2")));
    assert!(holds(attr("s").is_type(ValueType::S)));
    assert!(holds(attr("ss").is_type(ValueType::Ss)));
    assert!(!holds(attr("s").is_type(ValueType::N)));
    assert!(holds(attr("nul").is_type(ValueType::Null)));
}

#[test]
fn size_function() {
    assert!(holds(attr("s").size().eq(5)));
    assert!(holds(attr("b").size().eq(3)));
    assert!(holds(attr("ss").size().eq(2)));
    assert!(holds(attr("ns").size().eq(3)));
    assert!(holds(attr("l").size().eq(2)));
    assert!(holds(attr("m").size().eq(2)));
    assert!(!holds(attr("missing").size().eq(0)));
    assert!(!holds(attr("n").size().ge(0)), "numbers have no size");
    assert!(holds(Condition::Compare(
        Operand::Size("s".into()),
        dynorm::expr::CompareOp::Gt,
        Operand::Size("l".into())
    )));
}

#[test]
fn logic() {
    assert!(holds(attr("n").eq(5) & attr("s").eq("hello")));
    assert!(!holds(attr("n").eq(5) & attr("s").eq("bye")));
    assert!(holds(attr("n").eq(1) | attr("s").eq("hello")));
    assert!(holds(!attr("n").eq(1)));
    assert!(!holds(!attr("n").eq(5)));
}

#[tokio::test]
async fn literal_operand_types_are_checked() {
    let db = db().await;
    put(&db, SIMPLE, key("a")).await.expect("put");
    assert_validation(
        put_if(&db, SIMPLE, key("a"), attr("x").lt(Value::M(Item::new()))).await,
        "Incorrect operand type for operator or function",
    );
    assert_validation(
        put_if(&db, SIMPLE, key("a"), attr("x").begins_with(5)).await,
        "begins_with",
    );
    assert_validation(
        put_if(&db, SIMPLE, key("a"), attr("x").between(5, 1)).await,
        "BETWEEN",
    );
    put_if(
        &db,
        SIMPLE,
        key("a"),
        attr("x").eq(Value::M(Item::new())) | attr("pk").exists(),
    )
    .await
    .expect("= on maps");
}
