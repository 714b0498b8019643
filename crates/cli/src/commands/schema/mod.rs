//! `generate-schema`: a dynorm model for an existing table.

mod infer;
mod render;

use crate::args::GenerateSchema;
use crate::exit::{CliError, CliResult};
use crate::output::emit;
use dynorm::backend::DescribeTimeToLiveRequest;
use dynorm::{Client, Item};
use infer::Shape;
use render::{render, type_ident, Source};

/// Describes the table, reads up to `--sample` items and writes the model.
pub async fn generate(client: &Client, args: GenerateSchema) -> CliResult {
    let desc = client.describe_table(&args.table).await?;
    let ttl = client
        .backend()
        .describe_time_to_live(DescribeTimeToLiveRequest::new(&args.table))
        .await?;
    let items: Vec<Item> = if args.sample == 0 {
        Vec::new()
    } else {
        let wanted = usize::try_from(args.sample).unwrap_or(usize::MAX);
        client.table(&args.table).scan().take(wanted).all().await?
    };
    let name = match &args.module {
        // `MyApp.User` or `models::User`: the last part names the struct.
        Some(module) => type_ident(
            module
                .rsplit(['.', ':'])
                .find(|s| !s.is_empty())
                .unwrap_or(module),
        ),
        None => type_ident(&args.table),
    };
    let shape = Shape::of_items(&items);
    let text = render(&Source {
        definition: &desc.definition,
        ttl: ttl.enabled_attribute(),
        shape: &shape,
        name: &name,
    });
    match &args.output {
        Some(path) => {
            std::fs::write(path, &text)
                .map_err(|e| CliError::usage(format!("cannot write {}: {e}", path.display())))?;
            eprintln!(
                "wrote {name} ({} sampled items) to {}",
                items.len(),
                path.display()
            );
            Ok(())
        }
        None => emit(text.trim_end()),
    }
}
