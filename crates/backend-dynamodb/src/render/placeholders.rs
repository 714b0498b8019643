//! [`Placeholders`]: the `#n`/`:v` maps of one request.

use crate::convert::{value_to_attr, AttrMap};
use aws_sdk_dynamodb::types::AttributeValue;
use dynorm::expr::{Path, PathSegment};
use dynorm::Value;
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
    values: AttrMap,
}

impl Placeholders {
    /// No placeholders yet.
    pub fn new() -> Placeholders {
        Placeholders::default()
    }

    /// Writes the placeholder of an attribute name (`#n0`), creating it if new.
    pub fn write_name(&mut self, out: &mut String, name: &str) {
        let index = match self.name_index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.name_index.len();
                self.name_index.insert(name.to_owned(), i);
                self.names.insert(format!("#n{i}"), name.to_owned());
                i
            }
        };
        // Writing to a String cannot fail.
        let _ = write!(out, "#n{index}");
    }

    /// Writes a new value placeholder (`:v0`) bound to `value`.
    pub fn write_value(&mut self, out: &mut String, value: &Value) {
        self.write_attr_value(out, value_to_attr(value));
    }

    /// Writes a new value placeholder bound to an SDK value.
    pub fn write_attr_value(&mut self, out: &mut String, value: AttributeValue) {
        let placeholder = format!(":v{}", self.values.len());
        out.push_str(&placeholder);
        self.values.insert(placeholder, value);
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
        self.names.is_empty() && self.values.is_empty()
    }

    /// The `ExpressionAttributeNames` and `ExpressionAttributeValues` maps,
    /// each `None` when empty (DynamoDB rejects empty maps).
    pub fn into_maps(self) -> (Option<HashMap<String, String>>, Option<AttrMap>) {
        let names = (!self.names.is_empty()).then_some(self.names);
        let values = (!self.values.is_empty()).then_some(self.values);
        (names, values)
    }
}
