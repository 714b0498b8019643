//! [`Placeholders`]: the `#n`/`:v` maps of one request.

use crate::expr::{Path, PathSegment};
use crate::Value;
use std::collections::HashMap;
use std::fmt::Write;

/// The expression attribute names and values of one request.
///
/// Names are deduplicated (`status` used twice is `#n0` twice); each value
/// literal gets its own `:v` placeholder. Only what was written into an
/// expression is ever recorded, so the maps never hold an unused entry.
#[derive(Debug, Default, Clone)]
pub struct Placeholders {
    /// Attribute name -> placeholder index.
    name_index: HashMap<String, usize>,
    /// `#n<i>` -> attribute name.
    names: HashMap<String, String>,
    /// `:v<i>` -> value.
    values: HashMap<String, Value>,
    /// Value placeholders written (the length of `values` unless measuring).
    value_count: usize,
    /// Whether values are counted only, not kept.
    measuring: bool,
}

impl Placeholders {
    /// No placeholders yet.
    pub fn new() -> Placeholders {
        Placeholders::default()
    }

    /// Placeholders that number values without keeping them: for measuring
    /// the rendered text (its bytes are the same) without copying values.
    pub fn measuring() -> Placeholders {
        Placeholders {
            measuring: true,
            ..Placeholders::default()
        }
    }

    /// Writes the placeholder of an attribute name (`#n0`), creating it if new.
    pub fn write_name(&mut self, out: &mut String, name: &str) {
        let index = match self.name_index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.name_index.len();
                self.name_index.insert(name.to_owned(), i);
                if !self.measuring {
                    self.names.insert(format!("#n{i}"), name.to_owned());
                }
                i
            }
        };
        // Writing to a String cannot fail.
        let _ = write!(out, "#n{index}");
    }

    /// Writes a new value placeholder (`:v0`) bound to `value`.
    pub fn write_value(&mut self, out: &mut String, value: &Value) {
        let start = out.len();
        let _ = write!(out, ":v{}", self.value_count);
        self.value_count += 1;
        if !self.measuring {
            self.values.insert(out[start..].to_owned(), value.clone());
        }
    }

    /// Writes a document path: `#n0.#n1[2]`.
    pub fn write_path(&mut self, out: &mut String, path: &Path) {
        for (i, segment) in path.segments().iter().enumerate() {
            match segment {
                PathSegment::Attr(name) => {
                    if i > 0 {
                        out.push('.');
                    }
                    self.write_name(out, name);
                }
                PathSegment::Index(n) => {
                    let _ = write!(out, "[{n}]");
                }
            }
        }
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.name_index.is_empty() && self.value_count == 0
    }

    /// The `ExpressionAttributeNames` map so far.
    pub fn names(&self) -> &HashMap<String, String> {
        &self.names
    }

    /// The `ExpressionAttributeValues` map so far.
    pub fn values(&self) -> &HashMap<String, Value> {
        &self.values
    }

    /// The `ExpressionAttributeNames` and `ExpressionAttributeValues` maps,
    /// each `None` when empty (DynamoDB rejects empty maps).
    #[allow(clippy::type_complexity)]
    pub fn into_maps(
        self,
    ) -> (
        Option<HashMap<String, String>>,
        Option<HashMap<String, Value>>,
    ) {
        let names = (!self.names.is_empty()).then_some(self.names);
        let values = (!self.values.is_empty()).then_some(self.values);
        (names, values)
    }
}
