//! S3-backed attributes through models on the memory backend and a memory
//! object store: the pending-upload marker is never honoured on reads,
//! `max_size` is checked before anything is uploaded, and downloads of items
//! in pydynox's layout use the attribute's region.
#![allow(clippy::unwrap_used)]

use dynorm::attributes::{S3File, S3Object};
use dynorm::blob::{BlobLocation, BlobStore, BlobUpload};
use dynorm::{from_value, to_value, Client, Error, Item, Model, Value};
use dynorm_memory::{MemoryBackend, MemoryBlobStore};
use dynorm_testkit::recording::RecordingBlobStore;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const BUCKET: &str = "docs-bucket";
const EU_BUCKET: &str = "eu-archive";

/// A document with an S3-backed attribute and a size limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "docs", pk = "DOC#{id}", max_size = 1000)]
struct Doc {
    id: String,
    title: String,
    #[dynorm(s3(bucket = "docs-bucket", prefix = "docs"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    content: Option<S3Object>,
}

/// A file in a bucket of another region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "archives")]
struct Archive {
    #[dynorm(partition_key)]
    id: String,
    #[dynorm(s3(bucket = "eu-archive", prefix = "archive/", region = "eu-west-1"))]
    file: S3Object,
}

/// Every object store call on a memory store, with its location.
fn recording() -> RecordingBlobStore<MemoryBlobStore> {
    RecordingBlobStore::new(Arc::new(MemoryBlobStore::default()))
}

/// A memory client whose object store is `store`, with both models' tables
/// and buckets.
async fn client_with(store: RecordingBlobStore<MemoryBlobStore>) -> Client {
    let client = Client::builder(Arc::new(MemoryBackend::new()))
        .blob_store(Arc::new(store.clone()))
        .build();
    client.create_table::<Doc>().await.unwrap();
    client.create_table::<Archive>().await.unwrap();
    store.create_bucket(BUCKET, None).await.unwrap();
    store
        .create_bucket(EU_BUCKET, Some("eu-west-1"))
        .await
        .unwrap();
    client
}

/// A local file for this test, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, body: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!(
            "dynorm-s3-test-{}-{name}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::write(&path, body).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The map an `S3File` serializes to while it waits for a save.
fn marker_for(path: &Path) -> Value {
    Value::M(
        Item::new().with(
            "dynorm:upload",
            Value::M(
                Item::new()
                    .with("name", "secret.txt")
                    .with("path", path.to_str().unwrap()),
            ),
        ),
    )
}

fn assert_codec_error_in(err: &Error, attribute: &str) {
    match err {
        Error::Codec(c) => {
            assert_eq!(c.attribute.as_deref(), Some(attribute), "{err}");
            assert!(c.message.contains("dynorm:upload"), "{err}");
        }
        other => panic!("expected a codec error naming `{attribute}`, got {other:?}"),
    }
}

#[tokio::test]
async fn a_pending_marker_read_from_a_table_never_becomes_a_file() {
    let store = recording();
    let client = client_with(store.clone()).await;
    let secret = TempFile::new("secret.txt", b"top secret");
    let raw = Item::new()
        .with("pk", "DOC#1")
        .with("id", "1")
        .with("title", "planted")
        .with("content", marker_for(&secret.0));
    client.table("docs").put(raw.clone()).await.unwrap();

    // Every model read rejects it, naming the attribute.
    let err = client.get(Doc::key("1")).await.unwrap_err();
    assert_codec_error_in(&err, "content");
    let err = client.scan::<Doc>().all().await.unwrap_err();
    assert_codec_error_in(&err, "content");
    let err = client.batch_get([Doc::key("1")]).await.unwrap_err();
    assert_codec_error_in(&err, "content");
    let snapshot = client.transact_get().get(Doc::key("1")).await.unwrap();
    assert_codec_error_in(&snapshot.get::<Doc>(0).unwrap_err(), "content");

    // Decoding by hand too.
    assert_codec_error_in(&Doc::from_item(raw.clone()).unwrap_err(), "content");
    let json = dynorm::value::item_to_json(&raw);
    assert_codec_error_in(&Doc::from_json(json).unwrap_err(), "content");
    let err = from_value::<S3Object>(marker_for(&secret.0)).unwrap_err();
    assert!(err.message.contains("dynorm:upload"), "{err}");
    assert!(from_value::<S3File>(marker_for(&secret.0)).is_err());

    // Deleting the item skips the marker: it names no stored object.
    client.delete(Doc::key("1")).await.unwrap();

    // Nothing was uploaded, nor deleted.
    assert!(store.calls().is_empty(), "{:?}", store.calls());
    assert!(store.inner().keys(BUCKET).is_empty());
}

#[tokio::test]
async fn pending_files_still_round_trip_on_the_write_path() {
    let store = recording();
    let client = client_with(store.clone()).await;
    let file = TempFile::new("notes.txt", b"my own notes");
    let doc = Doc {
        id: "2".into(),
        title: "mine".into(),
        content: Some(S3File::from_path(&file.0).unwrap().into()),
    };
    let written = client.put(&doc).send_written().await.unwrap();
    let stored = written.content.as_ref().and_then(S3Object::stored).unwrap();
    assert_eq!(stored.key, format!("docs/DOC/2/{}", stored.file_name()));
    assert_eq!(stored.bytes(&client).await.unwrap(), b"my own notes");
    // The item in the table holds metadata only.
    let raw = client
        .table("docs")
        .get(Item::new().with("pk", "DOC#2"))
        .await
        .unwrap()
        .unwrap();
    let Some(Value::M(map)) = raw.get("content") else {
        panic!("{raw:?}")
    };
    assert!(map.get("dynorm:upload").is_none());
    assert!(map.get("region").is_none(), "{map:?}");
}

#[tokio::test]
async fn a_hook_cannot_plant_a_pending_file() {
    #[derive(Debug, Clone, Serialize, Deserialize, Model)]
    #[dynorm(table = "docs", pk = "DOC#{id}", hooks)]
    struct Hooked {
        id: String,
        #[dynorm(s3(bucket = "docs-bucket"))]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<S3Object>,
    }
    impl dynorm::model::Hooks for Hooked {
        fn before_save(&self, item: &mut Item) -> Result<(), dynorm::BoxError> {
            let path = std::env::temp_dir().join("dynorm-planted-by-hook");
            item.insert("content", marker_for(&path));
            Ok(())
        }
    }
    let store = recording();
    let client = client_with(store.clone()).await;
    let err = client
        .put(&Hooked {
            id: "3".into(),
            content: None,
        })
        .await
        .unwrap_err();
    assert!(err.is_validation(), "{err}");
    assert!(err.to_string().contains("content"), "{err}");
    assert!(store.calls().is_empty(), "{:?}", store.calls());
}

fn big_doc(id: &str, title_len: usize) -> Doc {
    Doc {
        id: id.into(),
        title: "t".repeat(title_len),
        content: Some(S3File::from_bytes(b"file body".to_vec(), "f.txt").into()),
    }
}

fn assert_size_error(err: &Error) {
    assert!(err.is_validation(), "{err}");
    let text = err.to_string();
    assert!(text.contains("exceeds the maximum of 1000 bytes"), "{text}");
    assert!(text.contains("model Doc"), "{text}");
}

#[tokio::test]
async fn max_size_is_checked_before_any_upload() {
    let store = recording();
    let client = client_with(store.clone()).await;

    let err = client.put(&big_doc("a", 2000)).await.unwrap_err();
    assert_size_error(&err);
    assert!(store.inner().keys(BUCKET).is_empty(), "single put");

    // A valid document first, an oversized one second: neither uploads.
    let err = client
        .batch_write()
        .put(&big_doc("b1", 10))
        .put(&big_doc("b2", 2000))
        .await
        .unwrap_err();
    assert_size_error(&err);
    assert!(store.inner().keys(BUCKET).is_empty(), "batch write");

    let err = client
        .transact_write()
        .put(&big_doc("t1", 10))
        .put(&big_doc("t2", 2000))
        .await
        .unwrap_err();
    assert_size_error(&err);
    assert!(store.inner().keys(BUCKET).is_empty(), "transaction");
    assert!(
        store.calls().iter().all(|(call, _)| *call != "put"),
        "{:?}",
        store.calls()
    );
    assert!(client.scan::<Doc>().all().await.unwrap().is_empty());
}

#[tokio::test]
async fn max_size_counts_the_stored_metadata_exactly() {
    let store = recording();
    let client = client_with(store.clone()).await;
    // The size of a written item with a 10-character title.
    let probe = client.put(&big_doc("p", 10)).send_written().await.unwrap();
    let probe_size = dynorm::item_size(&probe.to_item().unwrap());
    client.delete(Doc::key("p")).await.unwrap();
    assert!(store.inner().keys(BUCKET).is_empty());

    // Exactly at the limit once the metadata is in place: written.
    let at_limit = 10 + 1000 - probe_size;
    let written = client
        .put(&big_doc("p", at_limit))
        .send_written()
        .await
        .unwrap();
    assert_eq!(dynorm::item_size(&written.to_item().unwrap()), 1000);
    client.delete(Doc::key("p")).await.unwrap();

    // One byte over only once the store's etag and time are in: the size
    // error, and the object uploaded meanwhile is deleted again.
    let err = client.put(&big_doc("p", at_limit + 1)).await.unwrap_err();
    assert_size_error(&err);
    assert!(err.to_string().contains("1001 bytes"), "{err}");
    assert!(store.inner().keys(BUCKET).is_empty());
    assert!(client.get(Doc::key("p")).await.unwrap().is_none());
}

#[tokio::test]
async fn items_in_the_seed_layout_use_the_attribute_region() {
    let store = recording();
    let client = client_with(store.clone()).await;
    let at = BlobLocation::new(EU_BUCKET, "archive/a1/2019.csv").in_region(Some("eu-west-1"));
    let put = store
        .inner()
        .put(BlobUpload {
            location: at.clone(),
            body: dynorm::blob::BlobBody::Bytes(b"old records".to_vec()),
            content_type: Some("text/csv".into()),
            metadata: Default::default(),
        })
        .await
        .unwrap();
    // The seed's layout: no `region` key.
    let raw = Item::new().with("id", "a1").with(
        "file",
        Value::M(
            Item::new()
                .with("bucket", EU_BUCKET)
                .with("key", "archive/a1/2019.csv")
                .with("size", 11)
                .with("etag", put.etag.as_str())
                .with("content_type", "text/csv"),
        ),
    );
    client.table("archives").put(raw).await.unwrap();
    let archive = client.get(Archive::key("a1")).await.unwrap().unwrap();
    let value = archive.file.stored().unwrap();
    assert_eq!(value.region.as_deref(), Some("eu-west-1"));
    assert_eq!(value.bytes(&client).await.unwrap(), b"old records");
    value
        .presigned_url(&client, Duration::from_secs(60))
        .await
        .unwrap();
    client.delete(Archive::key("a1")).await.unwrap();
    let calls = store.calls();
    let names: Vec<&str> = calls.iter().map(|(c, _)| *c).collect();
    assert_eq!(names, ["get", "presigned_url", "delete"]);
    for (call, location) in &calls {
        assert_eq!(location.region.as_deref(), Some("eu-west-1"), "{call}");
    }
    assert!(store.inner().keys(EU_BUCKET).is_empty());

    // What dynorm writes is the seed's layout too: no `region` key.
    let archive = Archive {
        id: "a2".into(),
        file: S3File::from_bytes(b"new".to_vec(), "2024.csv").into(),
    };
    let written = client.put(&archive).send_written().await.unwrap();
    let value = written.file.stored().unwrap();
    assert_eq!(value.region.as_deref(), Some("eu-west-1"));
    assert!(!to_value(value)
        .unwrap()
        .as_map()
        .unwrap()
        .contains("region"));
    let raw = client
        .table("archives")
        .get(Item::new().with("id", "a2"))
        .await
        .unwrap()
        .unwrap();
    let map = raw.get("file").and_then(Value::as_map).unwrap();
    let mut keys: Vec<&str> = map.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["bucket", "etag", "key", "last_modified", "size"]);
}

#[tokio::test]
async fn object_keys_follow_pydynox_through_models() {
    let store = recording();
    let client = client_with(store.clone()).await;
    // `prefix = "docs"` gets its `/`; `#` in the key value becomes `/`.
    let written = client.put(&big_doc("x#y", 5)).send_written().await.unwrap();
    let key = &written
        .content
        .as_ref()
        .and_then(S3Object::stored)
        .unwrap()
        .key;
    assert_eq!(key, "docs/DOC/x/y/f.txt");
}
