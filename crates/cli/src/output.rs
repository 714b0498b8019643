//! Items on standard output: pretty plain JSON, DynamoDB JSON or a table.

use crate::exit::CliResult;
use clap::ValueEnum;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use dynorm::value::{item_to_dynamodb_json, item_to_json};
use dynorm::{Item, Value};
use serde_json::Value as Json;
use std::io::Write as _;

/// How items are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ItemOutput {
    /// Pretty plain JSON (`{"id": "1", "n": 2}`).
    #[default]
    Json,
    /// Pretty DynamoDB JSON (`{"id": {"S": "1"}, "n": {"N": "2"}}`).
    Dynamodb,
    /// A table, one row per item, one column per attribute.
    Table,
}

/// One item as JSON in the chosen form (`Table` gives plain JSON).
pub fn item_json(item: &Item, output: ItemOutput) -> Json {
    match output {
        ItemOutput::Dynamodb => item_to_dynamodb_json(item),
        ItemOutput::Json | ItemOutput::Table => item_to_json(item),
    }
}

/// Writes `text` and a line break to standard output. A closed pipe
/// (`dynorm scan t | head`) ends the output quietly.
pub fn emit(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Pretty JSON text.
pub fn pretty(json: &Json) -> String {
    // Serializing a `serde_json::Value` cannot fail.
    serde_json::to_string_pretty(json).unwrap_or_default()
}

/// One item, for `get`, `put` and `delete-item`.
pub fn render_item(item: &Item, output: ItemOutput, key_names: &[String]) -> String {
    match output {
        ItemOutput::Table => render_table(std::slice::from_ref(item), key_names),
        _ => pretty(&item_json(item, output)),
    }
}

/// Several items, for `query` and `scan`: a JSON array or a table.
pub fn render_items(items: &[Item], output: ItemOutput, key_names: &[String]) -> String {
    match output {
        ItemOutput::Table => render_table(items, key_names),
        _ => pretty(&Json::Array(
            items.iter().map(|i| item_json(i, output)).collect(),
        )),
    }
}

/// Items as a table: the key attributes first, then every other attribute
/// any item has, in name order; an attribute an item lacks is an empty cell.
pub fn render_table(items: &[Item], key_names: &[String]) -> String {
    let mut columns: Vec<&str> = key_names
        .iter()
        .map(String::as_str)
        .filter(|k| items.iter().any(|i| i.contains(k)))
        .collect();
    let mut others: Vec<&str> = items
        .iter()
        .flat_map(|i| i.names().map(String::as_str))
        .filter(|n| !key_names.iter().any(|k| k == n))
        .collect();
    others.sort_unstable();
    others.dedup();
    columns.extend(others);
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_header(columns.iter().copied());
    for item in items {
        table.add_row(
            columns
                .iter()
                .map(|c| item.get(c).map(cell).unwrap_or_default()),
        );
    }
    table.to_string()
}

/// A value in a table cell: strings as they are, anything else as compact JSON.
pub fn cell(value: &Value) -> String {
    match value {
        Value::S(s) => s.clone(),
        other => dynorm::value::value_to_json(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_put_keys_first_and_leave_missing_cells_empty() {
        let items = [
            Item::new().with("pk", "a").with("z", 1).with("b", "x"),
            Item::new()
                .with("pk", "b")
                .with("tags", Value::string_set(["t"])),
        ];
        let text = render_table(&items, &["pk".to_owned(), "sk".to_owned()]);
        let header = text.lines().nth(1).unwrap_or_default();
        let order: Vec<&str> = header
            .split(['│', '┆'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(order, ["pk", "b", "tags", "z"]);
        assert!(text.contains(r#"["t"]"#), "{text}");
    }

    #[test]
    fn json_forms() {
        let item = Item::new().with("n", 2);
        assert_eq!(
            render_item(&item, ItemOutput::Json, &[]),
            "{\n  \"n\": 2\n}"
        );
        assert!(render_item(&item, ItemOutput::Dynamodb, &[]).contains("\"N\": \"2\""));
        assert_eq!(render_items(&[], ItemOutput::Json, &[]), "[]");
    }
}
