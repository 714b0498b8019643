//! Progress on standard error: indicatif bars and spinners on a terminal,
//! plain lines (at most one every few seconds, and one at the end) otherwise.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::{Duration, Instant};

/// How often plain progress lines are written.
const LINE_EVERY: Duration = Duration::from_secs(2);

/// A count towards a known total.
const BAR: &str = "{spinner} {msg} [{bar:30}] {human_pos}/{human_len} items, {per_sec}, ETA {eta}";
/// A count without a total.
const COUNT: &str = "{spinner} {msg} {human_pos} items, {per_sec}";
/// Items read from input of a known size: the bar follows the bytes read.
const BYTES: &str = "{spinner} {msg} [{bar:30}] {binary_bytes}/{binary_total_bytes}, ETA {eta}";
/// A wait.
const WAIT: &str = "{spinner} {msg} ({elapsed})";

/// Progress of a count of items (export, import).
pub struct Progress {
    verb: &'static str,
    total: Option<u64>,
    done: u64,
    started: Instant,
    shown: Shown,
}

enum Shown {
    Bar(ProgressBar),
    /// A bar over the bytes of the input; the message counts the items.
    BytesBar(ProgressBar),
    Lines {
        last: Instant,
    },
}

/// Whether standard error is a terminal (bars) or not (lines).
fn on_terminal() -> bool {
    std::io::stderr().is_terminal()
}

impl Progress {
    /// Progress of `verb` ("exported") over about `total` items, when known.
    pub fn items(verb: &'static str, total: Option<u64>) -> Progress {
        let shown = if on_terminal() {
            let bar = match total {
                Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                    .with_style(style(BAR)),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                    .with_style(style(COUNT)),
            };
            bar.set_message(verb);
            bar.enable_steady_tick(Duration::from_millis(120));
            Shown::Bar(bar)
        } else {
            Shown::Lines {
                last: Instant::now(),
            }
        };
        Progress {
            verb,
            total,
            done: 0,
            started: Instant::now(),
            shown,
        }
    }

    /// Progress of `verb` ("imported") over input of `bytes` bytes, whose
    /// reading [`read_to`](Progress::read_to) reports.
    pub fn by_bytes(verb: &'static str, bytes: u64) -> Progress {
        if !on_terminal() {
            return Progress::items(verb, None);
        }
        let bar = ProgressBar::with_draw_target(Some(bytes), ProgressDrawTarget::stderr())
            .with_style(style(BYTES));
        bar.set_message(format!("{verb} 0 items"));
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            verb,
            total: None,
            done: 0,
            started: Instant::now(),
            shown: Shown::BytesBar(bar),
        }
    }

    /// The input has been read up to byte `offset`.
    pub fn read_to(&mut self, offset: u64) {
        if let Shown::BytesBar(bar) = &self.shown {
            bar.set_position(offset);
        }
    }

    /// Counts `n` more items.
    pub fn inc(&mut self, n: u64) {
        self.done += n;
        let rate = self.rate();
        match &mut self.shown {
            Shown::BytesBar(bar) => {
                bar.set_message(format!(
                    "{} {} items ({rate:.0} items/s)",
                    self.verb, self.done
                ));
            }
            Shown::Bar(bar) => {
                // The total is an estimate (DynamoDB's item count lags).
                if self.total.is_some_and(|t| self.done > t) {
                    bar.set_length(self.done);
                }
                bar.inc(n);
            }
            Shown::Lines { last } => {
                if last.elapsed() >= LINE_EVERY {
                    *last = Instant::now();
                    let total = self.total.map(|t| format!("/{t}")).unwrap_or_default();
                    eprintln!(
                        "{} {}{total} items ({rate:.0} items/s)",
                        self.verb, self.done
                    );
                }
            }
        }
    }

    /// The items counted so far.
    pub fn done(&self) -> u64 {
        self.done
    }

    fn rate(&self) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        if secs > 0.0 {
            self.done as f64 / secs
        } else {
            0.0
        }
    }

    /// Ends the progress with a summary line: `exported 10000 items in 1.2 s (8300 items/s)`.
    pub fn finish(self) -> String {
        if let Shown::Bar(bar) | Shown::BytesBar(bar) = &self.shown {
            bar.finish_and_clear();
        }
        format!(
            "{} {} items in {:.1} s ({:.0} items/s)",
            self.verb,
            self.done,
            self.started.elapsed().as_secs_f64(),
            self.rate()
        )
    }
}

/// A spinner while waiting (create-table); a plain line without a terminal.
pub struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// Shows `message` until [`finish`](Spinner::finish).
    pub fn start(message: String) -> Spinner {
        if on_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
                .with_style(style(WAIT));
            bar.set_message(message);
            bar.enable_steady_tick(Duration::from_millis(120));
            Spinner(Some(bar))
        } else {
            eprintln!("{message}");
            Spinner(None)
        }
    }

    /// Stops the spinner.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates are constants of this file; a mistake in one shows as
    // the default style, not as a failure.
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_valid() {
        for t in [BAR, COUNT, BYTES, WAIT] {
            assert!(ProgressStyle::with_template(t).is_ok(), "{t}");
        }
    }

    #[test]
    fn counts_and_summarises() {
        let mut p = Progress::items("imported", Some(10));
        p.inc(4);
        p.inc(3);
        assert_eq!(p.done(), 7);
        let summary = p.finish();
        assert!(summary.starts_with("imported 7 items in "), "{summary}");
    }
}
