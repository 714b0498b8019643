//! `create-table`, `list-tables`, `describe-table`, `delete-table`.

use crate::args::{
    Billing, CreateTable, DeleteTable, DescribeOutput, DescribeTable, ListOutput, ListTables,
};
use crate::exit::{CliError, CliResult, Exit};
use crate::output::{emit, pretty};
use crate::progress::Spinner;
use comfy_table::{presets::UTF8_FULL_CONDENSED, Table};
use dynorm::attributes::Timestamp;
use dynorm::backend::{
    BillingMode, DescribeTimeToLiveOutput, DescribeTimeToLiveRequest, IndexDefinition,
    IndexProjection, KeyAttribute, TableDefinition, TableDescription, TimeToLive,
    UpdateTimeToLiveRequest,
};
use dynorm::Client;
use serde_json::{json, Value as Json};
use std::io::{BufRead as _, IsTerminal as _, Write as _};

/// Capacity units of a provisioned table when none are given.
const DEFAULT_CAPACITY: u64 = 5;

/// `create-table`: the definition from the flags, created and waited for.
pub async fn create(client: &Client, args: CreateTable) -> CliResult {
    let def = definition(&args)?;
    let name = def.name.clone();
    let spinner = Spinner::start(format!("creating table {name}, waiting until it is ACTIVE"));
    let created = client.create_table_definition(def).await;
    spinner.finish();
    let desc = created?;
    if let Some(attribute) = &args.ttl {
        client
            .backend()
            .update_time_to_live(UpdateTimeToLiveRequest::new(
                &name,
                TimeToLive::enabled(attribute),
            ))
            .await?;
    }
    let ttl = args
        .ttl
        .map(|a| format!(", TTL on {a}"))
        .unwrap_or_default();
    emit(&format!(
        "created table {name} ({}; {}{ttl}): {}",
        keys_text(&desc.definition),
        desc.definition.billing.as_str(),
        desc.status
    ))
}

/// The table definition `create-table`'s flags describe.
fn definition(args: &CreateTable) -> CliResult<TableDefinition> {
    let billing = match args.billing_mode {
        Billing::PayPerRequest => {
            if args.read_capacity.is_some() || args.write_capacity.is_some() {
                return Err(CliError::usage(
                    "--read-capacity and --write-capacity need --billing-mode PROVISIONED",
                ));
            }
            BillingMode::OnDemand
        }
        Billing::Provisioned => BillingMode::Provisioned {
            read: args.read_capacity.unwrap_or(DEFAULT_CAPACITY),
            write: args.write_capacity.unwrap_or(DEFAULT_CAPACITY),
        },
    };
    let mut def =
        TableDefinition::new(&args.name, args.partition_key.clone()).with_billing(billing);
    if !args.no_sort_key {
        def = def.with_sort_key(args.sort_key.clone());
    }
    for gsi in &args.gsis {
        let mut index = IndexDefinition::new(&gsi.name, gsi.partition_key.clone());
        if let Some(sk) = &gsi.sort_key {
            index = index.with_sort_key(sk.clone());
        }
        def = def.with_global_index(index);
    }
    Ok(def)
}

/// `list-tables`: every page, filtered by `--name-contains`.
pub async fn list(client: &Client, args: ListTables) -> CliResult {
    let names: Vec<String> = client
        .list_tables()
        .await?
        .into_iter()
        .filter(|n| {
            args.name_contains
                .as_deref()
                .map_or(true, |s| n.contains(s))
        })
        .collect();
    match args.output {
        ListOutput::Json => emit(&pretty(&json!(names))),
        ListOutput::Text if names.is_empty() => Ok(()),
        ListOutput::Text => emit(&names.join("\n")),
    }
}

/// `describe-table`: DescribeTable and DescribeTimeToLive.
pub async fn describe(client: &Client, args: DescribeTable) -> CliResult {
    let desc = client.describe_table(&args.name).await?;
    let ttl = client
        .backend()
        .describe_time_to_live(DescribeTimeToLiveRequest::new(&args.name))
        .await?;
    match args.output {
        DescribeOutput::Json => emit(&pretty(&description_json(&desc, &ttl))),
        DescribeOutput::Table => emit(&description_table(&desc, &ttl)),
    }
}

fn key_json(key: &KeyAttribute) -> Json {
    json!({"name": key.name, "type": key.key_type.as_str()})
}

fn projection_text(p: &IndexProjection) -> String {
    match p {
        IndexProjection::All => "ALL".to_owned(),
        IndexProjection::KeysOnly => "KEYS_ONLY".to_owned(),
        IndexProjection::Include(names) => format!("INCLUDE ({})", names.join(", ")),
    }
}

fn ttl_text(ttl: &DescribeTimeToLiveOutput) -> String {
    match &ttl.attribute {
        Some(a) => format!("{} on {a}", ttl.status.as_str()),
        None => ttl.status.as_str().to_owned(),
    }
}

fn creation_text(desc: &TableDescription) -> Option<String> {
    desc.creation_time.map(|t| Timestamp::from(t).to_rfc3339())
}

/// `pk (S), sk (N)`.
fn keys_text(def: &TableDefinition) -> String {
    std::iter::once(&def.partition_key)
        .chain(def.sort_key.as_ref())
        .map(|k| format!("{} ({})", k.name, k.key_type))
        .collect::<Vec<_>>()
        .join(", ")
}

fn description_json(desc: &TableDescription, ttl: &DescribeTimeToLiveOutput) -> Json {
    let def = &desc.definition;
    let index = |i: &IndexDefinition, global: bool| {
        let described = desc.index(&i.name);
        let mut j = json!({
            "name": i.name,
            "partition_key": key_json(&i.partition_key),
            "sort_key": i.sort_key.as_ref().map(key_json),
            "projection": projection_text(&i.projection),
        });
        if global {
            j["status"] = json!(described.map(|d| d.status.as_str()));
            j["provisioned_throughput"] = json!(described
                .and_then(|d| d.provisioned_throughput)
                .map(|t| json!({"read": t.read, "write": t.write})));
        }
        j
    };
    json!({
        "name": def.name,
        "status": desc.status.as_str(),
        "partition_key": key_json(&def.partition_key),
        "sort_key": def.sort_key.as_ref().map(key_json),
        "billing_mode": def.billing.as_str(),
        "provisioned_throughput": def.billing.throughput().map(|t| json!({"read": t.read, "write": t.write})),
        "global_indexes": def.global_indexes.iter().map(|i| index(i, true)).collect::<Vec<_>>(),
        "local_indexes": def.local_indexes.iter().map(|i| index(i, false)).collect::<Vec<_>>(),
        "ttl": {"status": ttl.status.as_str(), "attribute": ttl.attribute},
        "item_count": desc.item_count,
        "size_bytes": desc.size_bytes,
        "creation_time": creation_text(desc),
    })
}

fn description_table(desc: &TableDescription, ttl: &DescribeTimeToLiveOutput) -> String {
    let def = &desc.definition;
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    let key = |k: &KeyAttribute| format!("{} ({})", k.name, k.key_type);
    let billing = match def.billing.throughput() {
        Some(t) => format!("PROVISIONED (read {}, write {})", t.read, t.write),
        None => def.billing.as_str().to_owned(),
    };
    let mut rows: Vec<(String, String)> = vec![
        ("table".into(), def.name.clone()),
        ("status".into(), desc.status.to_string()),
        ("partition key".into(), key(&def.partition_key)),
        (
            "sort key".into(),
            def.sort_key.as_ref().map(key).unwrap_or_else(|| "-".into()),
        ),
        ("billing".into(), billing),
        ("TTL".into(), ttl_text(ttl)),
        ("items".into(), desc.item_count.to_string()),
        ("size".into(), format!("{} bytes", desc.size_bytes)),
    ];
    if let Some(created) = creation_text(desc) {
        rows.push(("created".into(), created));
    }
    for (kind, indexes) in [("GSI", &def.global_indexes), ("LSI", &def.local_indexes)] {
        for i in indexes {
            let keys = i.key_attributes().map(key).collect::<Vec<_>>().join(", ");
            let status = desc
                .index(&i.name)
                .map(|d| format!(", {}", d.status.as_str()))
                .unwrap_or_default();
            rows.push((
                format!("{kind} {}", i.name),
                format!("{keys}; {}{status}", projection_text(&i.projection)),
            ));
        }
    }
    for (name, value) in rows {
        table.add_row([name, value]);
    }
    table.to_string()
}

/// `delete-table`: on a terminal the name must be typed; without one,
/// `--force` is required.
pub async fn delete(client: &Client, args: DeleteTable) -> CliResult {
    if !args.force {
        confirm(&args.name)?;
    }
    client.delete_table(&args.name).await?;
    emit(&format!("deleted table {}", args.name))
}

fn confirm(name: &str) -> CliResult {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::usage(format!(
            "refusing to delete table {name} without confirmation: standard input is not a \
             terminal (use --force)"
        )));
    }
    eprint!("Delete table {name} and every item in it? Type its name to confirm: ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    stdin.lock().read_line(&mut answer)?;
    if answer.trim_end_matches(['\n', '\r']) == name {
        Ok(())
    } else {
        Err(CliError::new(
            Exit::Aborted,
            format!("not deleted: the name typed was not {name}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::Cli;
    use clap::Parser as _;

    fn create_args(line: &[&str]) -> CreateTable {
        let cli = Cli::try_parse_from(["dynorm", "create-table"].iter().chain(line))
            .unwrap_or_else(|e| panic!("{e}"));
        match cli.command {
            crate::args::Command::CreateTable(a) => a,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn definitions_from_flags() {
        let def = definition(&create_args(&["users"])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(keys_text(&def), "pk (S), sk (S)");
        assert_eq!(def.billing, BillingMode::OnDemand);

        let def = definition(&create_args(&[
            "products",
            "--partition-key",
            "category_id",
            "--no-sort-key",
            "--billing-mode",
            "PROVISIONED",
            "--read-capacity",
            "50",
            "--gsi",
            "ByPrice:category_id:price:N",
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(keys_text(&def), "category_id (S)");
        assert_eq!(
            def.billing,
            BillingMode::Provisioned {
                read: 50,
                write: DEFAULT_CAPACITY
            }
        );
        assert_eq!(def.global_indexes[0].name, "ByPrice");
        assert_eq!(
            def.global_indexes[0].sort_key.as_ref().map(|k| k.key_type),
            Some(dynorm::backend::KeyType::N)
        );

        let err = definition(&create_args(&["t", "--read-capacity", "1"]));
        assert_eq!(err.err().map(|e| e.exit), Some(Exit::Usage));
    }
}
