//! PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction
//! on every backend (the memory backend through core's planner, the
//! DynamoDB backend natively: DynamoDB Local, or dynorm-server in front of
//! the memory backend), with DynamoDB's error kinds and wording.

use crate::{Ctx, Outcome};
use dynorm::backend::{
    BatchExecuteStatementRequest, ExecuteStatementRequest, ExecuteTransactionRequest, KeyAttribute,
    KeyType, ParameterizedStatement, TableDefinition,
};
use dynorm::rules::partiql::{Violation, DUPLICATE_ITEM};
use dynorm::rules::table::TABLE_NOT_FOUND;
use dynorm::{CancellationCode, Error, Item, Value};

/// DynamoDB Local's message for a missing table (DynamoDB's is
/// [`TABLE_NOT_FOUND`]).
const LOCAL_TABLE_NOT_FOUND: &str = "Cannot do operations on a non-existent table";

/// The table `pq` (pk S, sk N): its quoted name for statements.
async fn table(ctx: &Ctx) -> dynorm::Result<String> {
    let name = ctx.client.table_name("pq");
    let def = TableDefinition::new(&name, KeyAttribute::new("pk", KeyType::S))
        .with_sort_key(KeyAttribute::new("sk", KeyType::N));
    ctx.client.create_table_definition(def).await?;
    Ok(format!("\"{name}\""))
}

fn statement(text: String) -> ParameterizedStatement {
    ParameterizedStatement::new(text)
}

/// The `sk` numbers of items, sorted when `sort`.
fn sks(items: &[Item], sort: bool) -> Vec<String> {
    let mut out: Vec<String> = items
        .iter()
        .map(|i| match i.get("sk") {
            Some(Value::N(n)) => n.to_string(),
            other => panic!("an item without a numeric sk: {other:?}"),
        })
        .collect();
    if sort {
        out.sort();
    }
    out
}

/// The message of a validation error, or a failure naming what came instead.
fn validation<T: std::fmt::Debug>(result: dynorm::Result<T>) -> String {
    match result {
        Err(e) if e.is_validation() => e.message(),
        other => panic!("expected a ValidationException, got {other:?}"),
    }
}

/// INSERT, SELECT (Query and Scan, filters, projection, ORDER BY), UPDATE
/// and DELETE with parameters, RETURNING and their conditions.
pub async fn partiql_statements(ctx: Ctx) -> Outcome {
    let t = table(&ctx).await?;
    let c = &ctx.client;
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': ?, 'sk': ?, 'n': 5, 'l': [1, 2], 's': <<'a', 'b'>>}}"
    ))
    .parameter("q")
    .parameter(1)
    .await?;
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 2, 'm': {{'k': true}}, 'z': null}}"
    ))
    .await?;
    c.execute_statement(format!("INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 3}}"))
        .await?;
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': 'r', 'sk': 1, 'n': 5}}"
    ))
    .await?;
    match c
        .execute_statement(format!("INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 1}}"))
        .await
    {
        Err(Error::DuplicateItem { message, .. }) => assert_eq!(message, DUPLICATE_ITEM),
        other => panic!("expected DuplicateItem, got {other:?}"),
    }

    let q = c
        .execute_statement(format!("SELECT * FROM {t} WHERE pk = ?"))
        .parameter("q")
        .await?;
    assert_eq!(
        sks(&q.items, false),
        ["1", "2", "3"],
        "a Query, in key order"
    );
    let desc = c
        .execute_statement(format!("SELECT * FROM {t} WHERE pk = 'q' ORDER BY sk DESC"))
        .await?;
    assert_eq!(sks(&desc.items, false), ["3", "2", "1"]);
    let projected = c
        .execute_statement(format!("SELECT sk, n FROM {t} WHERE pk = 'q' AND sk <= 2"))
        .await?;
    assert_eq!(
        projected.items,
        [
            Item::new().with("sk", 1).with("n", 5),
            Item::new().with("sk", 2)
        ]
    );
    for (filter, want) in [
        ("pk = 'q' AND sk BETWEEN 2 AND 3", vec!["2", "3"]),
        (
            "pk = 'q' AND begins_with(pk, 'q') AND sk > 1",
            vec!["2", "3"],
        ),
        ("size(l) = 2", vec!["1"]),
        ("contains(s, 'b')", vec!["1"]),
        ("m.k = true", vec!["2"]),
        ("l[1] = 2", vec!["1"]),
        ("z IS NULL", vec!["2"]),
        ("pk = 'q' AND n IS MISSING", vec!["2", "3"]),
        ("n IS NOT MISSING", vec!["1", "1"]),
        ("attribute_type(n, 'N') AND pk <> 'r'", vec!["1"]),
        ("pk IN ['r', 'x'] OR sk = 3", vec!["1", "3"]),
        ("NOT (n = 5) AND pk = 'q' AND sk >= 2", vec!["2", "3"]),
    ] {
        let got = c
            .execute_statement(format!("SELECT * FROM {t} WHERE {filter}"))
            .await?;
        assert_eq!(sks(&got.items, true), want, "WHERE {filter}");
    }

    let new = c
        .execute_statement(format!(
            "UPDATE {t} SET n = n + 1, x = ? REMOVE l WHERE pk = 'q' AND sk = 1 RETURNING ALL NEW *"
        ))
        .parameter("y")
        .await?;
    assert_eq!(
        new.items,
        [Item::new()
            .with("pk", "q")
            .with("sk", 1)
            .with("n", 6)
            .with("x", "y")
            .with("s", Value::string_set(["a", "b"]))]
    );
    let old = c
        .execute_statement(format!(
            "UPDATE {t} SET s = set_add(s, <<'c'>>) WHERE pk = 'q' AND sk = 1 RETURNING MODIFIED OLD *"
        ))
        .await?;
    assert_eq!(
        old.items,
        [Item::new().with("s", Value::string_set(["a", "b"]))]
    );
    let deleted = c
        .execute_statement(format!(
            "UPDATE {t} SET s = set_delete(s, <<'a'>>), l = list_append([0], [9]) WHERE pk = 'q' AND sk = 1 RETURNING MODIFIED NEW *"
        ))
        .await?;
    assert_eq!(
        deleted.items,
        [Item::new()
            .with("l", vec![Value::from(0), Value::from(9)])
            .with("s", Value::string_set(["b", "c"]))]
    );
    let missing = c
        .execute_statement(format!(
            "UPDATE {t} SET x = 1 WHERE pk = 'nobody' AND sk = 1"
        ))
        .await;
    assert!(
        matches!(missing, Err(ref e) if e.is_condition_failed()),
        "an UPDATE of a missing item fails its condition: {missing:?}"
    );
    let failed = c
        .execute_statement(format!(
            "DELETE FROM {t} WHERE pk = 'q' AND sk = 3 AND n = 1"
        ))
        .return_old_on_condition_failure(true)
        .await;
    match failed {
        Err(Error::ConditionFailed { old_item, .. }) => assert_eq!(
            old_item.as_deref(),
            Some(&Item::new().with("pk", "q").with("sk", 3))
        ),
        other => panic!("expected ConditionFailed, got {other:?}"),
    }
    let gone = c
        .execute_statement(format!(
            "DELETE FROM {t} WHERE pk = 'q' AND sk = 3 RETURNING ALL OLD *"
        ))
        .await?;
    assert_eq!(gone.items, [Item::new().with("pk", "q").with("sk", 3)]);
    let again = c
        .execute_statement(format!("DELETE FROM {t} WHERE pk = 'q' AND sk = 3"))
        .await?;
    assert!(
        again.items.is_empty(),
        "deleting a missing item is no error"
    );
    // A nested path is answered under its last name.
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': 'nest', 'sk': 1, 'm': {{'nested': 'deep', 'other': 1}}}}"
    ))
    .await?;
    let nested = c
        .execute_statement(format!(
            "SELECT m.nested, sk FROM {t} WHERE pk = 'nest' AND sk = 1"
        ))
        .await?;
    assert_eq!(
        nested.items,
        [Item::new().with("nested", "deep").with("sk", 1)]
    );
    Ok(())
}

/// `Limit` pages through a SELECT with `NextToken`; a token the service did
/// not write is refused.
pub async fn partiql_pagination(ctx: Ctx) -> Outcome {
    let t = table(&ctx).await?;
    let b = ctx.client.backend();
    for sk in 1..=5 {
        ctx.client
            .execute_statement(format!("INSERT INTO {t} VALUE {{'pk': 'p', 'sk': ?}}"))
            .parameter(sk)
            .await?;
    }
    for text in [
        format!("SELECT * FROM {t} WHERE pk = 'p'"),
        format!("SELECT * FROM {t}"),
    ] {
        let mut seen = Vec::new();
        let mut token = None;
        let mut pages = 0;
        loop {
            let mut req = ExecuteStatementRequest::new(&text).limit(2);
            req.next_token = token;
            let page = b.execute_statement(req).await?;
            assert!(page.items.len() <= 2);
            seen.extend(page.items);
            pages += 1;
            match page.next_token {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        assert_eq!(sks(&seen, true), ["1", "2", "3", "4", "5"], "{text}");
        assert!(pages >= 3, "{text}: {pages} pages");
    }
    let bad = b
        .execute_statement(
            ExecuteStatementRequest::new(format!("SELECT * FROM {t}")).next_token("garbage"),
        )
        .await;
    assert_eq!(validation(bad), Violation::InvalidNextToken.to_string());
    Ok(())
}

/// Statements DynamoDB refuses, with its error kinds and words.
pub async fn partiql_errors(ctx: Ctx) -> Outcome {
    let t = table(&ctx).await?;
    let c = &ctx.client;
    let run = |text: String| c.execute_statement(text);
    let text = format!("SELEC * FROM {t}");
    assert_eq!(
        validation(run(text.clone()).await),
        Violation::Syntax(text).to_string()
    );
    assert_eq!(
        validation(run(format!("SELECT * FROM {t} WHERE pk = ?")).await),
        Violation::ParameterCount.to_string()
    );
    let extra = run(format!("SELECT * FROM {t} WHERE pk = 'a'"))
        .parameter("a")
        .await?;
    assert!(
        extra.items.is_empty(),
        "parameters beyond the last `?` are ignored"
    );
    assert_eq!(
        validation(run(format!("SELECT * FROM {t} WHERE EXISTS(n)")).await),
        Violation::UnknownFunction("exists".into()).to_string()
    );
    assert_eq!(
        validation(run(format!("INSERT INTO {t} VALUE {{'pk': 'a'}}")).await),
        Violation::InsertWithoutKey("sk".into()).to_string()
    );
    assert_eq!(
        validation(run(format!("INSERT INTO {t} VALUE {{'pk': 1, 'sk': 1}}")).await),
        Violation::InsertKeyType("pk".into()).to_string()
    );
    let text = format!("INSERT INTO {t} VALUE ?");
    assert_eq!(
        validation(
            run(text.clone())
                .parameter(Value::M(Item::new().with("pk", "a")))
                .await
        ),
        Violation::InsertNotStruct(1, text.len(), 1).to_string()
    );
    for text in [
        format!("UPDATE {t} SET x = 1 WHERE pk = 'a'"),
        format!("DELETE FROM {t} WHERE pk = 'a' AND sk > 1"),
    ] {
        assert_eq!(
            validation(run(text).await),
            Violation::KeyNotPinned.to_string()
        );
    }
    assert_eq!(
        validation(run(format!("SELECT * FROM {t} ORDER BY sk")).await),
        Violation::OrderByWithoutWhere.to_string()
    );
    assert_eq!(
        validation(run(format!("SELECT * FROM {t} WHERE pk = 'a' ORDER BY n")).await),
        Violation::OrderByNotKey("n".into()).to_string()
    );
    run(format!("INSERT INTO {t} VALUE {{'pk': 'a', 'sk': 1}}")).await?;
    assert!(
        validation(run(format!("UPDATE {t} SET pk = 'b' WHERE pk = 'a' AND sk = 1")).await)
            .contains("Cannot update attribute pk. This attribute is part of the key")
    );
    for (returning, clause) in [
        ("MODIFIED OLD *", "MODIFIED OLD *"),
        ("ALL NEW *", "ALL NEW *"),
        ("MODIFIED NEW *", "MODIFIED NEW *"),
    ] {
        assert_eq!(
            validation(
                run(format!(
                    "DELETE FROM {t} WHERE pk = 'a' AND sk = 1 RETURNING {returning}"
                ))
                .await
            ),
            format!(
                "Invalid returning clause: RETURNING {clause}. Only RETURNING ALL OLD * is allowed in DELETE statements."
            )
        );
    }
    // Index paths: only reads take one, of two components at most, none empty.
    let name = ctx.client.table_name("pq");
    for (text, why) in [
        (
            format!("INSERT INTO \"{name}\".\"by_n\" VALUE {{'pk': 'a', 'sk': 1}}"),
            Violation::InsertIntoIndex,
        ),
        (
            format!("UPDATE \"{name}\".\"by_n\" SET x = 1 WHERE pk = 'a' AND sk = 1"),
            Violation::WriteOnIndex,
        ),
        (
            format!("DELETE FROM \"{name}\".\"by_n\" WHERE pk = 'a' AND sk = 1"),
            Violation::WriteOnIndex,
        ),
        (
            format!("SELECT * FROM \"{name}\".\"by_n\".\"x\" WHERE pk = 'a'"),
            Violation::PathTooLong,
        ),
        (
            format!("SELECT * FROM \"{name}\".\"\" WHERE pk = 'a'"),
            Violation::EmptyPathComponent,
        ),
        (
            "SELECT * FROM \"\" WHERE pk = 'a'".to_owned(),
            Violation::EmptyPathComponent,
        ),
    ] {
        assert_eq!(
            validation(run(text.clone()).await),
            why.to_string(),
            "{text}"
        );
    }
    // An ordering comparison on a BOOL: the WHERE's message names no
    // expression parameter.
    for op in ["<", "<=", ">", ">="] {
        assert_eq!(
            validation(
                run(format!("SELECT * FROM {t} WHERE pk = 'a' AND n {op} ?"))
                    .parameter(true)
                    .await
            ),
            format!(
                "Incorrect operand type for operator or function; operator or function: {op}, operand type: BOOL"
            )
        );
    }
    assert!(
        c.batch_execute_statement(BatchExecuteStatementRequest::new(vec![]))
            .await
            .is_err_and(|e| e.is_validation()),
        "a batch without statements is refused"
    );
    let missing = ctx.client.table_name("no_such_table");
    match run(format!("SELECT * FROM \"{missing}\"")).await {
        // DynamoDB Local words it its own way.
        Err(Error::ResourceNotFound { message, .. }) => assert!(
            message == TABLE_NOT_FOUND || (ctx.is_dynamodb() && message == LOCAL_TABLE_NOT_FOUND),
            "{message:?}"
        ),
        other => panic!("expected ResourceNotFound, got {other:?}"),
    }
    Ok(())
}

/// BatchExecuteStatement: one response per statement, a failed statement
/// failing alone; single-item reads only; reads and writes never mixed.
pub async fn partiql_batch(ctx: Ctx) -> Outcome {
    let t = table(&ctx).await?;
    let c = &ctx.client;
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 1, 'n': 1}}"
    ))
    .await?;
    c.execute_statement(format!("INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 2}}"))
        .await?;
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 3, 'n': 3}}"
    ))
    .await?;
    let out = c
        .batch_execute_statement(BatchExecuteStatementRequest::new(vec![
            statement(format!("INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 1}}")),
            statement(format!("INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 1}}")),
            statement(format!("UPDATE {t} SET v = ? WHERE pk = 'q' AND sk = 2")).parameter(7),
            statement(format!(
                "DELETE FROM {t} WHERE pk = 'q' AND sk = 3 AND v = 1"
            ))
            .return_old_on_condition_failure(true),
            statement(format!(
                "DELETE FROM {t} WHERE pk = 'none' AND sk = 1 AND v = 1"
            )),
        ]))
        .await?;
    let codes: Vec<Option<&str>> = out
        .responses
        .iter()
        .map(|r| r.error.as_ref().map(|e| e.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            None,
            Some("DuplicateItem"),
            None,
            Some("ConditionalCheckFailed"),
            None
        ],
        "deleting a missing item is no error, whatever the condition"
    );
    assert_eq!(
        out.responses[3].error.as_ref().and_then(|e| e.item.clone()),
        Some(Item::new().with("pk", "q").with("sk", 3).with("n", 3))
    );
    assert_eq!(
        out.responses[1].error.as_ref().map(|e| e.message.as_str()),
        Some(DUPLICATE_ITEM)
    );
    let name = ctx.client.table_name("pq");
    for r in &out.responses {
        assert_eq!(
            r.table.as_deref(),
            Some(name.as_str()),
            "failed or not: {r:?}"
        );
    }

    let read = c
        .batch_execute_statement(BatchExecuteStatementRequest::new(vec![
            statement(format!("SELECT * FROM {t} WHERE pk = ? AND sk = ?"))
                .parameter("q")
                .parameter(2),
            statement(format!("SELECT n FROM {t} WHERE pk = 'q' AND sk = 1")),
            statement(format!("SELECT * FROM {t} WHERE pk = 'none' AND sk = 1")),
            statement(format!("SELECT * FROM {t} WHERE pk = 'q'")),
        ]))
        .await?;
    assert_eq!(
        read.responses[0].item,
        Some(Item::new().with("pk", "q").with("sk", 2).with("v", 7))
    );
    assert_eq!(read.responses[1].item, Some(Item::new().with("n", 1)));
    assert_eq!(read.responses[2].item, None);
    assert!(read.responses[2].error.is_none());
    let err = read.responses[3].error.as_ref().expect("an error");
    assert_eq!(
        (err.code.as_str(), err.message.as_str()),
        (
            "ValidationError",
            Violation::BatchSelectNotSingleItem.to_string().as_str()
        )
    );

    let mixed = c
        .batch_execute_statement(BatchExecuteStatementRequest::new(vec![
            statement(format!("SELECT * FROM {t} WHERE pk = 'q' AND sk = 1")),
            statement(format!("DELETE FROM {t} WHERE pk = 'q' AND sk = 2")),
        ]))
        .await;
    assert_eq!(
        validation(mixed),
        Violation::BatchMixesReadsAndWrites.to_string()
    );
    let twice = c
        .batch_execute_statement(BatchExecuteStatementRequest::new(vec![
            statement(format!("SELECT * FROM {t} WHERE pk = 'q' AND sk = 1")),
            statement(format!("SELECT * FROM {t} WHERE pk = 'q' AND sk = 1")),
        ]))
        .await;
    assert_eq!(
        validation(twice),
        dynorm::rules::batch::Violation::DuplicateKeys.to_string()
    );
    Ok(())
}

/// ExecuteTransaction: writes all or nothing (a reason per statement),
/// `EXISTS` as a condition check, single-item reads, and DynamoDB's refusals.
pub async fn partiql_transaction(ctx: Ctx) -> Outcome {
    let t = table(&ctx).await?;
    let c = &ctx.client;
    c.execute_statement(format!(
        "INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 1, 'v': 1}}"
    ))
    .await?;
    let cancelled = c
        .execute_transaction(ExecuteTransactionRequest::new(vec![
            statement(format!("INSERT INTO {t} VALUE {{'pk': 't', 'sk': 1}}")),
            statement(format!(
                "UPDATE {t} SET v = 2 WHERE pk = 'nobody' AND sk = 1"
            )),
        ]))
        .await;
    match cancelled {
        Err(Error::TransactionCanceled { reasons, .. }) => assert_eq!(
            reasons.iter().map(|r| r.code.clone()).collect::<Vec<_>>(),
            [
                CancellationCode::None,
                CancellationCode::ConditionalCheckFailed
            ]
        ),
        other => panic!("expected TransactionCanceled, got {other:?}"),
    }
    let name = ctx.client.table_name("pq");
    assert_eq!(
        validation(
            c.execute_transaction(ExecuteTransactionRequest::new(vec![statement(format!(
                "SELECT * FROM \"{name}\".\"by_n\" WHERE pk = 'a' AND sk = 1"
            ))]))
            .await
        ),
        Violation::TransactionIndexRead(0).to_string()
    );
    let duplicate = c
        .execute_transaction(ExecuteTransactionRequest::new(vec![statement(format!(
            "INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 1}}"
        ))]))
        .await;
    match duplicate {
        Err(Error::TransactionCanceled { reasons, .. }) => {
            assert_eq!(reasons[0].code, CancellationCode::ValidationError);
            assert_eq!(reasons[0].message.as_deref(), Some(DUPLICATE_ITEM));
        }
        other => panic!("expected TransactionCanceled, got {other:?}"),
    }
    let nothing = c
        .execute_statement(format!("SELECT * FROM {t} WHERE pk = 't' AND sk = 1"))
        .await?;
    assert!(
        nothing.items.is_empty(),
        "nothing of a cancelled transaction is written"
    );

    let token = format!("{}-pq", ctx.client.table_name("tx"));
    let writes = ExecuteTransactionRequest::new(vec![
        statement(format!("INSERT INTO {t} VALUE {{'pk': 't', 'sk': 1}}")),
        statement(format!(
            "UPDATE {t} SET v = v + 1 WHERE pk = 'b' AND sk = 1"
        )),
        statement(format!(
            "EXISTS(SELECT * FROM {t} WHERE pk = 'b' AND sk = 1 AND v = 1)"
        )),
    ]);
    // The EXISTS check and the UPDATE touch one item: DynamoDB refuses that.
    assert!(
        validation(c.execute_transaction(writes).await).contains("multiple operations on one item")
    );
    c.execute_transaction(
        ExecuteTransactionRequest::new(vec![
            statement(format!("INSERT INTO {t} VALUE {{'pk': 't', 'sk': 1}}")),
            statement(format!(
                "UPDATE {t} SET v = v + 1 WHERE pk = 'b' AND sk = 1"
            )),
        ])
        .client_request_token(&token),
    )
    .await?;
    let failed_check = c
        .execute_transaction(ExecuteTransactionRequest::new(vec![
            statement(format!("DELETE FROM {t} WHERE pk = 't' AND sk = 1")),
            statement(format!(
                "EXISTS(SELECT * FROM {t} WHERE pk = 'b' AND sk = 1 AND v = 1)"
            )),
        ]))
        .await;
    assert!(
        matches!(failed_check, Err(Error::TransactionCanceled { ref reasons, .. })
            if reasons[1].code == CancellationCode::ConditionalCheckFailed),
        "{failed_check:?}"
    );

    let read = c
        .execute_transaction(ExecuteTransactionRequest::new(vec![
            statement(format!("SELECT v FROM {t} WHERE pk = 'b' AND sk = 1")),
            statement(format!("SELECT * FROM {t} WHERE pk = 't' AND sk = 1")),
            statement(format!("SELECT * FROM {t} WHERE pk = 'none' AND sk = 1")),
        ]))
        .await?;
    assert_eq!(
        read.responses,
        [
            Some(Item::new().with("v", 2)),
            Some(Item::new().with("pk", "t").with("sk", 1)),
            None
        ]
    );

    let refusals = [
        (
            vec![
                statement(format!("SELECT * FROM {t} WHERE pk = 'b' AND sk = 1")),
                statement(format!("DELETE FROM {t} WHERE pk = 't' AND sk = 1")),
            ],
            Violation::TransactionMixesReadsAndWrites,
        ),
        (
            vec![statement(format!("SELECT * FROM {t} WHERE pk = 'b'"))],
            Violation::TransactionSelectWithoutKey(0),
        ),
        (
            vec![statement(format!(
                "UPDATE {t} SET v = 1 WHERE pk = 'b' AND sk = 1 RETURNING ALL NEW *"
            ))],
            Violation::TransactionReturning(0),
        ),
    ];
    for (statements, violation) in refusals {
        let got = c
            .execute_transaction(ExecuteTransactionRequest::new(statements))
            .await;
        assert_eq!(validation(got), violation.to_string());
    }
    Ok(())
}
