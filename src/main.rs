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

use clap::FromArgMatches;
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
        columns: columns(),
    }
}

/// The width tables take: `COLUMNS` when set (a pipe too), else the terminal's when stdout is
/// one; none for a pipe or file, whose tables are never wrapped.
fn columns() -> Option<u16> {
    if let Some(c) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
    {
        return Some(c);
    }
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout).map(|(terminal_size::Width(w), _)| w)
}

/// The command line, with where `--ram` came from (the flag or `NPMEM_RAM`), which only clap's
/// matches know.
fn parse() -> Result<Cli, clap::Error> {
    let matches = cli::command().try_get_matches()?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    let from_env = matches.subcommand().is_some_and(|(_, m)| {
        m.ids().any(|id| id.as_str() == "ram")
            && m.value_source("ram") == Some(clap::parser::ValueSource::EnvVariable)
    });
    if let Some(memory) = cli.memory_mut() {
        memory.ram_from_env = from_env;
    }
    Ok(cli)
}

fn main() -> ProcessExit {
    let cli = match parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e),
    };
    match run(cli) {
        Ok(code) => code.into(),
        Err(e) => {
            error_line(&chain(&e));
            ExitCode::Usage.into()
        }
    }
}

/// Standard output as a file of its own (a duplicate of fd 1), so that writing to it reports
/// every error, and a closed stdout (`>&-`) is found before any work. Rust's runtime reopens a
/// closed fd 1 on `/dev/null` (read-write) at start, and its `stdout()` treats a closed fd 1 as
/// a sink: either way the answer would be lost with exit 0.
#[cfg(unix)]
fn stdout() -> anyhow::Result<impl Write> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let closed = || anyhow::anyhow!("cannot write output: standard output is closed");
    let file = match std::io::stdout().as_fd().try_clone_to_owned() {
        Ok(fd) => std::fs::File::from(fd),
        Err(e) if e.raw_os_error() == Some(libc::EBADF) => return Err(closed()),
        Err(e) => return Err(anyhow::Error::new(e).context("cannot write output")),
    };
    // A shell's `>/dev/null` opens it write-only; only the runtime's stand-in is read-write.
    let null = std::fs::metadata("/dev/null").ok();
    let reopened = file.metadata().is_ok_and(|m| {
        m.file_type().is_char_device()
            && null.is_some_and(|n| n.rdev() == m.rdev())
            && stdout_access_mode() == Some(libc::O_RDWR)
    });
    if reopened {
        return Err(closed());
    }
    Ok(file)
}

/// How fd 1 was opened (`O_RDONLY`, `O_WRONLY` or `O_RDWR`).
#[cfg(unix)]
#[allow(unsafe_code)]
fn stdout_access_mode() -> Option<libc::c_int> {
    // SAFETY: F_GETFL reads the flags of a descriptor; it takes no pointer and changes nothing.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
    (flags >= 0).then_some(flags & libc::O_ACCMODE)
}

#[cfg(not(unix))]
fn stdout() -> anyhow::Result<impl Write> {
    Ok(std::io::stdout())
}

/// Settle the settings, run the command, print its answer whole.
fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let mut stdout = stdout()?;
    let s = Settings::resolve(cli, terminal())?;
    let outcome = commands::run(&s.task, s.platform, &s.output, s.progress)?;
    let mut stdout = std::io::BufWriter::with_capacity(64 << 10, &mut stdout);
    match outcome
        .stdout
        .write_to(&mut stdout)
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(outcome.code),
        // A closed pipe (`npmem … | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::Success),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write output")),
    }
}

/// An error and its causes on one line, each cause added only where the message before it
/// does not already say it.
fn chain(e: &anyhow::Error) -> String {
    let mut line = e.to_string();
    for cause in e.chain().skip(1) {
        let text = cause.to_string();
        if !line.contains(&text) {
            line = format!("{line}: {text}");
        }
    }
    line
}

/// `npmem: error: …` on stderr, in one write, always one line (control characters in names from
/// files are escaped); a failure to write it is not worth a panic.
fn error_line(message: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(format!("npmem: error: {}\n", output::escape(message)).as_bytes());
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
    // A spec or an operand starting with '-' reads as a flag to clap: say what it is instead.
    if e.kind() == ErrorKind::UnknownArgument
        && let Some(arg) = std::env::args()
            .skip(1)
            .find(|a| looks_like_negative_spec(a))
    {
        if std::env::args().any(|a| a == "cast-check") {
            error_line(&format!(
                "'{arg}' reads as a flag: put operands that start with '-' after -- (npmem cast-check --result-type int8 -- {arg})"
            ));
        } else {
            error_line(&format!(
                "'{arg}' is not a valid spec: dimensions are 0 or more; for one unknown dimension write ? (as in ?x1000), or put -1 specs after --"
            ));
        }
        return ExitCode::Usage.into();
    }
    error_line(&cli::error_line(e));
    ExitCode::Usage.into()
}

fn looks_like_negative_spec(arg: &str) -> bool {
    arg.strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
}
