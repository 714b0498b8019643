use super::bind::Binder;
use super::parser::parse;
use super::planner::{plan, Plan};
use super::statement::*;
use crate::backend::{KeyAttribute, KeyType, TableDefinition};
use crate::expr::{attr, CompareOp, Condition, KeyCondition, Path, SortOp};
use crate::value::{Item, Value};

fn table() -> TableDefinition {
    TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S))
        .with_sort_key(KeyAttribute::new("sk", KeyType::N))
}

fn planned(text: &str, params: &[Value]) -> crate::Result<Plan> {
    let (statement, _) = parse(text)?;
    plan(&statement, &Binder { params, text }, &table())
}

#[test]
fn parses_every_statement_form() {
    let (s, n) = parse(r#"select a, b.c[1] from "t"."idx" where pk = ? order by sk desc"#).unwrap();
    assert_eq!(n, 1);
    let Statement::Select(sel) = s else {
        panic!("a select")
    };
    assert_eq!(sel.index.as_deref(), Some("idx"));
    assert_eq!(
        sel.projection,
        Some(vec![Path::attr("a"), Path::attr("b").key("c").index(1)])
    );
    assert_eq!(sel.order_by, Some((Path::attr("sk"), true)));

    let (s, n) = parse(
        r#"INSERT INTO t VALUE {'pk': ?, 'l': [1, 'x', true, null], 'm': {'q': -2.5}, 's': <<'a', ?>>}"#,
    )
    .unwrap();
    assert_eq!(n, 2);
    assert!(
        matches!(s, Statement::Insert(Insert { ref table, item: Literal::Map(ref e) }) if table == "t" && e.len() == 4)
    );

    let (s, _) = parse(
        r#"UPDATE "t" SET a = 1, n = n + 1 SET l = list_append(l, [3]) REMOVE x, y WHERE pk = 'a' AND sk = 1 RETURNING MODIFIED NEW *"#,
    )
    .unwrap();
    let Statement::Update(u) = s else {
        panic!("an update")
    };
    assert_eq!(u.actions.len(), 5);
    assert_eq!(u.returning, Some(Returning::ModifiedNew));

    let (s, _) = parse(r#"DELETE FROM "t" WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *"#).unwrap();
    assert!(matches!(
        s,
        Statement::Delete(Delete {
            returning: Some(Returning::AllOld),
            ..
        })
    ));
    let (s, _) = parse(r#"EXISTS(SELECT * FROM "t" WHERE pk = 'a' AND sk = 1)"#).unwrap();
    assert!(matches!(s, Statement::Exists(_)));
}

#[test]
fn malformed_statements_echo_the_text() {
    for text in [
        "SELEC * FROM t",
        "SELECT * FROM t WHERE",
        "SELECT * FROM t WHERE a = 'open",
        "UPDATE t WHERE pk = 'a'",
        "INSERT INTO t VALUE [1]",
        "DELETE FROM t",
        "SELECT * FROM t extra",
    ] {
        let e = parse(text).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("validation error: Statement wasn't well formed, can't be processed: {text}")
        );
    }
}

#[test]
fn a_select_pinning_the_partition_key_is_a_query() {
    let Plan::Read(r) = planned(
        r#"SELECT * FROM t WHERE pk = ? AND sk BETWEEN 1 AND 5 AND x = 'y'"#,
        &[Value::from("a")],
    )
    .unwrap() else {
        panic!("a read")
    };
    assert_eq!(
        r.key_condition,
        Some(KeyCondition::partition("pk", "a").sort("sk", SortOp::Between(1.into(), 5.into())))
    );
    assert_eq!(r.filter, Some(attr("x").eq("y")));
    assert_eq!(r.single_key, None);

    let Plan::Read(r) = planned(r#"SELECT * FROM t WHERE 3 < sk AND 'a' = pk"#, &[]).unwrap()
    else {
        panic!("a read")
    };
    assert_eq!(
        r.key_condition,
        Some(KeyCondition::partition("pk", "a").sort("sk", SortOp::Gt(3.into())))
    );

    let Plan::Read(r) = planned(r#"SELECT * FROM t WHERE pk = 'a' AND sk = 1"#, &[]).unwrap()
    else {
        panic!("a read")
    };
    assert_eq!(
        r.single_key,
        Some(Item::new().with("pk", "a").with("sk", 1))
    );
}

#[test]
fn other_selects_are_scans_with_the_whole_filter() {
    let Plan::Read(r) = planned(
        r#"SELECT * FROM t WHERE pk IN ['a', 'b'] OR x IS MISSING"#,
        &[],
    )
    .unwrap() else {
        panic!("a read")
    };
    assert_eq!(r.key_condition, None);
    assert_eq!(
        r.filter,
        Some(
            Condition::In(
                crate::expr::Operand::Path(Path::attr("pk")),
                vec!["a".into(), "b".into()]
            )
            .or(Condition::NotExists(Path::attr("x")))
        )
    );
    // Two conditions on the sort key: a Query may not filter on it.
    let Plan::Read(r) = planned(
        r#"SELECT * FROM t WHERE pk = 'a' AND sk > 1 AND sk < 9"#,
        &[],
    )
    .unwrap() else {
        panic!("a read")
    };
    assert_eq!(r.key_condition, None);
    assert!(matches!(r.filter, Some(Condition::And(ref v)) if v.len() == 3));
}

#[test]
fn functions_and_predicates_become_condition_trees() {
    let Plan::Read(r) = planned(
        r#"SELECT * FROM t WHERE begins_with(a, 'x') AND contains(s, ?) AND attribute_type(n, 'N') AND size(l) >= 2 AND v IS NOT NULL AND NOT w <> 1"#,
        &[Value::from("m")],
    )
    .unwrap() else {
        panic!("a read")
    };
    let Some(Condition::And(all)) = r.filter else {
        panic!("a conjunction")
    };
    assert_eq!(all[0], Condition::BeginsWith(Path::attr("a"), "x".into()));
    assert_eq!(all[1], Condition::Contains(Path::attr("s"), "m".into()));
    assert_eq!(
        all[2],
        Condition::IsType(Path::attr("n"), crate::value::ValueType::N)
    );
    assert_eq!(
        all[3],
        Condition::Compare(
            crate::expr::Operand::Size(Path::attr("l")),
            CompareOp::Ge,
            2.into()
        )
    );
    assert_eq!(
        all[4],
        Condition::Not(Box::new(Condition::IsType(
            Path::attr("v"),
            crate::value::ValueType::Null
        )))
    );
    let e = planned(r#"SELECT * FROM t WHERE EXISTS(x)"#, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation error: Unrecognized function: exists"
    );
}

#[test]
fn writes_need_the_full_key_and_keep_the_rest_as_condition() {
    let Plan::Update { key, condition, .. } = planned(
        r#"UPDATE t SET a = 1 WHERE pk = 'a' AND sk = 1 AND v = 2"#,
        &[],
    )
    .unwrap() else {
        panic!("an update")
    };
    assert_eq!(key, Item::new().with("pk", "a").with("sk", 1));
    assert_eq!(condition, attr("pk").exists() & attr("v").eq(2));

    for text in [
        r#"UPDATE t SET a = 1 WHERE pk = 'a'"#,
        r#"DELETE FROM t WHERE pk = 'a' OR sk = 1"#,
        r#"DELETE FROM t WHERE pk = 'a' AND sk > 1"#,
    ] {
        let e = planned(text, &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "validation error: Where clause does not contain a mandatory equality on all key attributes"
        );
    }
    let e = planned(r#"INSERT INTO "t" VALUE  ?"#, &[Value::from(1)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation error: Unsupported format in item expression. Please use struct format {...} to express item values for insert statement. at 1:24:1"
    );
    let e = planned(r#"INSERT INTO t VALUE {'pk': 1, 'sk': 1}"#, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation error: Key attribute's data type should match its data type in table's schema: Key pk"
    );
    let e = planned(r#"INSERT INTO t VALUE {'pk': 'a'}"#, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation error: Key attribute should be present in the item: Key sk"
    );
    let Plan::Insert { item, condition } = planned(
        r#"INSERT INTO t VALUE {'pk': 'a', 'sk': ?, 's': <<1, 2>>}"#,
        &[Value::from(1)],
    )
    .unwrap() else {
        panic!("an insert")
    };
    assert_eq!(item.get("s"), Some(&Value::number_set([1, 2])));
    assert_eq!(condition, attr("pk").not_exists());
}

#[test]
fn order_by_needs_a_where_and_a_key() {
    let e = planned(r#"SELECT * FROM t ORDER BY sk"#, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation error: Must have WHERE clause in the statement when using ORDER BY clause."
    );
    let e = planned(r#"SELECT * FROM t WHERE pk = 'a' ORDER BY x"#, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "validation error: Variable reference x in ORDER BY clause must be part of the primary key"
    );
    let Plan::Read(r) = planned(r#"SELECT * FROM t WHERE pk = 'a' ORDER BY sk DESC"#, &[]).unwrap()
    else {
        panic!("a read")
    };
    assert!(!r.forward);
}
