//! # dynorm-testkit
//!
//! One list of conformance scenarios that every dynorm backend runs. A
//! scenario is a plain async function over a [`Ctx`] (a client with a table
//! prefix of its own, so scenarios run in parallel without sharing tables);
//! [`conformance_tests!`] expands the whole list into `#[tokio::test]`s for one
//! backend, so a scenario added here runs on every backend.
//!
//! ```ignore
//! // crates/backend-memory/tests/conformance.rs
//! dynorm_testkit::conformance_tests!(dynorm_testkit::backends::memory());
//! ```

pub mod backend_scenarios;
pub mod backends;
pub mod blob_stores;
pub mod bulk_models;
mod ctx;
pub mod differential;
pub mod http_stub;
pub mod key_models;
pub mod lifecycle_models;
pub mod locking_models;
pub mod models;
pub mod recording;
pub mod scenarios;
pub mod serial_table_changes;
pub mod spans;
pub mod versioned_models;

pub use ctx::{Ctx, Outcome};

/// Expands the encrypted attribute scenarios alone into `#[tokio::test]`s
/// (for a client whose backend runs the whole kit elsewhere, with another
/// key service).
#[macro_export]
macro_rules! encrypted_tests {
    ($factory:expr) => {
        $crate::__with_encrypted_scenarios!($crate::__emit_tests, (real_clock, $factory));
    };
}

/// Expands every scenario into a `#[tokio::test]` for one backend.
///
/// `$factory` is an expression of type
/// `impl Future<Output = Option<dynorm::Client>>`, evaluated once per test;
/// `None` skips the test (allowed outside CI only, see [`backends`]).
///
/// Scenarios run on a multi-threaded runtime in real time. The scenarios of
/// a module marked `[timed]` in the lists (leases, which wait for expiry
/// and renewal; batches resent after a retry back-off) wait on tokio's
/// clock only, so a backend that does no I/O of its
/// own (the memory backend) can run them on a paused clock, which moves on
/// whenever every task waits: `conformance_tests!(factory, paused_clock)`.
/// A backend behind a socket keeps the real clock (a paused clock would
/// fire its timeouts while a response is on the way).
#[macro_export]
macro_rules! conformance_tests {
    (@with $arg:tt) => {
        $crate::__with_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_read_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_attribute_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_lifecycle_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_s3_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_encrypted_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_versioned_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_locking_scenarios!($crate::__emit_tests, $arg);
        $crate::__with_backend_scenarios!($crate::__emit_backend_tests, $arg);
    };
    ($factory:expr, paused_clock) => {
        $crate::conformance_tests!(@with (paused_clock, $factory));
    };
    ($factory:expr) => {
        $crate::conformance_tests!(@with (real_clock, $factory));
    };
}

/// Expands scenario lists (`module [timing]? { scenario, ... }`) into a
/// module of tests each.
#[doc(hidden)]
#[macro_export]
macro_rules! __emit_tests {
    (@in $root:ident, ($clock:ident, $factory:expr); $( $module:ident $([$timing:ident])? { $( $name:ident ),* $(,)? } )*) => {
        $(
            $crate::__emit_module! { $clock $($timing)?; $root $module; $factory; $( $name ),* }
        )*
    };
    ($arg:tt; $($scenarios:tt)*) => {
        $crate::__emit_tests!(@in scenarios, $arg; $($scenarios)*);
    };
}

/// One module of tests: on a paused clock for a `[timed]` module under
/// `paused_clock`, else on a multi-threaded runtime.
#[doc(hidden)]
#[macro_export]
macro_rules! __emit_module {
    (paused_clock timed; $root:ident $module:ident; $factory:expr; $( $name:ident ),*) => {
        mod $module {
            $(
                #[tokio::test(start_paused = true)]
                async fn $name() {
                    $crate::__run_scenario!($root $module $name; $factory);
                }
            )*
        }
    };
    ($clock:ident $($timing:ident)?; $root:ident $module:ident; $factory:expr; $( $name:ident ),*) => {
        mod $module {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::__run_scenario!($root $module $name; $factory);
                }
            )*
        }
    };
}

/// The body of one scenario's test.
#[doc(hidden)]
#[macro_export]
macro_rules! __run_scenario {
    ($root:ident $module:ident $name:ident; $factory:expr) => {
        let Some(client) = $factory.await else { return };
        let ctx = $crate::Ctx::new(client, stringify!($name));
        let outcome = $crate::$root::$module::$name(ctx.clone()).await;
        ctx.finish(outcome).await;
    };
}

/// [`__emit_tests!`] for the backend-level scenarios
/// ([`backend_scenarios`]), in a module of their own.
#[doc(hidden)]
#[macro_export]
macro_rules! __emit_backend_tests {
    ($arg:tt; $($scenarios:tt)*) => {
        mod backend_level {
            $crate::__emit_tests!(@in backend_scenarios, $arg; $($scenarios)*);
        }
    };
}
