//! [`Capture`]: a `tracing` subscriber layer that keeps every span's name and
//! fields until it closes, for checks of what the
//! [`Tracing`](dynorm::layers::Tracing) layer records.
//!
//! ```
//! use dynorm_testkit::spans::Capture;
//! use tracing::instrument::WithSubscriber;
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let capture = Capture::default();
//! async { tracing::info_span!("GetItem", db.system = "dynamodb").in_scope(|| {}) }
//!     .with_subscriber(capture.subscriber())
//!     .await;
//! assert_eq!(capture.only("GetItem").field("db.system"), Some("dynamodb"));
//! # });
//! ```

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, Once, PoisonError};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// One closed span: its name and every field that got a value.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The span's name.
    pub name: &'static str,
    /// Field name to value (strings as they are, the rest as `Debug`).
    pub fields: BTreeMap<String, String>,
}

impl Captured {
    /// The value of the field called `name`, if it got one.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

/// A subscriber layer keeping every span's fields until it closes.
#[derive(Clone, Default)]
pub struct Capture {
    closed: Arc<Mutex<Vec<Captured>>>,
}

struct Open(BTreeMap<String, String>);

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Open(fields));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(open) = span.extensions_mut().get_mut::<Open>() {
                values.record(&mut Fields(&mut open.0));
            }
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id) {
            let fields = span
                .extensions_mut()
                .remove::<Open>()
                .map(|o| o.0)
                .unwrap_or_default();
            self.closed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Captured {
                    name: span.name(),
                    fields,
                });
        }
    }
}

impl Capture {
    /// A subscriber made of this layer over a registry.
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync {
        ask_each_time();
        tracing_subscriber::registry().with(self.clone())
    }

    /// This layer as the default subscriber of the current thread, until
    /// the guard drops.
    pub fn set_default(&self) -> tracing::subscriber::DefaultGuard {
        tracing::subscriber::set_default(self.subscriber())
    }

    /// The spans closed so far, taken.
    pub fn take(&self) -> Vec<Captured> {
        std::mem::take(&mut *self.closed.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// The one span called `name` among those closed so far (all taken);
    /// panics unless there is exactly one.
    pub fn only(&self, name: &str) -> Captured {
        let mut spans: Vec<Captured> = self.take().into_iter().filter(|s| s.name == name).collect();
        assert_eq!(spans.len(), 1, "one {name} span: {spans:?}");
        spans.remove(0)
    }
}

/// The process-wide default subscriber a [`Capture`] installs (once, when
/// none is set): interested in every callsite, enabling none.
///
/// `tracing` caches each callsite's interest across every subscriber alive
/// when the callsite is first reached. Without a default that asks each
/// time, a callsite first reached on a thread with no capture, while a
/// capture on another thread is being registered, can be cached as
/// "never" and stay invisible to that capture. With this default
/// registered, a callsite is at worst "sometimes": each span asks the
/// current thread's subscriber.
struct AskEachTime;

impl tracing::Subscriber for AskEachTime {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        false
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Installs [`AskEachTime`] as the global default (unless the process set
/// one) and recomputes the interest of the callsites already reached.
fn ask_each_time() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err: the process has a global subscriber of its own, which decides.
        let _ = tracing::subscriber::set_global_default(AskEachTime);
        tracing::callsite::rebuild_interest_cache();
    });
}
