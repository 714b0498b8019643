//! [`RetryLayer`]: the client's one retry loop for failed calls, by
//! idempotency (the rules are in [`idempotency`](super::idempotency)).

use super::idempotency::{condition_guards, update_is_idempotent};
use crate::backend::{
    Backend, BackendLayer, BatchGetItemOutput, BatchGetItemRequest, BatchWriteItemOutput,
    BatchWriteItemRequest, DeleteItemOutput, DeleteItemRequest, DeleteTableRequest,
    DescribeTableRequest, DescribeTimeToLiveOutput, DescribeTimeToLiveRequest, GetItemOutput,
    GetItemRequest, ListTablesOutput, ListTablesRequest, Operation, PutItemOutput, PutItemRequest,
    QueryOutput, QueryRequest, ScanOutput, ScanRequest, TableDefinition, TableDescription,
    TimeToLive, TransactGetItemsOutput, TransactGetItemsRequest, TransactWriteAction,
    TransactWriteItemsOutput, TransactWriteItemsRequest, UpdateItemOutput, UpdateItemRequest,
    UpdateTableRequest, UpdateTimeToLiveRequest,
};
use crate::backend::{
    BatchExecuteStatementOutput, BatchExecuteStatementRequest, ExecuteStatementOutput,
    ExecuteStatementRequest, ExecuteTransactionOutput, ExecuteTransactionRequest,
    ParameterizedStatement,
};
use crate::backend::{
    DescribeStreamRequest, GetRecordsOutput, GetRecordsRequest, GetShardIteratorOutput,
    GetShardIteratorRequest, ListStreamsOutput, ListStreamsRequest, StreamDescription,
};
use crate::client::RetryPolicy;
use crate::error::{Error, Result};
use crate::partiql::Statement;
use async_trait::async_trait;
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;

tokio::task_local! {
    /// Set while a retry layer runs a call: a retry layer below it (a
    /// client built over another client's backend) forwards without a loop
    /// of its own, so one call has one retry loop, the outermost.
    static RETRYING: ();
}

/// How a client retries failed calls ([`ClientBuilder::retry`](crate::ClientBuilder::retry)):
/// throttling ([`Error::Throttled`]), transaction conflicts, transactions
/// in progress, 5xx ([`Error::Service`] marked retryable) and transport
/// errors, with [`RetryPolicy`]'s exponential backoff and full jitter.
///
/// Throttling and conflicts are known not to have been applied and are
/// always retried. After a 5xx or a transport error the request may have
/// been applied; it is sent again only when that is safe:
///
/// - reads, PutItem, DeleteItem and BatchWriteItem (puts and deletes) are
///   idempotent;
/// - TransactWriteItems with a `ClientRequestToken` (the client sets one per
///   transaction) is made idempotent by DynamoDB for 10 minutes;
/// - UpdateItem is sent again when its update is idempotent (SET to values,
///   REMOVE, set members added or deleted), or when its condition is one
///   the update itself makes false (a version check, an idempotency key:
///   see [`idempotency`](super::idempotency) for the exact rule).
///
/// An update that is neither (ADD of a number, `SET a = a + :x`,
/// `list_append`), and a transaction without a token holding one, fails
/// with [`Error::OutcomeUnknown`] instead of being re-sent, unless the
/// caller opted in for the client ([`resend_unknown_outcomes`](Retry::resend_unknown_outcomes))
/// or the call ([`UpdateItem::retry_unknown_outcome`](crate::client::UpdateItem::retry_unknown_outcome)).
/// A write retried after an unknown outcome whose last attempt fails
/// (its condition, which the first attempt may have made false; throttling
/// until the attempts ran out; a conflict) is reported as `OutcomeUnknown`
/// as well, never as `ConditionFailed` or another error that would say it
/// was not applied.
///
/// PartiQL follows the same rules by statement: SELECT is a read, INSERT
/// (conditioned on its key being free) and DELETE are sent again, UPDATE is
/// not; ExecuteTransaction with a `ClientRequestToken` is sent again.
///
/// Table operations that change a table (create, update, delete, TTL) are
/// retried only on throttling; their 5xx and transport errors are returned.
///
/// ```
/// use dynorm::client::RetryPolicy;
/// use dynorm::layers::Retry;
/// use std::time::Duration;
///
/// let backend = std::sync::Arc::new(dynorm_memory::MemoryBackend::new());
/// let client = dynorm::Client::builder(backend)
///     .retry(Retry::standard().policy(RetryPolicy::default().max_attempts(5)))
///     .build();
/// assert_eq!(client.retry().policy_in_use().map(|p| p.attempts()), Some(5));
/// assert_eq!(Retry::off().policy_in_use(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// `None`: no retries, no layer.
    policy: Option<RetryPolicy>,
    resend_unknown_outcomes: bool,
}

impl Default for Retry {
    /// [`Retry::standard`].
    fn default() -> Self {
        Retry::standard()
    }
}

impl Retry {
    /// Retries with [`RetryPolicy::default`] (8 attempts, 25 ms base delay,
    /// 2 s cap, full jitter), by idempotency.
    pub fn standard() -> Retry {
        Retry {
            policy: Some(RetryPolicy::default()),
            resend_unknown_outcomes: false,
        }
    }

    /// No retries: every call is sent once and its error returned as it is.
    pub fn off() -> Retry {
        Retry {
            policy: None,
            resend_unknown_outcomes: false,
        }
    }

    /// Retries with this policy.
    #[must_use]
    pub fn policy(mut self, policy: RetryPolicy) -> Retry {
        self.policy = Some(policy);
        self
    }

    /// Sends non-idempotent writes again after an unknown outcome too
    /// (accepting that they may be applied twice), instead of failing with
    /// [`Error::OutcomeUnknown`].
    #[must_use]
    pub fn resend_unknown_outcomes(mut self, yes: bool) -> Retry {
        self.resend_unknown_outcomes = yes;
        self
    }

    /// The policy calls are retried with; `None` when retries are off.
    pub fn policy_in_use(&self) -> Option<RetryPolicy> {
        self.policy.filter(|p| p.attempts() > 1)
    }

    /// `backend` wrapped in a [`RetryLayer`], or as it is when retries are off.
    pub fn layer(self, backend: Arc<dyn Backend>) -> Arc<dyn Backend> {
        match self.policy_in_use() {
            Some(policy) => Arc::new(RetryLayer {
                inner: backend,
                policy,
                resend_unknown_outcomes: self.resend_unknown_outcomes,
            }),
            None => backend,
        }
    }
}

/// The [`BackendLayer`] a client's [`Retry`] puts on its backend; see
/// [`Retry`] for what it retries. The number of retries of a call is
/// recorded on the current `tracing` span as `dynorm.retries`.
#[derive(Debug)]
pub struct RetryLayer {
    inner: Arc<dyn Backend>,
    policy: RetryPolicy,
    resend_unknown_outcomes: bool,
}

/// What may be done after an attempt whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    /// The request may be sent again.
    resend: bool,
    /// The request writes: its failure after an unknown outcome is itself
    /// an unknown outcome.
    write: bool,
    /// A 5xx or transport error ends the loop as it is (table changes).
    stop_on_unknown: bool,
}

impl Plan {
    const READ: Plan = Plan {
        resend: true,
        write: false,
        stop_on_unknown: false,
    };
    const TABLE_CHANGE: Plan = Plan {
        resend: false,
        write: false,
        stop_on_unknown: true,
    };

    fn write(idempotent: bool) -> Plan {
        Plan {
            resend: idempotent,
            write: true,
            stop_on_unknown: false,
        }
    }
}

/// Whether an attempt that failed with `e` may have been applied.
fn outcome_unknown(e: &Error) -> bool {
    matches!(
        e,
        Error::Transport { .. }
            | Error::Service {
                retryable: true,
                ..
            }
    )
}

/// The plan of an UpdateItem (also an Update action of a transaction).
fn update_plan(
    key: &crate::value::Item,
    update: &crate::expr::Update,
    condition: Option<&crate::expr::Condition>,
) -> Plan {
    let guarded = condition.is_some_and(|c| condition_guards(c, key, update));
    Plan::write(update_is_idempotent(update) || guarded)
}

/// The plan of a TransactWriteItems.
fn transaction_plan(req: &TransactWriteItemsRequest) -> Plan {
    if req.client_request_token.is_some() {
        // DynamoDB answers a resent token with the first attempt's outcome.
        return Plan::write(true);
    }
    let resend = req.actions.iter().all(|action| match action {
        TransactWriteAction::Update {
            key,
            update,
            condition,
            ..
        } => update_plan(key, update, condition.as_ref()).resend,
        _ => true,
    });
    Plan::write(resend)
}

/// The plan of PartiQL statements: SELECT reads; INSERT (conditioned on
/// its key being free) and DELETE are idempotent writes; an UPDATE's
/// effect may not be, and a statement that does not parse fails on its
/// first attempt with a validation error, which is never retried.
fn statements_plan<'a>(statements: impl IntoIterator<Item = &'a ParameterizedStatement>) -> Plan {
    let mut reads = true;
    let mut resend = true;
    for s in statements {
        match crate::partiql::parse(&s.statement) {
            Ok(Statement::Select(_)) => {}
            Ok(Statement::Insert(_) | Statement::Delete(_) | Statement::Exists(_)) => reads = false,
            Ok(Statement::Update(_)) | Err(_) => {
                reads = false;
                resend = false;
            }
        }
    }
    if reads {
        Plan::READ
    } else {
        Plan::write(resend)
    }
}

/// The tables PartiQL statements name, in name order.
fn statement_tables(statements: &[ParameterizedStatement]) -> String {
    let names: Vec<String> = statements
        .iter()
        .filter_map(|s| crate::partiql::parse(&s.statement).ok())
        .map(|p| p.table().to_owned())
        .collect();
    tables(names.iter().map(String::as_str))
}

impl RetryLayer {
    /// Runs `call` until it succeeds, fails for good, or the attempts run out.
    async fn run<R, O, F, Fut>(
        &self,
        op: Operation,
        table: impl Fn(&R) -> String,
        mut plan: Plan,
        req: R,
        call: F,
    ) -> Result<O>
    where
        R: Clone,
        F: Fn(R) -> Fut,
        Fut: Future<Output = Result<O>>,
    {
        if RETRYING.try_with(|_| ()).is_ok() {
            return call(req).await;
        }
        if self.resend_unknown_outcomes {
            plan.resend = true;
        }
        RETRYING
            .scope((), async {
                let mut retries = 0u32;
                let mut unknown = false;
                let result = loop {
                    let err = match call(req.clone()).await {
                        Ok(out) => break Ok(out),
                        Err(e) => e,
                    };
                    if !err.is_retryable() || retries + 1 >= self.policy.attempts() {
                        break Err(if unknown && plan.write {
                            Error::outcome_unknown(op, table(&req), err)
                        } else {
                            err
                        });
                    }
                    if outcome_unknown(&err) {
                        if plan.stop_on_unknown {
                            break Err(err);
                        }
                        if !plan.resend {
                            break Err(Error::outcome_unknown(op, table(&req), err));
                        }
                        unknown = true;
                    }
                    self.policy.sleep(retries).await;
                    retries += 1;
                };
                if retries > 0 {
                    tracing::Span::current().record("dynorm.retries", retries);
                }
                result
            })
            .await
    }
}

fn table_of<R>(name: impl Fn(&R) -> &str) -> impl Fn(&R) -> String {
    move |r| name(r).to_owned()
}

/// The tables of a request touching several, in name order.
fn tables<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(", ")
}

#[async_trait]
impl BackendLayer for RetryLayer {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        let inner = &self.inner;
        let table = table_of(|r: &GetItemRequest| &r.table);
        self.run(Operation::GetItem, table, Plan::READ, req, |r| {
            inner.get_item(r)
        })
        .await
    }

    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        let inner = &self.inner;
        let plan = Plan::write(true);
        let table = table_of(|r: &PutItemRequest| &r.table);
        self.run(Operation::PutItem, table, plan, req, |r| inner.put_item(r))
            .await
    }

    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        let inner = &self.inner;
        let mut plan = update_plan(&req.key, &req.update, req.condition.as_ref());
        plan.resend |= req.retry_unknown_outcome;
        let table = table_of(|r: &UpdateItemRequest| &r.table);
        self.run(Operation::UpdateItem, table, plan, req, |r| {
            inner.update_item(r)
        })
        .await
    }

    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        let inner = &self.inner;
        let plan = Plan::write(true);
        let table = table_of(|r: &DeleteItemRequest| &r.table);
        self.run(Operation::DeleteItem, table, plan, req, |r| {
            inner.delete_item(r)
        })
        .await
    }

    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        let inner = &self.inner;
        let table = table_of(|r: &QueryRequest| &r.table);
        self.run(Operation::Query, table, Plan::READ, req, |r| inner.query(r))
            .await
    }

    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        let inner = &self.inner;
        let table = table_of(|r: &ScanRequest| &r.table);
        self.run(Operation::Scan, table, Plan::READ, req, |r| inner.scan(r))
            .await
    }

    async fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        let inner = &self.inner;
        let table = |r: &BatchGetItemRequest| tables(r.tables.keys().map(String::as_str));
        self.run(Operation::BatchGetItem, table, Plan::READ, req, |r| {
            inner.batch_get_item(r)
        })
        .await
    }

    async fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemOutput> {
        let inner = &self.inner;
        let table = |r: &BatchWriteItemRequest| tables(r.tables.keys().map(String::as_str));
        let plan = Plan::write(true);
        self.run(Operation::BatchWriteItem, table, plan, req, |r| {
            inner.batch_write_item(r)
        })
        .await
    }

    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        let inner = &self.inner;
        let plan = transaction_plan(&req);
        let table = |r: &TransactWriteItemsRequest| {
            tables(r.actions.iter().map(TransactWriteAction::table))
        };
        self.run(Operation::TransactWriteItems, table, plan, req, |r| {
            inner.transact_write_items(r)
        })
        .await
    }

    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        let inner = &self.inner;
        let table = |r: &TransactGetItemsRequest| tables(r.gets.iter().map(|g| g.table.as_str()));
        self.run(Operation::TransactGetItems, table, Plan::READ, req, |r| {
            inner.transact_get_items(r)
        })
        .await
    }

    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        let inner = &self.inner;
        let table = table_of(|d: &TableDefinition| &d.name);
        self.run(
            Operation::CreateTable,
            table,
            Plan::TABLE_CHANGE,
            def,
            |d| inner.create_table(d),
        )
        .await
    }

    async fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        let inner = &self.inner;
        let table = table_of(|r: &UpdateTableRequest| &r.table);
        self.run(
            Operation::UpdateTable,
            table,
            Plan::TABLE_CHANGE,
            req,
            |r| inner.update_table(r),
        )
        .await
    }

    async fn describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        let inner = &self.inner;
        let table = table_of(|r: &DescribeTableRequest| &r.table);
        self.run(Operation::DescribeTable, table, Plan::READ, req, |r| {
            inner.describe_table(r)
        })
        .await
    }

    async fn delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        let inner = &self.inner;
        let table = table_of(|r: &DeleteTableRequest| &r.table);
        self.run(
            Operation::DeleteTable,
            table,
            Plan::TABLE_CHANGE,
            req,
            |r| inner.delete_table(r),
        )
        .await
    }

    async fn list_tables(&self, req: ListTablesRequest) -> Result<ListTablesOutput> {
        let inner = &self.inner;
        self.run(
            Operation::ListTables,
            |_| String::new(),
            Plan::READ,
            req,
            |r| inner.list_tables(r),
        )
        .await
    }

    async fn update_time_to_live(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        let inner = &self.inner;
        let table = table_of(|r: &UpdateTimeToLiveRequest| &r.table);
        self.run(
            Operation::UpdateTimeToLive,
            table,
            Plan::TABLE_CHANGE,
            req,
            |r| inner.update_time_to_live(r),
        )
        .await
    }

    async fn describe_time_to_live(
        &self,
        req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        let inner = &self.inner;
        let table = table_of(|r: &DescribeTimeToLiveRequest| &r.table);
        self.run(Operation::DescribeTimeToLive, table, Plan::READ, req, |r| {
            inner.describe_time_to_live(r)
        })
        .await
    }

    async fn execute_statement(
        &self,
        req: ExecuteStatementRequest,
    ) -> Result<ExecuteStatementOutput> {
        let inner = &self.inner;
        let plan = statements_plan([&req.statement]);
        let table =
            |r: &ExecuteStatementRequest| statement_tables(std::slice::from_ref(&r.statement));
        self.run(Operation::ExecuteStatement, table, plan, req, |r| {
            inner.execute_statement(r)
        })
        .await
    }

    async fn batch_execute_statement(
        &self,
        req: BatchExecuteStatementRequest,
    ) -> Result<BatchExecuteStatementOutput> {
        let inner = &self.inner;
        let plan = statements_plan(&req.statements);
        let table = |r: &BatchExecuteStatementRequest| statement_tables(&r.statements);
        self.run(Operation::BatchExecuteStatement, table, plan, req, |r| {
            inner.batch_execute_statement(r)
        })
        .await
    }

    async fn execute_transaction(
        &self,
        req: ExecuteTransactionRequest,
    ) -> Result<ExecuteTransactionOutput> {
        let inner = &self.inner;
        let plan = if req.client_request_token.is_some() {
            // DynamoDB answers a resent token with the first attempt's outcome.
            Plan::write(true)
        } else {
            statements_plan(&req.statements)
        };
        let table = |r: &ExecuteTransactionRequest| statement_tables(&r.statements);
        self.run(Operation::ExecuteTransaction, table, plan, req, |r| {
            inner.execute_transaction(r)
        })
        .await
    }

    async fn list_streams(&self, req: ListStreamsRequest) -> Result<ListStreamsOutput> {
        let inner = &self.inner;
        let table = |r: &ListStreamsRequest| r.table.clone().unwrap_or_default();
        self.run(Operation::ListStreams, table, Plan::READ, req, |r| {
            inner.list_streams(r)
        })
        .await
    }

    async fn describe_stream(&self, req: DescribeStreamRequest) -> Result<StreamDescription> {
        let inner = &self.inner;
        let table = |r: &DescribeStreamRequest| stream_table(&r.stream_arn);
        self.run(Operation::DescribeStream, table, Plan::READ, req, |r| {
            inner.describe_stream(r)
        })
        .await
    }

    async fn get_shard_iterator(
        &self,
        req: GetShardIteratorRequest,
    ) -> Result<GetShardIteratorOutput> {
        let inner = &self.inner;
        let table = |r: &GetShardIteratorRequest| stream_table(&r.stream_arn);
        self.run(Operation::GetShardIterator, table, Plan::READ, req, |r| {
            inner.get_shard_iterator(r)
        })
        .await
    }

    async fn get_records(&self, req: GetRecordsRequest) -> Result<GetRecordsOutput> {
        let inner = &self.inner;
        let table = |r: &GetRecordsRequest| stream_table(&r.shard_iterator);
        self.run(Operation::GetRecords, table, Plan::READ, req, |r| {
            inner.get_records(r)
        })
        .await
    }
}

/// The table a stream ARN (or a shard iterator, which starts with one) names.
fn stream_table(arn: &str) -> String {
    crate::rules::stream::table_of_arn(arn)
        .unwrap_or_default()
        .to_owned()
}
