//! Conditions (for writes) and filters (for reads).

use super::Path;
use crate::value::{Value, ValueType};
use std::ops::{BitAnd, BitOr, Not};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `=`
    Eq,
    /// `<>`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as DynamoDB writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// Something a condition compares: an attribute, a literal value, or the size of an attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// The value at a path of the item.
    Path(Path),
    /// A literal value.
    Value(Value),
    /// `size(path)`.
    Size(Path),
}

impl<T: Into<Value>> From<T> for Operand {
    fn from(v: T) -> Operand {
        Operand::Value(v.into())
    }
}

/// A condition on an item, as used by `ConditionExpression` and `FilterExpression`.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `a <op> b`
    Compare(Operand, CompareOp, Operand),
    /// `a BETWEEN low AND high`
    Between(Operand, Operand, Operand),
    /// `a IN (b, c, ...)` (1..=100 candidates)
    In(Operand, Vec<Operand>),
    /// `begins_with(path, prefix)`
    BeginsWith(Path, Operand),
    /// `contains(path, operand)`
    Contains(Path, Operand),
    /// `attribute_exists(path)`
    Exists(Path),
    /// `attribute_not_exists(path)`
    NotExists(Path),
    /// `attribute_type(path, type)`
    IsType(Path, ValueType),
    /// All of the conditions.
    And(Vec<Condition>),
    /// Any of the conditions.
    Or(Vec<Condition>),
    /// `NOT c`
    Not(Box<Condition>),
}

impl Condition {
    /// Both conditions.
    #[must_use]
    pub fn and(self, other: Condition) -> Condition {
        match self {
            Condition::And(mut v) => {
                v.push(other);
                Condition::And(v)
            }
            c => Condition::And(vec![c, other]),
        }
    }

    /// Either condition.
    #[must_use]
    pub fn or(self, other: Condition) -> Condition {
        match self {
            Condition::Or(mut v) => {
                v.push(other);
                Condition::Or(v)
            }
            c => Condition::Or(vec![c, other]),
        }
    }

    /// The negation.
    #[must_use]
    pub fn negate(self) -> Condition {
        Condition::Not(Box::new(self))
    }

    /// Calls `f` on every path the condition reads.
    pub fn for_each_path(&self, f: &mut dyn FnMut(&Path)) {
        fn operand(o: &Operand, f: &mut dyn FnMut(&Path)) {
            match o {
                Operand::Path(p) | Operand::Size(p) => f(p),
                Operand::Value(_) => {}
            }
        }
        match self {
            Condition::Compare(a, _, b) => {
                operand(a, f);
                operand(b, f);
            }
            Condition::Between(a, b, c) => {
                operand(a, f);
                operand(b, f);
                operand(c, f);
            }
            Condition::In(a, list) => {
                operand(a, f);
                list.iter().for_each(|o| operand(o, f));
            }
            Condition::BeginsWith(p, o) | Condition::Contains(p, o) => {
                f(p);
                operand(o, f);
            }
            Condition::Exists(p) | Condition::NotExists(p) | Condition::IsType(p, _) => f(p),
            Condition::And(v) | Condition::Or(v) => v.iter().for_each(|c| c.for_each_path(f)),
            Condition::Not(c) => c.for_each_path(f),
        }
    }
}

impl BitAnd for Condition {
    type Output = Condition;
    fn bitand(self, rhs: Condition) -> Condition {
        self.and(rhs)
    }
}

impl BitOr for Condition {
    type Output = Condition;
    fn bitor(self, rhs: Condition) -> Condition {
        self.or(rhs)
    }
}

impl Not for Condition {
    type Output = Condition;
    fn not(self) -> Condition {
        self.negate()
    }
}

/// A reference to an attribute path, the start of every condition.
///
/// ```
/// use dynorm::expr::attr;
/// let c = attr("tags").size().gt(2) | attr("profile.nickname").not_exists();
/// let d = attr("status").is_in(["active", "pending"]);
/// # let _ = (c, d);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AttrRef {
    operand: Operand,
}

/// Starts a condition on the attribute at `path` (`"a.b[2]"` is parsed as a path).
pub fn attr(path: impl Into<Path>) -> AttrRef {
    AttrRef {
        operand: Operand::Path(path.into()),
    }
}

impl AttrRef {
    fn path(&self) -> Path {
        match &self.operand {
            Operand::Path(p) | Operand::Size(p) => p.clone(),
            Operand::Value(_) => Path::attr(""),
        }
    }

    fn cmp(self, op: CompareOp, rhs: impl Into<Operand>) -> Condition {
        Condition::Compare(self.operand, op, rhs.into())
    }

    /// `size(path)`, to compare a length.
    pub fn size(self) -> AttrRef {
        AttrRef {
            operand: Operand::Size(self.path()),
        }
    }

    /// This attribute as an operand, to compare against another attribute.
    pub fn operand(self) -> Operand {
        self.operand
    }

    /// `= value`
    pub fn eq(self, v: impl Into<Operand>) -> Condition {
        self.cmp(CompareOp::Eq, v)
    }
    /// `<> value`
    pub fn ne(self, v: impl Into<Operand>) -> Condition {
        self.cmp(CompareOp::Ne, v)
    }
    /// `< value`
    pub fn lt(self, v: impl Into<Operand>) -> Condition {
        self.cmp(CompareOp::Lt, v)
    }
    /// `<= value`
    pub fn le(self, v: impl Into<Operand>) -> Condition {
        self.cmp(CompareOp::Le, v)
    }
    /// `> value`
    pub fn gt(self, v: impl Into<Operand>) -> Condition {
        self.cmp(CompareOp::Gt, v)
    }
    /// `>= value`
    pub fn ge(self, v: impl Into<Operand>) -> Condition {
        self.cmp(CompareOp::Ge, v)
    }
    /// `BETWEEN low AND high` (inclusive).
    pub fn between(self, low: impl Into<Operand>, high: impl Into<Operand>) -> Condition {
        Condition::Between(self.operand, low.into(), high.into())
    }
    /// `IN (...)`.
    pub fn is_in<I, V>(self, candidates: I) -> Condition
    where
        I: IntoIterator<Item = V>,
        V: Into<Operand>,
    {
        Condition::In(
            self.operand,
            candidates.into_iter().map(Into::into).collect(),
        )
    }
    /// `begins_with(path, prefix)` for strings and binaries.
    pub fn begins_with(self, prefix: impl Into<Operand>) -> Condition {
        Condition::BeginsWith(self.path(), prefix.into())
    }
    /// `contains(path, v)`: a substring of a string, a member of a set or an element of a list.
    pub fn contains(self, v: impl Into<Operand>) -> Condition {
        Condition::Contains(self.path(), v.into())
    }
    /// `attribute_exists(path)`.
    pub fn exists(self) -> Condition {
        Condition::Exists(self.path())
    }
    /// `attribute_not_exists(path)`.
    pub fn not_exists(self) -> Condition {
        Condition::NotExists(self.path())
    }
    /// `attribute_type(path, t)`.
    pub fn is_type(self, t: ValueType) -> Condition {
        Condition::IsType(self.path(), t)
    }
}

impl From<AttrRef> for Operand {
    fn from(a: AttrRef) -> Operand {
        a.operand
    }
}
