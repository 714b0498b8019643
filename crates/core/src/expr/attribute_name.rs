//! [`AttributeName`]: where a top-level attribute is named, such as a key
//! attribute, by a string or by a typed path.

use super::{FieldPath, Path};

/// The name of one top-level attribute (a key attribute, for instance): a
/// string, taken literally (dots and brackets are part of the name), or the
/// [`Path`] or [`FieldPath`] of a top-level attribute.
///
/// ```
/// use dynorm::expr::{AttributeName, FieldPath};
/// use dynorm::Path;
/// assert_eq!("a.b".into_attribute_name(), Ok("a.b".to_owned()));
/// let seq: FieldPath<u64> = FieldPath::under(None, "seq");
/// assert_eq!(seq.into_attribute_name(), Ok("seq".to_owned()));
/// let nested = Path::parse("address.city").unwrap();
/// assert_eq!(nested.clone().into_attribute_name(), Err(nested));
/// ```
pub trait AttributeName {
    /// The name, or the path back when it is not a single top-level attribute.
    fn into_attribute_name(self) -> Result<String, Path>;
}

impl AttributeName for &str {
    fn into_attribute_name(self) -> Result<String, Path> {
        Ok(self.to_owned())
    }
}

impl AttributeName for String {
    fn into_attribute_name(self) -> Result<String, Path> {
        Ok(self)
    }
}

impl AttributeName for &String {
    fn into_attribute_name(self) -> Result<String, Path> {
        Ok(self.clone())
    }
}

impl AttributeName for Path {
    fn into_attribute_name(self) -> Result<String, Path> {
        if self.is_top_level() {
            Ok(self.root().to_owned())
        } else {
            Err(self)
        }
    }
}

impl AttributeName for &Path {
    fn into_attribute_name(self) -> Result<String, Path> {
        self.clone().into_attribute_name()
    }
}

impl<T> AttributeName for FieldPath<T> {
    fn into_attribute_name(self) -> Result<String, Path> {
        self.into_path().into_attribute_name()
    }
}

impl<T> AttributeName for &FieldPath<T> {
    fn into_attribute_name(self) -> Result<String, Path> {
        self.as_path().into_attribute_name()
    }
}
