//! Reading and writing values at document paths (`a.b[2].c`), and projections.

use dynorm::expr::render::{self, Placeholders};
use dynorm::expr::{Path, PathSegment};
use dynorm::rules::expression::{self as rules, ExpressionKind};
use dynorm::{Error, Item, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The error of an update path whose parent is missing or of the wrong type.
pub(crate) fn invalid_path() -> Error {
    dynorm::rules::update::Violation::InvalidPath.into_error()
}

/// The value at a path, if present. An item still in its packed form (as
/// stored) stays packed: only the path's top-level attribute is read from
/// the buffer ([`Item::peek`]), not the whole item.
pub(crate) fn resolve<'a>(item: &'a Item, path: &Path) -> Option<Cow<'a, Value>> {
    let (first, rest) = path.segments().split_first()?;
    let PathSegment::Attr(name) = first else {
        return None;
    };
    match item.peek(name)? {
        Cow::Borrowed(mut current) => {
            for seg in rest {
                current = step(current, seg)?;
            }
            Some(Cow::Borrowed(current))
        }
        Cow::Owned(mut current) => {
            for seg in rest {
                current = step_owned(current, seg)?;
            }
            Some(Cow::Owned(current))
        }
    }
}

/// [`step`] out of an owned value.
fn step_owned(value: Value, seg: &PathSegment) -> Option<Value> {
    match (value, seg) {
        (Value::M(mut m), PathSegment::Attr(name)) => m.remove(name),
        (Value::L(mut l), PathSegment::Index(i)) => (*i < l.len()).then(|| l.swap_remove(*i)),
        _ => None,
    }
}

fn step<'a>(value: &'a Value, seg: &PathSegment) -> Option<&'a Value> {
    match (value, seg) {
        (Value::M(m), PathSegment::Attr(name)) => m.get(name),
        (Value::L(l), PathSegment::Index(i)) => l.get(*i),
        _ => None,
    }
}

fn step_mut<'a>(value: &'a mut Value, seg: &PathSegment) -> Option<&'a mut Value> {
    match (value, seg) {
        (Value::M(m), PathSegment::Attr(name)) => m.get_mut(name),
        (Value::L(l), PathSegment::Index(i)) => l.get_mut(*i),
        _ => None,
    }
}

/// The container holding the last segment of `path` (`None` for a top-level path
/// means the item itself; `Err` when the parent is missing).
fn parent_mut<'a>(item: &'a mut Item, path: &Path) -> Result<Option<&'a mut Value>, Error> {
    let segs = path.segments();
    let Some((PathSegment::Attr(name), rest)) = segs.split_first() else {
        return Err(invalid_path());
    };
    if rest.is_empty() {
        return Ok(None);
    }
    let mut current = item.get_mut(name).ok_or_else(invalid_path)?;
    if let Some((_, middle)) = rest.split_last() {
        for seg in middle {
            current = step_mut(current, seg).ok_or_else(invalid_path)?;
        }
    }
    Ok(Some(current))
}

/// Writes a value at a path. The parent must exist; an index past the end of a
/// list appends.
pub(crate) fn assign(item: &mut Item, path: &Path, value: Value) -> Result<(), Error> {
    let last = path.segments().last().cloned();
    match (parent_mut(item, path)?, last) {
        (None, _) => {
            item.insert(path.root().to_owned(), value);
            Ok(())
        }
        (Some(Value::M(m)), Some(PathSegment::Attr(name))) => {
            m.insert(name, value);
            Ok(())
        }
        (Some(Value::L(l)), Some(PathSegment::Index(i))) => {
            if let Some(slot) = l.get_mut(i) {
                *slot = value;
            } else {
                l.push(value);
            }
            Ok(())
        }
        _ => Err(invalid_path()),
    }
}

/// Removes the value at a path (a list element shifts the rest). A missing
/// last step is not an error; a missing or mistyped parent is.
pub(crate) fn remove(item: &mut Item, path: &Path) -> Result<Option<Value>, Error> {
    let last = path.segments().last().cloned();
    match (parent_mut(item, path)?, last) {
        (None, _) => Ok(item.remove(path.root())),
        (Some(Value::M(m)), Some(PathSegment::Attr(name))) => Ok(m.remove(&name)),
        (Some(Value::L(l)), Some(PathSegment::Index(i))) => Ok((i < l.len()).then(|| l.remove(i))),
        _ => Err(invalid_path()),
    }
}

/// A tree of projected paths.
#[derive(Debug, Default)]
struct Tree {
    whole: bool,
    keys: BTreeMap<String, Tree>,
    indexes: BTreeMap<usize, Tree>,
}

impl Tree {
    fn add(&mut self, segs: &[PathSegment]) {
        match segs.split_first() {
            None => self.whole = true,
            Some((PathSegment::Attr(n), rest)) => self.keys.entry(n.clone()).or_default().add(rest),
            Some((PathSegment::Index(i), rest)) => self.indexes.entry(*i).or_default().add(rest),
        }
    }

    fn apply(&self, value: &Value) -> Option<Value> {
        if self.whole {
            return Some(value.clone());
        }
        match value {
            Value::M(m) if !self.keys.is_empty() => {
                let out: Item = self
                    .keys
                    .iter()
                    .filter_map(|(k, t)| Some((k.clone(), t.apply(m.get(k)?)?)))
                    .collect();
                (!out.is_empty()).then_some(Value::M(out))
            }
            Value::L(l) if !self.indexes.is_empty() => {
                let out: Vec<Value> = self
                    .indexes
                    .iter()
                    .filter_map(|(i, t)| t.apply(l.get(*i)?))
                    .collect();
                (!out.is_empty()).then_some(Value::L(out))
            }
            _ => None,
        }
    }
}

/// The parts of an item that the paths select: nested paths keep their
/// enclosing maps, list indexes keep the selected elements in index order.
pub(crate) fn project(item: &Item, paths: &[Path]) -> Item {
    let mut tree = Tree::default();
    for p in paths {
        tree.add(p.segments());
    }
    tree.keys
        .iter()
        .filter_map(|(k, t)| Some((k.clone(), t.apply(item.get(k)?)?)))
        .collect()
}

/// Applies an optional projection.
pub(crate) fn project_opt(item: &Item, paths: Option<&[Path]>) -> Item {
    match paths {
        None => item.clone(),
        Some(p) => project(item, p),
    }
}

/// Checks a projection: not empty, no overlapping paths, no empty names, and
/// the size of the text the DynamoDB backend sends (`p` holds the request's
/// placeholders rendered before it).
pub(crate) fn check_projection(paths: Option<&[Path]>, p: &mut Placeholders) -> Result<(), Error> {
    let Some(paths) = paths else {
        return Ok(());
    };
    rules::check_projection(paths)?;
    let text = render::projection(paths, p).unwrap_or_default();
    rules::check_limits(ExpressionKind::Projection, text.len(), 0)
}
