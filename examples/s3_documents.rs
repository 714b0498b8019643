//! S3-backed attributes: files in an object store, metadata in the item.
//! `cargo run --example s3_documents` runs it in process (memory backend and
//! memory object store). `examples/aws/s3_documents_local.rs` runs the same
//! cycle on DynamoDB Local and an S3 endpoint (`cargo run --example
//! s3_documents_local`).

use dynorm::attributes::{S3File, S3Object};
use dynorm::{Client, Model};
use dynorm_memory::MemoryClient;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// A document: the metadata map lives in the item, the PDF in the bucket.
#[derive(Debug, Serialize, Deserialize, Model)]
#[dynorm(table = "documents", pk = "DOC#{id}", sk = "v1")]
struct Document {
    id: String,
    name: String,
    #[dynorm(s3(bucket = "company-docs", prefix = "documents/"))]
    content: Option<S3Object>,
}

#[tokio::main]
async fn main() -> dynorm::Result<()> {
    run(Client::memory()).await
}

/// Saves, reads, downloads and deletes a document with `client`.
pub async fn run(client: Client) -> dynorm::Result<()> {
    client.ensure_table::<Document>().await?;
    client.ensure_buckets::<Document>().await?;

    // Upload on save: the object first, then the item with its metadata.
    let pdf = b"%PDF-1.7 an invoice".repeat(1000);
    let doc = Document {
        id: "invoice-2024-001".into(),
        name: "Invoice January 2024".into(),
        content: Some(
            S3File::from_bytes(pdf.clone(), "invoice.pdf")
                .content_type("application/pdf")
                .metadata("department", "finance")
                .into(),
        ),
    };
    let doc = client.put(&doc).send_written().await?;
    let Some(stored) = doc.content.as_ref().and_then(S3Object::stored) else {
        return Err(dynorm::Error::config("the save did not upload the file"));
    };
    println!(
        "stored s3://{}/{} ({} bytes, etag {})",
        stored.bucket, stored.key, stored.size, stored.etag
    );

    // Reading is metadata only; the bytes come on demand.
    let loaded = client
        .get(Document::key("invoice-2024-001"))
        .await?
        .ok_or_else(|| dynorm::Error::config("document missing"))?;
    if let Some(content) = loaded.content.as_ref().and_then(S3Object::stored) {
        let bytes = content.bytes(&client).await?;
        println!("{}: downloaded {} bytes", loaded.name, bytes.len());
        assert_eq!(bytes, pdf);
        let url = content
            .presigned_url(&client, Duration::from_secs(3600))
            .await?;
        println!("share: {url}");
    }

    // Deleting the model deletes the object too.
    client.delete(Document::key("invoice-2024-001")).await?;
    let gone = client.blob_store()?.head(&stored.location()).await?;
    println!("after delete, object exists: {}", gone.is_some());
    Ok(())
}
