//! Completions and man pages are generated from the clap definition and committed under
//! completions/ and man/: regenerate with `scripts/completions.sh` when the command line changes.

use crate::support::npmem;

#[test]
fn committed_completions_match_the_command_line() {
    let shells = [
        ("bash", "npmem.bash"),
        ("zsh", "_npmem"),
        ("fish", "npmem.fish"),
        ("powershell", "_npmem.ps1"),
        ("elvish", "npmem.elv"),
    ];
    for (shell, file) in shells {
        let run = npmem(&["completions", shell]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("completions")
            .join(file);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == run.stdout,
            "completions/{file} is out of date: run scripts/completions.sh"
        );
        assert!(run.stdout.contains("estimate"));
    }
}

#[test]
fn committed_man_pages_match_the_command_line() {
    let man = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages = [
        (None, "npmem.1"),
        (Some("estimate"), "npmem-estimate.1"),
        (Some("finfo"), "npmem-finfo.1"),
        (Some("cast-check"), "npmem-cast-check.1"),
        (Some("peak"), "npmem-peak.1"),
    ];
    for (sub, file) in pages {
        let mut args = vec!["man"];
        args.extend(sub);
        let run = npmem(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.starts_with(".ie") && run.stdout.contains(".SH OPTIONS"));
        let committed = std::fs::read_to_string(man.join(file)).unwrap_or_default();
        assert!(
            committed == run.stdout,
            "man/{file} is out of date: run scripts/completions.sh"
        );
    }
    // Every visible subcommand has its page committed.
    let top = std::fs::read_to_string(man.join("npmem.1")).unwrap_or_default();
    for sub in ["estimate", "finfo", "cast-check", "peak"] {
        assert!(
            top.contains(&sub.replace('-', "\\-")),
            "{sub} missing from npmem.1"
        );
    }
    let run = npmem(&["man", "nosuch"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("estimate, finfo, cast-check, peak"),
        "{}",
        run.stderr
    );
}

#[test]
fn shells_complete_dtype_names_where_a_dtype_is_taken() {
    // zsh's script names each argument's values: --dtype and --as (estimate), and the
    // dtype arguments of finfo and cast-check.
    let run = npmem(&["completions", "zsh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let completing = |prefix: &str| -> Vec<&str> {
        lines
            .iter()
            .copied()
            .filter(|l| l.trim_start().starts_with(prefix))
            .collect()
    };
    for prefix in ["'--dtype=", "'--as=", "'*::dtypes"] {
        let found = completing(prefix);
        assert!(!found.is_empty(), "nothing completes {prefix}");
        for line in found {
            for name in [
                "float64",
                "bfloat16",
                "float8_e4m3fn",
                "uint8",
                "complex128",
            ] {
                assert!(
                    line.contains(name),
                    "{prefix} does not complete {name}: {line}"
                );
            }
        }
    }
    // finfo's and cast-check's positional dtypes: two '*::dtypes' specs.
    assert_eq!(completing("'*::dtypes").len(), 2);
}

#[test]
fn the_main_help_starts_with_examples() {
    let run = npmem(&["--help"]);
    assert_eq!(run.code, 0);
    let before_usage = run.stdout.split("Usage:").next().unwrap_or_default();
    assert!(before_usage.contains("Examples:"), "{}", run.stdout);
    for sub in [
        "npmem estimate",
        "npmem finfo",
        "npmem cast-check",
        "npmem peak",
    ] {
        assert!(
            before_usage.contains(sub),
            "{sub} has no example: {before_usage}"
        );
    }
}
