//! What goes wrong when a dtype is read: numpy's refusals in npmem's words, with the nearest
//! valid spellings.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DTypeError {
    #[error("unknown dtype '{spelling}'{}", hint(suggestions))]
    NotUnderstood {
        spelling: String,
        suggestions: Vec<String>,
    },
    #[error("dtype '{spelling}' was removed in NumPy 2.0; use '{replacement}' instead")]
    Removed {
        spelling: String,
        replacement: String,
    },
    #[error("invalid dtype '{spelling}': {reason}")]
    Invalid { spelling: String, reason: String },
    /// Another library's name for a type numpy has no single dtype for (`Q4_K_M`, `fp8`).
    #[error("unknown dtype '{spelling}': {message}")]
    Foreign { spelling: String, message: String },
}

fn hint(suggestions: &[String]) -> String {
    match suggestions {
        [] => " (numpy: data type not understood); see `npmem estimate --help` for spellings"
            .to_string(),
        [one] => format!("; did you mean '{one}'?"),
        many => {
            let quoted: Vec<String> = many.iter().map(|s| format!("'{s}'")).collect();
            format!("; did you mean one of {}?", quoted.join(", "))
        }
    }
}

/// The longest spelling an error repeats in full, and the longest one worth suggesting for: past
/// it an error shows an excerpt and no suggestions (no typo is 60 characters long).
pub(super) const EXCERPT: usize = 60;

/// At most [`EXCERPT`] characters of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// numpy's refusal of `spelling`, for `reason`.
pub(super) fn invalid(spelling: &str, reason: impl Into<String>) -> DTypeError {
    DTypeError::Invalid {
        spelling: spelling.to_string(),
        reason: reason.into(),
    }
}
