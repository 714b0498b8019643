//! Parsing what the renderer writes gives back the tree: for random trees of
//! every kind, `parse(render(tree)) == tree` (an update's actions come back
//! grouped by clause, SET, REMOVE, ADD, DELETE, as the renderer writes them).

#![allow(clippy::unwrap_used)]

use dynorm::expr::render::{self, Placeholders};
use dynorm::expr::{
    parse, CompareOp, Condition, KeyCondition, Operand, Path, SetExpr, SortOp, Update,
    UpdateAction, UpdateOperand,
};
use dynorm::rules::expression::{self as rules, ExpressionKind};
use dynorm::{Value, ValueType};
use proptest::prelude::*;
use std::collections::HashMap;

/// Attribute names, reserved words and odd characters among them: the
/// renderer aliases every name, so any of them must come back.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "a",
            "b",
            "name",
            "status",
            "size",
            "data.year",
            "x y",
            "é",
            "pk"
        ])
        .prop_map(str::to_owned),
        "[a-z][a-z0-9_]{0,6}",
    ]
}

fn path() -> impl Strategy<Value = Path> {
    (
        name(),
        prop::collection::vec(
            prop_oneof![name().prop_map(Ok), (0usize..50).prop_map(Err)],
            0..3,
        ),
    )
        .prop_map(|(root, rest)| {
            rest.into_iter()
                .fold(Path::attr(root), |p, step| match step {
                    Ok(n) => p.key(n),
                    Err(i) => p.index(i),
                })
        })
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i32>().prop_map(Value::from),
        "[a-zA-Z0-9#]{0,8}".prop_map(Value::from),
        prop::collection::vec(any::<u8>(), 0..4).prop_map(Value::B),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => scalar(),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => prop::collection::vec(scalar(), 0..3).prop_map(Value::L),
        1 => prop::collection::btree_set("[a-z]{1,4}", 1..3)
            .prop_map(Value::string_set),
    ]
}

fn operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        2 => path().prop_map(Operand::Path),
        2 => value().prop_map(Operand::Value),
        1 => path().prop_map(Operand::Size),
    ]
}

fn scalar_operand() -> impl Strategy<Value = Operand> {
    prop_oneof![
        path().prop_map(Operand::Path),
        scalar().prop_map(Operand::Value),
        path().prop_map(Operand::Size),
    ]
}

fn compare_op() -> impl Strategy<Value = CompareOp> {
    prop::sample::select(vec![
        CompareOp::Eq,
        CompareOp::Ne,
        CompareOp::Lt,
        CompareOp::Le,
        CompareOp::Gt,
        CompareOp::Ge,
    ])
}

fn value_type() -> impl Strategy<Value = ValueType> {
    prop::sample::select(vec![
        ValueType::S,
        ValueType::N,
        ValueType::B,
        ValueType::Bool,
        ValueType::Null,
        ValueType::M,
        ValueType::L,
        ValueType::Ss,
        ValueType::Ns,
        ValueType::Bs,
    ])
}

fn leaf() -> impl Strategy<Value = Condition> {
    prop_oneof![
        (
            operand(),
            prop::sample::select(vec![CompareOp::Eq, CompareOp::Ne]),
            operand()
        )
            .prop_map(|(a, op, b)| Condition::Compare(a, op, b)),
        (scalar_operand(), compare_op(), scalar_operand())
            .prop_map(|(a, op, b)| Condition::Compare(a, op, b)),
        (scalar_operand(), any::<i32>(), any::<i32>()).prop_map(|(a, x, y)| {
            Condition::Between(
                a,
                Value::from(x.min(y)).into(),
                Value::from(x.max(y)).into(),
            )
        }),
        (operand(), prop::collection::vec(operand(), 1..4))
            .prop_map(|(a, list)| Condition::In(a, list)),
        (path(), "[a-z]{0,3}").prop_map(|(p, s)| Condition::BeginsWith(p, Value::from(s).into())),
        (path(), operand()).prop_map(|(p, o)| Condition::Contains(p, o)),
        path().prop_map(Condition::Exists),
        path().prop_map(Condition::NotExists),
        (path(), value_type()).prop_map(|(p, t)| Condition::IsType(p, t)),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 2..4).prop_map(Condition::And),
            prop::collection::vec(inner.clone(), 2..4).prop_map(Condition::Or),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn update_operand() -> impl Strategy<Value = UpdateOperand> {
    let base = prop_oneof![
        path().prop_map(UpdateOperand::Path),
        value().prop_map(UpdateOperand::Value),
    ];
    prop_oneof![
        2 => base.clone(),
        1 => (path(), base.clone()).prop_map(|(p, f)| UpdateOperand::IfNotExists(p, Box::new(f))),
        1 => (
            prop_oneof![
                path().prop_map(UpdateOperand::Path),
                prop::collection::vec(scalar(), 0..2).prop_map(|l| UpdateOperand::Value(Value::L(l))),
            ],
            prop::collection::vec(scalar(), 0..2),
        )
            .prop_map(|(a, l)| UpdateOperand::ListAppend(
                Box::new(a),
                Box::new(UpdateOperand::Value(Value::L(l)))
            )),
    ]
}

fn number_operand() -> impl Strategy<Value = UpdateOperand> {
    prop_oneof![
        path().prop_map(UpdateOperand::Path),
        any::<i32>().prop_map(|n| UpdateOperand::Value(Value::from(n))),
        (path(), any::<i32>()).prop_map(|(p, n)| UpdateOperand::IfNotExists(
            p,
            Box::new(UpdateOperand::Value(Value::from(n)))
        )),
    ]
}

fn action(p: Path) -> impl Strategy<Value = UpdateAction> {
    let set = prop_oneof![
        update_operand().prop_map(SetExpr::Operand),
        (number_operand(), number_operand()).prop_map(|(a, b)| SetExpr::Plus(a, b)),
        (number_operand(), number_operand()).prop_map(|(a, b)| SetExpr::Minus(a, b)),
    ];
    let (p1, p2, p3, p4) = (p.clone(), p.clone(), p.clone(), p);
    prop_oneof![
        set.prop_map(move |e| UpdateAction::Set(p1.clone(), e)),
        Just(UpdateAction::Remove(p2)),
        prop_oneof![
            any::<i32>().prop_map(Value::from),
            Just(Value::string_set(["t"]))
        ]
        .prop_map(move |v| UpdateAction::Add(p3.clone(), v)),
        Just(UpdateAction::Delete(p4, Value::number_set([1, 2]))),
    ]
}

fn update() -> impl Strategy<Value = Update> {
    // Distinct top-level names, so that no two paths overlap.
    prop::collection::btree_set("[a-z]{1,5}", 1..5)
        .prop_flat_map(|roots| {
            roots
                .into_iter()
                .map(|r| action(Path::attr(r)))
                .collect::<Vec<_>>()
        })
        .prop_map(|actions| actions.into_iter().fold(Update::new(), Update::action))
}

fn clause(a: &UpdateAction) -> usize {
    match a {
        UpdateAction::Set(..) => 0,
        UpdateAction::Remove(_) => 1,
        UpdateAction::Add(..) => 2,
        UpdateAction::Delete(..) => 3,
    }
}

fn key_condition() -> impl Strategy<Value = KeyCondition> {
    let sort_op = prop_oneof![
        scalar().prop_map(SortOp::Eq),
        scalar().prop_map(SortOp::Lt),
        scalar().prop_map(SortOp::Le),
        scalar().prop_map(SortOp::Gt),
        scalar().prop_map(SortOp::Ge),
        (any::<i32>(), any::<i32>())
            .prop_map(|(x, y)| SortOp::Between(x.min(y).into(), x.max(y).into())),
        "[a-z]{0,4}".prop_map(|s| SortOp::BeginsWith(s.into())),
    ];
    (scalar(), prop::option::of(sort_op)).prop_map(|(v, sort)| {
        let kc = KeyCondition::partition("pk", v);
        match sort {
            Some(op) => kc.sort("sk", op),
            None => kc,
        }
    })
}

fn maps(p: Placeholders) -> (HashMap<String, String>, HashMap<String, Value>) {
    let (names, values) = p.into_maps();
    (names.unwrap_or_default(), values.unwrap_or_default())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn conditions_round_trip(tree in condition()) {
        prop_assume!(rules::check_condition(&tree, ExpressionKind::Condition).is_ok());
        let mut p = Placeholders::new();
        let text = render::condition(&tree, &mut p).unwrap();
        let (names, values) = maps(p);
        prop_assert_eq!(parse::condition(&text, &names, &values).unwrap(), tree.clone());
        prop_assert_eq!(parse::filter(&text, &names, &values).unwrap(), tree);
    }

    #[test]
    fn updates_round_trip(tree in update()) {
        prop_assume!(rules::check_update(&tree).is_ok());
        let mut p = Placeholders::new();
        let text = render::update(&tree, &mut p).unwrap();
        let (names, values) = maps(p);
        let mut grouped: Vec<UpdateAction> = tree.actions().to_vec();
        grouped.sort_by_key(clause);
        let expected = grouped.into_iter().fold(Update::new(), Update::action);
        prop_assert_eq!(parse::update(&text, &names, &values).unwrap(), expected);
    }

    #[test]
    fn key_conditions_round_trip(tree in key_condition()) {
        prop_assume!(rules::check_key_condition(&tree).is_ok());
        let mut p = Placeholders::new();
        let text = render::key_condition(&tree, &mut p);
        let (names, values) = maps(p);
        prop_assert_eq!(parse::key_condition(&text, &names, &values, "pk", Some("sk")).unwrap(), tree);
    }

    #[test]
    fn projections_round_trip(paths in prop::collection::vec(path(), 1..6)) {
        prop_assume!(rules::check_projection(&paths).is_ok());
        let mut p = Placeholders::new();
        let text = render::projection(&paths, &mut p).unwrap();
        let (names, _) = maps(p);
        prop_assert_eq!(parse::projection(&text, &names).unwrap(), paths);
    }
}
