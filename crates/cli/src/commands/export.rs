//! `export`: every item of a table as DynamoDB JSON, read by a parallel scan.

use crate::args::{Export, ExportFormat};
use crate::exit::{CliError, CliResult, Exit};
use crate::progress::Progress;
use dynorm::value::item_to_dynamodb_json;
use dynorm::Client;
use futures::StreamExt as _;
use std::fs::File;
use std::io::{BufWriter, Write};

/// Writes the table's items to the file or standard output, one per line
/// (`jsonl`) or as one array (`json`). A failed read stops the export: the
/// items written so far stay in the output, and the exit code says it is
/// incomplete.
pub async fn run(client: &Client, args: Export) -> CliResult {
    let desc = client.describe_table(&args.table).await?;
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            File::create(path)
                .map_err(|e| CliError::usage(format!("cannot create {}: {e}", path.display())))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let mut progress = Progress::items("exported", Some(desc.item_count).filter(|n| *n > 0));
    let mut items = client.table(&args.table).scan().parallel(args.segments);
    let mut failure = None;
    if args.format == ExportFormat::Json {
        out.write_all(b"[")?;
    }
    while let Some(item) = items.next().await {
        let item = match item {
            Ok(item) => item,
            Err(e) => {
                failure = Some(e);
                break;
            }
        };
        let json = item_to_dynamodb_json(&item);
        match args.format {
            ExportFormat::Jsonl => {
                serde_json::to_writer(&mut out, &json).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
            }
            ExportFormat::Json => {
                out.write_all(if progress.done() == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut out, &json).map_err(std::io::Error::from)?;
            }
        }
        progress.inc(1);
    }
    if args.format == ExportFormat::Json {
        out.write_all(b"\n]\n")?;
    }
    out.flush()?;
    let done = progress.done();
    let summary = progress.finish();
    match failure {
        None => {
            eprintln!("{summary}");
            Ok(())
        }
        Some(e) => {
            let cause = CliError::from(e);
            // A missing table or an unreachable endpoint keeps its own class.
            let exit = match cause.exit {
                Exit::Other | Exit::Validation => Exit::Incomplete,
                other => other,
            };
            Err(CliError::new(
                exit,
                format!("export incomplete after {done} items: {cause}"),
            ))
        }
    }
}
