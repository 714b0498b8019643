//! The memory backend against DynamoDB Local on random operation sequences
//! (`dynorm_testkit::differential`): 200 seeded cases by default,
//! `DYNORM_DIFF_CASES=5000` for a longer run, `DYNORM_DIFF_SEED` for
//! other sequences, `DYNORM_DIFF_SEED=<s> DYNORM_DIFF_FIRST=<case>
//! DYNORM_DIFF_CASES=1` to replay the case a failure names. Needs
//! `DYNORM_DYNAMODB_ENDPOINT` (set by `scripts/test.sh`): without it the test
//! fails under `CI=true` and skips loudly otherwise.
//!
//! Where DynamoDB Local answers differently from DynamoDB, the generator
//! stays off the difference, and the comparison does not look at it:
//! - no throttling and no transaction conflicts on Local: never generated
//!   (operations run one at a time);
//! - global indexes read as if consistent on Local (and on memory): the
//!   sequences read an index right after writing it;
//! - error messages are worded differently on Local in places: errors are
//!   compared by kind, old item and cancellation reasons, not by message.
//!
//! The disagreements known to remain are listed, with the number of times
//! each was tolerated, in the report this test prints
//! (`dynorm_testkit::differential::exemptions`).

use dynorm_dynamodb::DynamoDbBackend;
use dynorm_memory::MemoryBackend;
use dynorm_testkit::backends::dynamodb_endpoint;
use dynorm_testkit::differential::{run, Config};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_answers_as_dynamodb_local() {
    let Some(endpoint) = dynamodb_endpoint() else {
        return;
    };
    let reference = DynamoDbBackend::local(&endpoint);
    let report = run(&reference, &MemoryBackend::new(), &Config::from_env()).await;
    eprintln!("{report}");
    report.assert_agreed();
}
