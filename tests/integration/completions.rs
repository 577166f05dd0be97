//! Completions are generated from the clap definition and committed: they must not drift.
