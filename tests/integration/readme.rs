//! The README's console examples are tests: every `$ npmem …` line in a ```console block runs
//! from the repository's root (so the files it names are the committed fixtures, as a user of a
//! clone would run it), and its output must be the lines below it, exactly. `VAR=value` before `npmem` sets that variable, as a shell would.
//! Update an example by running it and pasting what it prints.

use crate::support::npmem_in;

/// One example: the environment, the arguments, and the output the README shows.
struct Example {
    line: usize,
    command: String,
    env: Vec<(String, String)>,
    args: Vec<String>,
    expected: String,
}

/// Split a command line as a POSIX shell would for the quoting the README uses: single quotes
/// keep everything, double quotes keep everything but `\"`, a backslash escapes one character.
fn shell_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed ' in {line}")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => word.extend(chars.next()),
                        Some(c) => word.push(c),
                        None => return Err(format!("unclosed \" in {line}")),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn examples(readme: &str) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    let mut in_console = false;
    let mut current: Option<Example> = None;
    for (i, line) in readme.lines().enumerate() {
        let number = i + 1;
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" || line.starts_with("$ ") {
            out.extend(current.take());
        }
        if line.trim_end() == "```" {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            let mut words = shell_words(command)?.into_iter().peekable();
            let mut env = Vec::new();
            while let Some((k, v)) = words.peek().and_then(|w| w.split_once('=')) {
                if k.is_empty() || !k.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                    break;
                }
                env.push((k.to_string(), v.to_string()));
                words.next();
            }
            if words.next().as_deref() != Some("npmem") {
                return Err(format!("README.md:{number}: an example runs npmem: {line}"));
            }
            current = Some(Example {
                line: number,
                command: command.to_string(),
                env,
                args: words.collect(),
                expected: String::new(),
            });
        } else if let Some(example) = current.as_mut() {
            example.expected.push_str(line);
            example.expected.push('\n');
        } else {
            return Err(format!("README.md:{number}: output before any command"));
        }
    }
    Ok(out)
}

#[test]
fn shell_words_quote_as_a_shell_does() {
    assert_eq!(
        shell_words(r#"a 'b c' "d \"e\"" f\ g"#),
        Ok(vec![
            "a".into(),
            "b c".into(),
            r#"d "e""#.into(),
            "f g".into()
        ])
    );
    assert!(shell_words("'open").is_err());
}

#[test]
fn every_console_example_prints_what_the_readme_shows() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_default();
    let examples = examples(&readme).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        examples.len() >= 6,
        "only {} examples found",
        examples.len()
    );
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut wrong = Vec::new();
    for ex in &examples {
        let args: Vec<&str> = ex.args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = ex
            .env
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let run = npmem_in(dir, &args, &env);
        // The README shows a blank line where the output ends before the closing fence.
        let shown = ex.expected.trim_end_matches('\n');
        let printed = run.stdout.trim_end_matches('\n');
        if shown != printed {
            wrong.push(format!(
                "README.md:{}: $ {}\n--- the README shows\n{shown}\n--- npmem prints (exit {}, stderr {:?})\n{printed}\n",
                ex.line, ex.command, run.code, run.stderr
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
