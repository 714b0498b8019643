//! Projections: `ProjectionExpression`.

use super::Placeholders;
use crate::expr::Path;

/// Renders a projection: `#n0, #n1.#n2[3]`. `None` for an empty list.
pub fn projection(paths: &[Path], p: &mut Placeholders) -> Option<String> {
    if paths.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(paths.len() * 6);
    for (i, path) in paths.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        p.write_path(&mut out, path);
    }
    Some(out)
}
