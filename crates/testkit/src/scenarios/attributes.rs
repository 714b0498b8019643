//! Attribute types with a storage format of their own: compressed text in
//! pydynox's format, TTL epoch seconds and generated uuids. Listed in
//! [`__with_attribute_scenarios!`](crate::__with_attribute_scenarios); they run as the test group `attributes`.

use super::support::enabled_ttl;
use crate::{Ctx, Outcome};
use dynorm::attributes::{
    decompress_bytes, decompress_str, Compressed, ExpiresIn, Gzip, Lz4, Ttl, TtlModel,
};
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

/// That text as pydynox stores it with zstd, LZ4 and gzip: written by
/// pydynox 1.8.0's own `compress_string` (what its `CompressedAttribute`
/// stores), default levels. `crates/core/tests/compressed.rs` holds more.
const PYDYNOX_ZSTD: &str = "ZSTD:KLUv/QBYTQIABARUaGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nLiBweWR5bm94IGZpeHR1cmUg4pyTAQD1QkqVAQ==";
const PYDYNOX_LZ4: &str = "LZ4:IQEAAP8eVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gLQDO8ARweWR5bm94IGZpeHR1cmUg4pyT";
const PYDYNOX_GZIP: &str = "GZIP:H4sIAAAAAAAA/93KSwGAIBAFwCovgWkooAKKHxZXVllreDWdSSSH5xkzOmwS+hkd0xnhqWCSNe2gwzFy5aW9FJaGBubvOanVWIMPJQs7vM/9AX6cKp0hAQAA";

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
    let ttl = enabled_ttl(&ctx.client, &table).await?;
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

/// A model with an LZ4 and a gzip field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "packed")]
pub struct Packed {
    /// Key.
    #[dynorm(partition_key)]
    pub id: String,
    /// LZ4 when worth it.
    pub fast: Compressed<String, Lz4>,
    /// Gzip when worth it.
    pub small: Compressed<String, Gzip>,
    /// Bytes, gzip when worth it.
    #[serde(default)]
    pub bytes: Option<Compressed<Vec<u8>, Gzip>>,
}

/// The raw item of a table, read without a model.
async fn raw_item(ctx: &Ctx, table: &str, key: Item) -> dynorm::Result<Item> {
    let item = ctx.client.table(table).get(key).consistent_read().await?;
    Ok(item.unwrap_or_else(|| panic!("no raw item in {table}")))
}

/// The text of an `S` attribute.
fn stored_text<'a>(item: &'a Item, name: &str) -> &'a str {
    match item.get(name) {
        Some(Value::S(s)) => s,
        other => panic!("{name} stored as {other:?}"),
    }
}

/// LZ4 and gzip fields round trip through the client: stored as `S` with
/// their prefix (which decodes to the value), read back equal, and an update
/// writing a compressed value stores it the same way.
pub async fn attributes_lz4_and_gzip_fields_round_trip(ctx: Ctx) -> Outcome {
    ctx.table_for::<Packed>().await?;
    let text = fixture_text().repeat(4);
    let bytes: Vec<u8> = (0..3000u32).map(|i| (i % 11) as u8).collect();
    let packed = Packed {
        id: "p1".into(),
        fast: text.clone().into(),
        small: text.clone().into(),
        bytes: Some(bytes.clone().into()),
    };
    ctx.client.put(&packed).await?;
    let raw = raw_item(&ctx, Packed::schema().table, Item::new().with("id", "p1")).await?;
    let fast = stored_text(&raw, "fast");
    assert!(fast.starts_with("LZ4:"), "{fast}");
    assert!(fast.len() < text.len(), "{} vs {}", fast.len(), text.len());
    assert_eq!(decompress_str(fast)?, text);
    let small = stored_text(&raw, "small");
    assert!(small.starts_with("GZIP:"), "{small}");
    assert!(small.len() < text.len());
    assert_eq!(decompress_str(small)?, text);
    let stored_bytes = stored_text(&raw, "bytes");
    assert!(stored_bytes.starts_with("GZIP:"), "{stored_bytes}");
    assert_eq!(decompress_bytes(stored_bytes)?, bytes);
    let back = ctx.client.get(packed.key()?).consistent_read().await?;
    assert_eq!(back.as_ref(), Some(&packed));

    let changed = "lz4 through an update ".repeat(30);
    ctx.client
        .update(packed.key()?)
        .set(
            "fast",
            dynorm::to_value(&Compressed::<String, Lz4>::from(changed.clone()))?,
        )
        .await?;
    let raw = raw_item(&ctx, Packed::schema().table, Item::new().with("id", "p1")).await?;
    let fast = stored_text(&raw, "fast");
    assert!(fast.starts_with("LZ4:"), "{fast}");
    let back = ctx
        .client
        .get(packed.key()?)
        .consistent_read()
        .await?
        .expect("stored");
    assert_eq!(*back.fast, changed);
    assert_eq!(*back.small, text);
    Ok(())
}

/// A corrupt compressed value read through the client is a codec error
/// naming the attribute (for each algorithm), not a panic nor garbage.
pub async fn attributes_corrupt_compressed_value_is_codec_error(ctx: Ctx) -> Outcome {
    ctx.table_for::<Document>().await?;
    let table = ctx.client.table(Document::schema().table);
    let cases = [
        ("zstd", "ZSTD:AAAAAAAAAAAA", "zstd"),
        ("lz4", "LZ4:BQAAAP8=", "lz4"),
        ("gzip", "GZIP:H4sIAAAAAAAA/wAAAA==", "gzip"),
        ("base64", "ZSTD:@@not base64@@", "base64"),
    ];
    for (id, stored, fragment) in cases {
        table
            .put(Item::new().with("id", id).with("body", stored))
            .await?;
        let err = ctx
            .client
            .get(Key::<Document>::from_item(Item::new().with("id", id)))
            .consistent_read()
            .await
            .expect_err("a corrupt value does not decode");
        match &err {
            dynorm::Error::Codec(codec) => {
                assert_eq!(codec.attribute.as_deref(), Some("body"), "{err}");
                assert!(codec.message.contains(fragment), "{id}: {err}");
            }
            other => panic!("{id}: expected a codec error, got {other:?}"),
        }
        assert!(err.is_codec());
        assert!(err.to_string().contains("body"), "{err}");
    }
    // The same corrupt value under the gzip field of another model.
    ctx.table_for::<Packed>().await?;
    ctx.client
        .table(Packed::schema().table)
        .put(
            Item::new()
                .with("id", "p")
                .with("fast", "plain")
                .with("small", "GZIP:AAAA"),
        )
        .await?;
    let err = ctx
        .client
        .get(Key::<Packed>::from_item(Item::new().with("id", "p")))
        .consistent_read()
        .await
        .expect_err("corrupt gzip");
    match &err {
        dynorm::Error::Codec(codec) => assert_eq!(codec.attribute.as_deref(), Some("small")),
        other => panic!("expected a codec error, got {other:?}"),
    }
    Ok(())
}

/// A note whose key and token are generated uuid v4s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "tokens")]
pub struct Token {
    /// Generated (uuid v4) when empty.
    #[dynorm(partition_key, generate = "uuid_v4")]
    pub id: String,
    /// Generated (uuid v4) when unset.
    #[dynorm(generate = "uuid_v4")]
    pub secret: Option<String>,
    /// Text.
    pub label: String,
}

/// `generate = "uuid_v4"` fills an empty key and an unset field with fresh
/// random (version 4, RFC 4122 variant) uuids stored as hyphenated text;
/// given values are kept, and later saves keep the generated ones.
pub async fn attributes_uuid_v4_generated(ctx: Ctx) -> Outcome {
    ctx.table_for::<Token>().await?;
    let blank = Token {
        id: String::new(),
        secret: None,
        label: "a".into(),
    };
    let first = ctx.client.create(&blank).send_written().await?;
    let second = ctx.client.create(&blank).send_written().await?;
    assert_ne!(first.id, second.id);
    for token in [&first, &second] {
        let raw = raw_item(
            &ctx,
            Token::schema().table,
            Item::new().with("id", token.id.as_str()),
        )
        .await?;
        for attribute in ["id", "secret"] {
            let text = stored_text(&raw, attribute);
            assert_eq!(text.len(), 36, "{text}");
            let id = uuid::Uuid::parse_str(text).expect("a uuid");
            assert_eq!(id.get_version_num(), 4, "{text}");
            assert_eq!(id.get_variant(), uuid::Variant::RFC4122, "{text}");
            assert_eq!(id.hyphenated().to_string(), text, "lower-case hyphenated");
        }
    }
    assert_ne!(first.secret, second.secret);
    let back = ctx
        .client
        .get(Token::key(first.id.as_str()))
        .consistent_read()
        .await?;
    assert_eq!(back.as_ref(), Some(&first));

    // Saved again, the generated values are kept.
    let mut edited = first.clone();
    edited.label = "b".into();
    let resaved = ctx.client.put(&edited).send_written().await?;
    assert_eq!(resaved.id, first.id);
    assert_eq!(resaved.secret, first.secret);

    // Given values are kept as they are.
    let given = Token {
        id: "mine".into(),
        secret: Some("s3cret".into()),
        label: "c".into(),
    };
    let written = ctx.client.create(&given).send_written().await?;
    assert_eq!(written, given);
    Ok(())
}

/// Calls `$cb!($arg; attributes { scenario, ... })` with every attribute scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_attribute_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            attributes {
                attributes_compressed_model_round_trip,
                attributes_pydynox_compressed_fixture_reads,
                attributes_ttl_stored_as_number_and_enabled,
                attributes_extend_ttl,
                attributes_lz4_and_gzip_fields_round_trip,
                attributes_corrupt_compressed_value_is_codec_error,
                attributes_uuid_v4_generated,
            }
        }
    };
}
