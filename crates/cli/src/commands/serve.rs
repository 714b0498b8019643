//! `serve`: the memory backend on DynamoDB's wire protocol (dynorm-server)
//! until ctrl-c or SIGTERM.

use crate::args::Serve;
use crate::exit::{CliError, CliResult, Exit};
use dynorm_memory::MemoryBackend;
use dynorm_server::Server;
use std::io::Write as _;
use std::sync::Arc;

/// Binds, prints the endpoint on stdout (one line, flushed, so a script can
/// read it), serves until interrupted, then shuts down gracefully.
pub async fn run(args: Serve) -> CliResult {
    let backend = Arc::new(MemoryBackend::new());
    let server = Server::bind((args.host.as_str(), args.port), backend)
        .await
        .map_err(|e| {
            CliError::new(
                Exit::Other,
                format!("cannot listen on {}:{}: {e}", args.host, args.port),
            )
        })?;
    let mut stdout = std::io::stdout();
    // The endpoint line is the command's output; a closed stdout does not stop the server.
    let _ = writeln!(stdout, "{}", server.endpoint()).and_then(|()| stdout.flush());
    eprintln!("dynorm: serving an in-memory DynamoDB; ctrl-c to stop (data is not kept)");
    dynorm_server::interrupted().await;
    server.shutdown().await;
    Ok(())
}
