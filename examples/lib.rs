//! dynorm's runnable examples that need nothing but dynorm and its memory
//! backend (`cargo run --example quickstart`, `cargo run --example
//! s3_documents`). The examples that talk to DynamoDB or S3 live in
//! `examples/aws/` and build with the `dynorm-tests` package.
