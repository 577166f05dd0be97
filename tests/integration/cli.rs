//! The binary as users and CI run it: the examples, exit codes, bad input.
