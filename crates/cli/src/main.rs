//! `dynorm`: the command-line tool of dynorm, for DynamoDB tables and items.
//!
//! Tables (`create-table`, `list-tables`, `describe-table`, `delete-table`),
//! models generated from a table (`generate-schema`), `export` and `import`
//! of whole tables, and single requests (`get`, `put`, `delete-item`,
//! `query`, `scan`) with expression strings; `serve` runs an in-process
//! DynamoDB on DynamoDB's wire protocol. `dynorm --help` lists the
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
    let connection = cli.connection;
    let client = || connect::client(&connection);
    match cli.command {
        Command::CreateTable(a) => commands::tables::create(&client().await?, a).await,
        Command::ListTables(a) => commands::tables::list(&client().await?, a).await,
        Command::DescribeTable(a) => commands::tables::describe(&client().await?, a).await,
        Command::DeleteTable(a) => commands::tables::delete(&client().await?, a).await,
        Command::GenerateSchema(a) => commands::schema::generate(&client().await?, a).await,
        Command::Export(a) => commands::export::run(&client().await?, a).await,
        Command::Import(a) => commands::import::run(&client().await?, a).await,
        Command::Get(a) => commands::items::get(&client().await?, a).await,
        Command::Put(a) => commands::items::put(&client().await?, a).await,
        Command::DeleteItem(a) => commands::items::delete(&client().await?, a).await,
        Command::Query(a) => commands::items::query(&client().await?, a).await,
        Command::Scan(a) => commands::items::scan(&client().await?, a).await,
        Command::Serve(a) => commands::serve::run(a).await,
    }
}
