//! The command line: connection flags, commands and their options.

use crate::exit::EXIT_CODES;
use crate::input::InputFormat;
use crate::output::ItemOutput;
use clap::{Args, Parser, Subcommand, ValueEnum};
use dynorm::backend::{KeyAttribute, KeyType};

/// The `dynorm` command line.
#[derive(Debug, Parser)]
#[command(
    name = "dynorm",
    version,
    about = "Work with DynamoDB tables and items: create, describe, export, import, query, and \
             generate dynorm models from existing tables.",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// Where and as whom to connect.
    #[command(flatten)]
    pub connection: Connection,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Connection flags, named as the AWS CLI names them; whatever is not given
/// comes from the environment (`AWS_REGION`, `AWS_PROFILE`, credentials,
/// `AWS_ENDPOINT_URL`, the shared config files).
#[derive(Debug, Args)]
pub struct Connection {
    /// The endpoint to send requests to, e.g. DynamoDB Local's http://localhost:8000.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// The AWS region, e.g. eu-west-1.
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// A named profile of the AWS config and credentials files.
    #[arg(long, global = true)]
    pub profile: Option<String>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a table and wait until it is ACTIVE.
    #[command(after_help = "\
Examples:
  dynorm create-table users
  dynorm create-table products --partition-key category_id --sort-key product_id:N
  dynorm create-table simple_counter --partition-key counter_id --no-sort-key
  dynorm create-table high_traffic --billing-mode PROVISIONED --read-capacity 50 --write-capacity 25
  dynorm create-table app --gsi ByEmail:email --gsi ByTenant:tenant:created:N --ttl expires_at
  dynorm create-table local_test --endpoint-url http://localhost:8000")]
    CreateTable(CreateTable),
    /// List table names.
    #[command(after_help = "\
Examples:
  dynorm list-tables
  dynorm list-tables --name-contains user
  dynorm list-tables --region eu-west-1 --output json")]
    ListTables(ListTables),
    /// Show a table's keys, indexes, TTL, billing, item count and size.
    #[command(after_help = "\
Examples:
  dynorm describe-table users
  dynorm describe-table users --output json")]
    DescribeTable(DescribeTable),
    /// Delete a table (asks for its name on a terminal).
    #[command(after_help = "\
Examples:
  dynorm delete-table old_users          # asks you to type the name
  dynorm delete-table old_users --force  # no question (needed without a terminal)")]
    DeleteTable(DeleteTable),
    /// Write a dynorm model (Rust source) for an existing table, from its
    /// description and a sample of its items.
    #[command(after_help = "\
Examples:
  dynorm generate-schema users
  dynorm generate-schema users --module User --output src/models/user.rs
  dynorm generate-schema events --sample 1000")]
    GenerateSchema(GenerateSchema),
    /// Export every item as DynamoDB JSON (parallel scan).
    #[command(after_help = "\
Examples:
  dynorm export users --output users.jsonl
  dynorm export users --format json --segments 8 > users.json")]
    Export(Export),
    /// Import items (DynamoDB JSON or plain JSON, as `export` writes them) with batch writes.
    #[command(after_help = "\
Examples:
  dynorm import users users.jsonl
  dynorm import users users.json --leftovers failed.jsonl
  dynorm export users | dynorm import users_copy -")]
    Import(Import),
    /// Serve an in-process DynamoDB (dynorm's memory backend) on DynamoDB's
    /// wire protocol until interrupted; prints the endpoint. Data lives in
    /// memory and is gone when the process stops.
    #[command(after_help = "\
Examples:
  dynorm serve                         # http://127.0.0.1:8000
  dynorm serve --port 0                # a free port, printed on stdout
  aws dynamodb list-tables --endpoint-url http://127.0.0.1:8000")]
    Serve(Serve),
    /// Read one item by its key.
    #[command(after_help = "\
Examples:
  dynorm get users '{\"pk\": \"USER#1\", \"sk\": \"PROFILE\"}'
  dynorm get users '{\"pk\": {\"S\": \"USER#1\"}, \"sk\": {\"S\": \"PROFILE\"}}' --output dynamodb
  dynorm get users @key.json --consistent-read --projection 'email, #n' --names '{\"#n\": \"name\"}'")]
    Get(GetItem),
    /// Write one item (replacing any item with its key).
    #[command(after_help = "\
Examples:
  dynorm put users '{\"pk\": \"USER#1\", \"sk\": \"PROFILE\", \"name\": \"Ann\"}'
  dynorm put users @item.json --condition 'attribute_not_exists(pk)'
  dynorm put products '{\"id\": \"p1\", \"price\": 12}' --condition 'price < :p' --values '{\":p\": 20}'")]
    Put(PutItem),
    /// Delete one item by its key.
    #[command(after_help = "\
Examples:
  dynorm delete-item users '{\"pk\": \"USER#1\", \"sk\": \"PROFILE\"}'
  dynorm delete-item users @key.json --condition 'version = :v' --values '{\":v\": 3}'")]
    DeleteItem(DeleteItem),
    /// Query one partition of a table or index.
    #[command(after_help = "\
Examples:
  dynorm query users --key-condition 'pk = :pk' --values '{\":pk\": \"USER#1\"}'
  dynorm query products --key-condition 'category_id = :c AND begins_with(product_id, :p)' \\
      --filter 'price > :min' --values '{\":c\": \"books\", \":p\": \"B\", \":min\": 10}' --output table
  dynorm query users --index ByEmail --key-condition 'email = :e' --values '{\":e\": \"a@b.c\"}'")]
    Query(Query),
    /// Scan a table or index.
    #[command(after_help = "\
Examples:
  dynorm scan users --limit 20 --output table
  dynorm scan products --filter 'price > :p AND stock > :s' --values '{\":p\": 500, \":s\": 10}'")]
    Scan(Scan),
}

/// `create-table`.
#[derive(Debug, Args)]
pub struct CreateTable {
    /// The table name.
    pub name: String,
    /// The partition key: NAME[:S|N|B] (type S unless given).
    #[arg(long, value_name = "NAME[:TYPE]", default_value = "pk", value_parser = key_attribute)]
    pub partition_key: KeyAttribute,
    /// The sort key: NAME[:S|N|B] (type S unless given).
    #[arg(long, value_name = "NAME[:TYPE]", default_value = "sk", value_parser = key_attribute, conflicts_with = "no_sort_key")]
    pub sort_key: KeyAttribute,
    /// Create the table with a partition key only.
    #[arg(long)]
    pub no_sort_key: bool,
    /// How the table is billed.
    #[arg(long, value_enum, default_value_t = Billing::PayPerRequest)]
    pub billing_mode: Billing,
    /// Read capacity units (PROVISIONED; default 5).
    #[arg(long, value_name = "UNITS")]
    pub read_capacity: Option<u64>,
    /// Write capacity units (PROVISIONED; default 5).
    #[arg(long, value_name = "UNITS")]
    pub write_capacity: Option<u64>,
    /// A global secondary index projecting all attributes: NAME:PK[:SK], each
    /// key ATTR or ATTR:TYPE (ByTenant:tenant, ByDate:tenant:created:N). Repeatable.
    #[arg(long = "gsi", value_name = "NAME:PK[:SK]", value_parser = index_spec)]
    pub gsis: Vec<IndexSpec>,
    /// Enable TTL on this attribute (epoch seconds).
    #[arg(long, value_name = "ATTR")]
    pub ttl: Option<String>,
}

/// `--billing-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Billing {
    /// On demand.
    #[value(name = "PAY_PER_REQUEST")]
    PayPerRequest,
    /// Provisioned capacity.
    #[value(name = "PROVISIONED")]
    Provisioned,
}

/// A `--gsi` option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSpec {
    /// The index name.
    pub name: String,
    /// Its partition key.
    pub partition_key: KeyAttribute,
    /// Its sort key.
    pub sort_key: Option<KeyAttribute>,
}

fn key_type(text: &str) -> Option<KeyType> {
    match text {
        "S" => Some(KeyType::S),
        "N" => Some(KeyType::N),
        "B" => Some(KeyType::B),
        _ => None,
    }
}

/// `NAME[:S|N|B]`.
fn key_attribute(text: &str) -> Result<KeyAttribute, String> {
    let (name, key_type) = match text.rsplit_once(':') {
        Some((name, t)) => (
            name,
            key_type(t).ok_or_else(|| format!("`{t}` is not a key type (S, N or B)"))?,
        ),
        None => (text, KeyType::S),
    };
    if name.is_empty() {
        return Err("the key attribute name is empty".to_owned());
    }
    Ok(KeyAttribute::new(name, key_type))
}

/// `NAME:PK[:TYPE][:SK[:TYPE]]`: a part that is S, N or B is the type of the
/// attribute before it.
fn index_spec(text: &str) -> Result<IndexSpec, String> {
    let mut parts = text.split(':');
    let name = parts.next().unwrap_or_default();
    if name.is_empty() {
        return Err("the index name is empty (NAME:PK[:SK])".to_owned());
    }
    let mut keys: Vec<KeyAttribute> = Vec::new();
    for part in parts {
        match (key_type(part), keys.last_mut()) {
            (Some(t), Some(last)) => last.key_type = t,
            _ if part.is_empty() => return Err(format!("empty key attribute in `{text}`")),
            _ => keys.push(KeyAttribute::new(part, KeyType::S)),
        }
    }
    let mut keys = keys.into_iter();
    let partition_key = keys
        .next()
        .ok_or_else(|| format!("index `{name}` has no partition key (NAME:PK[:SK])"))?;
    let sort_key = keys.next();
    if keys.next().is_some() {
        return Err(format!(
            "index `{name}` has more than two keys (NAME:PK[:TYPE][:SK[:TYPE]])"
        ));
    }
    Ok(IndexSpec {
        name: name.to_owned(),
        partition_key,
        sort_key,
    })
}

/// `list-tables`.
#[derive(Debug, Args)]
pub struct ListTables {
    /// Only the tables whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    pub name_contains: Option<String>,
    /// One name per line, or a JSON array.
    #[arg(long, value_enum, default_value_t = ListOutput::Text)]
    pub output: ListOutput,
}

/// `list-tables --output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListOutput {
    /// One name per line.
    Text,
    /// A JSON array of names.
    Json,
}

/// `describe-table`.
#[derive(Debug, Args)]
pub struct DescribeTable {
    /// The table name.
    pub name: String,
    /// A readable table, or JSON for scripts.
    #[arg(long, value_enum, default_value_t = DescribeOutput::Table)]
    pub output: DescribeOutput,
}

/// `describe-table --output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DescribeOutput {
    /// A readable table.
    Table,
    /// JSON.
    Json,
}

/// `delete-table`.
#[derive(Debug, Args)]
pub struct DeleteTable {
    /// The table name.
    pub name: String,
    /// Delete without asking (required without a terminal).
    #[arg(long)]
    pub force: bool,
}

/// `generate-schema`.
#[derive(Debug, Args)]
pub struct GenerateSchema {
    /// The table name.
    pub table: String,
    /// The struct's name (default: the table name in UpperCamelCase).
    #[arg(long, value_name = "NAME")]
    pub module: Option<String>,
    /// Write the source to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// How many items to read to infer the attributes' types.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub sample: u32,
}

/// `export`.
#[derive(Debug, Args)]
pub struct Export {
    /// The table name.
    pub table: String,
    /// One item per line, or one JSON array.
    #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// Scan segments read in parallel.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub segments: u32,
}

/// `export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One DynamoDB JSON item per line.
    Jsonl,
    /// A JSON array of DynamoDB JSON items.
    Json,
}

/// `import`.
#[derive(Debug, Args)]
pub struct Import {
    /// The table name.
    pub table: String,
    /// The file: JSON lines or a JSON array of items (`-` for standard input).
    /// Lines of DynamoDB's S3 export (`{"Item": {...}}`) are read too.
    pub file: String,
    /// How items are read.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// Where items that could not be written go (JSON lines, DynamoDB JSON);
    /// default: FILE.unprocessed.jsonl (unprocessed.jsonl for standard input).
    #[arg(long, value_name = "FILE")]
    pub leftovers: Option<std::path::PathBuf>,
    /// BatchWriteItem calls in flight at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

/// Options shared by the item commands: how JSON is read and printed.
#[derive(Debug, Args)]
pub struct ItemFormat {
    /// How items, keys and values are read.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    pub input_format: InputFormat,
    /// How items are printed.
    #[arg(long, value_enum, default_value_t = ItemOutput::Json)]
    pub output: ItemOutput,
}

/// Placeholder maps of expression strings.
#[derive(Debug, Args)]
pub struct Placeholders {
    /// The `:name` values of the expressions: a JSON object, each value plain
    /// JSON or DynamoDB JSON ('{":p": 5}', '{":p": {"N": "5"}}'); inline, @file or -.
    #[arg(long, value_name = "JSON")]
    pub values: Option<String>,
    /// The `#name` attribute names of the expressions: '{"#n": "name"}'.
    #[arg(long, value_name = "JSON")]
    pub names: Option<String>,
}

/// `get`.
#[derive(Debug, Args)]
pub struct GetItem {
    /// The table name.
    pub table: String,
    /// The key: JSON inline, @file or - (standard input).
    pub key: String,
    /// Read consistently.
    #[arg(long)]
    pub consistent_read: bool,
    /// Only these attributes: a projection expression.
    #[arg(long, value_name = "EXPR")]
    pub projection: Option<String>,
    #[command(flatten)]
    pub placeholders: Placeholders,
    #[command(flatten)]
    pub format: ItemFormat,
}

/// `put`.
#[derive(Debug, Args)]
pub struct PutItem {
    /// The table name.
    pub table: String,
    /// The item: JSON inline, @file or - (standard input).
    pub item: String,
    /// Write only if this condition expression holds.
    #[arg(long, value_name = "EXPR")]
    pub condition: Option<String>,
    #[command(flatten)]
    pub placeholders: Placeholders,
    #[command(flatten)]
    pub format: ItemFormat,
}

/// `delete-item`.
#[derive(Debug, Args)]
pub struct DeleteItem {
    /// The table name.
    pub table: String,
    /// The key: JSON inline, @file or - (standard input).
    pub key: String,
    /// Delete only if this condition expression holds.
    #[arg(long, value_name = "EXPR")]
    pub condition: Option<String>,
    #[command(flatten)]
    pub placeholders: Placeholders,
    #[command(flatten)]
    pub format: ItemFormat,
}

/// Options shared by `query` and `scan`.
#[derive(Debug, Args)]
pub struct ReadOptions {
    /// Read this secondary index instead of the table.
    #[arg(long, value_name = "NAME")]
    pub index: Option<String>,
    /// Return only the items this filter expression keeps.
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<String>,
    /// Only these attributes: a projection expression.
    #[arg(long, value_name = "EXPR")]
    pub projection: Option<String>,
    /// At most this many items (after the filter).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Read consistently (not on global indexes).
    #[arg(long)]
    pub consistent_read: bool,
    #[command(flatten)]
    pub placeholders: Placeholders,
    #[command(flatten)]
    pub format: ItemFormat,
}

/// `query`.
#[derive(Debug, Args)]
pub struct Query {
    /// The table name.
    pub table: String,
    /// The key condition expression: `pk = :pk`, optionally `AND` a sort key condition.
    #[arg(long, value_name = "EXPR")]
    pub key_condition: String,
    /// Newest (highest sort key) first.
    #[arg(long)]
    pub reverse: bool,
    #[command(flatten)]
    pub read: ReadOptions,
}

/// `scan`.
#[derive(Debug, Args)]
pub struct Scan {
    /// The table name.
    pub table: String,
    /// Scan this many segments in parallel (the items come in no particular order).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub segments: Option<u32>,
    #[command(flatten)]
    pub read: ReadOptions,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn key_and_index_specs() {
        assert_eq!(
            key_attribute("price:N"),
            Ok(KeyAttribute::new("price", KeyType::N))
        );
        assert_eq!(key_attribute("id"), Ok(KeyAttribute::new("id", KeyType::S)));
        assert!(key_attribute("id:X").is_err());
        assert!(key_attribute(":N").is_err());
        assert_eq!(
            index_spec("ByDate:tenant:created:N"),
            Ok(IndexSpec {
                name: "ByDate".into(),
                partition_key: KeyAttribute::new("tenant", KeyType::S),
                sort_key: Some(KeyAttribute::new("created", KeyType::N)),
            })
        );
        assert_eq!(
            index_spec("ByNo:no:N").map(|s| (s.partition_key, s.sort_key)),
            Ok((KeyAttribute::new("no", KeyType::N), None))
        );
        for bad in ["", "ByX", "ByX:", "ByX:a:b:c", "ByX::b"] {
            assert!(index_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_command_has_an_example() {
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains(&format!("dynorm {}", sub.get_name())),
                "{} has no example",
                sub.get_name()
            );
        }
    }
}

/// `serve`.
#[derive(Debug, Args)]
pub struct Serve {
    /// The address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}
