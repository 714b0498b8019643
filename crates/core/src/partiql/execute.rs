//! Running statements on any backend through its own operations: the
//! default bodies of the Backend trait's PartiQL methods.

use super::bind::Binder;
use super::next_token;
use super::parser::parse;
use super::planner::{plan, return_values, KeyNames, Plan, ReadPlan};
use super::statement::Statement;
use crate::backend::*;
use crate::expr::{Path, PathSegment};
use crate::rules::partiql::{self, Violation};
use crate::value::{Item, Value};
use crate::{CancellationCode, CancellationReason, Error};
use std::collections::HashSet;

/// A statement parsed, its parameters counted, and planned on its table.
struct Planned {
    statement: Statement,
    plan: Plan,
    table: String,
    keys: KeyNames,
}

/// Parses `s` and checks its parameter count.
fn parse_bound(s: &ParameterizedStatement) -> Result<Statement, Error> {
    let (statement, count) = parse(&s.statement)?;
    // More parameters than `?` are ignored, as DynamoDB does; fewer are refused.
    if count > s.parameters.len() {
        return Err(Violation::ParameterCount.into_error());
    }
    Ok(statement)
}

/// The definition of the statement's table; a missing table is DynamoDB's
/// not-found answer, whatever the backend's DescribeTable says.
async fn definition<B: Backend + ?Sized>(
    backend: &B,
    table: &str,
) -> Result<TableDefinition, Error> {
    match backend
        .describe_table(DescribeTableRequest::new(table))
        .await
    {
        Ok(d) => Ok(d.definition),
        Err(e) if e.is_resource_not_found() => Err(Error::table_not_found()),
        Err(e) => Err(e),
    }
}

async fn prepare<B: Backend + ?Sized>(
    backend: &B,
    s: &ParameterizedStatement,
    statement: Statement,
) -> Result<Planned, Error> {
    let table = statement.table().to_owned();
    let def = definition(backend, &table).await?;
    let b = Binder {
        params: &s.parameters,
        text: &s.statement,
    };
    let plan = plan(&statement, &b, &def)?;
    Ok(Planned {
        statement,
        plan,
        keys: KeyNames::of_table(&def),
        table,
    })
}

/// ExecuteStatement through the backend's Query/Scan/PutItem/UpdateItem/DeleteItem.
pub(crate) async fn execute_statement<B: Backend + ?Sized>(
    backend: &B,
    req: ExecuteStatementRequest,
) -> Result<ExecuteStatementOutput, Error> {
    let s = &req.statement;
    let statement = parse_bound(s)?;
    let start = req
        .next_token
        .as_deref()
        .map(next_token::decode)
        .transpose()?;
    let planned = prepare(backend, s, statement).await?;
    run(
        backend,
        s,
        planned,
        req.limit,
        start,
        req.return_consumed_capacity,
    )
    .await
}

/// Runs one planned statement.
async fn run<B: Backend + ?Sized>(
    backend: &B,
    s: &ParameterizedStatement,
    planned: Planned,
    limit: Option<u32>,
    start: Option<Item>,
    rcc: ReturnConsumedCapacity,
) -> Result<ExecuteStatementOutput, Error> {
    let table = planned.table;
    let mut out = ExecuteStatementOutput::default();
    match planned.plan {
        Plan::Read(read) => {
            let (items, last, capacity) =
                run_read(backend, &table, *read, s.consistent_read, limit, start, rcc).await?;
            out.items = items;
            out.next_token = last.as_ref().map(next_token::encode);
            out.last_evaluated_key = last;
            out.consumed_capacity = capacity;
        }
        Plan::Insert { item, condition } => {
            let put = PutItemRequest::new(&table, item)
                .condition(condition)
                .return_consumed_capacity(rcc);
            let done = backend.put_item(put).await.map_err(insert_error)?;
            out.consumed_capacity = done.consumed_capacity;
        }
        Plan::Update {
            key,
            update,
            condition,
            returning,
        } => {
            let up = UpdateItemRequest::new(&table, key, update)
                .condition(condition)
                .return_values(return_values(returning))
                .return_old_on_condition_failure(s.return_old_on_condition_failure)
                .return_consumed_capacity(rcc);
            let done = backend.update_item(up).await?;
            out.items.extend(done.attributes);
            out.consumed_capacity = done.consumed_capacity;
        }
        Plan::Delete {
            key,
            condition,
            returning,
        } => {
            let mut del = DeleteItemRequest::new(&table, key)
                .return_values(return_values(returning))
                .return_old_on_condition_failure(s.return_old_on_condition_failure)
                .return_consumed_capacity(rcc);
            if let Some(c) = condition {
                del = del.condition(c);
            }
            let done = backend.delete_item(del).await?;
            out.items.extend(done.attributes);
            out.consumed_capacity = done.consumed_capacity;
        }
        // EXISTS is a transaction's condition check only.
        Plan::Check { .. } => return Err(Violation::Syntax(s.statement.clone()).into_error()),
    }
    Ok(out)
}

/// An INSERT's failed condition is DynamoDB's DuplicateItem.
fn insert_error(e: Error) -> Error {
    if e.is_condition_failed() {
        Error::duplicate_item()
    } else {
        e
    }
}

/// One page of a SELECT: a Query when the plan has a key condition, else a Scan.
async fn run_read<B: Backend + ?Sized>(
    backend: &B,
    table: &str,
    read: ReadPlan,
    consistent: bool,
    limit: Option<u32>,
    start: Option<Item>,
    rcc: ReturnConsumedCapacity,
) -> Result<(Vec<Item>, Option<Item>, Option<ConsumedCapacity>), Error> {
    let projection = read.projection.clone();
    let shaped = |items: Vec<Item>| {
        items
            .into_iter()
            .map(|i| shape(i, projection.as_deref()))
            .collect()
    };
    if let Some(kc) = read.key_condition {
        let mut q = QueryRequest::new(table, kc)
            .scan_forward(read.forward)
            .consistent_read(consistent)
            .return_consumed_capacity(rcc);
        q.index = read.index;
        q.filter = read.filter;
        q.projection = read.projection;
        q.limit = limit;
        q.exclusive_start_key = start;
        let page = backend.query(q).await?;
        Ok((
            shaped(page.items),
            page.last_evaluated_key,
            page.consumed_capacity,
        ))
    } else {
        let mut q = ScanRequest::new(table)
            .consistent_read(consistent)
            .return_consumed_capacity(rcc);
        q.index = read.index;
        q.filter = read.filter;
        q.projection = read.projection;
        q.limit = limit;
        q.exclusive_start_key = start;
        let page = backend.scan(q).await?;
        Ok((
            shaped(page.items),
            page.last_evaluated_key,
            page.consumed_capacity,
        ))
    }
}

/// BatchExecuteStatement: each statement on its own (a failure is that
/// statement's error); all reads or all writes, at most 25, no key twice.
pub(crate) async fn batch_execute_statement<B: Backend + ?Sized>(
    backend: &B,
    req: BatchExecuteStatementRequest,
) -> Result<BatchExecuteStatementOutput, Error> {
    if req.statements.is_empty() {
        return Err(Violation::NoBatchStatements.into_error());
    }
    let parsed: Vec<Result<Statement, Error>> = req.statements.iter().map(parse_bound).collect();
    let reads = parsed.iter().flatten().filter(|s| s.is_read()).count();
    let writes = parsed.iter().flatten().count() - reads;
    if reads > 0 && writes > 0 {
        return Err(Violation::BatchMixesReadsAndWrites.into_error());
    }
    if req.statements.len() > partiql::MAX_BATCH_STATEMENTS {
        return Err(if writes > 0 {
            Violation::TooManyBatchWrites
        } else {
            Violation::TooManyBatchReads
        }
        .into_error());
    }
    let mut planned = Vec::with_capacity(parsed.len());
    for (s, p) in req.statements.iter().zip(parsed) {
        planned.push(match p {
            Ok(statement) => prepare(backend, s, statement).await,
            Err(e) => Err(e),
        });
    }
    let mut seen = HashSet::new();
    for p in planned.iter().flatten() {
        if let Some(key) = item_key(p) {
            if !seen.insert((p.table.clone(), crate::value::display_key(&key))) {
                return Err(crate::rules::batch::Violation::DuplicateKeys.into_error());
            }
        }
    }
    let mut out = BatchExecuteStatementOutput::default();
    for (s, p) in req.statements.iter().zip(planned) {
        // A statement planned on its table names it, failed or not.
        let (table, answer) = match p {
            Ok(p) => (Some(p.table.clone()), batch_one(backend, s, p).await),
            Err(e) => (None, Err(e)),
        };
        out.responses.push(match answer {
            Ok(response) => response,
            Err(e) => BatchStatementResponse {
                table,
                error: Some(BatchStatementError::from_error(&e)),
                ..Default::default()
            },
        });
    }
    Ok(out)
}

/// The key of the one item a planned statement addresses.
fn item_key(p: &Planned) -> Option<Item> {
    match &p.plan {
        Plan::Read(r) => r.single_key.clone(),
        Plan::Insert { item, .. } => Some(p.keys.key_of(item)),
        Plan::Update { key, .. } | Plan::Delete { key, .. } | Plan::Check { key, .. } => {
            Some(key.clone())
        }
    }
}

async fn batch_one<B: Backend + ?Sized>(
    backend: &B,
    s: &ParameterizedStatement,
    p: Planned,
) -> Result<BatchStatementResponse, Error> {
    let table = p.table.clone();
    let mut response = BatchStatementResponse {
        table: Some(table.clone()),
        ..Default::default()
    };
    match p.plan {
        Plan::Read(read) => {
            let (key, projection) = read
                .single_item()
                .ok_or_else(|| Violation::BatchSelectNotSingleItem.into_error())?;
            let mut get = GetItemRequest::new(&table, key).consistent_read(s.consistent_read);
            get.projection = projection.clone();
            response.item = backend
                .get_item(get)
                .await?
                .item
                .map(|i| shape(i, projection.as_deref()));
        }
        plan => {
            let write = Planned { plan, ..p };
            run(backend, s, write, None, None, ReturnConsumedCapacity::None).await?;
        }
    }
    Ok(response)
}

/// ExecuteTransaction: reads through TransactGetItems, writes through
/// TransactWriteItems.
pub(crate) async fn execute_transaction<B: Backend + ?Sized>(
    backend: &B,
    req: ExecuteTransactionRequest,
) -> Result<ExecuteTransactionOutput, Error> {
    if req.statements.len() > partiql::MAX_TRANSACTION_STATEMENTS {
        return Err(Violation::TooManyTransactionStatements.into_error());
    }
    let mut planned = Vec::with_capacity(req.statements.len());
    for (i, s) in req.statements.iter().enumerate() {
        let statement = parse_bound(s)?;
        let returning = match &statement {
            Statement::Update(u) => u.returning.is_some(),
            Statement::Delete(d) => d.returning.is_some(),
            _ => false,
        };
        if returning {
            return Err(Violation::TransactionReturning(i).into_error());
        }
        if matches!(&statement, Statement::Select(s) if s.index.is_some()) {
            return Err(Violation::TransactionIndexRead(i).into_error());
        }
        planned.push(prepare(backend, s, statement).await?);
    }
    let reads = planned.iter().filter(|p| p.statement.is_read()).count();
    if reads > 0 && reads < planned.len() {
        return Err(Violation::TransactionMixesReadsAndWrites.into_error());
    }
    let mut out = ExecuteTransactionOutput::default();
    if reads > 0 {
        let mut gets = Vec::with_capacity(reads);
        let mut projections = Vec::with_capacity(reads);
        for (i, p) in planned.into_iter().enumerate() {
            let Plan::Read(read) = p.plan else {
                return Err(Violation::TransactionMixesReadsAndWrites.into_error());
            };
            let (key, projection) = read
                .single_item()
                .ok_or_else(|| Violation::TransactionSelectWithoutKey(i).into_error())?;
            let mut get = TransactGet::new(p.table, key);
            get.projection = projection.clone();
            gets.push(get);
            projections.push(projection);
        }
        let got = backend
            .transact_get_items(
                TransactGetItemsRequest::new(gets)
                    .return_consumed_capacity(req.return_consumed_capacity),
            )
            .await?;
        out.responses = got
            .items
            .into_iter()
            .zip(&projections)
            .map(|(item, p)| item.map(|i| shape(i, p.as_deref())))
            .collect();
        out.consumed_capacity = got.consumed_capacity;
        return Ok(out);
    }
    let inserts: Vec<bool> = planned
        .iter()
        .map(|p| matches!(p.plan, Plan::Insert { .. }))
        .collect();
    let mut actions = Vec::with_capacity(planned.len());
    for (p, s) in planned.into_iter().zip(&req.statements) {
        let action = match p.plan {
            Plan::Insert { item, condition } => {
                TransactWriteAction::put(&p.table, item).condition(condition)
            }
            Plan::Update {
                key,
                update,
                condition,
                ..
            } => TransactWriteAction::update(&p.table, key, update).condition(condition),
            Plan::Delete { key, condition, .. } => {
                let d = TransactWriteAction::delete(&p.table, key);
                match condition {
                    Some(c) => d.condition(c),
                    None => d,
                }
            }
            Plan::Check { key, condition } => {
                TransactWriteAction::condition_check(&p.table, key, condition)
            }
            Plan::Read(_) => return Err(Violation::TransactionMixesReadsAndWrites.into_error()),
        };
        actions.push(action.return_old_on_condition_failure(s.return_old_on_condition_failure));
    }
    let mut write = TransactWriteItemsRequest::new(actions)
        .return_consumed_capacity(req.return_consumed_capacity);
    write.client_request_token = req.client_request_token;
    let done = backend
        .transact_write_items(write)
        .await
        .map_err(|e| duplicate_inserts(e, &inserts))?;
    out.consumed_capacity = done.consumed_capacity;
    Ok(out)
}

/// A cancelled transaction's INSERT whose condition failed found its key
/// taken: DynamoDB's reason is a `ValidationError` worded as a duplicate.
fn duplicate_inserts(e: Error, inserts: &[bool]) -> Error {
    match e {
        Error::TransactionCanceled {
            mut reasons,
            request_id,
            source,
        } => {
            for (reason, insert) in reasons.iter_mut().zip(inserts) {
                if *insert && reason.code == CancellationCode::ConditionalCheckFailed {
                    *reason = CancellationReason::new(CancellationCode::ValidationError)
                        .with_message(partiql::DUPLICATE_ITEM);
                }
            }
            Error::TransactionCanceled {
                reasons,
                request_id,
                source,
            }
        }
        other => other,
    }
}

/// An item read through a SELECT's projection, as PartiQL answers it: the
/// value of a nested path under its last name (`SELECT a.b` answers
/// `{b: ...}`), top-level attributes as they are.
fn shape(item: Item, projection: Option<&[Path]>) -> Item {
    let Some(paths) = projection.filter(|p| p.iter().any(|p| !p.is_top_level())) else {
        return item;
    };
    let mut out = Item::new();
    for path in paths {
        let name = match path.segments().last() {
            Some(PathSegment::Attr(name)) => name,
            // A path ending in a list index keeps its document shape.
            _ => {
                if let Some(v) = item.get(path.root()) {
                    out.insert(path.root(), v.clone());
                }
                continue;
            }
        };
        if let Some(v) = value_at(&item, path) {
            out.insert(name.clone(), v.clone());
        }
    }
    out
}

/// The value at `path` in `item`, if there is one.
fn value_at<'a>(item: &'a Item, path: &Path) -> Option<&'a Value> {
    let mut segments = path.segments().iter();
    let mut value = item.get(path.root())?;
    segments.next();
    for segment in segments {
        value = match (segment, value) {
            (PathSegment::Attr(name), Value::M(m)) => m.get(name)?,
            (PathSegment::Index(i), Value::L(l)) => l.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}
