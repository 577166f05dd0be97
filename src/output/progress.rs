//! The progress bar of a long file scan: on a terminal's stderr only, and only once the scan
//! has run for a moment (a quick scan draws nothing).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use npmem::cast::scan::Progress;

/// How long a scan runs before its bar appears.
const DELAY: Duration = Duration::from_millis(300);

/// A bar that stays hidden until the scan has run for [`DELAY`].
pub struct Bar {
    bar: ProgressBar,
    started: OnceLock<Instant>,
}

impl Bar {
    pub fn new() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} eta {eta}",
        ) {
            bar.set_style(style);
        }
        Bar {
            bar,
            started: OnceLock::new(),
        }
    }
}

impl Progress for Bar {
    fn start(&self, total_bytes: u64) {
        self.bar.set_length(total_bytes);
        let _ = self.started.set(Instant::now());
    }

    fn update(&self, done_bytes: u64) {
        if self.bar.is_hidden() && self.started.get().is_some_and(|t| t.elapsed() > DELAY) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_position(done_bytes);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
