//! Encrypted attributes through models: envelopes in pydynox's format in
//! the item, decryption on every client read, wrong keys, changed
//! ciphertexts and other encryption contexts as typed errors naming the
//! attribute, absent values, batches, transactions and updates. Listed in
//! [`__with_encrypted_scenarios!`](crate::__with_encrypted_scenarios); they
//! run as the test group `encrypted`.
//!
//! Every scenario needs the client's key service with the keys
//! [`KEY_A`] and [`KEY_B`] (`MemoryKeyService` on memory, KMS on
//! moto_server next to DynamoDB Local, see
//! [`backends`](crate::backends)). A client without one skips loudly;
//! `backends::dynamodb` never lacks one under CI.

use crate::{Ctx, Outcome};
use dynorm::attributes::Encrypted;
use dynorm::encryption::{EncryptionErrorKind, Envelope, ENCRYPTED_PREFIX};
use dynorm::versioned::{ChangedOn, ZERO_VERSION};
use dynorm::{Item, Model, Value};
use serde::{Deserialize, Serialize};

/// The key the scenarios' models encrypt under.
pub const KEY_A: &str = "alias/dynorm-kit-a";
/// Another key, for the wrong-key scenario.
pub const KEY_B: &str = "alias/dynorm-kit-b";

/// A card number kept as JSON text inside its envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    /// The number.
    pub number: String,
    /// The expiry month.
    pub month: u8,
}

/// A patient with two encrypted fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "enc_patients", pk = "PATIENT#{id}")]
pub struct Patient {
    /// Patient id.
    pub id: String,
    /// In the clear.
    pub name: String,
    /// Encrypted under [`KEY_A`] with a context.
    #[dynorm(encrypted(
        key = "alias/dynorm-kit-a",
        context(purpose = "medical", tenant = "kit")
    ))]
    pub ssn: Encrypted<String>,
    /// Encrypted under [`KEY_A`], no context; may be absent.
    #[dynorm(encrypted(key = "alias/dynorm-kit-a"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Encrypted<Card>>,
}

/// [`Patient`]'s table read as if `ssn` were under [`KEY_B`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "enc_patients", pk = "PATIENT#{id}")]
pub struct PatientUnderKeyB {
    /// Patient id.
    pub id: String,
    /// In the clear.
    pub name: String,
    /// The same attribute, another key.
    #[dynorm(encrypted(
        key = "alias/dynorm-kit-b",
        context(purpose = "medical", tenant = "kit")
    ))]
    pub ssn: Encrypted<String>,
}

/// [`Patient`]'s table read with another encryption context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "enc_patients", pk = "PATIENT#{id}")]
pub struct PatientOtherContext {
    /// Patient id.
    pub id: String,
    /// In the clear.
    pub name: String,
    /// The same attribute and key, another tenant in the context.
    #[dynorm(encrypted(
        key = "alias/dynorm-kit-a",
        context(purpose = "medical", tenant = "other")
    ))]
    pub ssn: Encrypted<String>,
}

fn patient(id: &str, ssn: &str) -> Patient {
    Patient {
        id: id.to_owned(),
        name: format!("Patient {id}"),
        ssn: ssn.into(),
        card: Some(Encrypted::new(Card {
            number: format!("4111-{id}"),
            month: 7,
        })),
    }
}

/// Whether the client has a key service; when not, says loudly that the
/// scenario is skipped.
fn has_keys(ctx: &Ctx) -> bool {
    if ctx.client.key_service().is_ok() {
        return true;
    }
    eprintln!(
        "\n*** SKIPPED: scenario `{}` on {}: the client has no key service (DYNORM_KMS_ENDPOINT unset) ***\n",
        ctx.name,
        ctx.backend()
    );
    false
}

/// The stored item of a patient, as the table holds it.
async fn raw(ctx: &Ctx, id: &str) -> dynorm::Result<Option<Item>> {
    ctx.client
        .table(Patient::schema().table)
        .get(Item::new().with("pk", format!("PATIENT#{id}")))
        .consistent_read()
        .await
}

fn stored_string<'a>(item: &'a Item, attribute: &str) -> &'a str {
    match item.get(attribute) {
        Some(Value::S(s)) => s,
        other => panic!("`{attribute}` should be a string, found {other:?}"),
    }
}

/// The kind and attribute of an encryption error, or a panic naming what came instead.
fn encryption_failure(
    result: dynorm::Result<impl std::fmt::Debug>,
) -> (EncryptionErrorKind, String) {
    match result {
        Err(e) => match e.encryption_error() {
            Some(enc) => (enc.kind, enc.attribute.clone().unwrap_or_default()),
            None => panic!("expected an encryption error, got {e:?}"),
        },
        Ok(v) => panic!("expected an encryption error, got {v:?}"),
    }
}

/// Writes a changed stored value of `ssn` straight into the table.
async fn overwrite_ssn(ctx: &Ctx, id: &str, stored: String) -> Outcome {
    ctx.client
        .table(Patient::schema().table)
        .update(Item::new().with("pk", format!("PATIENT#{id}")))
        .set("ssn", Value::S(stored))
        .await?;
    Ok(())
}

/// A put stores envelopes (never the plaintext), each value with its own
/// data key and nonce; get, query and scan decrypt them.
pub async fn encrypted_round_trip_stores_envelopes(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    let p = patient("1", "123-45-6789");
    ctx.client.put(&p).await?;
    ctx.client.put(&patient("2", "123-45-6789")).await?;

    let item = raw(&ctx, "1").await?.expect("stored");
    let ssn = stored_string(&item, "ssn");
    assert!(ssn.starts_with(ENCRYPTED_PREFIX), "{ssn}");
    assert!(!ssn.contains("123-45-6789"));
    let envelope = Envelope::decode(ssn)?;
    assert!(!envelope.encrypted_key.is_empty());
    // nonce (12) + the 11 bytes of text + tag (16)
    assert_eq!(envelope.sealed.len(), 12 + 11 + 16);
    let card = stored_string(&item, "card");
    assert!(card.starts_with(ENCRYPTED_PREFIX) && !card.contains("4111-"));
    assert_eq!(item.get("name"), Some(&Value::from("Patient 1")));
    let other = raw(&ctx, "2").await?.expect("stored");
    assert_ne!(
        stored_string(&other, "ssn"),
        ssn,
        "same text, same ciphertext"
    );

    let read = ctx.client.get(Patient::key("1")).consistent_read().await?;
    assert_eq!(read.as_ref(), Some(&p));
    let queried = ctx.client.query(Patient::partition("1")).all().await?;
    assert_eq!(queried, vec![p.clone()]);
    let mut scanned = ctx.client.scan::<Patient>().consistent_read().all().await?;
    scanned.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(scanned.len(), 2);
    assert_eq!(scanned[0], p);
    assert_eq!(scanned[1].ssn.as_str(), "123-45-6789");
    Ok(())
}

/// An absent optional field stays absent; an item without it, or with
/// `NULL` in it, reads back as `None`.
pub async fn encrypted_absent_and_null_read_as_none(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    let mut p = patient("1", "000-00-0000");
    p.card = None;
    ctx.client.put(&p).await?;
    let item = raw(&ctx, "1").await?.expect("stored");
    assert_eq!(item.get("card"), None);
    assert_eq!(
        ctx.client.get(Patient::key("1")).consistent_read().await?,
        Some(p.clone())
    );

    ctx.client
        .table(Patient::schema().table)
        .update(Item::new().with("pk", "PATIENT#1"))
        .set("card", Value::Null)
        .await?;
    let read = ctx.client.get(Patient::key("1")).consistent_read().await?;
    assert_eq!(read.and_then(|p| p.card), None);
    Ok(())
}

/// A value read with a model naming another key fails with a
/// [`WrongKey`](EncryptionErrorKind::WrongKey) error naming the attribute
/// (AWS KMS answers `IncorrectKeyException`). moto_server's KMS answers
/// `AccessDeniedException` instead, which is
/// [`KeyUnavailable`](EncryptionErrorKind::KeyUnavailable): on a KMS key
/// service either kind passes, on the memory key service only `WrongKey`.
pub async fn encrypted_wrong_key_is_a_typed_error(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    ctx.client.put(&patient("1", "123-45-6789")).await?;
    let (kind, attribute) = encryption_failure(
        ctx.client
            .get(PatientUnderKeyB::key("1"))
            .consistent_read()
            .await,
    );
    assert_eq!(attribute, "ssn");
    let on_kms = ctx.client.key_service()?.name() == "kms";
    assert!(
        kind == EncryptionErrorKind::WrongKey
            || (on_kms && kind == EncryptionErrorKind::KeyUnavailable),
        "another key: {kind:?}"
    );
    Ok(())
}

/// Another encryption context fails with an
/// [`Integrity`](EncryptionErrorKind::Integrity) error naming the attribute.
pub async fn encrypted_context_mismatch_is_a_typed_error(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    ctx.client.put(&patient("1", "123-45-6789")).await?;
    let (kind, attribute) = encryption_failure(
        ctx.client
            .get(PatientOtherContext::key("1"))
            .consistent_read()
            .await,
    );
    assert_eq!(
        (kind, attribute.as_str()),
        (EncryptionErrorKind::Integrity, "ssn")
    );
    Ok(())
}

/// A changed ciphertext byte, a changed encrypted data key and a plain
/// string in place of the envelope are each a typed error naming the
/// attribute; the untouched attribute of the same model is not read.
pub async fn encrypted_tampered_values_are_typed_errors(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    ctx.client.put(&patient("1", "123-45-6789")).await?;
    let item = raw(&ctx, "1").await?.expect("stored");
    let original = Envelope::decode(stored_string(&item, "ssn"))?;

    let mut data = original.clone();
    let last = data.sealed.len() - 1;
    data.sealed[last] ^= 0x01;
    overwrite_ssn(&ctx, "1", data.encode()?).await?;
    let (kind, attribute) =
        encryption_failure(ctx.client.get(Patient::key("1")).consistent_read().await);
    assert_eq!(
        (kind, attribute.as_str()),
        (EncryptionErrorKind::Integrity, "ssn")
    );

    let mut key = original.clone();
    let middle = key.encrypted_key.len() / 2;
    key.encrypted_key[middle] ^= 0x01;
    overwrite_ssn(&ctx, "1", key.encode()?).await?;
    let (kind, attribute) =
        encryption_failure(ctx.client.get(Patient::key("1")).consistent_read().await);
    assert_eq!(attribute, "ssn");
    assert!(
        matches!(
            kind,
            EncryptionErrorKind::Integrity | EncryptionErrorKind::WrongKey
        ),
        "a changed data key: {kind:?}"
    );

    overwrite_ssn(&ctx, "1", "123-45-6789".into()).await?;
    let (kind, attribute) =
        encryption_failure(ctx.client.get(Patient::key("1")).consistent_read().await);
    assert_eq!(
        (kind, attribute.as_str()),
        (EncryptionErrorKind::Format, "ssn")
    );

    // The original envelope still reads.
    overwrite_ssn(&ctx, "1", original.encode()?).await?;
    let read = ctx.client.get(Patient::key("1")).consistent_read().await?;
    assert_eq!(
        read.map(|p| p.ssn.into_inner()).as_deref(),
        Some("123-45-6789")
    );
    Ok(())
}

/// Batch writes, transactions and updates encrypt; batch gets and
/// transaction gets of the model decrypt (the raw item of a transaction get
/// keeps the envelope).
pub async fn encrypted_in_batches_transactions_and_updates(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    let (a, b, c) = (
        patient("a", "111"),
        patient("b", "222"),
        patient("c", "333"),
    );
    ctx.client.batch_write().put(&a).put(&b).await?;
    ctx.client.transact_write().put(&c).await?;
    for id in ["a", "b", "c"] {
        let item = raw(&ctx, id).await?.expect("stored");
        assert!(
            stored_string(&item, "ssn").starts_with(ENCRYPTED_PREFIX),
            "{id}"
        );
    }
    let read = ctx
        .client
        .batch_get([Patient::key("a"), Patient::key("b"), Patient::key("c")])
        .consistent_read()
        .await?;
    assert_eq!(read, vec![Some(a.clone()), Some(b), Some(c.clone())]);
    let snapshot = ctx
        .client
        .transact_get()
        .get(Patient::key("c"))
        .get(Patient::key("missing"))
        .get(Patient::key("a"))
        .await?;
    assert_eq!(snapshot.get::<Patient>(0)?, Some(c));
    assert_eq!(snapshot.get::<Patient>(1)?, None);
    assert_eq!(snapshot.get::<Patient>(2)?, Some(a));
    let stored = snapshot.item(0).expect("read");
    assert!(stored_string(stored, "ssn").starts_with(ENCRYPTED_PREFIX));

    ctx.client
        .update(Patient::key("a"))
        .set(
            "ssn",
            dynorm::to_value(&Encrypted::new("999-00-1234".to_owned()))?,
        )
        .await?;
    let item = raw(&ctx, "a").await?.expect("stored");
    let ssn = stored_string(&item, "ssn");
    assert!(
        // `-` is outside base64's alphabet: the plaintext cannot appear
        // in the envelope by chance.
        ssn.starts_with(ENCRYPTED_PREFIX) && !ssn.contains("999-00-1234"),
        "{ssn}"
    );
    let read = ctx.client.get(Patient::key("a")).consistent_read().await?;
    assert_eq!(
        read.map(|p| p.ssn.into_inner()).as_deref(),
        Some("999-00-1234")
    );
    Ok(())
}

/// A versioned model with an encrypted field (seed 004's audit trail).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Model)]
#[dynorm(table = "enc_records", versioned)]
pub struct MedicalRecord {
    /// The entity (uuid4 hex).
    pub entity_id: String,
    /// This version.
    pub version: String,
    /// The version this one replaced.
    pub previous_version: String,
    /// False once soft-deleted.
    pub active: bool,
    /// Who saved this version.
    pub changed_by_id: String,
    /// When.
    pub changed_on: ChangedOn,
    /// Encrypted under [`KEY_A`].
    #[dynorm(encrypted(key = "alias/dynorm-kit-a", context(purpose = "records")))]
    pub diagnosis: Encrypted<String>,
}

/// Every version of a versioned model decrypts: the current row and the
/// audited ones, through `history` and `version`; both tables store
/// envelopes only.
pub async fn encrypted_versioned_history_decrypts(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.client.create_table::<MedicalRecord>().await?;
    let records = ctx.client.versioned::<MedicalRecord>();
    let first = MedicalRecord {
        entity_id: String::new(),
        version: ZERO_VERSION.to_owned(),
        previous_version: ZERO_VERSION.to_owned(),
        active: true,
        changed_by_id: ZERO_VERSION.to_owned(),
        changed_on: ChangedOn::now(),
        diagnosis: "flu".into(),
    };
    let v1 = records.save(&first).await?.into_inner();
    let mut second = v1.clone();
    second.diagnosis = "cold".into();
    let v2 = records.save(&second).await?.into_inner();

    let history = records.history(&v1.entity_id).await?;
    let diagnoses: Vec<&str> = history.iter().map(|r| r.diagnosis.as_str()).collect();
    assert_eq!(diagnoses, ["flu", "cold"]);
    let old = records.version(&v1.entity_id, &v1.version).await?;
    assert_eq!(
        old.map(|r| r.diagnosis.into_inner()).as_deref(),
        Some("flu")
    );
    let current = records.get(&v1.entity_id).await?.expect("current");
    assert_eq!(current.version, v2.version);
    assert_eq!(current.diagnosis.as_str(), "cold");

    let key = Item::new().with("entity_id", v1.entity_id.as_str());
    let main = ctx
        .client
        .table("enc_records")
        .get(key.clone())
        .consistent_read()
        .await?
        .expect("main row");
    let audit = ctx
        .client
        .table("enc_records_audit")
        .get(key.with("version", v1.version.as_str()))
        .consistent_read()
        .await?
        .expect("audit row");
    for (row, plain) in [(&main, "cold"), (&audit, "flu")] {
        let stored = stored_string(row, "diagnosis");
        assert!(
            stored.starts_with(ENCRYPTED_PREFIX) && !stored.contains(plain),
            "{stored}"
        );
    }
    Ok(())
}

/// Without a key service a model with encrypted attributes is a `Config`
/// error before anything is sent, and a value to encrypt is never written
/// in the clear (a raw item holding one is refused).
pub async fn encrypted_without_key_service_writes_nothing(ctx: Ctx) -> Outcome {
    if !has_keys(&ctx) {
        return Ok(());
    }
    ctx.table_for::<Patient>().await?;
    let no_keys = dynorm::Client::builder(ctx.client.backend().clone())
        .table_prefix(ctx.client.table_prefix())
        .build();
    let p = patient("1", "123-45-6789");
    let err = no_keys.put(&p).await.expect_err("no key service");
    assert!(err.is_config(), "{err:?}");
    let err = no_keys
        .batch_write()
        .put(&p)
        .await
        .expect_err("no key service");
    assert!(err.is_config(), "{err:?}");
    let err = no_keys
        .get(Patient::key("1"))
        .await
        .expect_err("no key service");
    assert!(err.is_config(), "{err:?}");
    assert_eq!(raw(&ctx, "1").await?, None);

    let err = ctx
        .client
        .table(Patient::schema().table)
        .put(p.to_item()?)
        .await
        .expect_err("a raw item holding plaintext");
    assert!(err.is_validation(), "{err:?}");
    assert_eq!(raw(&ctx, "1").await?, None);
    Ok(())
}

/// Calls `$cb!($arg; encrypted { scenario, ... })` with every encrypted
/// attribute scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_encrypted_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            encrypted {
                encrypted_round_trip_stores_envelopes,
                encrypted_absent_and_null_read_as_none,
                encrypted_wrong_key_is_a_typed_error,
                encrypted_context_mismatch_is_a_typed_error,
                encrypted_tampered_values_are_typed_errors,
                encrypted_in_batches_transactions_and_updates,
                encrypted_versioned_history_decrypts,
                encrypted_without_key_service_writes_nothing,
            }
        }
    };
}
