//! Compressed attributes: pydynox's storage format, size rules, every
//! algorithm, errors that name the attribute and the 400 KB item limit.
#![allow(clippy::unwrap_used)]

use dynorm::attributes::{
    compress_bytes, compress_str, decompress_bytes, decompress_str, Algorithm, Compressed,
    CompressionConfig, Gzip, Lz4, Zstd,
};
use dynorm::{from_item, from_value, item_size, to_item, to_value, Client, Item, Model, Value};
use dynorm_memory::MemoryBackend;
use serde::{Deserialize, Serialize};

/// The text the fixtures below hold (289 bytes, with a multi-byte character).
fn fixture_text() -> String {
    "The quick brown fox jumps over the lazy dog. ".repeat(6) + "pydynox fixture \u{2713}"
}

// Written by Python's `zstandard` (level 3), `lz4.block.compress` (size
// prepended) and `gzip.compress` (level 6), then standard base64: the format
// pydynox's CompressedAttribute stores.
const ZSTD_FIXTURE: &str = "ZSTD:KLUv/WAhAE0CAAQEVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gcHlkeW5veCBmaXh0dXJlIOKckwEA9UJKlQE=";
const LZ4_FIXTURE: &str = "LZ4:IQEAAP8eVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gLQDO8ARweWR5bm94IGZpeHR1cmUg4pyT";
const GZIP_FIXTURE: &str = "GZIP:H4sIAAAAAAAAAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoAUrnJFZVKqTkp+sphAx3xQWVKZV5QAVpmRUlpUWpCo/mTAYAfpwqnSEBAAA=";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Doc {
    id: String,
    body: Compressed<String>,
    #[serde(default)]
    blob: Option<Compressed<Vec<u8>, Lz4>>,
}

fn stored_str(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected S, got {v:?}"))
}

#[test]
fn fixtures_from_another_writer_read_back() {
    for fixture in [ZSTD_FIXTURE, LZ4_FIXTURE, GZIP_FIXTURE] {
        let doc: Doc = from_item(Item::new().with("id", "d1").with("body", fixture)).unwrap();
        assert_eq!(*doc.body, fixture_text(), "{fixture}");
        assert_eq!(decompress_str(fixture).unwrap(), fixture_text());
    }
}

#[test]
fn below_min_size_is_stored_plain() {
    let text = "x".repeat(99);
    let v = to_value(&Compressed::<String>::from(text.clone())).unwrap();
    assert_eq!(v, Value::from(text.as_str()));
    // 100 bytes of one letter: compressed.
    let v = to_value(&Compressed::<String>::from("x".repeat(100))).unwrap();
    assert!(stored_str(&v).starts_with("ZSTD:"), "{v:?}");
    // Bytes below the minimum stay B.
    let v = to_value(&Compressed::<Vec<u8>>::from(vec![1u8; 10])).unwrap();
    assert_eq!(v, Value::B(vec![1u8; 10]));
}

/// Bytes that no algorithm shrinks below 90 %.
fn incompressible(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn incompressible_data_is_stored_plain() {
    let bytes = incompressible(4096);
    let v = to_value(&Compressed::<Vec<u8>>::from(bytes.clone())).unwrap();
    assert_eq!(v, Value::B(bytes.clone()));
    let v = to_value(&Compressed::<Vec<u8>, Gzip>::from(bytes.clone())).unwrap();
    assert_eq!(v, Value::B(bytes));

    // Random-looking text (base64 of noise) gains too little.
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode(incompressible(3000));
    let v = to_value(&Compressed::<String, Lz4>::from(text.clone())).unwrap();
    assert_eq!(v, Value::from(text.as_str()));
}

/// A config that never compresses: a threshold no ratio is below.
struct Never;
impl CompressionConfig for Never {
    const ALGORITHM: Algorithm = Algorithm::Zstd;
    const LEVEL: i32 = 3;
    const THRESHOLD: f64 = 0.0;
}

/// A config with its own minimum size and level.
struct Tiny;
impl CompressionConfig for Tiny {
    const ALGORITHM: Algorithm = Algorithm::Gzip;
    const LEVEL: i32 = 9;
    const MIN_SIZE: usize = 10;
}

#[test]
fn user_configs_apply_their_constants() {
    let text = "abcabcabc".repeat(20);
    let v = to_value(&Compressed::<String, Never>::from(text.clone())).unwrap();
    assert_eq!(v, Value::from(text.as_str()));
    let v = to_value(&Compressed::<String, Tiny>::from(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ))
    .unwrap();
    assert!(stored_str(&v).starts_with("GZIP:"), "{v:?}");
}

fn round_trip<C: CompressionConfig>(prefix: &str) {
    let text = fixture_text().repeat(3);
    let v = to_value(&Compressed::<String, C>::from(text.clone())).unwrap();
    assert!(stored_str(&v).starts_with(prefix), "{v:?}");
    assert!(stored_str(&v).len() < text.len());
    let back: Compressed<String, C> = from_value(v).unwrap();
    assert_eq!(back.into_inner(), text);

    let bytes: Vec<u8> = (0..2000u32).map(|i| (i % 7) as u8).collect();
    let v = to_value(&Compressed::<Vec<u8>, C>::from(bytes.clone())).unwrap();
    assert!(stored_str(&v).starts_with(prefix), "{v:?}");
    let back: Compressed<Vec<u8>, C> = from_value(v).unwrap();
    assert_eq!(*back, bytes);
}

#[test]
fn each_algorithm_round_trips() {
    round_trip::<Zstd>("ZSTD:");
    round_trip::<Lz4>("LZ4:");
    round_trip::<Gzip>("GZIP:");
}

#[test]
fn algorithm_comes_from_the_prefix_not_the_config() {
    for fixture in [ZSTD_FIXTURE, LZ4_FIXTURE, GZIP_FIXTURE] {
        let as_zstd: Compressed<String, Zstd> = from_value(Value::from(fixture)).unwrap();
        let as_lz4: Compressed<String, Lz4> = from_value(Value::from(fixture)).unwrap();
        let as_gzip: Compressed<String, Gzip> = from_value(Value::from(fixture)).unwrap();
        assert_eq!(*as_zstd, fixture_text());
        assert_eq!(*as_lz4, fixture_text());
        assert_eq!(*as_gzip, fixture_text());
        // A bytes field reads the same stored text as bytes.
        let raw: Compressed<Vec<u8>> = from_value(Value::from(fixture)).unwrap();
        assert_eq!(*raw, fixture_text().into_bytes());
    }
}

#[test]
fn plain_values_read_as_they_are() {
    let text: Compressed<String> = from_value(Value::from("just text")).unwrap();
    assert_eq!(*text, "just text");
    let bytes: Compressed<Vec<u8>> = from_value(Value::B(vec![0, 159, 255])).unwrap();
    assert_eq!(*bytes, vec![0, 159, 255]);
    let doc: Doc = from_item(Item::new().with("id", "d").with("body", "short")).unwrap();
    assert_eq!(doc.blob, None);
    assert_eq!(*doc.body, "short");
}

#[test]
fn text_that_looks_compressed_is_always_compressed() {
    // Stored plain, "ZSTD:hi" would read back as a (corrupt) compressed value.
    let v = to_value(&Compressed::<String>::from("ZSTD:hi")).unwrap();
    assert_ne!(v, Value::from("ZSTD:hi"));
    let back: Compressed<String> = from_value(v).unwrap();
    assert_eq!(*back, "ZSTD:hi");
}

fn decode_error(body: Value) -> String {
    let err = from_item::<Doc>(Item::new().with("id", "d").with("body", body)).unwrap_err();
    assert_eq!(err.attribute.as_deref(), Some("body"), "{err}");
    err.to_string()
}

#[test]
fn corrupt_data_is_an_error_naming_the_attribute() {
    let msg = decode_error(Value::from("ZSTD:@@not base64@@"));
    assert!(msg.contains("body") && msg.contains("base64"), "{msg}");

    let msg = decode_error(Value::from("ZSTD:AAAAAAAA"));
    assert!(msg.contains("body") && msg.contains("zstd"), "{msg}");

    let msg = decode_error(Value::from("GZIP:AAAAAAAA"));
    assert!(msg.contains("gzip"), "{msg}");

    // A size header claiming 4 GB is refused before any allocation.
    let msg = decode_error(Value::from("LZ4://///wAA"));
    assert!(msg.contains("lz4"), "{msg}");
    let msg = decode_error(Value::from("LZ4:AQ=="));
    assert!(msg.contains("lz4"), "{msg}");

    // Valid zstd of bytes that are not UTF-8, read into a String field.
    let not_text = compress_bytes(&[0xff; 200], Algorithm::Zstd, 3).unwrap();
    let msg = decode_error(Value::from(not_text.as_str()));
    assert!(msg.contains("UTF-8"), "{msg}");

    // A number is not a compressed value.
    let msg = decode_error(Value::from(3));
    assert!(msg.contains("body"), "{msg}");
}

#[test]
fn raw_functions_round_trip() {
    for algorithm in Algorithm::ALL {
        let stored = compress_str("hi", algorithm, algorithm.default_level()).unwrap();
        assert!(stored.starts_with(algorithm.prefix()));
        assert_eq!(decompress_str(&stored).unwrap(), "hi");
        let stored = compress_bytes(&[1, 2, 3], algorithm, 1).unwrap();
        assert_eq!(decompress_bytes(&stored).unwrap(), vec![1, 2, 3]);
    }
    assert_eq!(decompress_str("plain").unwrap(), "plain");
    assert_eq!(decompress_bytes("plain").unwrap(), b"plain".to_vec());
    assert!(decompress_str("LZ4:!").is_err());
}

#[test]
fn dynorm_output_has_the_fixture_format() {
    // lz4 has no levels and both sides use the same block format: the same
    // input gives the very same stored value as the Python writer.
    let lz4 = compress_str(&fixture_text(), Algorithm::Lz4, 0).unwrap();
    assert_eq!(lz4, LZ4_FIXTURE);
    // zstd and gzip frames may differ byte for byte between encoders; they
    // carry the same headers (zstd magic, gzip magic) and decode alike.
    let zstd = compress_str(&fixture_text(), Algorithm::Zstd, 3).unwrap();
    assert!(zstd.starts_with("ZSTD:KLUv/"), "{zstd}");
    let gzip = compress_str(&fixture_text(), Algorithm::Gzip, 6).unwrap();
    assert!(gzip.starts_with("GZIP:H4sI"), "{gzip}");
}

/// A large text that compresses well: about 450 KB of log lines.
fn big_log() -> String {
    (0..9000)
        .map(|i| format!("{i:06} INFO request handled path=/api/v1/items status=200\n"))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "docs")]
struct Article {
    #[dynorm(partition_key)]
    id: String,
    body: Compressed<String>,
}

#[tokio::test]
async fn large_text_fits_in_an_item_once_compressed() {
    let text = big_log();
    assert!(text.len() > 400 * 1024, "{}", text.len());
    let article = Article {
        id: "a1".into(),
        body: text.clone().into(),
    };
    let item = to_item(&article).unwrap();
    assert!(item_size(&item) < 100 * 1024, "{}", item_size(&item));
    let plain = Item::new().with("id", "a1").with("body", text.as_str());
    assert!(item_size(&plain) > 400 * 1024);

    let client = Client::new(MemoryBackend::new());
    client.create_table::<Article>().await.unwrap();
    client.put(&article).await.unwrap();
    let back = client
        .get(article.key().unwrap())
        .consistent_read()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(back, article);
    let stored = client
        .table("docs")
        .get(Item::new().with("id", "a1"))
        .await
        .unwrap()
        .unwrap();
    assert!(stored_str(stored.get("body").unwrap()).starts_with("ZSTD:"));

    // Uncompressed, the same text is over DynamoDB's item limit.
    let err = client.table("docs").put(plain).await.unwrap_err();
    assert!(err.to_string().contains("size"), "{err}");
}

#[test]
fn model_item_round_trip() {
    let doc = Doc {
        id: "d1".into(),
        body: fixture_text().into(),
        blob: Some(vec![9u8; 500].into()),
    };
    let item = to_item(&doc).unwrap();
    assert!(stored_str(item.get("body").unwrap()).starts_with("ZSTD:"));
    assert!(stored_str(item.get("blob").unwrap()).starts_with("LZ4:"));
    assert_eq!(from_item::<Doc>(item).unwrap(), doc);
    let doc2 = Doc {
        blob: None,
        ..doc.clone()
    };
    let item = to_item(&doc2).unwrap();
    assert!(!item.contains("blob"));
    assert!(format!("{:?}", doc2.body).starts_with("Compressed(\"The quick"));
    assert_eq!(Compressed::<String>::default().into_inner(), "");
}
