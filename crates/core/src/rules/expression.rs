//! The rules of DynamoDB expressions: limits, the checks DynamoDB makes on an
//! expression before it reads any data, and the wording of every error they
//! raise (DynamoDB's own, `ValidationException` -> [`Error::Validation`]).
//!
//! The expression parser ([`crate::expr::parse`]), the renderer
//! ([`crate::expr::render`]) and the backends all take their limits and
//! messages from here.
//!
//! ```
//! use dynorm::rules::expression::{self, ExpressionKind};
//! let err = expression::syntax_error(ExpressionKind::Filter, "<EOF>", "AND");
//! assert_eq!(
//!     err.to_string(),
//!     "validation error: Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"AND\""
//! );
//! assert_eq!(expression::MAX_EXPRESSION_BYTES, 4096);
//! ```

mod reserved_words;

pub use reserved_words::{is_reserved, RESERVED_WORDS};

use crate::expr::{
    Condition, KeyCondition, Operand, Path, PathSegment, SetExpr, SortOp, Update, UpdateAction,
    UpdateOperand,
};
use crate::value::Value;
use crate::Error;
use std::cmp::Ordering;
use std::fmt::{self, Write};

/// Largest expression, in bytes of its text.
pub const MAX_EXPRESSION_BYTES: usize = 4096;
/// Most operators and functions in one expression.
pub const MAX_OPERATORS: usize = 300;
/// Most operands on the right of `IN`.
pub const MAX_IN_OPERANDS: usize = 100;
/// Longest `#name` / `:value` placeholder, in bytes, the sigil included.
pub const MAX_PLACEHOLDER_BYTES: usize = 255;
/// Most steps (names and indexes) in one document path.
pub const MAX_PATH_DEPTH: usize = 32;
/// Largest list index in a document path.
pub const MAX_LIST_INDEX: u64 = i32::MAX as u64;

/// The five expression parameters of DynamoDB's requests; each error names
/// the one it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExpressionKind {
    /// `ConditionExpression` (writes and transaction checks).
    Condition,
    /// `FilterExpression` (queries and scans): the condition grammar.
    Filter,
    /// `KeyConditionExpression` (queries).
    KeyCondition,
    /// `UpdateExpression`.
    Update,
    /// `ProjectionExpression`.
    Projection,
    /// A PartiQL statement's WHERE clause: DynamoDB names no parameter in
    /// its messages.
    Statement,
}

impl ExpressionKind {
    /// The request parameter: `ConditionExpression`, `FilterExpression`, ...
    pub fn parameter(self) -> &'static str {
        match self {
            ExpressionKind::Condition => "ConditionExpression",
            ExpressionKind::Filter => "FilterExpression",
            ExpressionKind::KeyCondition => "KeyConditionExpression",
            ExpressionKind::Update => "UpdateExpression",
            ExpressionKind::Projection => "ProjectionExpression",
            ExpressionKind::Statement => "Statement",
        }
    }
}

impl fmt::Display for ExpressionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.parameter())
    }
}

fn invalid(kind: ExpressionKind, detail: fmt::Arguments<'_>) -> Error {
    match kind {
        ExpressionKind::Statement => Error::validation(detail.to_string()),
        kind => Error::validation(format!("Invalid {kind}: {detail}")),
    }
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

/// `Syntax error; token: "<tok>", near: "<near>"`. `token` is `<EOF>` at the end
/// of the text; `near` runs from the token before the offending one to the
/// token after it.
pub fn syntax_error(kind: ExpressionKind, token: &str, near: &str) -> Error {
    invalid(
        kind,
        format_args!("Syntax error; token: \"{token}\", near: \"{near}\""),
    )
}

/// An expression that is the empty string.
pub fn empty_expression(kind: ExpressionKind) -> Error {
    invalid(kind, format_args!("The expression can not be empty;"))
}

/// A `#name` placeholder missing from `ExpressionAttributeNames`.
pub fn undefined_name(kind: ExpressionKind, placeholder: &str) -> Error {
    invalid(
        kind,
        format_args!(
            "An expression attribute name used in the document path is not defined; attribute name: {placeholder}"
        ),
    )
}

/// A `:value` placeholder missing from `ExpressionAttributeValues`.
pub fn undefined_value(kind: ExpressionKind, placeholder: &str) -> Error {
    invalid(
        kind,
        format_args!(
            "An expression attribute value used in expression is not defined; attribute value: {placeholder}"
        ),
    )
}

fn unused(map: &str, keys: &mut Vec<&str>) -> Error {
    keys.sort_unstable();
    Error::validation(format!(
        "Value provided in {map} unused in expressions: keys: {{{}}}",
        keys.join(", ")
    ))
}

/// Entries of `ExpressionAttributeNames` that no expression of the request uses.
pub fn unused_names(mut keys: Vec<&str>) -> Error {
    unused("ExpressionAttributeNames", &mut keys)
}

/// Entries of `ExpressionAttributeValues` that no expression of the request uses.
pub fn unused_values(mut keys: Vec<&str>) -> Error {
    unused("ExpressionAttributeValues", &mut keys)
}

/// A placeholder key longer than [`MAX_PLACEHOLDER_BYTES`]; `values` tells
/// which map holds it.
pub fn placeholder_too_long(values: bool, key: &str) -> Error {
    if values {
        // DynamoDB does not give the size for value keys.
        Error::validation(
            "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too long;",
        )
    } else {
        Error::validation(format!(
            "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too long; size of key: {}",
            key.len()
        ))
    }
}

/// A key of a placeholder map without its sigil (`#` for names, `:` for values)
/// or with characters a placeholder cannot have.
pub fn invalid_placeholder_key(values: bool, key: &str) -> Error {
    let map = if values {
        "ExpressionAttributeValues"
    } else {
        "ExpressionAttributeNames"
    };
    Error::validation(format!(
        "{map} contains invalid key: Syntax error; key: \"{key}\""
    ))
}

/// An `ExpressionAttributeNames` entry whose value is the empty string.
pub fn empty_attribute_name(placeholder: &str) -> Error {
    Error::validation(format!(
        "ExpressionAttributeNames contains invalid value: Empty attribute name for key {placeholder}"
    ))
}

/// A reserved word used as an attribute name without a `#name` alias.
pub fn reserved_keyword(kind: ExpressionKind, word: &str) -> Error {
    invalid(
        kind,
        format_args!("Attribute name is a reserved keyword; reserved keyword: {word}"),
    )
}

/// A function DynamoDB does not have (names are case-sensitive).
pub fn invalid_function(kind: ExpressionKind, name: &str) -> Error {
    invalid(
        kind,
        format_args!("Invalid function name; function: {name}"),
    )
}

/// A function or operator given the wrong number of operands.
pub fn operand_count(kind: ExpressionKind, function: &str, count: usize) -> Error {
    invalid(
        kind,
        format_args!(
            "Incorrect number of operands for operator or function; operator or function: {function}, number of operands: {count}"
        ),
    )
}

/// An operand of a type the operator or function does not take; `type_name`
/// is DynamoDB's descriptor (`N`, `BOOL`, ...).
pub fn operand_type(kind: ExpressionKind, operator: &str, type_name: &str) -> Error {
    invalid(
        kind,
        format_args!(
            "Incorrect operand type for operator or function; operator or function: {operator}, operand type: {type_name}"
        ),
    )
}

/// The second operand of `attribute_type` given as a document path.
pub fn attribute_type_needs_value(kind: ExpressionKind) -> Error {
    operand_type(
        kind,
        "attribute_type",
        "{INTSET,FLOAT,NS,DOUBLE,B,SS,HD,S,FS,DOUBLESET,INT,BOOL,HDS,DICT,L,N,NULL,DECIMALSET,M,DECIMAL,BS}",
    )
}

/// The value of an `ADD` or `DELETE` action of a type the action does not take.
pub fn update_action_type(action: &str, value: &Value) -> Error {
    let word = match value {
        Value::S(_) => "STRING",
        Value::N(_) => "NUMBER",
        Value::B(_) => "BINARY",
        Value::Bool(_) => "BOOLEAN",
        Value::Null => "NULL",
        Value::M(_) => "MAP",
        Value::L(_) => "LIST",
        Value::Ss(_) => "STRING SET",
        Value::Ns(_) => "NUMBER SET",
        Value::Bs(_) => "BINARY SET",
    };
    invalid(
        ExpressionKind::Update,
        format_args!(
            "Incorrect operand type for operator or function; operator: {action}, operand type: {word}, typeSet: ALLOWED_FOR_{action}_OPERAND"
        ),
    )
}

/// A `attribute_type` type name that is not one of DynamoDB's ten.
pub fn invalid_type_name(kind: ExpressionKind, name: &str) -> Error {
    invalid(
        kind,
        format_args!(
            "Invalid attribute type name found; type: {name}, valid types: {{N,BS,L,B,NULL,M,S,SS,NS,BOOL}}"
        ),
    )
}

/// A function whose operand must be a document path was given something else.
pub fn requires_path(kind: ExpressionKind, function: &str) -> Error {
    invalid(
        kind,
        format_args!(
            "Operator or function requires a document path; operator or function: {function}"
        ),
    )
}

/// A function used where its result does not fit (`size(a)` as a condition,
/// `attribute_exists(a) = :v`, `list_append` inside `+`).
pub fn function_misused(kind: ExpressionKind, function: &str) -> Error {
    invalid(
        kind,
        format_args!(
            "The function is not allowed to be used this way in an expression; function: {function}"
        ),
    )
}

/// An update function (`if_not_exists`, `list_append`) in a condition or filter.
pub fn function_not_in_condition(kind: ExpressionKind, function: &str) -> Error {
    invalid(
        kind,
        format_args!("The function is not allowed in a condition expression; function: {function}"),
    )
}

/// A condition function (`size`, `contains`, ...) in an update expression.
pub fn function_not_in_update(function: &str) -> Error {
    invalid(
        ExpressionKind::Update,
        format_args!("The function is not allowed in an update expression; function: {function}"),
    )
}

/// Parentheses around parentheses: `((a = :v))`.
pub fn redundant_parentheses(kind: ExpressionKind) -> Error {
    invalid(
        kind,
        format_args!("The expression has redundant parentheses;"),
    )
}

/// A path of more than [`MAX_PATH_DEPTH`] steps.
pub fn path_too_deep(kind: ExpressionKind, levels: usize) -> Error {
    invalid(
        kind,
        format_args!("The document path has too many nesting levels; nesting levels: {levels}"),
    )
}

/// A path with an empty attribute name (only trees built in code can have one).
pub fn empty_path_name(kind: ExpressionKind) -> Error {
    invalid(
        kind,
        format_args!(
            "An expression attribute name used in the document path is not valid; attribute name: empty"
        ),
    )
}

/// A list index above [`MAX_LIST_INDEX`]; `index` is the text as written.
pub fn list_index_out_of_range(kind: ExpressionKind, index: &str) -> Error {
    invalid(
        kind,
        format_args!("List index is not within the allowable range; index: [{index}]"),
    )
}

/// More than [`MAX_IN_OPERANDS`] operands on the right of `IN`.
pub fn too_many_in_operands(kind: ExpressionKind, count: usize) -> Error {
    invalid(
        kind,
        format_args!(
            "The IN operator is provided with too many operands; number of operands: {count}"
        ),
    )
}

/// More than [`MAX_OPERATORS`] operators and functions. DynamoDB stops
/// counting at the first operator over the limit, so the count it states is
/// always `MAX_OPERATORS + 1`.
pub fn too_many_operators(kind: ExpressionKind) -> Error {
    invalid(
        kind,
        format_args!(
            "The expression contains too many operators; operator count: {}",
            MAX_OPERATORS + 1
        ),
    )
}

/// An expression text of more than [`MAX_EXPRESSION_BYTES`] bytes. DynamoDB
/// states the size for conditions, filters and key conditions only.
pub fn expression_too_large(kind: ExpressionKind, bytes: usize) -> Error {
    match kind {
        ExpressionKind::Update | ExpressionKind::Projection => invalid(
            kind,
            format_args!("Expression size has exceeded the maximum allowed size;"),
        ),
        _ => invalid(
            kind,
            format_args!(
                "Expression size has exceeded the maximum allowed size; expression size: {bytes}"
            ),
        ),
    }
}

/// Shows a path as DynamoDB does in messages: `[a, b, [2]]`.
pub fn path_display(path: &Path) -> String {
    let mut out = String::from("[");
    for (i, seg) in path.segments().iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        match seg {
            PathSegment::Attr(name) => out.push_str(name),
            PathSegment::Index(n) => {
                let _ = write!(out, "[{n}]");
            }
        }
    }
    out.push(']');
    out
}

/// Two paths of one update or projection where one is, or lies inside, the other.
pub fn paths_overlap(kind: ExpressionKind, one: &Path, two: &Path) -> Error {
    invalid(
        kind,
        format_args!(
            "Two document paths overlap with each other; must remove or rewrite one of these paths; path one: {}, path two: {}",
            path_display(one),
            path_display(two)
        ),
    )
}

/// Two paths that treat one value as a map and as a list.
pub fn paths_conflict(kind: ExpressionKind, one: &Path, two: &Path) -> Error {
    invalid(
        kind,
        format_args!(
            "Two document paths conflict with each other; must remove or rewrite one of these paths; path one: {}, path two: {}",
            path_display(one),
            path_display(two)
        ),
    )
}

/// A clause (`SET`, `REMOVE`, `ADD`, `DELETE`) written twice.
pub fn clause_repeated(clause: &str) -> Error {
    invalid(
        ExpressionKind::Update,
        format_args!("The \"{clause}\" section can only be used once in an update expression;"),
    )
}

/// `a = a`, `a BETWEEN a AND :v`: the first operand appears again.
pub fn first_operand_repeated(kind: ExpressionKind, operator: &str, path: &Path) -> Error {
    invalid(
        kind,
        format_args!(
            "The first operand must be distinct from the remaining operands for this operator or function; operator: {operator}, first operand: {}",
            path_display(path)
        ),
    )
}

/// Shows a value as DynamoDB does in BETWEEN messages: `AttributeValue: {N:5}`.
fn attribute_value_display(v: &Value) -> String {
    use base64::Engine as _;
    let body = match v {
        Value::S(s) => s.clone(),
        Value::N(n) => n.to_string(),
        Value::B(b) => base64::engine::general_purpose::STANDARD.encode(b),
        Value::Bool(b) => b.to_string(),
        other => other.value_type().as_str().to_owned(),
    };
    format!("AttributeValue: {{{}:{body}}}", v.value_type().as_str())
}

/// `BETWEEN` with a lower bound above the upper bound.
pub fn between_bounds_order(kind: ExpressionKind, low: &Value, high: &Value) -> Error {
    invalid(
        kind,
        format_args!(
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: {}, upper bound operand: {}",
            attribute_value_display(low),
            attribute_value_display(high)
        ),
    )
}

/// `BETWEEN` with bounds of two types.
pub fn between_bounds_types(kind: ExpressionKind, low: &Value, high: &Value) -> Error {
    invalid(
        kind,
        format_args!(
            "The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: {}, upper bound operand: {}",
            attribute_value_display(low),
            attribute_value_display(high)
        ),
    )
}

/// An `AND`/`OR` tree node with no operands: it has no text form.
pub fn empty_boolean(kind: ExpressionKind, word: &str) -> Error {
    invalid(kind, format_args!("an {word} needs at least one operand"))
}

/// A form DynamoDB accepts that dynorm's trees have no shape for (a value as
/// the first operand of `begins_with`/`contains`, `size` of a value).
pub fn unsupported(kind: ExpressionKind, what: &str) -> Error {
    invalid(
        kind,
        format_args!("dynorm's expression trees cannot represent {what}"),
    )
}

/// A key condition of more than two conditions.
pub fn key_too_many_conditions() -> Error {
    Error::validation("Conditions can be of length 1 or 2 only")
}

/// A key condition comparing two attributes.
pub fn key_two_attributes() -> Error {
    Error::validation(
        "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
    )
}

/// A key condition operator that is not `=`, `<`, `<=`, `>`, `>=`,
/// `BETWEEN`, `begins_with` or the `AND` joining the two keys.
pub fn key_invalid_operator(operator: &str) -> Error {
    Error::validation(format!(
        "Invalid operator used in KeyConditionExpression: {operator}"
    ))
}

/// A key condition without equality on the partition key.
pub fn key_missing_element(partition_key: &str) -> Error {
    Error::validation(format!(
        "Query condition missed key schema element: {partition_key}"
    ))
}

/// A key condition naming a key twice.
pub fn key_one_condition_per_key() -> Error {
    Error::validation("KeyConditionExpressions must only contain one condition per key")
}

/// A key condition on an attribute that is not a key, or a partition key
/// compared with something other than `=`.
pub fn key_condition_not_supported() -> Error {
    Error::validation("Query key condition not supported")
}

/// A function (`size`) applied to a key attribute.
pub fn key_nested_operation() -> Error {
    Error::validation("KeyConditionExpressions cannot contain nested operations")
}

/// A key attribute written as a nested path (`sk.a`, `sk[0]`). DynamoDB
/// Local words it "Key attributes must be scalars; list random access '[]'
/// and map lookup '.' are not allowed: Key: <name>".
pub fn key_nested_path() -> Error {
    invalid(
        ExpressionKind::KeyCondition,
        format_args!("KeyConditionExpressions cannot have conditions on nested attributes"),
    )
}

// ---------------------------------------------------------------------------
// Checks on trees: what DynamoDB finds before reading any data
// ---------------------------------------------------------------------------

/// The order of two scalars of the same type (S by bytes, N numerically,
/// B unsigned); `None` for other or mixed types.
pub fn scalar_order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::S(x), Value::S(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Value::N(x), Value::N(y)) => Some(x.cmp(y)),
        (Value::B(x), Value::B(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::S(_) | Value::N(_) | Value::B(_))
}

fn scalar_operand(kind: ExpressionKind, op: &Operand, operator: &str) -> Result<(), Error> {
    match op {
        Operand::Value(v) if !is_scalar(v) => {
            Err(operand_type(kind, operator, v.value_type().as_str()))
        }
        _ => Ok(()),
    }
}

fn distinct_first_operand<'a>(
    kind: ExpressionKind,
    first: &Operand,
    rest: impl IntoIterator<Item = &'a Operand>,
    operator: &str,
) -> Result<(), Error> {
    let (Operand::Path(p) | Operand::Size(p)) = first else {
        return Ok(());
    };
    if rest.into_iter().any(|o| o == first) {
        return Err(first_operand_repeated(kind, operator, p));
    }
    Ok(())
}

fn between_bounds(kind: ExpressionKind, low: &Value, high: &Value) -> Result<(), Error> {
    match scalar_order(low, high) {
        Some(Ordering::Greater) => Err(between_bounds_order(kind, low, high)),
        Some(_) => Ok(()),
        None => Err(between_bounds_types(kind, low, high)),
    }
}

/// Checks a condition or filter tree as DynamoDB checks the expression before
/// reading data: operand types of literal values, `BETWEEN` bounds, `IN`
/// operand counts, repeated first operands, path depth, empty `AND`/`OR`.
///
/// ```
/// use dynorm::expr::attr;
/// use dynorm::rules::expression::{check_condition, ExpressionKind};
/// let err = check_condition(&attr("a").between(5, 1), ExpressionKind::Condition).unwrap_err();
/// assert!(err.to_string().contains("requires upper bound to be greater than or equal"));
/// ```
pub fn check_condition(cond: &Condition, kind: ExpressionKind) -> Result<(), Error> {
    match cond {
        Condition::Compare(a, op, b) => {
            check_operand_path(kind, a)?;
            check_operand_path(kind, b)?;
            distinct_first_operand(kind, a, [b], op.as_str())?;
            if !matches!(op, crate::expr::CompareOp::Eq | crate::expr::CompareOp::Ne) {
                scalar_operand(kind, a, op.as_str())?;
                scalar_operand(kind, b, op.as_str())?;
            }
            Ok(())
        }
        Condition::Between(a, low, high) => {
            for o in [a, low, high] {
                check_operand_path(kind, o)?;
            }
            distinct_first_operand(kind, a, [low, high], "BETWEEN")?;
            for o in [a, low, high] {
                scalar_operand(kind, o, "BETWEEN")?;
            }
            if let (Operand::Value(l), Operand::Value(h)) = (low, high) {
                between_bounds(kind, l, h)?;
            }
            Ok(())
        }
        Condition::In(a, list) => {
            if list.is_empty() {
                return Err(operand_count(kind, "IN", 1));
            }
            if list.len() > MAX_IN_OPERANDS {
                return Err(too_many_in_operands(kind, list.len()));
            }
            check_operand_path(kind, a)?;
            list.iter().try_for_each(|o| check_operand_path(kind, o))?;
            distinct_first_operand(kind, a, list, "IN")
        }
        Condition::BeginsWith(p, o) => {
            check_path(kind, p)?;
            check_operand_path(kind, o)?;
            match o {
                Operand::Value(v) if !matches!(v, Value::S(_) | Value::B(_)) => {
                    Err(operand_type(kind, "begins_with", v.value_type().as_str()))
                }
                Operand::Size(_) => Err(operand_type(kind, "begins_with", "N")),
                _ => Ok(()),
            }
        }
        Condition::Contains(p, o) => {
            check_path(kind, p)?;
            check_operand_path(kind, o)?;
            distinct_first_operand(kind, &Operand::Path(p.clone()), [o], "contains")
        }
        Condition::Exists(p) | Condition::NotExists(p) | Condition::IsType(p, _) => {
            check_path(kind, p)
        }
        Condition::And(v) | Condition::Or(v) => {
            if v.is_empty() {
                return Err(empty_expression(kind));
            }
            v.iter().try_for_each(|c| check_condition(c, kind))
        }
        Condition::Not(c) => check_condition(c, kind),
    }
}

fn check_operand_path(kind: ExpressionKind, o: &Operand) -> Result<(), Error> {
    match o {
        Operand::Path(p) | Operand::Size(p) => check_path(kind, p),
        Operand::Value(_) => Ok(()),
    }
}

/// Rejects a path with an empty attribute name, or of more than
/// [`MAX_PATH_DEPTH`] steps.
pub fn check_path(kind: ExpressionKind, path: &Path) -> Result<(), Error> {
    let empty_name = path
        .segments()
        .iter()
        .any(|s| matches!(s, PathSegment::Attr(n) if n.is_empty()));
    if empty_name || !matches!(path.segments().first(), Some(PathSegment::Attr(_))) {
        return Err(empty_path_name(kind));
    }
    let levels = path.segments().len();
    if levels > MAX_PATH_DEPTH {
        return Err(path_too_deep(kind, levels));
    }
    Ok(())
}

/// How two paths relate, for the overlap rules of update and projection expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathOverlap {
    /// Independent paths.
    None,
    /// One path is the other or lies inside it.
    Nested,
    /// The paths treat the same value as a map in one and a list in the other.
    Conflict,
}

/// Compares two paths.
///
/// ```
/// use dynorm::expr::Path;
/// use dynorm::rules::expression::{path_overlap, PathOverlap};
/// let p = |s| Path::parse(s).unwrap();
/// assert_eq!(path_overlap(&p("a"), &p("a.b")), PathOverlap::Nested);
/// assert_eq!(path_overlap(&p("a[0]"), &p("a.b")), PathOverlap::Conflict);
/// assert_eq!(path_overlap(&p("a.b"), &p("a.c")), PathOverlap::None);
/// ```
pub fn path_overlap(a: &Path, b: &Path) -> PathOverlap {
    for (x, y) in a.segments().iter().zip(b.segments()) {
        match (x, y) {
            (PathSegment::Attr(p), PathSegment::Attr(q)) if p == q => {}
            (PathSegment::Index(p), PathSegment::Index(q)) if p == q => {}
            (PathSegment::Attr(_), PathSegment::Attr(_))
            | (PathSegment::Index(_), PathSegment::Index(_)) => return PathOverlap::None,
            _ => return PathOverlap::Conflict,
        }
    }
    PathOverlap::Nested
}

/// Rejects `paths[i]` if it overlaps or conflicts with a path after it.
///
/// DynamoDB checks the paths of an update or projection from the last to the
/// first, each against those after it; [`check_paths_disjoint`] does so, and the
/// parser interleaves these checks with each path's other errors the same way.
pub fn check_path_against_later(
    kind: ExpressionKind,
    paths: &[&Path],
    i: usize,
) -> Result<(), Error> {
    let Some(a) = paths.get(i) else {
        return Ok(());
    };
    for b in &paths[i + 1..] {
        match path_overlap(a, b) {
            PathOverlap::None => {}
            PathOverlap::Nested => return Err(paths_overlap(kind, a, b)),
            PathOverlap::Conflict => return Err(paths_conflict(kind, a, b)),
        }
    }
    Ok(())
}

/// Rejects overlapping or conflicting paths, as DynamoDB does in update and
/// projection expressions: from the last path to the first, each against the
/// paths after it ([`check_path_against_later`]).
pub fn check_paths_disjoint<'a>(
    kind: ExpressionKind,
    paths: impl IntoIterator<Item = &'a Path>,
) -> Result<(), Error> {
    let paths: Vec<&Path> = paths.into_iter().collect();
    (0..paths.len())
        .rev()
        .try_for_each(|i| check_path_against_later(kind, &paths, i))
}

/// Checks a projection: not empty, paths not too deep, no overlapping paths.
pub fn check_projection(paths: &[Path]) -> Result<(), Error> {
    let kind = ExpressionKind::Projection;
    if paths.is_empty() {
        return Err(empty_expression(kind));
    }
    paths.iter().try_for_each(|p| check_path(kind, p))?;
    check_paths_disjoint(kind, paths)
}

fn check_update_operand(o: &UpdateOperand, in_arithmetic: bool) -> Result<(), Error> {
    let kind = ExpressionKind::Update;
    match o {
        UpdateOperand::Path(p) => check_path(kind, p),
        UpdateOperand::Value(_) => Ok(()),
        UpdateOperand::IfNotExists(p, fallback) => {
            check_path(kind, p)?;
            check_update_operand(fallback, false)
        }
        UpdateOperand::ListAppend(a, b) => {
            if in_arithmetic {
                return Err(function_misused(kind, "list_append"));
            }
            for side in [a, b] {
                match side.as_ref() {
                    UpdateOperand::ListAppend(..) => {
                        return Err(function_misused(kind, "list_append"))
                    }
                    UpdateOperand::Value(v) if !matches!(v, Value::L(_)) => {
                        return Err(operand_type(kind, "list_append", v.value_type().as_str()))
                    }
                    other => check_update_operand(other, false)?,
                }
            }
            Ok(())
        }
    }
}

fn arithmetic_operand(o: &UpdateOperand, operator: &str) -> Result<(), Error> {
    if let UpdateOperand::Value(v) = o {
        if !matches!(v, Value::N(_)) {
            return Err(operand_type(
                ExpressionKind::Update,
                operator,
                v.value_type().as_str(),
            ));
        }
    }
    check_update_operand(o, true)
}

/// Checks one update action as DynamoDB does before reading the item: path
/// depth, the value types of `ADD` and `DELETE`, the operand types of `+`, `-`
/// and `list_append`.
pub fn check_update_action(action: &UpdateAction) -> Result<(), Error> {
    check_path(ExpressionKind::Update, action.path())?;
    match action {
        UpdateAction::Set(_, SetExpr::Operand(o)) => check_update_operand(o, false),
        UpdateAction::Set(_, SetExpr::Plus(a, b)) => {
            arithmetic_operand(a, "+")?;
            arithmetic_operand(b, "+")
        }
        UpdateAction::Set(_, SetExpr::Minus(a, b)) => {
            arithmetic_operand(a, "-")?;
            arithmetic_operand(b, "-")
        }
        UpdateAction::Remove(_) => Ok(()),
        UpdateAction::Add(_, v) => {
            if matches!(v, Value::N(_) | Value::Ss(_) | Value::Ns(_) | Value::Bs(_)) {
                Ok(())
            } else {
                Err(update_action_type("ADD", v))
            }
        }
        UpdateAction::Delete(_, v) => {
            if matches!(v, Value::Ss(_) | Value::Ns(_) | Value::Bs(_)) {
                Ok(())
            } else {
                Err(update_action_type("DELETE", v))
            }
        }
    }
}

/// The clause an action is written in: SET, REMOVE, ADD, DELETE.
fn clause_rank(action: &UpdateAction) -> usize {
    match action {
        UpdateAction::Set(..) => 0,
        UpdateAction::Remove(_) => 1,
        UpdateAction::Add(..) => 2,
        UpdateAction::Delete(..) => 3,
    }
}

/// Checks an update tree as DynamoDB checks the text it is sent as (actions
/// grouped by clause, SET, REMOVE, ADD, DELETE, as [`crate::expr::render`]
/// writes them), from the last action to the first as DynamoDB does: each
/// path against the later actions' paths, then each action itself
/// ([`check_update_action`]).
/// (Key attributes are checked by the backend, which knows the schema.)
///
/// ```
/// use dynorm::expr::Update;
/// use dynorm::rules::expression::check_update;
/// let err = check_update(&Update::new().set("a", 1).remove("a.b")).unwrap_err();
/// assert!(err.to_string().contains("path one: [a], path two: [a, b]"));
/// ```
pub fn check_update(update: &Update) -> Result<(), Error> {
    let mut sent: Vec<&UpdateAction> = update.actions().iter().collect();
    sent.sort_by_key(|a| clause_rank(a));
    let paths: Vec<&Path> = sent.iter().map(|a| a.path()).collect();
    for i in (0..sent.len()).rev() {
        check_path_against_later(ExpressionKind::Update, &paths, i)?;
    }
    sent.iter().rev().try_for_each(|a| check_update_action(a))
}

/// Checks a key condition tree as DynamoDB does before it looks at the key
/// schema: sort key value types, `BETWEEN` bounds, the two keys distinct.
pub fn check_key_condition(kc: &KeyCondition) -> Result<(), Error> {
    let kind = ExpressionKind::KeyCondition;
    let Some(sort) = &kc.sort else {
        return Ok(());
    };
    if sort.name == kc.partition_name {
        return Err(key_one_condition_per_key());
    }
    let (operator, values): (&str, Vec<&Value>) = match &sort.op {
        SortOp::Eq(v) => ("=", vec![v]),
        SortOp::Lt(v) => ("<", vec![v]),
        SortOp::Le(v) => ("<=", vec![v]),
        SortOp::Gt(v) => (">", vec![v]),
        SortOp::Ge(v) => (">=", vec![v]),
        SortOp::Between(a, b) => ("BETWEEN", vec![a, b]),
        SortOp::BeginsWith(v) => {
            if !matches!(v, Value::S(_) | Value::B(_)) {
                return Err(operand_type(kind, "begins_with", v.value_type().as_str()));
            }
            return Ok(());
        }
    };
    if operator != "=" {
        if let Some(v) = values.iter().find(|v| !is_scalar(v)) {
            return Err(operand_type(kind, operator, v.value_type().as_str()));
        }
    }
    if let SortOp::Between(a, b) = &sort.op {
        between_bounds(kind, a, b)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Operator counts
// ---------------------------------------------------------------------------

/// The operators and functions DynamoDB counts in a condition: each
/// comparison, `BETWEEN`, `IN`, `NOT` and function, and each `AND`/`OR`
/// between two operands. Parentheses do not count.
pub fn condition_operators(cond: &Condition) -> usize {
    fn operand(o: &Operand) -> usize {
        usize::from(matches!(o, Operand::Size(_)))
    }
    match cond {
        Condition::Compare(a, _, b) => 1 + operand(a) + operand(b),
        Condition::Between(a, l, h) => 1 + operand(a) + operand(l) + operand(h),
        Condition::In(a, list) => 1 + operand(a) + list.iter().map(operand).sum::<usize>(),
        Condition::BeginsWith(_, o) | Condition::Contains(_, o) => 1 + operand(o),
        Condition::Exists(_) | Condition::NotExists(_) | Condition::IsType(..) => 1,
        Condition::And(v) | Condition::Or(v) => {
            v.len().saturating_sub(1) + v.iter().map(condition_operators).sum::<usize>()
        }
        Condition::Not(c) => 1 + condition_operators(c),
    }
}

/// The operators and functions DynamoDB counts in an update: `+`, `-`,
/// `if_not_exists` and `list_append`. (The `=` of a SET action and the
/// clause keywords do not count.)
pub fn update_operators(update: &Update) -> usize {
    fn operand(o: &UpdateOperand) -> usize {
        match o {
            UpdateOperand::Path(_) | UpdateOperand::Value(_) => 0,
            UpdateOperand::IfNotExists(_, f) => 1 + operand(f),
            UpdateOperand::ListAppend(a, b) => 1 + operand(a) + operand(b),
        }
    }
    update
        .actions()
        .iter()
        .map(|a| match a {
            UpdateAction::Set(_, SetExpr::Operand(o)) => operand(o),
            UpdateAction::Set(_, SetExpr::Plus(a, b) | SetExpr::Minus(a, b)) => {
                1 + operand(a) + operand(b)
            }
            _ => 0,
        })
        .sum()
}

/// The operators DynamoDB counts in a key condition: the partition key's `=`,
/// and the sort key's operator with the `AND` joining them.
pub fn key_condition_operators(kc: &KeyCondition) -> usize {
    if kc.sort.is_some() {
        3
    } else {
        1
    }
}

/// Rejects an expression over [`MAX_OPERATORS`] operators or
/// [`MAX_EXPRESSION_BYTES`] bytes (`bytes` is the length of its text).
pub fn check_limits(kind: ExpressionKind, bytes: usize, operators: usize) -> Result<(), Error> {
    if bytes > MAX_EXPRESSION_BYTES {
        return Err(expression_too_large(kind, bytes));
    }
    if operators > MAX_OPERATORS {
        return Err(too_many_operators(kind));
    }
    Ok(())
}
