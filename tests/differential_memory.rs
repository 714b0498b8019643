//! The differential comparison itself, without DynamoDB Local: two memory
//! backends agree on every case, and a backend that answers one thing wrong
//! is caught, its sequence shrunk.

use async_trait::async_trait;
use dynorm::backend::{Backend, BackendLayer, QueryOutput, QueryRequest};
use dynorm_memory::MemoryBackend;
use dynorm_testkit::differential::{run, Answer, Config, Op};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_memory_backends_agree() {
    let mut config = Config::from_env();
    config.cases = 60;
    let report = run(&MemoryBackend::new(), &MemoryBackend::new(), &config).await;
    report.assert_agreed();
    assert_eq!(report.cases, 60);
    assert!(report.ops >= 60 * 20, "{report}");
    assert!(
        report.both_failed > 0,
        "some operations must be errors: {report}"
    );
}

/// Memory, except that a Query's pages lose their last item.
#[derive(Debug)]
struct DropsLastQueryItem(MemoryBackend);

#[async_trait]
impl BackendLayer for DropsLastQueryItem {
    fn inner(&self) -> &dyn Backend {
        &self.0
    }

    async fn query(&self, req: QueryRequest) -> dynorm::Result<QueryOutput> {
        let mut out = self.0.query(req).await?;
        out.items.pop();
        Ok(out)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_answer_is_found_and_shrunk() {
    let mut config = Config::from_env();
    config.cases = 30;
    config.max_failures = 1;
    let broken = DropsLastQueryItem(MemoryBackend::new());
    let report = run(&MemoryBackend::new(), &broken, &config).await;
    let [found] = report.disagreements.as_slice() else {
        panic!("expected one disagreement: {report}");
    };
    let last = found.ops.last().expect("a disagreement has its operation");
    assert!(matches!(last, Op::Query(_)), "{found}");
    assert!(matches!(found.reference, Answer::Pages(_)), "{found}");
    // Shrunk: one write putting the item the query finds, then the query.
    assert!(found.ops.len() <= 3, "not shrunk: {found}");
    let text = found.to_string();
    assert!(text.contains("DYNORM_DIFF_FIRST="), "{text}");
}
