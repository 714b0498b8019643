//! `dynorm-server [--host 127.0.0.1] [--port 8000]`: the memory backend on
//! DynamoDB's wire protocol until ctrl-c or SIGTERM (also `dynorm serve`
//! in the CLI, which the same library serves).

use dynorm_server::Server;
use std::sync::Arc;

const USAGE: &str = "usage: dynorm-server [--host HOST] [--port PORT]";

fn parse(args: impl Iterator<Item = String>) -> Result<(String, u16), String> {
    let (mut host, mut port) = ("127.0.0.1".to_owned(), 8000);
    let mut args = args.peekable();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--host" => host = value,
            "--port" => {
                port = value
                    .parse()
                    .map_err(|_| format!("invalid port `{value}`\n{USAGE}"))?
            }
            _ => return Err(format!("unknown flag `{flag}`\n{USAGE}")),
        }
    }
    Ok((host, port))
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let (host, port) = match parse(std::env::args().skip(1)) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    let backend = Arc::new(dynorm_memory::MemoryBackend::new());
    let server = match Server::bind((host.as_str(), port), backend).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot listen on {host}:{port}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("{}", server.endpoint());
    dynorm_server::interrupted().await;
    server.shutdown().await;
    std::process::ExitCode::SUCCESS
}
