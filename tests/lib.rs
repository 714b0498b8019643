//! Workspace-level integration tests: the conformance kit (`dynorm-testkit`)
//! run against every backend, and the runnable examples that need AWS
//! (`examples/aws/`).
