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

/// About 3 KB of log lines: a text the encoders compress in more than one block.
fn log_text() -> String {
    (0..60)
        .map(|i| format!("{i:03} INFO request handled path=/api/v1/items status=200\n"))
        .collect()
}

// Written by pydynox 1.8.0 (from PyPI) itself: the output of
// `pydynox._internal._compression.compress_string(text, algorithm)` with its
// default level (zstd 3, gzip 6), the function `CompressedAttribute.serialize`
// calls. pydynox's zstd frames carry no content size, so they differ from
// dynorm's (below) in the frame header; its lz4 and gzip output is dynorm's
// byte for byte.
const PYDYNOX_ZSTD: &str =
    "ZSTD:KLUv/QBYTQIABARUaGUgcXVpY2sgYnJvd24gZm94IGp1bXBzIG92ZXIgdGhlIGxhenkgZG9nLiBweWR5bm94IGZpeHR1cmUg4pyTAQD1QkqVAQ==";
const PYDYNOX_LZ4: &str =
    "LZ4:IQEAAP8eVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gLQDO8ARweWR5bm94IGZpeHR1cmUg4pyT";
const PYDYNOX_GZIP: &str =
    "GZIP:H4sIAAAAAAAA/93KSwGAIBAFwCovgWkooAKKHxZXVllreDWdSSSH5xkzOmwS+hkd0xnhqWCSNe2gwzFy5aW9FJaGBubvOanVWIMPJQs7vM/9AX6cKp0hAQAA";
const PYDYNOX_LOG_ZSTD: &str =
    "ZSTD:KLUv/QBYJQUAkkcYGXBp20jGFxLFDO3/bByMj0R2d/cGRf+7ngineTXx7HqaVxPPnqd5NfHseJpXE89+p3k18ex2mlcTz37Af4dSLLSUUYa0FMMWhrIg40gWWgySCsgBJWappECkhCEEBgLzPzsk4DcDJpHd2GQ3NtmNrUl2Y5Pd2GQ3Nk2yG5vsxia7sTXJbmyyG5vsxqZJdmOT3dhkN7Ym2Y1NdmOT6avTCQo=";
const PYDYNOX_LOG_LZ4: &str =
    "LZ4:5AwAAP8rMDAwIElORk8gcmVxdWVzdCBoYW5kbGVkIHBhdGg9L2FwaS92MS9pdGVtcyBzdGF0dXM9MjAwCjAwMTcAIx8ybgAjHzM3ACMfNDcAIx81NwAjHzY3ACMfNzcAIx84NwAjHzk3ACIfMSYCIx8xJgIjHzEmAiMfMSYCIx8xJgIjHzEmAiMfMSYCIx8xJgIjHzEmAiMfMSYCIx8yJgIjHzImAiMfMiYCIx8yJgIjHzImAiMfMiYCIx8yJgIjHzImAiMfMiYCIx8yJgIjHzMmAiMfMyYCIx8zJgIjHzMmAiMfMyYCIx8zJgIjHzMmAiMfMyYCIx8zJgIjHzMmAiMfNCYCIx80JgIjHzQmAiMfNCYCIx80JgIjHzQmAiMfNCYCIx80JgIjHzQmAiMfNCYCIx81JgIjHzUmAiMfNSYCIx81JgIjHzUmAiMfNSYCIx81JgIjHzUmAiMfNSYCIx81JgIcYHM9MjAwCg==";
const PYDYNOX_LOG_GZIP: &str =
    "GZIP:H4sIAAAAAAAA/53Suw3CMBRA0Z4pvIH9fnyKtEg0MIOlWEokQAE7zM8Od4DTnVJKut2vj/Rtn731kZb6np9tTlsdy5Trtuaf5HW0V0991LH3SUs5lCKMKWPGmDMWjB0ZOzF2ZuyCmLAlwpYIWyJsibAlwpYIWyJsibAlwpYoW6JsibIlypYoW6JsibIlypYoW6JsibElxpYYW2JsibElxpYYW2JsibElxpY4W+JsibMlzpY4W+JsibMlzpY4W+JsSbAlwZYEWxJsSbAlwZYEWxJsSbAlgZb8AU5lbafkDAAA";

// What dynorm writes for the same texts (default levels), checked by hand to
// decode to the text with pydynox 1.8.0's `decompress_string` (the function
// `CompressedAttribute.deserialize` calls). The tests below assert that dynorm
// still writes exactly these.
const DYNORM_ZSTD: &str =
    "ZSTD:KLUv/WAhAE0CAAQEVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gcHlkeW5veCBmaXh0dXJlIOKckwEA9UJKlQE=";
const DYNORM_LZ4: &str =
    "LZ4:IQEAAP8eVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gLQDO8ARweWR5bm94IGZpeHR1cmUg4pyT";
const DYNORM_GZIP: &str =
    "GZIP:H4sIAAAAAAAA/93KSwGAIBAFwCovgWkooAKKHxZXVllreDWdSSSH5xkzOmwS+hkd0xnhqWCSNe2gwzFy5aW9FJaGBubvOanVWIMPJQs7vM/9AX6cKp0hAQAA";
const DYNORM_LOG_ZSTD: &str =
    "ZSTD:KLUv/WDkCyUFAJJHGBlwadtIxhcSxQzt/2wcjI9Ednf3BkX/u54Ip3k18ex6mlcTz56neTXx7HiaVxPPfqd5NfHsdppXE89+wH+HUiy0lFGGtBTDFoayIONIFloMkgrIASVmqaRApIQhBAYC8z87JOA3AyaR3dhkNzbZja1JdmOT3dhkNzZNshub7MYmu7E1yW5sshub7MamSXZjk93YZDe2JtmNTXZjk+mr0wkK";
const DYNORM_LOG_LZ4: &str =
    "LZ4:5AwAAP8rMDAwIElORk8gcmVxdWVzdCBoYW5kbGVkIHBhdGg9L2FwaS92MS9pdGVtcyBzdGF0dXM9MjAwCjAwMTcAIx8ybgAjHzM3ACMfNDcAIx81NwAjHzY3ACMfNzcAIx84NwAjHzk3ACIfMSYCIx8xJgIjHzEmAiMfMSYCIx8xJgIjHzEmAiMfMSYCIx8xJgIjHzEmAiMfMSYCIx8yJgIjHzImAiMfMiYCIx8yJgIjHzImAiMfMiYCIx8yJgIjHzImAiMfMiYCIx8yJgIjHzMmAiMfMyYCIx8zJgIjHzMmAiMfMyYCIx8zJgIjHzMmAiMfMyYCIx8zJgIjHzMmAiMfNCYCIx80JgIjHzQmAiMfNCYCIx80JgIjHzQmAiMfNCYCIx80JgIjHzQmAiMfNCYCIx81JgIjHzUmAiMfNSYCIx81JgIjHzUmAiMfNSYCIx81JgIjHzUmAiMfNSYCIx81JgIcYHM9MjAwCg==";
const DYNORM_LOG_GZIP: &str =
    "GZIP:H4sIAAAAAAAA/53Suw3CMBRA0Z4pvIH9fnyKtEg0MIOlWEokQAE7zM8Od4DTnVJKut2vj/Rtn731kZb6np9tTlsdy5Trtuaf5HW0V0991LH3SUs5lCKMKWPGmDMWjB0ZOzF2ZuyCmLAlwpYIWyJsibAlwpYIWyJsibAlwpYoW6JsibIlypYoW6JsibIlypYoW6JsibElxpYYW2JsibElxpYYW2JsibElxpY4W+JsibMlzpY4W+JsibMlzpY4W+JsSbAlwZYEWxJsSbAlwZYEWxJsSbAlgZb8AU5lbafkDAAA";

// Made by other encoders than pydynox's: Python's `zstandard`, `lz4.block`
// and `gzip` modules (zstd level 3, gzip level 6), then standard base64.
const PYTHON_ZSTD: &str = "ZSTD:KLUv/WAhAE0CAAQEVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gcHlkeW5veCBmaXh0dXJlIOKckwEA9UJKlQE=";
const PYTHON_LZ4: &str = "LZ4:IQEAAP8eVGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZy4gLQDO8ARweWR5bm94IGZpeHR1cmUg4pyT";
const PYTHON_GZIP: &str = "GZIP:H4sIAAAAAAAAAwvJSFUoLM1MzlZIKsovz1NIy69QyCrNLShWyC9LLVIoAUrnJFZVKqTkp+sphAx3xQWVKZV5QAVpmRUlpUWpCo/mTAYAfpwqnSEBAAA=";

/// Every fixture written by another program, with the text it holds.
fn foreign_fixtures() -> Vec<(&'static str, String)> {
    vec![
        (PYDYNOX_ZSTD, fixture_text()),
        (PYDYNOX_LZ4, fixture_text()),
        (PYDYNOX_GZIP, fixture_text()),
        (PYDYNOX_LOG_ZSTD, log_text()),
        (PYDYNOX_LOG_LZ4, log_text()),
        (PYDYNOX_LOG_GZIP, log_text()),
        (PYTHON_ZSTD, fixture_text()),
        (PYTHON_LZ4, fixture_text()),
        (PYTHON_GZIP, fixture_text()),
    ]
}

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
fn fixtures_from_pydynox_and_other_writers_read_back_exactly() {
    for (fixture, text) in foreign_fixtures() {
        let doc: Doc = from_item(Item::new().with("id", "d1").with("body", fixture)).unwrap();
        assert_eq!(*doc.body, text, "{fixture}");
        assert_eq!(decompress_str(fixture).unwrap(), text, "{fixture}");
        assert_eq!(
            decompress_bytes(fixture).unwrap(),
            text.as_bytes(),
            "{fixture}"
        );
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
    for (fixture, text) in foreign_fixtures() {
        let as_zstd: Compressed<String, Zstd> = from_value(Value::from(fixture)).unwrap();
        let as_lz4: Compressed<String, Lz4> = from_value(Value::from(fixture)).unwrap();
        let as_gzip: Compressed<String, Gzip> = from_value(Value::from(fixture)).unwrap();
        assert_eq!(*as_zstd, text);
        assert_eq!(*as_lz4, text);
        assert_eq!(*as_gzip, text);
        // A bytes field reads the same stored text as bytes.
        let raw: Compressed<Vec<u8>> = from_value(Value::from(fixture)).unwrap();
        assert_eq!(*raw, text.into_bytes());
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
fn dynorm_still_writes_what_pydynox_was_checked_to_read() {
    let cases = [
        (fixture_text(), [DYNORM_ZSTD, DYNORM_LZ4, DYNORM_GZIP]),
        (
            log_text(),
            [DYNORM_LOG_ZSTD, DYNORM_LOG_LZ4, DYNORM_LOG_GZIP],
        ),
    ];
    for (text, expected) in cases {
        for (algorithm, want) in Algorithm::ALL.into_iter().zip(expected) {
            let stored = compress_str(&text, algorithm, algorithm.default_level()).unwrap();
            assert_eq!(stored, want, "{algorithm}");
            assert_eq!(decompress_str(want).unwrap(), text);
        }
        // A model field writes the same as the raw function.
        assert_eq!(
            to_value(&Compressed::<String, Zstd>::from(text.clone())).unwrap(),
            Value::from(compress_str(&text, Algorithm::Zstd, 3).unwrap().as_str())
        );
        assert_eq!(
            to_value(&Compressed::<String, Lz4>::from(text.clone())).unwrap(),
            Value::from(compress_str(&text, Algorithm::Lz4, 0).unwrap().as_str())
        );
        assert_eq!(
            to_value(&Compressed::<String, Gzip>::from(text.clone())).unwrap(),
            Value::from(compress_str(&text, Algorithm::Gzip, 6).unwrap().as_str())
        );
    }
    // lz4 and gzip: pydynox writes the very same bytes.
    assert_eq!(DYNORM_LZ4, PYDYNOX_LZ4);
    assert_eq!(DYNORM_GZIP, PYDYNOX_GZIP);
    assert_eq!(DYNORM_LOG_LZ4, PYDYNOX_LOG_LZ4);
    assert_eq!(DYNORM_LOG_GZIP, PYDYNOX_LOG_GZIP);
}

/// Decodes a stored value with the compression crates' own one-call
/// decoders, as another program reading the item would: base64 after the
/// prefix, then `zstd::stream::decode_all` (no size cap), flate2's
/// `GzDecoder` or lz4_flex's `decompress_size_prepended`.
fn independent_decode(stored: &str) -> Vec<u8> {
    use base64::Engine;
    use std::io::Read;
    let base64 = base64::engine::general_purpose::STANDARD;
    let (algorithm, encoded) = Algorithm::detect(stored).unwrap_or_else(|| panic!("{stored}"));
    let compressed = base64.decode(encoded).unwrap();
    match algorithm {
        Algorithm::Zstd => zstd::stream::decode_all(compressed.as_slice()).unwrap(),
        Algorithm::Lz4 => lz4_flex::decompress_size_prepended(&compressed).unwrap(),
        Algorithm::Gzip => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(compressed.as_slice())
                .read_to_end(&mut out)
                .unwrap();
            out
        }
    }
}

#[test]
fn dynorm_output_decodes_with_independent_decoders() {
    let texts = [fixture_text(), log_text(), big_log(), "ZSTD:hi".to_owned()];
    for text in &texts {
        for algorithm in Algorithm::ALL {
            for level in [algorithm.default_level(), 1, 9] {
                let stored = compress_str(text, algorithm, level).unwrap();
                assert!(stored.starts_with(algorithm.prefix()), "{stored}");
                assert_eq!(
                    independent_decode(&stored),
                    text.as_bytes(),
                    "{algorithm} {level}"
                );
            }
        }
    }
    // Through the model field types, text and bytes.
    let text = log_text();
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let stored = [
        to_value(&Compressed::<String, Zstd>::from(text.clone())).unwrap(),
        to_value(&Compressed::<String, Lz4>::from(text.clone())).unwrap(),
        to_value(&Compressed::<String, Gzip>::from(text.clone())).unwrap(),
    ];
    for v in &stored {
        assert_eq!(independent_decode(stored_str(v)), text.as_bytes());
    }
    let stored = [
        to_value(&Compressed::<Vec<u8>, Zstd>::from(bytes.clone())).unwrap(),
        to_value(&Compressed::<Vec<u8>, Lz4>::from(bytes.clone())).unwrap(),
        to_value(&Compressed::<Vec<u8>, Gzip>::from(bytes.clone())).unwrap(),
    ];
    for v in &stored {
        assert_eq!(independent_decode(stored_str(v)), bytes);
    }
    // The pinned outputs too, and the foreign fixtures (a check of the decoder).
    for want in [DYNORM_ZSTD, DYNORM_LZ4, DYNORM_GZIP] {
        assert_eq!(independent_decode(want), fixture_text().as_bytes());
    }
    for want in [DYNORM_LOG_ZSTD, DYNORM_LOG_LZ4, DYNORM_LOG_GZIP] {
        assert_eq!(independent_decode(want), log_text().as_bytes());
    }
    for (fixture, text) in foreign_fixtures() {
        assert_eq!(independent_decode(fixture), text.as_bytes(), "{fixture}");
    }
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
