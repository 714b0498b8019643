//! Versioned models: rococo's rows, the audit trail written with each
//! version in one transaction, stale saves refused, change events.

use crate::versioned_models::{Book, LedgerEntry};
use crate::{Ctx, Outcome};
use async_trait::async_trait;
use dynorm::backend::KeyType;
use dynorm::expr::KeyCondition;
use dynorm::versioned::{
    as_actor, ChangeEvent, ChangeKind, ChangeSink, ChangedOn, Json, ZERO_VERSION,
};
use dynorm::{attr, BoxError, CancellationCode, Client, Error, Item, Result, Value};
use std::sync::{Arc, Mutex};

async fn book_tables(ctx: &Ctx) -> Result<()> {
    ctx.client.create_table::<Book>().await?;
    Ok(())
}

/// The main row of an entity, as stored.
async fn main_row(client: &Client, entity_id: &str) -> Result<Option<Item>> {
    client
        .table("book")
        .get(Item::new().with("entity_id", entity_id))
        .consistent_read()
        .await
}

/// The audit rows of an entity, as stored.
async fn audit_rows(client: &Client, entity_id: &str) -> Result<Vec<Item>> {
    client
        .table("book_audit")
        .query(KeyCondition::partition("entity_id", entity_id))
        .consistent_read()
        .all()
        .await
}

fn text<'a>(item: &'a Item, name: &str) -> &'a str {
    match item.get(name) {
        Some(Value::S(s)) => s,
        other => panic!("attribute `{name}` is not a string: {other:?}"),
    }
}

fn is_uuid_hex(s: &str) -> bool {
    s.len() == 32
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        && s.as_bytes()[12] == b'4'
}

/// Python's `isoformat()` of a UTC time: `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`.
fn is_python_isoformat(s: &str) -> bool {
    let Some(body) = s.strip_suffix("+00:00") else {
        return false;
    };
    let (seconds, fraction) = body.split_once('.').unwrap_or((body, ""));
    seconds.len() == 19
        && (fraction.is_empty() || (fraction.len() == 6 && fraction != "000000"))
        && ChangedOn::parse(s).is_ok()
}

/// A first save writes rococo's row: uuid4 hex id and version, the zero
/// sentinel as previous version and changer, `active`, an isoformat time,
/// `None` fields absent; lists as `L`, a free-form map as JSON text; no
/// audit row. Both tables come from the table tooling.
pub async fn versioned_first_save_writes_rococo_row(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let audit = ctx.client.describe_table("book_audit").await?;
    assert_eq!(audit.definition.partition_key.name, "entity_id");
    assert_eq!(
        audit
            .definition
            .sort_key
            .as_ref()
            .map(|k| (k.name.as_str(), k.key_type)),
        Some(("version", KeyType::S))
    );
    let books = ctx.client.versioned::<Book>();
    let mut book = Book::new("Dune", "Frank Herbert");
    book.shelves = Some(vec!["sci-fi".into(), "classics".into()]);
    book.details = Some(Json(serde_json::json!({"pages": 412, "signed": false})));
    let saved = books.save(&book).await?.into_inner();
    assert!(is_uuid_hex(&saved.entity_id), "{}", saved.entity_id);
    assert!(is_uuid_hex(&saved.version), "{}", saved.version);
    assert_eq!(saved.previous_version, ZERO_VERSION);
    assert_eq!(saved.changed_by_id, ZERO_VERSION);

    let row = main_row(&ctx.client, &saved.entity_id)
        .await?
        .expect("the row is stored");
    assert_eq!(text(&row, "entity_id"), saved.entity_id);
    assert_eq!(text(&row, "version"), saved.version);
    assert_eq!(text(&row, "previous_version"), ZERO_VERSION);
    assert_eq!(text(&row, "changed_by_id"), ZERO_VERSION);
    assert_eq!(row.get("active"), Some(&Value::Bool(true)));
    let changed_on = text(&row, "changed_on");
    assert!(is_python_isoformat(changed_on), "{changed_on}");
    assert_eq!(row.get("rating"), None, "a None field is absent");
    assert_eq!(
        row.get("shelves"),
        Some(&Value::L(vec!["sci-fi".into(), "classics".into()]))
    );
    assert_eq!(text(&row, "details"), r#"{"pages": 412, "signed": false}"#);
    assert!(audit_rows(&ctx.client, &saved.entity_id).await?.is_empty());
    assert_eq!(books.get(&saved.entity_id).await?, Some(saved));
    Ok(())
}

/// Each save moves the replaced row, exactly as it was stored, to the audit
/// table; history is every version oldest first; any past version reads back.
pub async fn versioned_saves_audit_replaced_rows_and_history(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let books = ctx.client.versioned::<Book>();
    let v1 = books
        .save(&Book::new("The Pragmatic Programmer", "David Thomas"))
        .await?
        .into_inner();
    let id = v1.entity_id.clone();
    let row1 = main_row(&ctx.client, &id).await?.expect("v1 stored");
    let mut reading = v1.clone();
    reading.status = Some("reading".into());
    let v2 = books.save(&reading).await?.into_inner();
    assert_eq!(v2.entity_id, id);
    assert_eq!(v2.previous_version, v1.version);
    assert_ne!(v2.version, v1.version);
    assert_eq!(audit_rows(&ctx.client, &id).await?, vec![row1.clone()]);

    let mut finished = v2.clone();
    finished.status = Some("finished".into());
    finished.rating = Some(5);
    let v3 = books.save(&finished).await?.into_inner();
    assert_eq!(audit_rows(&ctx.client, &id).await?.len(), 2);
    let stored = books.get(&id).await?.expect("current version");
    assert_eq!(stored, v3);
    assert_eq!(stored.rating, Some(5));

    let history = books.history(&id).await?;
    let versions: Vec<&str> = history.iter().map(|b| b.version.as_str()).collect();
    assert_eq!(versions, [&v1.version, &v2.version, &v3.version]);
    let statuses: Vec<_> = history.iter().map(|b| b.status.as_deref()).collect();
    assert_eq!(
        statuses,
        [Some("to_read"), Some("reading"), Some("finished")]
    );
    assert_eq!(books.version(&id, &v1.version).await?, Some(v1.clone()));
    assert_eq!(books.version(&id, &v3.version).await?, Some(v3));
    assert_eq!(books.version(&id, ZERO_VERSION).await?, None);
    assert_eq!(books.history(&v1.version).await?, Vec::<Book>::new());
    Ok(())
}

/// A soft delete is a new version with `active = false` (reads skip it
/// unless asked); a hard delete removes the main row and keeps the audit rows.
pub async fn versioned_soft_and_hard_delete(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let books = ctx.client.versioned::<Book>();
    let keep = books.save(&Book::new("Emma", "Jane Austen")).await?;
    let v1 = books
        .save(&Book::new("Ulysses", "James Joyce"))
        .await?
        .into_inner();
    let id = v1.entity_id.clone();
    let deleted = books.delete(&v1).await?.into_inner();
    assert!(!deleted.active);
    assert_eq!(deleted.previous_version, v1.version);
    assert_eq!(books.get(&id).await?, None);
    assert_eq!(
        books.get_including_inactive(&id).await?,
        Some(deleted.clone())
    );
    let listed: Vec<String> = books
        .list()
        .all()
        .await?
        .into_iter()
        .map(|b| b.entity_id)
        .collect();
    assert_eq!(listed, [keep.entity_id.as_str()]);
    let filtered = books
        .list()
        .filter(attr("author").eq("Jane Austen"))
        .all()
        .await?;
    assert_eq!(filtered.len(), 1);
    assert!(books
        .list()
        .filter(attr("author").eq("James Joyce"))
        .all()
        .await?
        .is_empty());
    assert_eq!(books.history(&id).await?.len(), 2);

    // Deleting a model that never was saved is refused before anything is sent.
    let err = books
        .delete(&Book::new("Draft", "Nobody"))
        .await
        .expect_err("no version to delete");
    assert!(err.is_validation(), "{err}");

    let removed = books.hard_delete(&id).await?.into_inner();
    assert_eq!(removed, Some(deleted));
    assert_eq!(main_row(&ctx.client, &id).await?, None);
    assert_eq!(audit_rows(&ctx.client, &id).await?.len(), 1);
    let history = books.history(&id).await?;
    assert_eq!(history, vec![v1]);
    assert_eq!(books.hard_delete(&id).await?.into_inner(), None);
    Ok(())
}

/// A save from a stale copy is a VersionConflict and writes nothing (neither
/// the row nor an audit copy); so is a second create of one entity id.
pub async fn versioned_stale_save_is_version_conflict(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let books = ctx.client.versioned::<Book>();
    let v1 = books
        .save(&Book::new("Middlemarch", "George Eliot"))
        .await?
        .into_inner();
    let id = v1.entity_id.clone();
    let mut first = v1.clone();
    first.status = Some("reading".into());
    let v2 = books.save(&first).await?.into_inner();
    let mut stale = v1.clone();
    stale.status = Some("finished".into());
    let err = books.save(&stale).await.expect_err("stale save");
    assert!(err.is_version_conflict(), "{err}");
    match &err {
        Error::VersionConflict {
            table,
            key,
            expected,
            ..
        } => {
            assert_eq!(table, &ctx.client.table_name("book"));
            assert_eq!(*key, Item::new().with("entity_id", id.as_str()));
            assert_eq!(expected.as_deref(), Some(&Value::from(v1.version.as_str())));
        }
        other => panic!("{other:?}"),
    }
    // The stale delete too.
    assert!(books
        .delete(&stale)
        .await
        .expect_err("stale")
        .is_version_conflict());
    let row = main_row(&ctx.client, &id).await?.expect("row");
    assert_eq!(text(&row, "version"), v2.version);
    assert_eq!(text(&row, "status"), "reading");
    assert_eq!(audit_rows(&ctx.client, &id).await?.len(), 1);

    // Two creates of the same entity id: the second finds it there.
    let mut twin = Book::new("Twin", "A");
    twin.entity_id = dynorm::versioned::new_id();
    books.save(&twin).await?;
    let err = books.save(&twin).await.expect_err("exists");
    assert!(err.is_version_conflict(), "{err}");
    assert_eq!(audit_rows(&ctx.client, &twin.entity_id).await?.len(), 0);
    Ok(())
}

/// The audit copy and the new row go in one transaction: when the audit half
/// fails (an audit row with the replaced version is there already) the new
/// row is not written either.
pub async fn versioned_audit_and_row_are_atomic(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let books = ctx.client.versioned::<Book>();
    let v1 = books
        .save(&Book::new("Beloved", "Toni Morrison"))
        .await?
        .into_inner();
    let id = v1.entity_id.clone();
    let planted = Item::new()
        .with("entity_id", id.as_str())
        .with("version", v1.version.as_str())
        .with("note", "planted");
    ctx.client.table("book_audit").put(planted.clone()).await?;
    let mut next = v1.clone();
    next.rating = Some(4);
    let err = books.save(&next).await.expect_err("audit half fails");
    let reasons = err.cancellation_reasons().expect("a cancelled transaction");
    let codes: Vec<&CancellationCode> = reasons.iter().map(|r| &r.code).collect();
    assert_eq!(
        codes,
        [
            &CancellationCode::None,
            &CancellationCode::ConditionalCheckFailed
        ]
    );
    let row = main_row(&ctx.client, &id).await?.expect("row");
    assert_eq!(text(&row, "version"), v1.version, "the row is unchanged");
    assert_eq!(row.get("rating"), None);
    assert_eq!(audit_rows(&ctx.client, &id).await?, vec![planted]);
    Ok(())
}

/// What a sink received, in order.
#[derive(Default)]
struct Recorder {
    events: Mutex<Vec<ChangeEvent>>,
}

#[async_trait]
impl ChangeSink for Recorder {
    async fn publish(&self, event: &ChangeEvent) -> std::result::Result<(), BoxError> {
        self.events
            .lock()
            .map_err(|_| "poisoned")?
            .push(event.clone());
        Ok(())
    }
}

/// A sink that is down.
struct Down;

#[async_trait]
impl ChangeSink for Down {
    async fn publish(&self, _event: &ChangeEvent) -> std::result::Result<(), BoxError> {
        Err("queue unreachable".into())
    }
}

/// The sink gets one event per committed change, in order, with the
/// versions, kind, changer and the new row as a flat JSON object; a failed
/// save sends none; a sink failure does not undo the write and is returned.
pub async fn versioned_change_events_in_order_and_sink_failure(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let recorder = Arc::new(Recorder::default());
    let client = ctx.client.with_change_sink(recorder.clone());
    let books = client.versioned::<Book>();
    let v1 = as_actor(
        "librarian",
        books.save(&Book::new("Persuasion", "Jane Austen")).send(),
    )
    .await?;
    assert_eq!(v1.event().map(|e| e.kind), Some(ChangeKind::Created));
    let v1 = v1.into_inner();
    let mut reading = v1.clone();
    reading.status = Some("reading".into());
    let v2 = books
        .save(&reading)
        .changed_by("reader-9")
        .await?
        .into_inner();
    assert!(
        books.save(&v1).await.is_err(),
        "a stale save sends no event"
    );
    let v3 = books.delete(&v2).await?.into_inner();
    books.hard_delete(&v3.entity_id).await?;

    let events = recorder.events.lock().expect("lock").clone();
    let kinds: Vec<ChangeKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::Created,
            ChangeKind::Updated,
            ChangeKind::Deleted,
            ChangeKind::HardDeleted
        ]
    );
    let chain: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.previous_version.as_str(), e.version.as_str()))
        .collect();
    assert_eq!(
        chain,
        [
            (ZERO_VERSION, v1.version.as_str()),
            (v1.version.as_str(), v2.version.as_str()),
            (v2.version.as_str(), v3.version.as_str()),
            (v2.version.as_str(), v3.version.as_str()),
        ]
    );
    let changers: Vec<&str> = events.iter().map(|e| e.changed_by_id.as_str()).collect();
    assert_eq!(
        changers,
        ["librarian", "reader-9", ZERO_VERSION, ZERO_VERSION]
    );
    assert!(events.iter().all(|e| e.entity_id == v1.entity_id
        && e.model == "Book"
        && e.table == ctx.client.table_name("book")));
    let data = &events[1].data;
    assert_eq!(data["status"], "reading");
    assert_eq!(data["version"], v2.version.as_str());
    assert_eq!(data["active"], true);
    assert_eq!(events[2].data["active"], false);
    assert!(data.as_object().is_some_and(|o| !o.contains_key("rating")));

    // A sink that fails: the write stays, the error comes back with it.
    let down = ctx.client.with_change_sink(Arc::new(Down));
    let saved = down
        .versioned::<Book>()
        .save(&Book::new("Sanditon", "Jane Austen"))
        .await?;
    let sink_error = saved.sink_error().map(ToString::to_string);
    assert_eq!(sink_error.as_deref(), Some("queue unreachable"));
    assert_eq!(saved.event().map(|e| e.kind), Some(ChangeKind::Created));
    let id = saved.into_inner().entity_id;
    assert!(main_row(&ctx.client, &id).await?.is_some());
    Ok(())
}

/// `changed_by_id`: the per-call value over the scoped actor, the scoped
/// actor inside `as_actor` only, the zero sentinel otherwise.
pub async fn versioned_changed_by_per_call_and_scoped(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    let books = ctx.client.versioned::<Book>();
    let (a, b) = as_actor("alice", async {
        let a = books.save(&Book::new("A", "x")).await?.into_inner();
        let b = books
            .save(&Book::new("B", "x"))
            .changed_by("bob")
            .await?
            .into_inner();
        Ok::<_, Error>((a, b))
    })
    .await?;
    let c = books.save(&Book::new("C", "x")).await?.into_inner();
    assert_eq!(a.changed_by_id, "alice");
    assert_eq!(b.changed_by_id, "bob");
    assert_eq!(c.changed_by_id, ZERO_VERSION);
    let row = main_row(&ctx.client, &b.entity_id).await?.expect("row");
    assert_eq!(text(&row, "changed_by_id"), "bob");
    Ok(())
}

/// An audit table named by `versioned(audit_table = "...")` is created and
/// written; a `String` `changed_on` field holds rococo's text.
pub async fn versioned_custom_audit_table(ctx: Ctx) -> Outcome {
    ctx.client.ensure_table::<LedgerEntry>().await?;
    ctx.client.ensure_table::<LedgerEntry>().await?;
    let ledger = ctx.client.versioned::<LedgerEntry>();
    assert_eq!(
        ledger.audit_table()?,
        ctx.client.table_name("ledger_history")
    );
    let entry = LedgerEntry {
        entity_id: String::new(),
        version: String::new(),
        previous_version: String::new(),
        active: true,
        changed_by_id: String::new(),
        changed_on: String::new(),
        cents: 100,
    };
    let v1 = ledger.save(&entry).await?.into_inner();
    assert!(is_python_isoformat(&v1.changed_on), "{}", v1.changed_on);
    let mut v2 = v1.clone();
    v2.cents = 250;
    ledger.save(&v2).await?;
    let audit = ctx
        .client
        .table("ledger_history")
        .query(KeyCondition::partition("entity_id", v1.entity_id.as_str()))
        .consistent_read()
        .all()
        .await?;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].get("cents"), Some(&Value::from(100)));
    // A model that is not versioned is refused.
    let err = ctx
        .client
        .versioned::<crate::models::User>()
        .get("x")
        .await
        .expect_err("not versioned");
    assert!(err.to_string().contains("not versioned"), "{err}");
    Ok(())
}

/// 16 tasks save the same entity at once, round after round, each from the
/// version it read: exactly one save wins per version, so the final row's
/// save counter, the number of audit rows and the history all equal the
/// number of successful saves (no lost update, no fork).
pub async fn versioned_racing_saves_lose_no_update(ctx: Ctx) -> Outcome {
    book_tables(&ctx).await?;
    // DynamoDB Local serves each call in milliseconds: fewer rounds there.
    let rounds = if ctx.is_dynamodb() { 6 } else { 50 };
    let books = ctx.client.versioned::<Book>();
    let mut first = Book::new("Race", "Everyone");
    first.saves = Some(0);
    let id = books.save(&first).await?.into_inner().entity_id;
    let tasks: Vec<_> = (0..16)
        .map(|t| {
            let books = books.clone();
            let id = id.clone();
            tokio::spawn(async move {
                let mut won = 0u32;
                for _ in 0..rounds {
                    let Some(mut book) = books.get(&id).await? else {
                        panic!("the entity disappeared");
                    };
                    book.saves = Some(book.saves.unwrap_or(0) + 1);
                    book.status = Some(format!("task {t}"));
                    match books.save(&book).await {
                        Ok(_) => won += 1,
                        Err(e) if e.is_version_conflict() || e.is_retryable() => {}
                        Err(Error::TransactionCanceled { reasons, .. })
                            if reasons
                                .iter()
                                .any(|r| r.code == CancellationCode::TransactionConflict) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok::<_, Error>(won)
            })
        })
        .collect();
    let mut won = 0;
    for task in tasks {
        won += task.await.expect("task panicked")?;
    }
    assert!(won >= rounds, "at least one save wins per round: {won}");
    let last = books.get(&id).await?.expect("current");
    assert_eq!(last.saves, Some(i64::from(won)), "no lost update");
    assert_eq!(audit_rows(&ctx.client, &id).await?.len(), won as usize);
    let history = books.history(&id).await?;
    assert_eq!(history.len(), won as usize + 1);
    let counts: Vec<i64> = history.iter().filter_map(|b| b.saves).collect();
    let expected: Vec<i64> = (0..=i64::from(won)).collect();
    assert_eq!(counts, expected, "one linear chain of versions");
    Ok(())
}

#[doc(hidden)]
#[macro_export]
macro_rules! __with_versioned_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            versioned {
                versioned_first_save_writes_rococo_row,
                versioned_saves_audit_replaced_rows_and_history,
                versioned_soft_and_hard_delete,
                versioned_stale_save_is_version_conflict,
                versioned_audit_and_row_are_atomic,
                versioned_change_events_in_order_and_sink_failure,
                versioned_changed_by_per_call_and_scoped,
                versioned_custom_audit_table,
                versioned_racing_saves_lose_no_update,
            }
        }
    };
}
