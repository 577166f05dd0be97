#!/usr/bin/env bash
# Regenerate the committed shell completions and man pages from the clap definition.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/npmem"
mkdir -p completions
"$bin" completions bash > completions/npmem.bash
"$bin" completions zsh > completions/_npmem
"$bin" completions fish > completions/npmem.fish
"$bin" completions powershell > completions/_npmem.ps1
"$bin" completions elvish > completions/npmem.elv
# The man pages: npmem(1) and one per subcommand.
mkdir -p man
"$bin" man > man/npmem.1
for sub in estimate finfo cast-check peak; do
    "$bin" man "$sub" > "man/npmem-$sub.1"
done
