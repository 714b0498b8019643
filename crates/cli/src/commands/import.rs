//! `import`: items from a file, written with batch writes.
//!
//! The file holds JSON values one after another (JSON lines, or pretty
//! JSON): each an item, an array of items, DynamoDB's S3 export line
//! `{"Item": {..}}`, or the AWS CLI's scan output `{"Items": [..]}`. Items
//! are sent in groups with BatchWriteItem (chunks of 25, several in flight,
//! unprocessed items retried with backoff); a group never holds one key
//! twice, so a later item with the same key replaces the earlier one as
//! consecutive puts would. What could not be written (unprocessed after
//! every retry, in a failed call, without its key, not an item) goes to the
//! leftovers file and is never counted as written.

use crate::args::Import;
use crate::exit::{one_line, CliError, CliResult, Exit};
use crate::input;
use crate::progress::Progress;
use dynorm::backend::{TableDefinition, WriteRequest};
use dynorm::value::item_to_dynamodb_json;
use dynorm::{Client, Item};
use serde_json::Value as Json;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write as _};
use std::path::PathBuf;

/// BatchWriteItem chunks per group, per call in flight.
const CHUNKS_PER_CALL: usize = 4;

/// An item that was not written, as it goes to the leftovers file.
struct Leftover {
    json: Json,
}

/// What the import did so far.
#[derive(Default)]
struct Tally {
    written: u64,
    leftovers: Vec<Leftover>,
    /// The first reason something was not written.
    first_cause: Option<String>,
}

impl Tally {
    fn not_written(&mut self, json: Json, cause: impl FnOnce() -> String) {
        if self.first_cause.is_none() {
            self.first_cause = Some(cause());
        }
        self.leftovers.push(Leftover { json });
    }
}

/// `import TABLE FILE`.
pub async fn run(client: &Client, args: Import) -> CliResult {
    let desc = client.describe_table(&args.table).await?;
    let (reader, mut progress): (Box<dyn BufRead>, _) = if args.file == "-" {
        (
            Box::new(BufReader::new(std::io::stdin())),
            Progress::items("imported", None),
        )
    } else {
        let file = File::open(&args.file)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", args.file)))?;
        let progress = match file.metadata() {
            Ok(m) if m.is_file() => Progress::by_bytes("imported", m.len()),
            _ => Progress::items("imported", None),
        };
        (Box::new(BufReader::with_capacity(1 << 16, file)), progress)
    };
    let group_size =
        dynorm::rules::batch::MAX_WRITES * CHUNKS_PER_CALL * usize::from(args.concurrency);
    let mut tally = Tally::default();
    let mut group = Group::new(&desc.definition);
    let mut values = serde_json::Deserializer::from_reader(reader).into_iter::<Json>();
    let mut number = 0usize;
    let mut stopped = None;
    loop {
        let value = match values.next() {
            None => break,
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                stopped = Some(CliError::usage(format!(
                    "{} is not valid JSON after {number} items: {e}",
                    args.file
                )));
                break;
            }
        };
        progress.read_to(values.byte_offset() as u64);
        for json in items_of(value) {
            number += 1;
            match input::item(json.clone(), args.input_format, &format!("item {number}")) {
                Err(e) => tally.not_written(json, || e.message),
                Ok(item) => match group.key_of(&item) {
                    Err(missing) => tally.not_written(json, || {
                        format!("item {number} has no key attribute {missing}")
                    }),
                    Ok(key) => {
                        if group.keys.contains(&key) || group.items.len() >= group_size {
                            group.send(client, &args, &mut tally, &mut progress).await;
                        }
                        group.keys.insert(key);
                        group.items.push(item);
                    }
                },
            }
        }
    }
    group.send(client, &args, &mut tally, &mut progress).await;
    let summary = progress.finish();
    if let Some(e) = stopped {
        eprintln!("{summary}");
        save_leftovers(&args, &tally)?;
        return Err(e);
    }
    if tally.leftovers.is_empty() {
        eprintln!("{summary}");
        return Ok(());
    }
    let path = save_leftovers(&args, &tally)?;
    Err(CliError::new(
        Exit::Incomplete,
        format!(
            "import incomplete: {} items written, {} not written (saved to {}); first cause: {}",
            tally.written,
            tally.leftovers.len(),
            path.display(),
            tally.first_cause.as_deref().unwrap_or("unknown")
        ),
    ))
}

/// The items a top-level JSON value holds.
fn items_of(value: Json) -> Vec<Json> {
    match value {
        Json::Array(items) => items,
        Json::Object(mut map) if map.len() == 1 => {
            match (map.remove("Items"), map.remove("Item")) {
                (Some(Json::Array(items)), _) => items,
                (_, Some(item @ Json::Object(_))) if input::is_typed_item(&item) => vec![item],
                // Not a wrapper: one item with a single attribute.
                (Some(other), _) => vec![single("Items", other)],
                (_, Some(other)) => vec![single("Item", other)],
                (None, None) => vec![Json::Object(map)],
            }
        }
        other => vec![other],
    }
}

/// An object of one attribute.
fn single(name: &str, value: Json) -> Json {
    Json::Object(std::iter::once((name.to_owned(), value)).collect())
}

/// The items of one group of batch writes, and their keys.
struct Group<'a> {
    definition: &'a TableDefinition,
    items: Vec<Item>,
    keys: HashSet<String>,
}

impl<'a> Group<'a> {
    fn new(definition: &'a TableDefinition) -> Group<'a> {
        Group {
            definition,
            items: Vec::new(),
            keys: HashSet::new(),
        }
    }

    /// The item's key as text, or the name of the key attribute it lacks.
    fn key_of(&self, item: &Item) -> Result<String, String> {
        let mut key = Item::new();
        for name in self.definition.key_names() {
            match item.get(name) {
                Some(v) => {
                    key.insert(name, v.clone());
                }
                None => return Err(name.to_owned()),
            }
        }
        Ok(item_to_dynamodb_json(&key).to_string())
    }

    /// Sends the group's items and empties it.
    async fn send(
        &mut self,
        client: &Client,
        args: &Import,
        tally: &mut Tally,
        progress: &mut Progress,
    ) {
        if self.items.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.items);
        self.keys.clear();
        let batch = items
            .iter()
            .cloned()
            .fold(client.batch_write(), |b, item| {
                b.put_item(&args.table, item)
            })
            .concurrency(usize::from(args.concurrency));
        match batch.send_partial().await {
            Ok(report) => {
                for (_, request) in report.unprocessed {
                    if let WriteRequest::Put(item) = request {
                        let cause = report.errors.first();
                        tally.not_written(item_to_dynamodb_json(&item), || match cause {
                            Some(e) => one_line(e),
                            None => "still unprocessed after every retry".to_owned(),
                        });
                    }
                }
                tally.written += report.written as u64;
                progress.inc(report.written as u64);
            }
            Err(e) => {
                let cause = one_line(&e);
                for item in &items {
                    tally.not_written(item_to_dynamodb_json(item), || cause.clone());
                }
            }
        }
    }
}

/// Writes the leftovers (if any) and returns where they went.
fn save_leftovers(args: &Import, tally: &Tally) -> CliResult<PathBuf> {
    let path = args.leftovers.clone().unwrap_or_else(|| {
        if args.file == "-" {
            PathBuf::from("unprocessed.jsonl")
        } else {
            PathBuf::from(format!("{}.unprocessed.jsonl", args.file))
        }
    });
    if tally.leftovers.is_empty() {
        return Ok(path);
    }
    let file = File::create(&path)
        .map_err(|e| CliError::usage(format!("cannot create {}: {e}", path.display())))?;
    let mut out = BufWriter::new(file);
    for leftover in &tally.leftovers {
        serde_json::to_writer(&mut out, &leftover.json).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrappers_and_arrays_are_unwrapped() {
        let item = json!({"pk": {"S": "a"}});
        assert_eq!(items_of(json!([item.clone(), item.clone()])).len(), 2);
        assert_eq!(
            items_of(json!({"Items": [item.clone()]})),
            vec![item.clone()]
        );
        assert_eq!(items_of(json!({"Item": item.clone()})), vec![item.clone()]);
        // A plain item whose only attribute is called Item stays an item.
        let plain = json!({"Item": {"name": "x"}});
        assert_eq!(items_of(plain.clone()), vec![plain]);
    }

    #[test]
    fn keys_are_the_key_attributes_only() {
        use dynorm::backend::{KeyAttribute, KeyType};
        let def = TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S));
        let group = Group::new(&def);
        let a = group.key_of(&Item::new().with("pk", "a").with("n", 1));
        let b = group.key_of(&Item::new().with("pk", "a").with("n", 2));
        assert_eq!(a, b);
        assert_ne!(a, group.key_of(&Item::new().with("pk", "b")));
        assert_eq!(
            group.key_of(&Item::new().with("x", 1)),
            Err("pk".to_owned())
        );
    }
}
