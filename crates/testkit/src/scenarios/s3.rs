//! S3-backed attributes through models: upload on save, metadata in the
//! item in pydynox's layout, lazy download, delete cascade, `None` keeps
//! the object, region override, batches and transactions, typed errors.
//! Listed in [`__with_s3_scenarios!`](crate::__with_s3_scenarios); they run as the test group `s3`.
//!
//! Every scenario needs the client's object store (in-process on the memory
//! backend, moto_server next to DynamoDB Local). A client without one skips
//! loudly; `backends::dynamodb` never gives one under CI.

use crate::blob_stores::{expected_etag, patterned_bytes, ScratchDir};
use crate::recording::RecordingBlobStore;
use crate::{Ctx, Outcome};
use dynorm::attributes::{S3File, S3Object, S3Value};
use dynorm::blob::{BlobBody, BlobErrorKind, BlobLocation, BlobStore, BlobUpload};
use dynorm::{Item, Model, Update, Value};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

/// The bucket the scenarios' models write to (created by each scenario).
pub const BUCKET: &str = "dynorm-conformance";
/// A bucket in another region than the store's.
pub const EU_BUCKET: &str = "dynorm-conformance-eu";

/// A document whose content lives in the object store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "s3_documents", pk = "DOC#{id}", max_size = 2000)]
pub struct S3Document {
    /// Document id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The file.
    #[dynorm(s3(bucket = "dynorm-conformance", prefix = "docs/"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<S3Object>,
}

/// A versioned attachment: the sort key is part of the object key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "s3_attachments", pk = "ATT#{owner}", sk = "v#{version}")]
pub struct S3Attachment {
    /// Owner id.
    pub owner: String,
    /// Version number.
    pub version: u32,
    /// The file (required).
    #[dynorm(s3(bucket = "dynorm-conformance"))]
    pub file: S3Object,
}

/// A file kept in a bucket of another region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "s3_archives")]
pub struct S3Archive {
    /// Archive id.
    #[dynorm(partition_key)]
    pub id: String,
    /// The file.
    #[dynorm(s3(
        bucket = "dynorm-conformance-eu",
        prefix = "archive/",
        region = "eu-west-1"
    ))]
    pub file: S3Object,
}

/// A model pointing at a bucket nobody created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "s3_orphans")]
pub struct S3Orphan {
    /// Id.
    #[dynorm(partition_key)]
    pub id: String,
    /// The file.
    #[dynorm(s3(bucket = "dynorm-no-such-bucket-7f3a"))]
    pub file: Option<S3Object>,
}

/// The object store and a unique id for this scenario run, with the
/// scenarios' bucket created; `None` (after a loud message) when the
/// client has no object store.
async fn setup(ctx: &Ctx) -> dynorm::Result<Option<(Arc<dyn BlobStore>, String)>> {
    let Ok(store) = ctx.client.blob_store() else {
        eprintln!(
            "\n*** SKIPPED: scenario `{}` on {}: the client has no object store (DYNORM_S3_ENDPOINT unset) ***\n",
            ctx.name,
            ctx.backend()
        );
        return Ok(None);
    };
    store.create_bucket(BUCKET, None).await?;
    // The table prefix is unique per run: ids built from it keep object keys apart.
    let unique = ctx.client.table_prefix().trim_end_matches('_').to_owned();
    Ok(Some((store.clone(), unique)))
}

fn stored(object: Option<&S3Object>) -> &S3Value {
    match object.and_then(S3Object::stored) {
        Some(v) => v,
        None => panic!("expected an uploaded S3 object, found {object:?}"),
    }
}

fn blob_kind(e: &dynorm::Error) -> Option<BlobErrorKind> {
    e.blob_error().map(|b| b.kind)
}

/// Saving uploads the file first, then writes the item with the metadata
/// map in pydynox's layout; reading returns the metadata only, and the
/// content comes on demand (bytes, file, presigned URL).
pub async fn s3_upload_on_save_and_lazy_download(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let table = S3Document::schema().table;
    // 50 KB of content: far over the model's max_size of 2000 bytes, which
    // applies to the item (metadata only), not to the object.
    let body: Vec<u8> = (0..50_000u32).map(|i| (i % 251) as u8).collect();
    let doc = S3Document {
        id: unique.clone(),
        title: "Invoice".into(),
        content: Some(
            S3File::from_bytes(body.clone(), "report.pdf")
                .content_type("application/pdf")
                .metadata("author", "Ann")
                .into(),
        ),
    };
    let written = ctx.client.put(&doc).send_written().await?;
    let value = stored(written.content.as_ref()).clone();
    let expected_key = format!("docs/DOC/{unique}/report.pdf");
    assert_eq!(value.bucket, BUCKET);
    assert_eq!(value.key, expected_key);
    assert_eq!(value.size, 50_000);
    assert_eq!(value.content_type.as_deref(), Some("application/pdf"));
    assert_eq!(
        value.metadata.get("author").map(String::as_str),
        Some("Ann")
    );
    assert_eq!(value.etag.len(), 32, "single-part etag is an MD5 in hex");
    assert!(!value.etag.contains('"'), "etag is stored without quotes");
    assert!(value.last_modified.is_some());

    // The item holds the metadata map and nothing else of the file.
    let raw = ctx
        .client
        .table(table)
        .get(Item::new().with("pk", format!("DOC#{unique}")))
        .consistent_read()
        .await?;
    let raw = raw.expect("item written");
    let Some(Value::M(map)) = raw.get("content") else {
        panic!("content is not a map: {raw:?}");
    };
    assert_eq!(map.get("bucket"), Some(&Value::from(BUCKET)));
    assert_eq!(map.get("key"), Some(&Value::from(expected_key.as_str())));
    assert_eq!(map.get("size"), Some(&Value::from(50_000)));
    assert_eq!(map.get("etag"), Some(&Value::from(value.etag.as_str())));
    assert_eq!(
        map.get("content_type"),
        Some(&Value::from("application/pdf"))
    );
    assert!(map.get("dynorm:upload").is_none());
    assert!(dynorm::item_size(&raw) < 2000);

    // Reading is metadata only; the content is fetched on demand.
    let back = ctx.client.get(doc.key()?).consistent_read().await?;
    let back = back.expect("document");
    assert_eq!(stored(back.content.as_ref()), &value);
    assert_eq!(value.bytes(&ctx.client).await?, body);
    let path = std::env::temp_dir().join(format!("dynorm-{unique}.pdf"));
    assert_eq!(value.save_to(&ctx.client, &path).await?, 50_000);
    let on_disk = std::fs::read(&path).map_err(|e| dynorm::Error::config(e.to_string()))?;
    let _ = std::fs::remove_file(&path);
    assert_eq!(on_disk, body);
    let url = value
        .presigned_url(&ctx.client, Duration::from_secs(3600))
        .await?;
    assert!(url.contains("report.pdf"), "{url}");
    assert!(url.contains("3600"), "{url}");
    assert!(store.head(&value.location()).await?.is_some());
    Ok(())
}

/// Files from a path keep their file name; the sort key is part of the
/// object key, and every `#` of the key values becomes `/`.
pub async fn s3_object_key_layout_with_sort_key(ctx: Ctx) -> Outcome {
    let Some((_, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Attachment>().await?;
    let path = std::env::temp_dir().join(format!("dynorm-{unique}-notes.txt"));
    std::fs::write(&path, b"line one\nline two\n")
        .map_err(|e| dynorm::Error::config(e.to_string()))?;
    let attachment = S3Attachment {
        owner: unique.clone(),
        version: 3,
        file: S3File::from_path(&path)?.into(),
    };
    let written = ctx.client.create(&attachment).send_written().await;
    let _ = std::fs::remove_file(&path);
    let written = written?;
    let value = stored(Some(&written.file));
    assert_eq!(
        value.key,
        format!("ATT/{unique}/v/3/dynorm-{unique}-notes.txt")
    );
    assert_eq!(value.size, 18);
    assert_eq!(value.content_type, None);
    assert_eq!(value.bytes(&ctx.client).await?, b"line one\nline two\n");
    Ok(())
}

/// Deleting the model deletes its object; `remove()` too.
pub async fn s3_delete_cascades_to_the_object(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let mut locations = Vec::new();
    for n in 0..2 {
        let doc = S3Document {
            id: format!("{unique}-{n}"),
            title: "t".into(),
            content: Some(S3File::from_bytes(b"bye".to_vec(), "f.txt").into()),
        };
        let written = ctx.client.put(&doc).send_written().await?;
        let at = stored(written.content.as_ref()).location();
        assert!(store.head(&at).await?.is_some());
        locations.push((written, at));
    }
    let (first, first_at) = &locations[0];
    let old = ctx.client.delete(first.key()?).return_old().await?;
    assert_eq!(old.as_ref().map(|d| &d.title), Some(&"t".to_owned()));
    assert_eq!(store.head(first_at).await?, None);
    assert!(ctx
        .client
        .get(first.key()?)
        .consistent_read()
        .await?
        .is_none());

    let (second, second_at) = &locations[1];
    let none = second.remove().with_client(&ctx.client).await?;
    assert!(none.is_none(), "no old item unless asked for");
    assert_eq!(store.head(second_at).await?, None);
    Ok(())
}

/// Saving `None` removes the reference from the item and keeps the object.
pub async fn s3_none_clears_the_reference_and_keeps_the_object(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let doc = S3Document {
        id: unique,
        title: "t".into(),
        content: Some(S3File::from_bytes(b"keep me".to_vec(), "k.txt").into()),
    };
    let mut written = ctx.client.put(&doc).send_written().await?;
    let at = stored(written.content.as_ref()).location();
    written.content = None;
    ctx.client.put(&written).await?;
    let back = ctx.client.get(doc.key()?).consistent_read().await?;
    assert_eq!(back.expect("document").content, None);
    assert_eq!(store.get(&at).await?, b"keep me");
    Ok(())
}

/// An item written in pydynox's layout (and its object) reads back: the
/// formats are the same.
pub async fn s3_reads_items_in_the_pydynox_layout(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let table = S3Document::schema().table;
    let key = format!("docs/DOC/{unique}/report.pdf");
    let at = BlobLocation::new(BUCKET, &key);
    let put = store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::Bytes(b"%PDF-1.4".to_vec()),
            content_type: Some("application/pdf".into()),
            metadata: Default::default(),
        })
        .await?;
    let raw = Item::new()
        .with("pk", format!("DOC#{unique}"))
        .with("id", unique.as_str())
        .with("title", "From Python")
        .with(
            "content",
            Value::M(
                Item::new()
                    .with("bucket", BUCKET)
                    .with("key", key.as_str())
                    .with("size", 8)
                    .with("etag", put.etag.as_str())
                    .with("content_type", "application/pdf"),
            ),
        );
    ctx.client.table(table).put(raw).await?;
    let doc = ctx
        .client
        .get(S3Document::key(&unique))
        .consistent_read()
        .await?
        .expect("document");
    let value = stored(doc.content.as_ref());
    assert_eq!(value.key, key);
    assert_eq!(value.size, 8);
    assert_eq!(value.etag, put.etag);
    assert_eq!(value.version_id, None);
    assert_eq!(value.bytes(&ctx.client).await?, b"%PDF-1.4");
    Ok(())
}

/// A missing bucket is a typed error and no item is written; an update
/// cannot carry a file to upload.
pub async fn s3_errors_are_typed_and_write_nothing(ctx: Ctx) -> Outcome {
    let Some((_, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Orphan>().await?;
    let orphan = S3Orphan {
        id: unique.clone(),
        file: Some(S3File::from_bytes(b"x".to_vec(), "x.bin").into()),
    };
    let err = ctx.client.put(&orphan).await.expect_err("missing bucket");
    assert_eq!(blob_kind(&err), Some(BlobErrorKind::NoSuchBucket), "{err}");
    assert!(
        err.to_string().contains("dynorm-no-such-bucket-7f3a"),
        "{err}"
    );
    assert!(ctx
        .client
        .get(orphan.key()?)
        .consistent_read()
        .await?
        .is_none());

    let file: S3Object = S3File::from_bytes(b"y".to_vec(), "y.bin").into();
    let update = Update::new().set("file", dynorm::to_value(&file)?);
    let err = ctx
        .client
        .update(orphan.key()?)
        .apply(update)
        .await
        .expect_err("files are uploaded by saves only");
    assert!(err.is_validation(), "{err}");
    assert!(ctx
        .client
        .get(orphan.key()?)
        .consistent_read()
        .await?
        .is_none());

    let no_store = ctx.client.with_blob_store(Arc::new(NoStore));
    let err = no_store.put(&orphan).await.expect_err("store refuses");
    assert_eq!(blob_kind(&err), Some(BlobErrorKind::AccessDenied), "{err}");
    Ok(())
}

/// A store that refuses everything, as S3 does without permissions.
#[derive(Debug)]
struct NoStore;

#[async_trait::async_trait]
impl BlobStore for NoStore {
    fn name(&self) -> &'static str {
        "deny"
    }
    async fn put(&self, upload: BlobUpload) -> dynorm::Result<dynorm::blob::StoredBlob> {
        Err(denied(&upload.location))
    }
    async fn get(&self, location: &BlobLocation) -> dynorm::Result<Vec<u8>> {
        Err(denied(location))
    }
    async fn download_to(
        &self,
        location: &BlobLocation,
        _: &std::path::Path,
    ) -> dynorm::Result<u64> {
        Err(denied(location))
    }
    async fn head(
        &self,
        location: &BlobLocation,
    ) -> dynorm::Result<Option<dynorm::blob::StoredBlob>> {
        Err(denied(location))
    }
    async fn delete(&self, location: &BlobLocation) -> dynorm::Result<()> {
        Err(denied(location))
    }
    async fn presigned_url(&self, location: &BlobLocation, _: Duration) -> dynorm::Result<String> {
        Err(denied(location))
    }
    async fn create_bucket(&self, bucket: &str, _: Option<&str>) -> dynorm::Result<()> {
        Err(
            dynorm::blob::BlobError::new(BlobErrorKind::AccessDenied, "Access Denied")
                .in_bucket(bucket)
                .into(),
        )
    }
}

fn denied(location: &BlobLocation) -> dynorm::Error {
    dynorm::blob::BlobError::new(BlobErrorKind::AccessDenied, "Access Denied")
        .at(location)
        .into()
}

/// An attribute with a region override writes to that region's bucket and
/// remembers the region for downloads.
pub async fn s3_region_override(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    store.create_bucket(EU_BUCKET, Some("eu-west-1")).await?;
    ctx.table_for::<S3Archive>().await?;
    let archive = S3Archive {
        id: unique.clone(),
        file: S3File::from_bytes(b"old records".to_vec(), "2019.csv").into(),
    };
    ctx.client.put(&archive).await?;
    let back = ctx
        .client
        .get(archive.key()?)
        .consistent_read()
        .await?
        .expect("archive");
    let value = stored(Some(&back.file));
    assert_eq!(value.bucket, EU_BUCKET);
    assert_eq!(value.region.as_deref(), Some("eu-west-1"));
    assert_eq!(value.key, format!("archive/{unique}/2019.csv"));
    assert_eq!(value.bytes(&ctx.client).await?, b"old records");
    ctx.client.delete(archive.key()?).await?;
    assert_eq!(store.head(&value.location()).await?, None);
    Ok(())
}

/// Batch puts and transaction puts upload; batch and transaction deletes
/// delete the objects once the items are gone.
pub async fn s3_batches_and_transactions(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let docs: Vec<S3Document> = (0..3)
        .map(|n| S3Document {
            id: format!("{unique}-{n}"),
            title: format!("doc {n}"),
            content: Some(S3File::from_bytes(format!("body {n}").into_bytes(), "b.txt").into()),
        })
        .collect();
    ctx.client.batch_write().put(&docs[0]).put(&docs[1]).await?;
    ctx.client.transact_write().put(&docs[2]).await?;
    let mut locations = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        let back = ctx
            .client
            .get(doc.key()?)
            .consistent_read()
            .await?
            .expect("document");
        let value = stored(back.content.as_ref());
        assert_eq!(
            value.bytes(&ctx.client).await?,
            format!("body {n}").into_bytes()
        );
        locations.push(value.location());
    }
    ctx.client
        .batch_write()
        .delete(docs[0].key()?)
        .delete(docs[1].key()?)
        .await?;
    ctx.client.transact_write().delete(docs[2].key()?).await?;
    for at in &locations {
        assert_eq!(store.head(at).await?, None, "{at} deleted with its item");
    }
    Ok(())
}

/// A file over the multipart threshold saved through a model goes up in
/// parts: the item records its size and S3's multipart entity tag, and it
/// reads back identical (bytes and file).
pub async fn s3_multipart_upload_through_a_model(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let dir = ScratchDir::new("s3-multipart-model")?;
    let len = usize::try_from(dynorm::blob::MULTIPART_THRESHOLD).unwrap_or(0) + 1024 * 1024 + 5;
    let body = patterned_bytes(len, 41);
    let src = dir.path("big.bin");
    std::fs::write(&src, &body).map_err(|e| dynorm::Error::config(e.to_string()))?;
    let doc = S3Document {
        id: unique.clone(),
        title: "Large".into(),
        content: Some(
            S3File::from_path(&src)?
                .content_type("application/octet-stream")
                .into(),
        ),
    };
    let written = ctx.client.put(&doc).send_written().await?;
    let value = stored(written.content.as_ref()).clone();
    assert_eq!(value.key, format!("docs/DOC/{unique}/big.bin"));
    assert_eq!(value.size, len as u64);
    assert_eq!(
        value.etag,
        expected_etag(&body),
        "S3's multipart entity tag"
    );
    assert!(value.etag.ends_with("-2"), "two parts: {}", value.etag);
    let head = store.head(&value.location()).await?;
    assert_eq!(
        head.map(|h| (h.size, h.etag)),
        Some((len as u64, value.etag.clone()))
    );

    let back = ctx
        .client
        .get(doc.key()?)
        .consistent_read()
        .await?
        .expect("document");
    assert_eq!(stored(back.content.as_ref()), &value);
    let bytes = value.bytes(&ctx.client).await?;
    assert_eq!(bytes.len(), len);
    assert!(bytes == body, "the object reads back identical");
    let out = dir.path("back.bin");
    assert_eq!(value.save_to(&ctx.client, &out).await?, len as u64);
    let on_disk = std::fs::read(&out).map_err(|e| dynorm::Error::config(e.to_string()))?;
    assert!(on_disk == body, "the object downloads back identical");
    Ok(())
}

fn oversized(id: String, title_len: usize) -> S3Document {
    S3Document {
        id,
        title: "t".repeat(title_len),
        content: Some(S3File::from_bytes(b"content".to_vec(), "f.txt").into()),
    }
}

fn assert_too_big(err: &dynorm::Error) {
    assert!(err.is_validation(), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("exceeds the maximum of 2000 bytes") && text.contains("S3Document"),
        "{text}"
    );
}

/// A model item over `max_size` is a typed error before any upload, for a
/// put, a batch and a transaction alike (where a valid document beside it
/// is not uploaded either); an item that only the store's metadata (entity
/// tag, time) puts over the limit is refused too, and its object deleted.
pub async fn s3_max_size_uploads_nothing(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let at = |id: &str| BlobLocation::new(BUCKET, format!("docs/DOC/{id}/f.txt"));
    let ids: Vec<String> = (0..5).map(|n| format!("{unique}-{n}")).collect();

    let err = ctx
        .client
        .put(&oversized(ids[0].clone(), 3000))
        .await
        .expect_err("too big");
    assert_too_big(&err);
    let err = ctx
        .client
        .batch_write()
        .put(&oversized(ids[1].clone(), 10))
        .put(&oversized(ids[2].clone(), 3000))
        .await
        .expect_err("too big");
    assert_too_big(&err);
    let err = ctx
        .client
        .transact_write()
        .put(&oversized(ids[3].clone(), 10))
        .put(&oversized(ids[4].clone(), 3000))
        .await
        .expect_err("too big");
    assert_too_big(&err);
    for id in &ids {
        assert_eq!(
            store.head(&at(id)).await?,
            None,
            "nothing uploaded for {id}"
        );
        let key = S3Document::key(id.as_str());
        assert!(ctx.client.get(key).consistent_read().await?.is_none());
    }

    // The exact size counts what the store reports: measure it once.
    let probe_id = format!("{unique}-p");
    let probe = ctx
        .client
        .put(&oversized(probe_id.clone(), 10))
        .send_written()
        .await?;
    let probe_size = dynorm::item_size(&probe.to_item()?);
    ctx.client.delete(probe.key()?).await?;
    assert_eq!(store.head(&at(&probe_id)).await?, None);
    let over = 10 + 2001 - probe_size;
    let err = ctx
        .client
        .put(&oversized(probe_id.clone(), over))
        .await
        .expect_err("one byte over");
    assert_too_big(&err);
    assert!(err.to_string().contains("2001 bytes"), "{err}");
    assert_eq!(
        store.head(&at(&probe_id)).await?,
        None,
        "the object uploaded before the exact check is deleted again"
    );
    let at_limit = ctx
        .client
        .put(&oversized(probe_id.clone(), over - 1))
        .send_written()
        .await?;
    assert_eq!(dynorm::item_size(&at_limit.to_item()?), 2000);
    Ok(())
}

/// A map holding the pending-upload marker, stored in the table by a raw
/// write, is refused by every model read with a codec error naming the
/// attribute: it never becomes a file that a save would upload.
pub async fn s3_pending_marker_in_a_table_is_never_uploaded(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    ctx.table_for::<S3Document>().await?;
    let dir = ScratchDir::new("s3-planted-marker")?;
    let secret = dir.path("secret.txt");
    std::fs::write(&secret, b"not for the bucket")
        .map_err(|e| dynorm::Error::config(e.to_string()))?;
    let marker = Value::M(
        Item::new().with(
            "dynorm:upload",
            Value::M(
                Item::new()
                    .with("name", "secret.txt")
                    .with("path", secret.to_string_lossy().as_ref()),
            ),
        ),
    );
    let raw = Item::new()
        .with("pk", format!("DOC#{unique}"))
        .with("id", unique.as_str())
        .with("title", "planted")
        .with("content", marker);
    ctx.client
        .table(S3Document::schema().table)
        .put(raw)
        .await?;
    let codec_in_content = |e: &dynorm::Error| match e {
        dynorm::Error::Codec(c) => c.attribute.as_deref() == Some("content"),
        _ => false,
    };
    let err = ctx
        .client
        .get(S3Document::key(unique.as_str()))
        .consistent_read()
        .await
        .expect_err("a pending marker read from the table");
    assert!(codec_in_content(&err), "{err:?}");
    let err = ctx
        .client
        .scan::<S3Document>()
        .consistent_read()
        .all()
        .await
        .expect_err("a pending marker read from the table");
    assert!(codec_in_content(&err), "{err:?}");
    let at = BlobLocation::new(BUCKET, format!("docs/DOC/{unique}/secret.txt"));
    assert_eq!(store.head(&at).await?, None, "nothing uploaded");
    Ok(())
}

/// An item written by pydynox (its exact layout, written here as a raw
/// item: no `region` key, nothing dynorm-only) for an attribute with a
/// region override reads back, and its object is downloaded, presigned and
/// deleted in the attribute's region. What dynorm writes back is the same
/// layout.
pub async fn s3_reads_the_pydynox_layout_in_the_attribute_region(ctx: Ctx) -> Outcome {
    let Some((store, unique)) = setup(&ctx).await? else {
        return Ok(());
    };
    store.create_bucket(EU_BUCKET, Some("eu-west-1")).await?;
    ctx.table_for::<S3Archive>().await?;
    let key = format!("archive/{unique}/2019.csv");
    let at = BlobLocation::new(EU_BUCKET, &key).in_region(Some("eu-west-1"));
    let body = b"year,total\n2019,42\n".to_vec();
    let put = store
        .put(BlobUpload {
            location: at.clone(),
            body: BlobBody::Bytes(body.clone()),
            content_type: Some("text/csv".into()),
            metadata: [("author".to_owned(), "John".to_owned())].into(),
        })
        .await?;
    let seed_map = Item::new()
        .with("bucket", EU_BUCKET)
        .with("key", key.as_str())
        .with("size", body.len())
        .with("etag", put.etag.as_str())
        .with("content_type", "text/csv")
        .with("last_modified", "2024-01-15T10:30:00Z")
        .with("metadata", Value::M(Item::new().with("author", "John")));
    let table = S3Archive::schema().table;
    ctx.client
        .table(table)
        .put(
            Item::new()
                .with("id", unique.as_str())
                .with("file", Value::M(seed_map.clone())),
        )
        .await?;

    let recording = RecordingBlobStore::new(store.clone());
    let client = ctx.client.with_blob_store(Arc::new(recording.clone()));
    let archive = client
        .get(S3Archive::key(unique.as_str()))
        .consistent_read()
        .await?
        .expect("archive");
    let value = stored(Some(&archive.file)).clone();
    assert_eq!(value.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        value.metadata.get("author").map(String::as_str),
        Some("John")
    );
    assert_eq!(value.bytes(&client).await?, body);
    let dir = ScratchDir::new("s3-seed-region")?;
    assert_eq!(
        value.save_to(&client, dir.path("out.csv")).await?,
        body.len() as u64
    );
    let url = value
        .presigned_url(&client, Duration::from_secs(600))
        .await?;
    assert!(url.contains("2019.csv"), "{url}");

    // Saved back unchanged, the map is the seed's layout still.
    client.put(&archive).await?;
    let raw = ctx
        .client
        .table(table)
        .get(Item::new().with("id", unique.as_str()))
        .consistent_read()
        .await?
        .expect("item");
    assert_eq!(raw.get("file"), Some(&Value::M(seed_map)));

    client.delete(archive.key()?).await?;
    assert_eq!(store.head(&at).await?, None, "deleted with its item");
    let calls = recording.calls();
    let names: Vec<&str> = calls.iter().map(|(call, _)| *call).collect();
    assert_eq!(names, ["get", "download_to", "presigned_url", "delete"]);
    for (call, location) in &calls {
        assert_eq!(
            location.region.as_deref(),
            Some("eu-west-1"),
            "{call} of {location} in the attribute's region"
        );
    }
    Ok(())
}

/// Calls `$cb!($arg; s3 { ... })` with the S3-backed attribute scenarios.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_s3_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            s3 {
                s3_upload_on_save_and_lazy_download,
                s3_object_key_layout_with_sort_key,
                s3_delete_cascades_to_the_object,
                s3_none_clears_the_reference_and_keeps_the_object,
                s3_reads_items_in_the_pydynox_layout,
                s3_errors_are_typed_and_write_nothing,
                s3_region_override,
                s3_batches_and_transactions,
                s3_multipart_upload_through_a_model,
                s3_max_size_uploads_nothing,
                s3_pending_marker_in_a_table_is_never_uploaded,
                s3_reads_the_pydynox_layout_in_the_attribute_region,
            }
        }
    };
}
