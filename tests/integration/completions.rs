//! Completions are generated from the clap definition and committed under completions/:
//! regenerate with `scripts/completions.sh` when the command line changes.

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
