//! The npmem binary: parse ([`cli`]) → settle ([`settings`]) → compute a report and turn it
//! into words ([`commands`], with what views share in [`output`]) → exit with the report's
//! verdict ([`exit`]). The answers themselves come from the library (`npmem::…`); everything
//! here is private to the binary.

mod cli;
mod commands;
mod exit;
mod output;
mod settings;

use std::io::{IsTerminal, Write};
use std::process::ExitCode as ProcessExit;

use clap::Parser;
use clap::error::ErrorKind;

use cli::Cli;
use exit::ExitCode;
use settings::{Settings, Terminal};

/// What the environment says about the terminal, read once.
fn terminal() -> Terminal {
    Terminal {
        stdout_is_tty: std::io::stdout().is_terminal(),
        stderr_is_tty: std::io::stderr().is_terminal(),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        dumb: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
    }
}

fn main() -> ProcessExit {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e),
    };
    let outcome = Settings::resolve(cli, terminal())
        .and_then(|s| commands::run(&s.task, s.platform, &s.output, s.progress));
    match outcome {
        Ok(outcome) => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| stdout.flush())
            {
                // A closed pipe (`npmem … | head`) is not an error.
                Ok(()) => outcome.code.into(),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::Success.into(),
                Err(e) => {
                    eprintln!("npmem: error: cannot write output: {e}");
                    ExitCode::Usage.into()
                }
            }
        }
        Err(e) => {
            eprintln!("npmem: error: {e}");
            ExitCode::Usage.into()
        }
    }
}

/// clap's errors, on one line: what was wrong and clap's tip, if any.
fn clap_error(e: &clap::Error) -> ProcessExit {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::Success.into();
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            return ExitCode::Usage.into();
        }
        _ => {}
    }
    // A spec starting with '-' reads as a flag to clap: say what it is instead.
    if e.kind() == ErrorKind::UnknownArgument
        && let Some(arg) = std::env::args()
            .skip(1)
            .find(|a| looks_like_negative_spec(a))
    {
        eprintln!(
            "npmem: error: '{arg}' is not a valid spec: dimensions are 0 or more; for one unknown dimension write ? (as in ?x1000), or put -1 specs after --"
        );
        return ExitCode::Usage.into();
    }
    let rendered = e.render().to_string();
    let mut parts: Vec<String> = Vec::new();
    let mut in_error = false;
    for line in rendered.lines() {
        let indented = line.starts_with("  ");
        let line = line.trim();
        if line.is_empty() {
            in_error = false;
        } else if let Some(msg) = line.strip_prefix("error: ") {
            parts.push(msg.trim_end_matches(':').to_string());
            in_error = true;
        } else if in_error && indented && !line.starts_with("tip:") {
            // The lines clap lists under its error (the missing arguments).
            parts.push(line.to_string());
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            parts.push(tip.to_string());
        } else if line.starts_with('[') && line.contains("possible values") {
            parts.push(line.trim_matches(['[', ']']).to_string());
        }
    }
    parts.push("see 'npmem --help'".to_string());
    eprintln!("npmem: error: {}", parts.join("; "));
    ExitCode::Usage.into()
}

fn looks_like_negative_spec(arg: &str) -> bool {
    arg.strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
}
