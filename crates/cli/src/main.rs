//! `dynorm`: the command-line tool of dynorm, for DynamoDB tables and items.
//!
//! Tables (`create-table`, `list-tables`, `describe-table`, `delete-table`),
//! models generated from a table (`generate-schema`), `export` and `import`
//! of whole tables, and single requests (`get`, `put`, `delete-item`,
//! `query`, `scan`) with expression strings. `dynorm --help` lists the
//! commands and the exit codes; every command's `--help` has examples.

mod args;
mod commands;
mod connect;
mod exit;
mod input;
mod output;
mod progress;

use args::{Cli, Command};
use clap::Parser as _;
use exit::CliResult;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("dynorm: error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dynorm: error: {e}");
            e.exit_code()
        }
    }
}

async fn run(cli: Cli) -> CliResult {
    let client = connect::client(&cli.connection).await?;
    match cli.command {
        Command::CreateTable(a) => commands::tables::create(&client, a).await,
        Command::ListTables(a) => commands::tables::list(&client, a).await,
        Command::DescribeTable(a) => commands::tables::describe(&client, a).await,
        Command::DeleteTable(a) => commands::tables::delete(&client, a).await,
        Command::GenerateSchema(a) => commands::schema::generate(&client, a).await,
        Command::Export(a) => commands::export::run(&client, a).await,
        Command::Import(a) => commands::import::run(&client, a).await,
        Command::Get(a) => commands::items::get(&client, a).await,
        Command::Put(a) => commands::items::put(&client, a).await,
        Command::DeleteItem(a) => commands::items::delete(&client, a).await,
        Command::Query(a) => commands::items::query(&client, a).await,
        Command::Scan(a) => commands::items::scan(&client, a).await,
    }
}
