//! Attribute types with a storage format of their own: compressed text in
//! pydynox's format and TTL epoch seconds. Listed in
//! [`__with_attribute_scenarios!`]; they run as the test group `attributes`.

use crate::{Ctx, Outcome};
use dynorm::attributes::{Compressed, ExpiresIn, Gzip, Ttl, TtlModel};
use dynorm::{Item, Key, Model, Value};
use serde::{Deserialize, Serialize};

/// A document with compressed text fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "documents")]
pub struct Document {
    /// Document id.
    #[dynorm(partition_key)]
    pub id: String,
    /// The body, zstd when worth it.
    pub body: Compressed<String>,
    /// Notes, gzip when worth it.
    #[serde(default)]
    pub notes: Option<Compressed<String, Gzip>>,
}

/// A session that expires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "sessions", ttl = "expires_at")]
pub struct Session {
    /// Session id.
    #[dynorm(partition_key)]
    pub id: String,
    /// Who it belongs to.
    pub user: String,
    /// When it expires.
    pub expires_at: Ttl,
}

/// The text pydynox's fixtures hold.
fn fixture_text() -> String {
    "The quick brown fox jumps over the lazy dog. ".repeat(6) + "pydynox fixture \u{2713}"
}

/// That text as pydynox stores it with zstd, LZ4 and gzip.
const PYDYNOX_ZSTD: &str = "ZSTD:KLUv/WAhAE0CAAQEVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gcHlkeW5veCBmaXh0dXJlIOKckwEA9UJKlQE=";
const PYDYNOX_LZ4: &str = "LZ4:IQEAAP8eVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gLQDO8ARweWR5bm94IGZpeHR1cmUg4pyT";
const PYDYNOX_GZIP: &str = "GZIP:H4sIAAAAAAAAAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoAUrnJFZVKqTkp+sphAx3xQWVKZV5QAVpmRUlpUWpCo/mTAYAfpwqnSEBAAA=";

/// A compressed model round trips; the stored attribute is an S starting
/// with `ZSTD:`, short text is stored plain.
pub async fn attributes_compressed_model_round_trip(ctx: Ctx) -> Outcome {
    let table = ctx.table_for::<Document>().await?;
    let doc = Document {
        id: "d1".into(),
        body: fixture_text().repeat(20).into(),
        notes: Some("short".into()),
    };
    ctx.client.put(&doc).await?;
    let back = ctx.client.get(doc.key()?).consistent_read().await?;
    assert_eq!(back.as_ref(), Some(&doc));

    let raw = ctx
        .client
        .table(Document::schema().table)
        .get(Item::new().with("id", "d1"))
        .consistent_read()
        .await?
        .unwrap_or_else(|| panic!("no raw item in {table}"));
    match raw.get("body") {
        Some(Value::S(s)) => {
            assert!(s.starts_with("ZSTD:"), "{s}");
            assert!(s.len() < fixture_text().len() * 20 / 4, "{}", s.len());
        }
        other => panic!("body stored as {other:?}"),
    }
    assert_eq!(raw.get("notes"), Some(&Value::from("short")));
    Ok(())
}

/// Items written by pydynox (each algorithm) read as models.
pub async fn attributes_pydynox_compressed_fixture_reads(ctx: Ctx) -> Outcome {
    ctx.table_for::<Document>().await?;
    let table = ctx.client.table(Document::schema().table);
    for (id, stored) in [("z", PYDYNOX_ZSTD), ("l", PYDYNOX_LZ4), ("g", PYDYNOX_GZIP)] {
        table
            .put(
                Item::new()
                    .with("id", id)
                    .with("body", stored)
                    .with("notes", stored),
            )
            .await?;
        let doc = ctx
            .client
            .get(Key::<Document>::from_item(Item::new().with("id", id)))
            .consistent_read()
            .await?
            .unwrap_or_else(|| panic!("no document {id}"));
        assert_eq!(*doc.body, fixture_text());
        assert_eq!(
            doc.notes.as_deref().map(String::as_str),
            Some(&*fixture_text())
        );
    }
    Ok(())
}

/// A TTL is stored as N and `create_table` enables TTL on its attribute.
pub async fn attributes_ttl_stored_as_number_and_enabled(ctx: Ctx) -> Outcome {
    let table = ctx.table_for::<Session>().await?;
    let ttl = ctx.client.backend().describe_time_to_live(&table).await?;
    assert_eq!(ttl.as_deref(), Some("expires_at"));

    let session = Session {
        id: "s1".into(),
        user: "ann".into(),
        expires_at: Ttl::from_epoch_seconds(1_900_000_000),
    };
    ctx.client.put(&session).await?;
    let raw = ctx
        .client
        .table(Session::schema().table)
        .get(Item::new().with("id", "s1"))
        .consistent_read()
        .await?
        .unwrap_or_else(|| panic!("no raw item"));
    assert_eq!(raw.get("expires_at"), Some(&Value::from(1_900_000_000_i64)));
    let back = ctx.client.get(session.key()?).consistent_read().await?;
    assert_eq!(back, Some(session));
    Ok(())
}

/// `extend_ttl` moves the stored TTL and the struct's; an expired item is
/// still readable; a missing item is ConditionFailed and is not created.
pub async fn attributes_extend_ttl(ctx: Ctx) -> Outcome {
    ctx.table_for::<Session>().await?;
    let mut session = Session {
        id: "s1".into(),
        user: "ann".into(),
        expires_at: Ttl::from_epoch_seconds(1_000),
    };
    ctx.client.put(&session).await?;
    let stored = ctx.client.get(session.key()?).consistent_read().await?;
    assert!(stored.is_some_and(|s| s.expires_at.is_expired()));

    let until = ExpiresIn::hours(2);
    session.extend_ttl(&ctx.client, until).await?;
    assert_eq!(session.expires_at, until);
    let stored = ctx.client.get(session.key()?).consistent_read().await?;
    assert_eq!(stored.as_ref(), Some(&session));

    let later = ExpiresIn::days(1);
    ctx.client.extend_ttl(session.key()?, later).await?;
    let stored = ctx.client.get(session.key()?).consistent_read().await?;
    assert_eq!(stored.map(|s| s.expires_at), Some(later));

    let ghost = Key::<Session>::from_item(Item::new().with("id", "ghost"));
    let err = ctx
        .client
        .extend_ttl(ghost.clone(), later)
        .await
        .expect_err("extending a missing item");
    assert!(err.is_condition_failed(), "{err:?}");
    assert!(ctx.client.get(ghost).consistent_read().await?.is_none());
    Ok(())
}

/// Calls `$cb!($arg; attributes { scenario, ... })` with every attribute scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_attribute_scenarios {
    ($cb:path, $arg:expr) => {
        $cb! { $arg;
            attributes {
                attributes_compressed_model_round_trip,
                attributes_pydynox_compressed_fixture_reads,
                attributes_ttl_stored_as_number_and_enabled,
                attributes_extend_ttl,
            }
        }
    };
}
