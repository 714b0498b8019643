//! The conformance kit a third way: the DynamoDB backend (aws-sdk-dynamodb)
//! talking to `dynorm-server`, which serves a memory backend. This checks
//! both ends of the wire at once: what the DynamoDB backend sends and what
//! the server reads, what the server answers and what the backend decodes.
//!
//! One server, on its own runtime, serves every test of the binary (each
//! test works under its own table prefix, as on DynamoDB Local).

use async_trait::async_trait;
use dynorm::backend::{Backend, BackendLayer};
use dynorm::Client;
use std::sync::{Arc, OnceLock};

/// The DynamoDB backend as the kit sees it here: named for the server, so
/// that the scenarios expect the memory backend's answers (DynamoDB's) where
/// DynamoDB Local's differ.
#[derive(Debug)]
struct ThroughServer(dynorm_dynamodb::DynamoDbBackend);

#[async_trait]
impl BackendLayer for ThroughServer {
    fn inner(&self) -> &dyn Backend {
        &self.0
    }

    fn name(&self) -> &'static str {
        "dynorm-server"
    }
}

/// The endpoint of the shared server, started on first use.
fn endpoint() -> &'static str {
    static ENDPOINT: OnceLock<String> = OnceLock::new();
    ENDPOINT.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime for the server");
            runtime.block_on(async {
                let server = dynorm_server::Server::bind(
                    "127.0.0.1:0",
                    Arc::new(dynorm_memory::MemoryBackend::new()),
                )
                .await
                .expect("the server binds a loopback port");
                tx.send(server.endpoint())
                    .expect("the test waits for the endpoint");
                std::future::pending::<()>().await;
            });
        });
        rx.recv().expect("the server thread sends its endpoint")
    })
}

/// A client on the DynamoDB backend pointed at the server, with an
/// in-process object store for the S3-backed attribute scenarios.
pub(crate) async fn through_server() -> Option<Client> {
    let backend = ThroughServer(dynorm_dynamodb::DynamoDbBackend::local(endpoint()));
    Some(
        Client::new(backend)
            .with_blob_store(Arc::new(dynorm_memory::MemoryBlobStore::new()))
            .with_key_service(dynorm_testkit::backends::memory_key_service()),
    )
}

dynorm_testkit::conformance_tests!(crate::through_server());
