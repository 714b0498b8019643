//! The tool's errors: one line of text and an exit code per class.

use std::fmt;
use std::process::ExitCode;

/// The exit codes, one per class of failure (listed in `dynorm --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Anything not in another class (service errors, throttling, access denied).
    Other = 1,
    /// A bad flag or argument, unreadable input, a missing region.
    Usage = 2,
    /// The table, index or item does not exist.
    NotFound = 3,
    /// DynamoDB rejected the request: a bad expression, a key of the wrong type.
    Validation = 4,
    /// The endpoint could not be reached or did not answer.
    Unreachable = 5,
    /// A `--condition` was not met; nothing was written.
    ConditionFailed = 6,
    /// Some items were not written (import) or not read (export).
    Incomplete = 7,
    /// The confirmation was not given.
    Aborted = 8,
}

/// The exit codes as `--help` shows them.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  other error (service error, throttling, access denied)
  2  usage: bad flag, argument or input, no region configured
  3  not found: the table, index or item does not exist
  4  validation: DynamoDB rejected the request (bad expression, wrong key type)
  5  unreachable: the endpoint could not be reached or did not answer
  6  condition failed: nothing was written
  7  incomplete: some items were not imported or exported (they are reported)
  8  aborted: the confirmation was not given";

/// A failure of one command: what to print and how to exit.
#[derive(Debug)]
pub struct CliError {
    /// The class, which gives the exit code.
    pub exit: Exit,
    /// One line.
    pub message: String,
}

impl CliError {
    /// An error of a class.
    pub fn new(exit: Exit, message: impl Into<String>) -> CliError {
        CliError {
            exit,
            message: message.into(),
        }
    }

    /// A usage error (bad argument or input).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::new(Exit::Usage, message)
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.exit as u8)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The class of a dynorm error.
pub fn class(error: &dynorm::Error) -> Exit {
    use dynorm::Error as E;
    match error {
        E::ResourceNotFound { .. } | E::NotFound { .. } => Exit::NotFound,
        E::Validation { .. } | E::Codec(_) | E::InvalidCursor { .. } => Exit::Validation,
        E::Transport { .. } => Exit::Unreachable,
        E::ConditionFailed { .. } => Exit::ConditionFailed,
        E::BatchIncomplete { .. } => Exit::Incomplete,
        E::Config { .. } => Exit::Usage,
        _ => Exit::Other,
    }
}

/// A dynorm error's message on one line (a service message may hold line breaks).
pub fn one_line(error: &dynorm::Error) -> String {
    error.to_string().replace(['\n', '\r'], " ")
}

impl From<dynorm::Error> for CliError {
    fn from(error: dynorm::Error) -> CliError {
        CliError::new(class(&error), one_line(&error))
    }
}

impl From<std::io::Error> for CliError {
    fn from(error: std::io::Error) -> CliError {
        CliError::new(Exit::Other, error.to_string())
    }
}

/// The result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_kinds_have_their_classes() {
        let cases = [
            (dynorm::Error::validation("bad"), Exit::Validation, 4),
            (dynorm::Error::config("no region"), Exit::Usage, 2),
            (
                dynorm::Error::transport("cannot reach x: connection refused", "io"),
                Exit::Unreachable,
                5,
            ),
        ];
        for (error, exit, code) in cases {
            let cli = CliError::from(error);
            assert_eq!(cli.exit, exit, "{cli}");
            assert_eq!(cli.exit as u8, code);
        }
    }

    #[test]
    fn every_code_is_listed_in_the_help() {
        for exit in [
            Exit::Other,
            Exit::Usage,
            Exit::NotFound,
            Exit::Validation,
            Exit::Unreachable,
            Exit::ConditionFailed,
            Exit::Incomplete,
            Exit::Aborted,
        ] {
            let line = format!("\n  {}  ", exit as u8);
            assert!(EXIT_CODES.contains(&line), "{exit:?} missing");
        }
    }
}
