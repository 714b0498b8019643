//! Rendering of expression trees to DynamoDB expression strings.
//!
//! Every attribute name goes through a `#n<i>` placeholder and every value
//! through a `:v<i>` placeholder, so reserved words and odd characters just
//! work. One [`Placeholders`] collects both maps for a whole request (its
//! condition, update, filter, key condition and projection together): the same
//! name always gets the same placeholder, and a placeholder exists only if an
//! expression uses it.
//!
//! The DynamoDB backend sends what this renders; the memory backend renders the
//! same way to measure an expression's exact size against DynamoDB's limits.
//! [`crate::expr::parse`] reads the texts back into the same trees.
//!
//! ```
//! use dynorm::expr::attr;
//! use dynorm::expr::render::{condition, Placeholders};
//!
//! let mut p = Placeholders::new();
//! let text = condition(&(attr("status").eq("active") & attr("name").exists()), &mut p).unwrap();
//! assert_eq!(text, "#n0 = :v0 AND attribute_exists(#n1)");
//! let (names, values) = p.into_maps();
//! assert_eq!(names.unwrap()["#n0"], "status");
//! assert_eq!(values.unwrap()[":v0"], dynorm::Value::from("active"));
//! ```

mod condition;
mod key_condition;
mod placeholders;
mod projection;
mod request;
mod update;

pub use condition::condition;
pub use key_condition::key_condition;
pub use placeholders::Placeholders;
pub use projection::projection;
pub use request::Rendered;
pub use update::update;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
