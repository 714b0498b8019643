//! [`Faults`]: a [`BackendLayer`] that injects the failures DynamoDB can
//! answer with, by probability or by schedule, from a seed.

use crate::backend::{
    Backend, BackendLayer, BatchGetItemOutput, BatchGetItemRequest, BatchWriteItemOutput,
    BatchWriteItemRequest, DeleteItemOutput, DeleteItemRequest, DeleteTableRequest,
    DescribeTableRequest, DescribeTimeToLiveOutput, DescribeTimeToLiveRequest, GetItemOutput,
    GetItemRequest, KeysAndAttributes, ListTablesOutput, ListTablesRequest, Operation,
    PutItemOutput, PutItemRequest, QueryOutput, QueryRequest, ScanOutput, ScanRequest,
    TableDefinition, TableDescription, TimeToLive, TransactGetItemsOutput, TransactGetItemsRequest,
    TransactWriteItemsOutput, TransactWriteItemsRequest, UpdateItemOutput, UpdateItemRequest,
    UpdateTableRequest, UpdateTimeToLiveRequest,
};
use crate::backend::{
    BatchExecuteStatementOutput, BatchExecuteStatementRequest, ExecuteStatementOutput,
    ExecuteStatementRequest, ExecuteTransactionOutput, ExecuteTransactionRequest,
};
use crate::error::{CancellationCode, CancellationReason, Error, Result};
use async_trait::async_trait;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// DynamoDB's message of `ProvisionedThroughputExceededException` (item
/// operations).
const THROUGHPUT_EXCEEDED: &str = "The level of configured provisioned throughput for the table \
     was exceeded. Consider increasing your provisioning level with the UpdateTable API.";
/// DynamoDB's message of `ThrottlingException` (table operations).
const THROTTLING: &str = "Rate of requests exceeds the allowed throughput.";
/// DynamoDB's message of a transaction conflict.
const CONFLICT: &str = "Transaction is ongoing for the item";

/// When an injected error happens relative to the call reaching the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Timing {
    /// The call never reaches the backend: nothing is applied.
    Before,
    /// The backend applies the call, then the answer is lost: the caller
    /// gets an error although the write took effect ("outcome unknown").
    After,
}

/// What an injected error is made of, for [`Fault::error`].
pub type ErrorFactory = Arc<dyn Fn(Operation) -> Error + Send + Sync>;

/// One kind of failure a [`Faults`] layer injects; turned into a [`Rule`]
/// by saying when it happens ([`always`](Fault::always),
/// [`with_probability`](Fault::with_probability),
/// [`on_call`](Fault::on_call), ...).
#[derive(Clone)]
#[non_exhaustive]
pub enum Fault {
    /// The call fails with [`Error::Throttled`] before reaching the backend
    /// (DynamoDB's `ProvisionedThroughputExceededException` for item
    /// operations, `ThrottlingException` for table operations): never applied.
    Throttle,
    /// The call fails with a 5xx [`Error::Service`] (`InternalServerError`,
    /// retryable), before or after the backend applied it.
    ServerError(Timing),
    /// The call fails with [`Error::Transport`] (the connection was reset),
    /// before or after the backend applied it.
    Transport(Timing),
    /// The call is delayed by this long (`tokio::time::sleep`, so a paused
    /// clock drives it) before it goes on.
    Latency(Duration),
    /// BatchWriteItem and BatchGetItem only: every `every`-th request of the
    /// call (tables in name order, requests in the order given, starting with
    /// the first) is not forwarded and comes back unprocessed, as when
    /// DynamoDB throttles part of a batch. `every = 1` withholds everything.
    Unprocessed {
        /// Withhold one request in this many.
        every: usize,
    },
    /// Writes and transactions only: another transaction holds an item.
    /// TransactWriteItems and TransactGetItems are cancelled
    /// ([`Error::TransactionCanceled`], one action's reason
    /// `TransactionConflict`, the others `None`); PutItem, UpdateItem and
    /// DeleteItem fail with [`Error::TransactionConflict`]. Never applied.
    TransactionConflict,
    /// The call fails, before reaching the backend, with the error the
    /// factory makes (see [`Fault::error`]).
    Error(ErrorFactory),
}

impl fmt::Debug for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Throttle => f.write_str("Throttle"),
            Fault::ServerError(t) => f.debug_tuple("ServerError").field(t).finish(),
            Fault::Transport(t) => f.debug_tuple("Transport").field(t).finish(),
            Fault::Latency(d) => f.debug_tuple("Latency").field(d).finish(),
            Fault::Unprocessed { every } => {
                f.debug_struct("Unprocessed").field("every", every).finish()
            }
            Fault::TransactionConflict => f.write_str("TransactionConflict"),
            Fault::Error(_) => f.write_str("Error(..)"),
        }
    }
}

impl Fault {
    /// A fault failing the call with the error `make` returns for the
    /// operation, before the call reaches the backend.
    ///
    /// ```
    /// use dynorm::layers::Fault;
    /// let denied = Fault::error(|op| dynorm::Error::config(format!("{op} refused")));
    /// # let _ = denied;
    /// ```
    pub fn error(make: impl Fn(Operation) -> Error + Send + Sync + 'static) -> Fault {
        Fault::Error(Arc::new(make))
    }

    /// What kind of fault this is, as the [log](Faults::injections) records it.
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::Throttle => FaultKind::Throttle,
            Fault::ServerError(t) => FaultKind::ServerError(*t),
            Fault::Transport(t) => FaultKind::Transport(*t),
            Fault::Latency(_) => FaultKind::Latency,
            Fault::Unprocessed { .. } => FaultKind::Unprocessed,
            Fault::TransactionConflict => FaultKind::TransactionConflict,
            Fault::Error(_) => FaultKind::Error,
        }
    }

    /// Whether the fault can happen on this operation.
    fn applies_to(&self, op: Operation) -> bool {
        match self {
            Fault::Unprocessed { .. } => {
                matches!(op, Operation::BatchWriteItem | Operation::BatchGetItem)
            }
            Fault::TransactionConflict => matches!(
                op,
                Operation::PutItem
                    | Operation::UpdateItem
                    | Operation::DeleteItem
                    | Operation::TransactWriteItems
                    | Operation::TransactGetItems
            ),
            _ => true,
        }
    }

    /// On every call it applies to.
    pub fn always(self) -> Rule {
        self.scheduled(Schedule::Always)
    }

    /// On each call it applies to with probability `p` (0.0 ..= 1.0), drawn
    /// from the layer's seeded generator.
    pub fn with_probability(self, p: f64) -> Rule {
        self.scheduled(Schedule::Probability(p.clamp(0.0, 1.0)))
    }

    /// On the `n`-th call it applies to (1-based) and no other.
    pub fn on_call(self, n: u64) -> Rule {
        self.on_calls([n])
    }

    /// On these calls (1-based) among those it applies to.
    pub fn on_calls(self, calls: impl IntoIterator<Item = u64>) -> Rule {
        self.scheduled(Schedule::Calls(calls.into_iter().collect()))
    }

    /// On the first `n` calls it applies to.
    pub fn first_calls(self, n: u64) -> Rule {
        self.scheduled(Schedule::FirstCalls(n))
    }

    /// On every `n`-th call it applies to (the `n`-th, the `2n`-th, ...).
    pub fn every_nth_call(self, n: u64) -> Rule {
        self.scheduled(Schedule::EveryNth(n.max(1)))
    }

    fn scheduled(self, schedule: Schedule) -> Rule {
        Rule {
            fault: self,
            operations: None,
            schedule,
        }
    }
}

/// The kind of a [`Fault`], without its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FaultKind {
    /// [`Fault::Throttle`].
    Throttle,
    /// [`Fault::ServerError`].
    ServerError(Timing),
    /// [`Fault::Transport`].
    Transport(Timing),
    /// [`Fault::Latency`].
    Latency,
    /// [`Fault::Unprocessed`].
    Unprocessed,
    /// [`Fault::TransactionConflict`].
    TransactionConflict,
    /// [`Fault::Error`].
    Error,
}

/// When a [`Rule`] fires, counting only the calls it applies to.
#[derive(Debug, Clone, PartialEq)]
enum Schedule {
    Always,
    Probability(f64),
    Calls(BTreeSet<u64>),
    FirstCalls(u64),
    EveryNth(u64),
}

impl Schedule {
    /// Whether the rule fires on its `n`-th (1-based) call.
    fn fires(&self, n: u64, rng: &mut StdRng) -> bool {
        match self {
            Schedule::Always => true,
            Schedule::Probability(p) => rng.gen_bool(*p),
            Schedule::Calls(calls) => calls.contains(&n),
            Schedule::FirstCalls(k) => n <= *k,
            Schedule::EveryNth(k) => n % k == 0,
        }
    }
}

/// A [`Fault`] with its schedule and, optionally, the operations it is
/// limited to ([`on`](Rule::on)).
#[derive(Debug, Clone)]
pub struct Rule {
    fault: Fault,
    operations: Option<BTreeSet<Operation>>,
    schedule: Schedule,
}

impl Rule {
    /// Limits the rule to this operation (call again to add more); its call
    /// count then counts only calls of these operations.
    #[must_use]
    pub fn on(mut self, op: Operation) -> Rule {
        self.operations.get_or_insert_with(BTreeSet::new).insert(op);
        self
    }

    /// Whether the rule applies to a call of `op`.
    fn matches(&self, op: Operation) -> bool {
        self.fault.applies_to(op)
            && self
                .operations
                .as_ref()
                .map_or(true, |ops| ops.contains(&op))
    }
}

/// One fault injected, as [`Faults::injections`] lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Injection {
    /// The operation of the call.
    pub operation: Operation,
    /// The call's number among the calls of that operation (1-based).
    pub call: u64,
    /// What was injected.
    pub fault: FaultKind,
}

/// A [`BackendLayer`] that injects DynamoDB's failures into the calls it
/// forwards: throttling, 5xx and transport errors before the call reaches
/// the backend or after the backend applied it (the caller cannot tell
/// whether the write happened), latency, unprocessed batch items and
/// transaction conflicts. Each [`Rule`] says which fault, on which
/// operations and when: always, with a probability, on given calls, on the
/// first calls or on every n-th. Probabilities are drawn from one
/// [`StdRng`] seeded with [`seed`](Faults::seed) (0 by default), so the same
/// sequence of calls meets the same faults on every run.
///
/// On a call, every rule that applies counts it and decides; the latencies
/// of the rules that fired add up, then the first error of a rule that
/// fired (in the order the rules were given) is returned, before or after
/// forwarding as its [`Timing`] says; unprocessed items are withheld by the
/// first `Unprocessed` rule that fired.
///
/// ```
/// use dynorm::backend::{Backend, Operation};
/// use dynorm::layers::{Fault, FaultKind, Faults, Retry, Timing};
/// use dynorm::{Client, Item};
/// use std::sync::Arc;
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let memory = Arc::new(dynorm_memory::MemoryBackend::new());
/// let faults = Arc::new(
///     Faults::new(memory.clone())
///         .seed(7)
///         // The second PutItem is applied, then its answer is lost.
///         .inject(Fault::ServerError(Timing::After).on_call(2).on(Operation::PutItem))
///         // One GetItem in ten is throttled.
///         .inject(Fault::Throttle.with_probability(0.1).on(Operation::GetItem)),
/// );
/// // Without retries, to see the faults themselves.
/// let client = Client::builder(faults.clone()).retry(Retry::off()).build();
/// client.create_table_definition(dynorm::backend::TableDefinition::new(
///     "users",
///     dynorm::backend::KeyAttribute::new("pk", dynorm::backend::KeyType::S),
/// )).await?;
/// let users = client.table("users");
/// users.put(Item::new().with("pk", "u1")).await?;
/// let lost = users.put(Item::new().with("pk", "u2")).await.unwrap_err();
/// assert!(lost.is_retryable());
/// // ... although the backend wrote it.
/// let stored = Backend::get_item(&*memory, dynorm::backend::GetItemRequest::new(
///     "users", Item::new().with("pk", "u2"))).await?;
/// assert!(stored.item.is_some());
/// assert_eq!(faults.injections()[0].fault, FaultKind::ServerError(Timing::After));
/// assert_eq!(faults.calls(Operation::PutItem), 2);
/// # Ok::<(), dynorm::Error>(())
/// # }).unwrap();
/// ```
pub struct Faults {
    inner: Arc<dyn Backend>,
    rules: Vec<Rule>,
    state: Mutex<State>,
}

/// What the layer counts as calls go by.
struct State {
    rng: StdRng,
    /// Per rule, the calls it applied to so far.
    seen: Vec<u64>,
    calls: BTreeMap<Operation, u64>,
    log: Vec<Injection>,
    withheld_writes: u64,
    withheld_keys: u64,
}

impl fmt::Debug for Faults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Faults")
            .field("inner", &self.inner.name())
            .field("rules", &self.rules)
            .finish()
    }
}

/// What the rules decided for one call.
#[derive(Default)]
struct Decision {
    latency: Duration,
    before: Option<Error>,
    after: Option<Error>,
    withhold_every: Option<usize>,
}

impl Faults {
    /// A layer over `inner` that injects nothing until given rules.
    pub fn new(inner: Arc<dyn Backend>) -> Faults {
        Faults {
            inner,
            rules: Vec::new(),
            state: Mutex::new(State {
                rng: StdRng::seed_from_u64(0),
                seen: Vec::new(),
                calls: BTreeMap::new(),
                log: Vec::new(),
                withheld_writes: 0,
                withheld_keys: 0,
            }),
        }
    }

    /// Seeds the generator probabilities are drawn from (restarting it).
    #[must_use]
    pub fn seed(self, seed: u64) -> Faults {
        self.lock().rng = StdRng::seed_from_u64(seed);
        self
    }

    /// Adds a rule.
    #[must_use]
    pub fn inject(mut self, rule: Rule) -> Faults {
        self.rules.push(rule);
        self.lock().seen.push(0);
        self
    }

    /// The calls of `op` received so far.
    pub fn calls(&self, op: Operation) -> u64 {
        self.lock().calls.get(&op).copied().unwrap_or(0)
    }

    /// Every fault injected so far, in order.
    pub fn injections(&self) -> Vec<Injection> {
        self.lock().log.clone()
    }

    /// How many faults of this kind were injected so far.
    pub fn injected(&self, kind: FaultKind) -> usize {
        self.lock().log.iter().filter(|i| i.fault == kind).count()
    }

    /// Batch write requests withheld (returned unprocessed) so far.
    pub fn withheld_writes(&self) -> u64 {
        self.lock().withheld_writes
    }

    /// Batch get keys withheld (returned unprocessed) so far.
    pub fn withheld_keys(&self) -> u64 {
        self.lock().withheld_keys
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts a call of `op` (a transaction of `actions` actions) and
    /// decides its faults.
    fn decide(&self, op: Operation, actions: usize) -> Decision {
        let mut state = self.lock();
        let state = &mut *state;
        let call = state.calls.entry(op).or_insert(0);
        *call += 1;
        let call = *call;
        let mut decision = Decision::default();
        for (i, rule) in self.rules.iter().enumerate() {
            if !rule.matches(op) {
                continue;
            }
            state.seen[i] += 1;
            if !rule.schedule.fires(state.seen[i], &mut state.rng) {
                continue;
            }
            state.log.push(Injection {
                operation: op,
                call,
                fault: rule.fault.kind(),
            });
            match &rule.fault {
                Fault::Latency(d) => decision.latency += *d,
                Fault::Unprocessed { every } => {
                    decision.withhold_every.get_or_insert(*every);
                }
                Fault::ServerError(Timing::After) => {
                    decision.after.get_or_insert_with(|| server_error(op));
                }
                Fault::Transport(Timing::After) => {
                    decision.after.get_or_insert_with(|| transport_error(op));
                }
                fault => {
                    if decision.before.is_none() {
                        decision.before = Some(match fault {
                            Fault::Throttle => throttled(op),
                            Fault::ServerError(_) => server_error(op),
                            Fault::Transport(_) => transport_error(op),
                            Fault::TransactionConflict => conflict(op, actions, &mut state.rng),
                            Fault::Error(make) => make(op),
                            Fault::Latency(_) | Fault::Unprocessed { .. } => continue,
                        });
                    }
                }
            }
        }
        decision
    }

    /// Runs one call of `op` through the decided faults.
    async fn run<O, Fut>(&self, op: Operation, actions: usize, call: Fut) -> Result<O>
    where
        Fut: Future<Output = Result<O>>,
    {
        let decision = self.decide(op, actions);
        Self::finish(decision, call).await
    }

    async fn finish<O, Fut>(decision: Decision, call: Fut) -> Result<O>
    where
        Fut: Future<Output = Result<O>>,
    {
        if !decision.latency.is_zero() {
            tokio::time::sleep(decision.latency).await;
        }
        if let Some(e) = decision.before {
            return Err(e);
        }
        let out = call.await?;
        match decision.after {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }
}

fn throttled(op: Operation) -> Error {
    let item_operation = matches!(
        op,
        Operation::GetItem
            | Operation::PutItem
            | Operation::UpdateItem
            | Operation::DeleteItem
            | Operation::Query
            | Operation::Scan
            | Operation::BatchGetItem
            | Operation::BatchWriteItem
            | Operation::TransactWriteItems
            | Operation::TransactGetItems
            | Operation::ExecuteStatement
            | Operation::BatchExecuteStatement
            | Operation::ExecuteTransaction
    );
    Error::Throttled {
        message: if item_operation {
            THROUGHPUT_EXCEEDED
        } else {
            THROTTLING
        }
        .to_owned(),
        request_id: None,
        source: None,
    }
}

fn server_error(op: Operation) -> Error {
    Error::Service {
        code: "InternalServerError".to_owned(),
        message: format!("Internal server error ({op}, injected)"),
        request_id: None,
        retryable: true,
        source: None,
    }
}

fn transport_error(op: Operation) -> Error {
    Error::transport(
        format!("{op}: connection reset before the answer arrived (injected)"),
        std::io::Error::from(std::io::ErrorKind::ConnectionReset),
    )
}

fn conflict(op: Operation, actions: usize, rng: &mut StdRng) -> Error {
    match op {
        Operation::TransactWriteItems | Operation::TransactGetItems => {
            let culprit = rng.gen_range(0..actions.max(1));
            let reasons = (0..actions.max(1))
                .map(|i| {
                    if i == culprit {
                        CancellationReason::new(CancellationCode::TransactionConflict)
                            .with_message(CONFLICT)
                    } else {
                        CancellationReason::new(CancellationCode::None)
                    }
                })
                .collect();
            Error::TransactionCanceled {
                reasons,
                request_id: None,
                source: None,
            }
        }
        _ => Error::TransactionConflict {
            message: CONFLICT.to_owned(),
            request_id: None,
            source: None,
        },
    }
}

/// Splits `entries` (numbered across calls by `next`) into those forwarded
/// and those withheld (every `every`-th, starting with the first).
fn withhold<T>(entries: Vec<T>, every: usize, next: &mut usize) -> (Vec<T>, Vec<T>) {
    let mut forward = Vec::new();
    let mut withheld = Vec::new();
    for e in entries {
        if every > 0 && *next % every == 0 {
            withheld.push(e);
        } else {
            forward.push(e);
        }
        *next += 1;
    }
    (forward, withheld)
}

#[async_trait]
impl BackendLayer for Faults {
    fn inner(&self) -> &dyn Backend {
        &*self.inner
    }

    async fn get_item(&self, req: GetItemRequest) -> Result<GetItemOutput> {
        self.run(Operation::GetItem, 0, self.inner.get_item(req))
            .await
    }

    async fn put_item(&self, req: PutItemRequest) -> Result<PutItemOutput> {
        self.run(Operation::PutItem, 0, self.inner.put_item(req))
            .await
    }

    async fn update_item(&self, req: UpdateItemRequest) -> Result<UpdateItemOutput> {
        self.run(Operation::UpdateItem, 0, self.inner.update_item(req))
            .await
    }

    async fn delete_item(&self, req: DeleteItemRequest) -> Result<DeleteItemOutput> {
        self.run(Operation::DeleteItem, 0, self.inner.delete_item(req))
            .await
    }

    async fn query(&self, req: QueryRequest) -> Result<QueryOutput> {
        self.run(Operation::Query, 0, self.inner.query(req)).await
    }

    async fn scan(&self, req: ScanRequest) -> Result<ScanOutput> {
        self.run(Operation::Scan, 0, self.inner.scan(req)).await
    }

    async fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsOutput> {
        let actions = req.actions.len();
        self.run(
            Operation::TransactWriteItems,
            actions,
            self.inner.transact_write_items(req),
        )
        .await
    }

    async fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsOutput> {
        let actions = req.gets.len();
        self.run(
            Operation::TransactGetItems,
            actions,
            self.inner.transact_get_items(req),
        )
        .await
    }

    async fn create_table(&self, def: TableDefinition) -> Result<TableDescription> {
        self.run(Operation::CreateTable, 0, self.inner.create_table(def))
            .await
    }

    async fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescription> {
        self.run(Operation::UpdateTable, 0, self.inner.update_table(req))
            .await
    }

    async fn describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
        self.run(Operation::DescribeTable, 0, self.inner.describe_table(req))
            .await
    }

    async fn delete_table(&self, req: DeleteTableRequest) -> Result<TableDescription> {
        self.run(Operation::DeleteTable, 0, self.inner.delete_table(req))
            .await
    }

    async fn list_tables(&self, req: ListTablesRequest) -> Result<ListTablesOutput> {
        self.run(Operation::ListTables, 0, self.inner.list_tables(req))
            .await
    }

    async fn update_time_to_live(&self, req: UpdateTimeToLiveRequest) -> Result<TimeToLive> {
        self.run(
            Operation::UpdateTimeToLive,
            0,
            self.inner.update_time_to_live(req),
        )
        .await
    }

    async fn describe_time_to_live(
        &self,
        req: DescribeTimeToLiveRequest,
    ) -> Result<DescribeTimeToLiveOutput> {
        self.run(
            Operation::DescribeTimeToLive,
            0,
            self.inner.describe_time_to_live(req),
        )
        .await
    }

    async fn execute_statement(
        &self,
        req: ExecuteStatementRequest,
    ) -> Result<ExecuteStatementOutput> {
        self.run(
            Operation::ExecuteStatement,
            0,
            self.inner.execute_statement(req),
        )
        .await
    }

    async fn batch_execute_statement(
        &self,
        req: BatchExecuteStatementRequest,
    ) -> Result<BatchExecuteStatementOutput> {
        self.run(
            Operation::BatchExecuteStatement,
            0,
            self.inner.batch_execute_statement(req),
        )
        .await
    }

    async fn execute_transaction(
        &self,
        req: ExecuteTransactionRequest,
    ) -> Result<ExecuteTransactionOutput> {
        self.run(
            Operation::ExecuteTransaction,
            0,
            self.inner.execute_transaction(req),
        )
        .await
    }

    async fn batch_write_item(
        &self,
        mut req: BatchWriteItemRequest,
    ) -> Result<BatchWriteItemOutput> {
        let decision = self.decide(Operation::BatchWriteItem, 0);
        let mut withheld: BTreeMap<String, Vec<_>> = BTreeMap::new();
        if let Some(every) = decision.withhold_every {
            let mut next = 0;
            for (table, requests) in std::mem::take(&mut req.tables) {
                let (forward, held) = withhold(requests, every, &mut next);
                if !forward.is_empty() {
                    req.tables.insert(table.clone(), forward);
                }
                if !held.is_empty() {
                    withheld.insert(table, held);
                }
            }
            self.lock().withheld_writes += withheld.values().map(Vec::len).sum::<usize>() as u64;
        }
        let inner = &self.inner;
        let call = async move {
            if req.tables.is_empty() {
                Ok(BatchWriteItemOutput::default())
            } else {
                inner.batch_write_item(req).await
            }
        };
        let mut out = Self::finish(decision, call).await?;
        for (table, requests) in withheld {
            out.unprocessed.entry(table).or_default().extend(requests);
        }
        Ok(out)
    }

    async fn batch_get_item(&self, mut req: BatchGetItemRequest) -> Result<BatchGetItemOutput> {
        let decision = self.decide(Operation::BatchGetItem, 0);
        let mut withheld: BTreeMap<String, KeysAndAttributes> = BTreeMap::new();
        if let Some(every) = decision.withhold_every {
            let mut next = 0;
            for (table, mut ka) in std::mem::take(&mut req.tables) {
                let (forward, held) = withhold(std::mem::take(&mut ka.keys), every, &mut next);
                if !held.is_empty() {
                    withheld.insert(table.clone(), ka.with_keys(held));
                }
                if !forward.is_empty() {
                    req.tables.insert(table, ka.with_keys(forward));
                }
            }
            self.lock().withheld_keys +=
                withheld.values().map(|ka| ka.keys.len()).sum::<usize>() as u64;
        }
        let inner = &self.inner;
        let call = async move {
            if req.tables.is_empty() {
                Ok(BatchGetItemOutput::default())
            } else {
                inner.batch_get_item(req).await
            }
        };
        let mut out = Self::finish(decision, call).await?;
        for (table, ka) in withheld {
            match out.unprocessed.get_mut(&table) {
                Some(existing) => existing.keys.extend(ka.keys),
                None => {
                    out.unprocessed.insert(table, ka);
                }
            }
        }
        Ok(out)
    }
}
