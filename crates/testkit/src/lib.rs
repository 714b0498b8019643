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
        $crate::__with_encrypted_scenarios!($crate::__emit_tests, $factory);
    };
}

/// Expands every scenario into a `#[tokio::test]` for one backend.
///
/// `$factory` is an expression of type
/// `impl Future<Output = Option<dynorm::Client>>`, evaluated once per test;
/// `None` skips the test (allowed outside CI only, see [`backends`]).
#[macro_export]
macro_rules! conformance_tests {
    ($factory:expr) => {
        $crate::__with_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_read_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_attribute_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_lifecycle_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_s3_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_encrypted_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_versioned_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_locking_scenarios!($crate::__emit_tests, $factory);
        $crate::__with_backend_scenarios!($crate::__emit_backend_tests, $factory);
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __emit_tests {
    (@in $root:ident, $factory:expr; $( $module:ident { $( $name:ident ),* $(,)? } )*) => {
        $(
            mod $module {
                $(
                    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                    async fn $name() {
                        let Some(client) = $factory.await else { return };
                        let ctx = $crate::Ctx::new(client, stringify!($name));
                        let outcome = $crate::$root::$module::$name(ctx.clone()).await;
                        ctx.finish(outcome).await;
                    }
                )*
            }
        )*
    };
    ($factory:expr; $($scenarios:tt)*) => {
        $crate::__emit_tests!(@in scenarios, $factory; $($scenarios)*);
    };
}

/// [`__emit_tests!`] for the backend-level scenarios
/// ([`backend_scenarios`]), in a module of their own.
#[doc(hidden)]
#[macro_export]
macro_rules! __emit_backend_tests {
    ($factory:expr; $($scenarios:tt)*) => {
        mod backend_level {
            $crate::__emit_tests!(@in backend_scenarios, $factory; $($scenarios)*);
        }
    };
}
