//! Differential testing: random operation sequences run on two backends
//! through the [`Backend`] trait (raw requests, no models), comparing the
//! answers after every operation.
//!
//! [`run`] takes a reference backend (DynamoDB Local in
//! `tests/differential_dynamodb.rs`) and a candidate (the memory backend),
//! creates the same tables on both ([`schema`](self) below), and for each
//! case empties them and runs one generated sequence on both: puts, updates
//! (SET/REMOVE/ADD/DELETE, `list_append`, `if_not_exists`, nested paths),
//! deletes with conditions and return values, gets, queries with every
//! sort-key operator, filters and projections on the table and on global and
//! local indexes of each projection, paged to the end, scans (parallel too),
//! batch gets and writes, write transactions (with idempotency tokens, resent
//! and misused) and read transactions. Values are tricky on purpose: 38-digit
//! numbers, exponents, `-0`, trailing zeros, strings whose UTF-8 order is not
//! their UTF-16 order (astral characters), nested documents, every set type,
//! and now and then a malformed key or a value of the wrong type.
//!
//! Answers are compared normalised ([`Answer`]): items with set members
//! sorted; BatchGetItem's items and a Scan's items sorted (DynamoDB
//! specifies no order there; a Query's order it does specify, and every page
//! and start key is compared); errors by kind, with a failed condition's old
//! item and a cancelled transaction's reasons, not by message (DynamoDB
//! Local words many messages differently from DynamoDB, which memory follows).
//!
//! A case is generated from its seed alone, so it replays; on a disagreement
//! the sequence is shrunk (operations dropped while the disagreement stays)
//! and [`Report`] prints the seed, the shortest sequence found and both
//! answers. Known disagreements are listed in [`exemptions`], left out of
//! the generator or tolerated by name and counted.
//!
//! Where DynamoDB Local itself differs from DynamoDB, the generator stays off
//! it: it sends no requests that would be throttled or conflict (Local has
//! neither), reads global indexes right after writing them (Local's are
//! consistent; the memory backend's too, as [`Capabilities`] say), and does
//! not compare messages.
//!
//! ```no_run
//! use dynorm_memory::MemoryBackend;
//! use dynorm_testkit::differential::{run, Config};
//! # async fn demo(reference: &dyn dynorm::Backend) {
//! let report = run(reference, &MemoryBackend::new(), &Config::from_env()).await;
//! report.assert_agreed();
//! # }
//! ```
//!
//! [`Capabilities`]: dynorm::backend::Capabilities

mod answer;
pub mod exemptions;
mod generate;
mod rng;
mod schema;
mod values;

pub use answer::{Answer, Failure};
pub use exemptions::Exemption;
pub use rng::Rng;

use dynorm::backend::*;
use dynorm::Backend;
use std::collections::BTreeMap;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// One operation of a sequence. A Query or Scan is read to the end, page by
/// page; a parallel Scan reads every segment.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Op {
    /// GetItem.
    Get(GetItemRequest),
    /// PutItem.
    Put(PutItemRequest),
    /// UpdateItem.
    Update(UpdateItemRequest),
    /// DeleteItem.
    Delete(DeleteItemRequest),
    /// Query, to the last page.
    Query(QueryRequest),
    /// Scan, to the last page of every segment.
    Scan {
        /// The first page's request.
        req: ScanRequest,
        /// Total segments of a parallel scan.
        segments: Option<u32>,
    },
    /// BatchGetItem.
    BatchGet(BatchGetItemRequest),
    /// BatchWriteItem.
    BatchWrite(BatchWriteItemRequest),
    /// TransactWriteItems; `token` names a client request token of the case
    /// (the same number is the same token).
    TransactWrite {
        /// The request, without its token.
        req: TransactWriteItemsRequest,
        /// The case's token number.
        token: Option<u32>,
    },
    /// TransactGetItems.
    TransactGet(TransactGetItemsRequest),
}

/// How many cases to run, from which seed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// The run's seed; case `i`'s seed is derived from it.
    pub seed: u64,
    /// The first case run.
    pub first: usize,
    /// Cases run.
    pub cases: usize,
    /// Operations per case.
    pub ops: usize,
    /// Stop after this many disagreements.
    pub max_failures: usize,
}

/// The seed of the fixed budget.
pub const DEFAULT_SEED: u64 = 0x5EED_D1FF_2026;

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: DEFAULT_SEED,
            first: 0,
            cases: 200,
            ops: 20,
            max_failures: 3,
        }
    }
}

impl Config {
    /// The default budget (200 cases of 20 operations from [`DEFAULT_SEED`]),
    /// changed by `DYNORM_DIFF_CASES`, `DYNORM_DIFF_SEED`, `DYNORM_DIFF_FIRST`
    /// (to replay from a case) and `DYNORM_DIFF_OPS`.
    ///
    /// ```
    /// let config = dynorm_testkit::differential::Config::from_env();
    /// assert!(config.cases > 0);
    /// ```
    pub fn from_env() -> Config {
        fn var(name: &str) -> Option<u64> {
            let v = std::env::var(name).ok()?;
            let v = v.trim();
            match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => v.parse().ok(),
            }
        }
        let d = Config::default();
        Config {
            seed: var("DYNORM_DIFF_SEED").unwrap_or(d.seed),
            first: var("DYNORM_DIFF_FIRST").map_or(d.first, |v| v as usize),
            cases: var("DYNORM_DIFF_CASES").map_or(d.cases, |v| v as usize),
            ops: var("DYNORM_DIFF_OPS").map_or(d.ops, |v| v as usize),
            max_failures: d.max_failures,
        }
    }
}

/// One disagreement, shrunk.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// The run's seed.
    pub seed: u64,
    /// The case number.
    pub case: usize,
    /// The operations that lead to it; the last one disagrees.
    pub ops: Vec<Op>,
    /// The reference's answer to the last operation.
    pub reference: Answer,
    /// The candidate's answer to it.
    pub candidate: Answer,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "case {} of seed {:#x} (replay: DYNORM_DIFF_SEED={:#x} DYNORM_DIFF_FIRST={} DYNORM_DIFF_CASES=1), {} operation(s):",
            self.case,
            self.seed,
            self.seed,
            self.case,
            self.ops.len()
        )?;
        for (i, op) in self.ops.iter().enumerate() {
            writeln!(f, "  {i}: {op:?}")?;
        }
        writeln!(f, "reference answered: {:?}", self.reference)?;
        write!(f, "candidate answered: {:?}", self.candidate)
    }
}

/// What a run did and found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Cases run.
    pub cases: usize,
    /// Operations compared (shrinking not counted).
    pub ops: usize,
    /// Operations both backends answered with an error.
    pub both_failed: usize,
    /// Tolerated disagreements, by exemption name.
    pub tolerated: BTreeMap<&'static str, usize>,
    /// Disagreements, shrunk.
    pub disagreements: Vec<Disagreement>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} case(s), {} operation(s) compared ({} errors on both), {} disagreement(s)",
            self.cases,
            self.ops,
            self.both_failed,
            self.disagreements.len()
        )?;
        for e in exemptions::ALL {
            let how = if e.excluded {
                "not generated".to_owned()
            } else {
                format!(
                    "tolerated {} time(s)",
                    self.tolerated.get(e.name).unwrap_or(&0)
                )
            };
            writeln!(f, "  known: {} ({how}): {}", e.name, e.what)?;
        }
        for d in &self.disagreements {
            writeln!(f, "\n{d}")?;
        }
        Ok(())
    }
}

impl Report {
    /// Panics with the whole report if the backends disagreed.
    pub fn assert_agreed(&self) {
        assert!(
            self.disagreements.is_empty(),
            "the backends disagree:\n{self}"
        );
    }
}

/// Both backends and what one execution of a sequence needs.
struct Pair<'a> {
    reference: &'a dyn Backend,
    candidate: &'a dyn Backend,
    prefix: String,
    /// Makes the tokens of every execution distinct (DynamoDB remembers a
    /// token for 10 minutes, across tables).
    nonce: String,
    executions: usize,
}

/// The first operation of `ops` the backends disagree on, with both
/// answers; the tolerated ones counted into `report`.
struct Outcome {
    at: Option<(usize, Answer, Answer)>,
    compared: usize,
    both_failed: usize,
    tolerated: Vec<&'static str>,
}

impl Pair<'_> {
    async fn execute(&mut self, ops: &[Op]) -> dynorm::Result<Outcome> {
        schema::clear(self.reference, &self.prefix).await?;
        schema::clear(self.candidate, &self.prefix).await?;
        self.executions += 1;
        let mut out = Outcome {
            at: None,
            compared: 0,
            both_failed: 0,
            tolerated: Vec::new(),
        };
        for (i, op) in ops.iter().enumerate() {
            let token = match op {
                Op::TransactWrite { token: Some(t), .. } => {
                    Some(format!("{}-{}-{t}", self.nonce, self.executions))
                }
                _ => None,
            };
            let reference = answer::run(self.reference, op, token.clone()).await;
            let candidate = answer::run(self.candidate, op, token).await;
            out.compared += 1;
            if reference == candidate {
                if reference.kind().is_some() {
                    out.both_failed += 1;
                }
                continue;
            }
            if let Some(e) = exemptions::tolerated(op, &candidate, &reference) {
                out.tolerated.push(e.name);
                continue;
            }
            out.at = Some((i, reference, candidate));
            break;
        }
        Ok(out)
    }

    /// Drops operations from `ops` (whose last one disagrees) while the
    /// disagreement stays, within a budget of executions.
    async fn shrink(
        &mut self,
        mut ops: Vec<Op>,
        mut last: (Answer, Answer),
    ) -> (Vec<Op>, Answer, Answer) {
        let mut budget = 80usize;
        let mut i = ops.len().saturating_sub(1);
        while i > 0 && budget > 0 {
            i -= 1;
            budget -= 1;
            let mut fewer = ops.clone();
            fewer.remove(i);
            if let Ok(Outcome {
                at: Some((at, r, c)),
                ..
            }) = self.execute(&fewer).await
            {
                fewer.truncate(at + 1);
                i = i.min(fewer.len().saturating_sub(1));
                ops = fewer;
                last = (r, c);
            }
        }
        (ops, last.0, last.1)
    }
}

/// Runs `config`'s cases on both backends and reports what disagreed.
/// Tables named `diff<time>_*` are created on both and deleted at the end.
///
/// Panics if the tables cannot be created or emptied (the backend is not
/// usable for the comparison).
pub async fn run(reference: &dyn Backend, candidate: &dyn Backend, config: &Config) -> Report {
    let nonce = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() % 1_000_000_000_000)
        .unwrap_or(0)
        .to_string();
    let prefix = format!("diff{nonce}_");
    for backend in [reference, candidate] {
        if let Err(e) = schema::create(backend, &prefix).await {
            panic!(
                "cannot create the tables on the {} backend: {e}",
                backend.name()
            );
        }
    }
    let mut pair = Pair {
        reference,
        candidate,
        prefix,
        nonce,
        executions: 0,
    };
    let mut report = Report::default();
    for case in config.first..config.first + config.cases {
        let ops = generate::Generator::new(rng::case_seed(config.seed, case), &pair.prefix)
            .sequence(config.ops);
        let outcome = match pair.execute(&ops).await {
            Ok(o) => o,
            Err(e) => panic!("cannot empty the tables for case {case}: {e}"),
        };
        report.cases += 1;
        report.ops += outcome.compared;
        report.both_failed += outcome.both_failed;
        for name in outcome.tolerated {
            *report.tolerated.entry(name).or_default() += 1;
        }
        if let Some((at, r, c)) = outcome.at {
            let mut ops = ops;
            ops.truncate(at + 1);
            let (ops, reference, candidate) = pair.shrink(ops, (r, c)).await;
            report.disagreements.push(Disagreement {
                seed: config.seed,
                case,
                ops,
                reference,
                candidate,
            });
            if report.disagreements.len() >= config.max_failures {
                break;
            }
        }
    }
    schema::drop_tables(reference, &pair.prefix).await;
    schema::drop_tables(candidate, &pair.prefix).await;
    report
}
