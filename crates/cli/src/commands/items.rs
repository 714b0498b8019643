//! `get`, `put`, `delete-item`, `query`, `scan`: single requests with
//! expression strings.

use crate::args::{DeleteItem, GetItem, Placeholders, PutItem, Query, ReadOptions, Scan};
use crate::exit::{CliError, CliResult, Exit};
use crate::input::{item_argument, names_argument, values_argument, InputFormat};
use crate::output::{emit, render_item, render_items};
use dynorm::backend::TableDescription;
use dynorm::expr::parse::ExpressionParser;
use dynorm::expr::{Condition, Path};
use dynorm::value::display_key;
use dynorm::{Client, Item, Value};
use futures::{StreamExt as _, TryStreamExt as _};
use std::collections::HashMap;

/// The placeholder maps of one request.
struct Maps {
    names: HashMap<String, String>,
    values: HashMap<String, Value>,
}

impl Maps {
    fn read(p: &Placeholders, format: InputFormat) -> CliResult<Maps> {
        Ok(Maps {
            names: names_argument(p.names.as_deref())?,
            values: values_argument(p.values.as_deref(), format)?,
        })
    }
}

/// The expressions of a request that has at most a condition (or filter)
/// and a projection, parsed against one pair of maps (every placeholder
/// must be used, as DynamoDB requires).
fn parse_optional(
    maps: &Maps,
    condition: Option<&str>,
    filter: bool,
    projection: Option<&str>,
) -> CliResult<(Option<Condition>, Option<Vec<Path>>)> {
    let mut parser = ExpressionParser::new(&maps.names, &maps.values)?;
    let condition = match condition {
        Some(text) if filter => Some(parser.filter(text)?),
        Some(text) => Some(parser.condition(text)?),
        None => None,
    };
    let projection = projection.map(|p| parser.projection(p)).transpose()?;
    parser.finish()?;
    Ok((condition, projection))
}

/// `get`: prints the item; a missing item is exit code 3.
pub async fn get(client: &Client, args: GetItem) -> CliResult {
    let key = item_argument(&args.key, args.format.input_format, "key")?;
    let maps = Maps::read(&args.placeholders, args.format.input_format)?;
    let (_, projection) = parse_optional(&maps, None, false, args.projection.as_deref())?;
    let mut get = client.table(&args.table).get(key.clone());
    if args.consistent_read {
        get = get.consistent_read();
    }
    if let Some(paths) = projection {
        get = get.project(paths);
    }
    match get.await? {
        Some(item) => emit(&render_item(&item, args.format.output, &key_names(&key))),
        None => Err(CliError::new(
            Exit::NotFound,
            format!(
                "no item with key {} in table {}",
                display_key(&key),
                args.table
            ),
        )),
    }
}

fn key_names(key: &Item) -> Vec<String> {
    key.names().cloned().collect()
}

/// `put`: writes the item, under `--condition` when given.
pub async fn put(client: &Client, args: PutItem) -> CliResult {
    let item = item_argument(&args.item, args.format.input_format, "item")?;
    let maps = Maps::read(&args.placeholders, args.format.input_format)?;
    let (condition, _) = parse_optional(&maps, args.condition.as_deref(), false, None)?;
    let mut put = client.table(&args.table).put(item);
    if let Some(c) = condition {
        put = put.condition(c);
    }
    put.await?;
    Ok(())
}

/// `delete-item`: deletes the item, under `--condition` when given, and
/// prints what was deleted (nothing when there was no item).
pub async fn delete(client: &Client, args: DeleteItem) -> CliResult {
    let key = item_argument(&args.key, args.format.input_format, "key")?;
    let maps = Maps::read(&args.placeholders, args.format.input_format)?;
    let (condition, _) = parse_optional(&maps, args.condition.as_deref(), false, None)?;
    let mut delete = client.table(&args.table).delete(key.clone()).return_old();
    if let Some(c) = condition {
        delete = delete.condition(c);
    }
    match delete.await? {
        Some(old) => emit(&render_item(&old, args.format.output, &key_names(&key))),
        None => Ok(()),
    }
}

/// The key attribute names of the table, or of `index` (which must exist).
fn read_keys(desc: &TableDescription, index: Option<&str>) -> CliResult<(String, Option<String>)> {
    let def = &desc.definition;
    let (pk, sk) = match index {
        None => (&def.partition_key, def.sort_key.as_ref()),
        Some(name) => match def.index(name) {
            Some((i, _)) => (&i.partition_key, i.sort_key.as_ref()),
            None => {
                return Err(CliError::new(
                    Exit::NotFound,
                    format!("table {} has no index {name}", def.name),
                ))
            }
        },
    };
    Ok((pk.name.clone(), sk.map(|k| k.name.clone())))
}

/// Column order of a table of items: the index's keys, then the table's.
fn column_keys(desc: &TableDescription, index: Option<&str>) -> Vec<String> {
    let def = &desc.definition;
    let mut names: Vec<String> = index
        .and_then(|i| def.index(i))
        .map(|(i, _)| i.key_attributes().map(|k| k.name.clone()).collect())
        .unwrap_or_default();
    for k in def.key_names() {
        if !names.iter().any(|n| n == k) {
            names.push(k.to_owned());
        }
    }
    names
}

/// `query`.
pub async fn query(client: &Client, args: Query) -> CliResult {
    let read = &args.read;
    let desc = client.describe_table(&args.table).await?;
    let (pk, sk) = read_keys(&desc, read.index.as_deref())?;
    let maps = Maps::read(&read.placeholders, read.format.input_format)?;
    let mut parser = ExpressionParser::new(&maps.names, &maps.values)?;
    let key_condition = parser.key_condition(&args.key_condition, &pk, sk.as_deref())?;
    let filter = read
        .filter
        .as_deref()
        .map(|f| parser.filter(f))
        .transpose()?;
    let projection = read
        .projection
        .as_deref()
        .map(|p| parser.projection(p))
        .transpose()?;
    parser.finish()?;
    let mut query = client.table(&args.table).query(key_condition);
    if let Some(index) = &read.index {
        query = query.index(index);
    }
    if let Some(f) = filter {
        query = query.filter(f);
    }
    if let Some(paths) = projection {
        query = query.project(paths);
    }
    if let Some(n) = read.limit {
        query = query.take(n);
    }
    if read.consistent_read {
        query = query.consistent_read();
    }
    if args.reverse {
        query = query.reverse();
    }
    let items = query.all().await?;
    print_items(&items, read, &desc)
}

fn print_items(items: &[Item], read: &ReadOptions, desc: &TableDescription) -> CliResult {
    let keys = column_keys(desc, read.index.as_deref());
    emit(&render_items(items, read.format.output, &keys))
}

/// `scan`, in parallel segments with `--segments`.
pub async fn scan(client: &Client, args: Scan) -> CliResult {
    let read = &args.read;
    let desc = client.describe_table(&args.table).await?;
    read_keys(&desc, read.index.as_deref())?;
    let maps = Maps::read(&read.placeholders, read.format.input_format)?;
    let (filter, projection) = parse_optional(
        &maps,
        read.filter.as_deref(),
        true,
        read.projection.as_deref(),
    )?;
    let mut scan = client.table(&args.table).scan();
    if let Some(index) = &read.index {
        scan = scan.index(index);
    }
    if let Some(f) = filter {
        scan = scan.filter(f);
    }
    if let Some(paths) = projection {
        scan = scan.project(paths);
    }
    if read.consistent_read {
        scan = scan.consistent_read();
    }
    let items: Vec<Item> = match args.segments {
        Some(total) => {
            let stream = scan.parallel(total);
            match read.limit {
                Some(n) => stream.take(n).try_collect().await?,
                None => stream.try_collect().await?,
            }
        }
        None => {
            if let Some(n) = read.limit {
                scan = scan.take(n);
            }
            scan.all().await?
        }
    };
    print_items(&items, read, &desc)
}
