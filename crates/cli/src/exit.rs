//! Turning results into exit codes, in one place.

use std::process::ExitCode;

/// Marks an error as the user's input being wrong (exit code 2) rather than a runtime failure.
///
/// Attach with `anyhow::Error::new(BadInput(message))` or [`bad_input`].
#[derive(Debug)]
pub struct BadInput(pub String);

impl std::fmt::Display for BadInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadInput {}

/// An error that exits with code 2.
pub fn bad_input(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadInput(message.into()))
}

/// Prints the error (if any) and maps it to an exit code.
pub fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`cordon show | head`) is not a failure.
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return ExitCode::SUCCESS;
            }
            if let Some(bad) = err.downcast_ref::<BadInput>() {
                eprintln!("{}", crate::escape::lines(&bad.0));
                return ExitCode::from(2);
            }
            eprintln!("error: {}", crate::escape::lines(&message(&err)));
            ExitCode::from(1)
        }
    }
}

/// The error and its causes, each said once: a cause whose text the message already holds
/// (an error that prints its source) is not repeated.
pub fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}
