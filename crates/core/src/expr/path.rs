//! Attribute paths: `a`, `a.b`, `a.b[2].c`.

use std::fmt;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathSegment {
    /// A map key (or a top-level attribute name).
    Attr(String),
    /// A list index.
    Index(usize),
}

/// A document path into an item: a top-level attribute followed by map keys
/// and list indexes.
///
/// ```
/// use dynorm::expr::{Path, PathSegment};
/// let p = Path::parse("address.lines[2].text").unwrap();
/// assert_eq!(p.segments().len(), 4);
/// assert_eq!(p.segments()[2], PathSegment::Index(2));
/// assert_eq!(p.to_string(), "address.lines[2].text");
/// // A name that contains a dot, taken literally:
/// assert_eq!(Path::attr("a.b").segments().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path {
    segments: Vec<PathSegment>,
}

/// A path string that is not of the form `name(.name|[index])*`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid attribute path `{path}`: {reason}")]
pub struct PathParseError {
    /// The text that failed to parse.
    pub path: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Path {
    /// A path of one top-level attribute, whatever characters its name holds.
    pub fn attr(name: impl Into<String>) -> Path {
        Path {
            segments: vec![PathSegment::Attr(name.into())],
        }
    }

    /// Parses `a.b[2].c`: names separated by dots, list indexes in brackets.
    pub fn parse(text: &str) -> Result<Path, PathParseError> {
        let err = |reason| PathParseError {
            path: text.to_owned(),
            reason,
        };
        let mut segments = Vec::new();
        let mut rest = text;
        let mut expect_name = true;
        while !rest.is_empty() {
            if expect_name {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                if end == 0 {
                    return Err(err("empty attribute name"));
                }
                segments.push(PathSegment::Attr(rest[..end].to_owned()));
                rest = &rest[end..];
                expect_name = false;
            } else if let Some(r) = rest.strip_prefix('.') {
                rest = r;
                expect_name = true;
            } else if let Some(r) = rest.strip_prefix('[') {
                let close = r.find(']').ok_or_else(|| err("unclosed `[`"))?;
                let index = r[..close]
                    .parse::<usize>()
                    .map_err(|_| err("list index is not a non-negative integer"))?;
                segments.push(PathSegment::Index(index));
                rest = &r[close + 1..];
            } else {
                return Err(err("unexpected character"));
            }
        }
        if segments.is_empty() {
            return Err(err("empty path"));
        }
        if expect_name {
            return Err(err("path ends with `.`"));
        }
        Ok(Path { segments })
    }

    /// Appends a map key.
    #[must_use]
    pub fn key(mut self, name: impl Into<String>) -> Path {
        self.segments.push(PathSegment::Attr(name.into()));
        self
    }

    /// Appends a list index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Path {
        self.segments.push(PathSegment::Index(index));
        self
    }

    /// The steps of the path; the first is always an attribute name.
    pub fn segments(&self) -> &[PathSegment] {
        &self.segments
    }

    /// The top-level attribute the path starts at.
    pub fn root(&self) -> &str {
        match self.segments.first() {
            Some(PathSegment::Attr(name)) => name,
            _ => "",
        }
    }

    /// Whether the path is a single top-level attribute.
    pub fn is_top_level(&self) -> bool {
        self.segments.len() == 1
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                PathSegment::Attr(name) if i == 0 => f.write_str(name)?,
                PathSegment::Attr(name) => write!(f, ".{name}")?,
                PathSegment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Parses the text as a path; text that is not a valid path is taken as one
/// literal attribute name.
impl From<&str> for Path {
    fn from(text: &str) -> Path {
        Path::parse(text).unwrap_or_else(|_| Path::attr(text))
    }
}

impl From<String> for Path {
    fn from(text: String) -> Path {
        Path::from(text.as_str())
    }
}

impl From<&String> for Path {
    fn from(text: &String) -> Path {
        Path::from(text.as_str())
    }
}

impl From<&Path> for Path {
    fn from(p: &Path) -> Path {
        p.clone()
    }
}
