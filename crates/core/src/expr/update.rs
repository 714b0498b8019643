//! Update expressions: SET, REMOVE, ADD and DELETE actions.

use super::Path;
use crate::value::Value;

/// An operand on the right of a SET action.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOperand {
    /// The current value at a path.
    Path(Path),
    /// A literal value.
    Value(Value),
    /// `if_not_exists(path, fallback)`.
    IfNotExists(Path, Box<UpdateOperand>),
    /// `list_append(a, b)`.
    ListAppend(Box<UpdateOperand>, Box<UpdateOperand>),
}

impl<T: Into<Value>> From<T> for UpdateOperand {
    fn from(v: T) -> UpdateOperand {
        UpdateOperand::Value(v.into())
    }
}

/// The right-hand side of a SET action.
#[derive(Debug, Clone, PartialEq)]
pub enum SetExpr {
    /// `path = operand`
    Operand(UpdateOperand),
    /// `path = a + b`
    Plus(UpdateOperand, UpdateOperand),
    /// `path = a - b`
    Minus(UpdateOperand, UpdateOperand),
}

/// One action of an update expression.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateAction {
    /// `SET path = expr`
    Set(Path, SetExpr),
    /// `REMOVE path`
    Remove(Path),
    /// `ADD path value`: add to a number, or add members to a set.
    Add(Path, Value),
    /// `DELETE path value`: remove members from a set.
    Delete(Path, Value),
}

impl UpdateAction {
    /// The path the action writes.
    pub fn path(&self) -> &Path {
        match self {
            UpdateAction::Set(p, _)
            | UpdateAction::Remove(p)
            | UpdateAction::Add(p, _)
            | UpdateAction::Delete(p, _) => p,
        }
    }
}

/// An update expression: a list of actions applied together.
///
/// ```
/// use dynorm::expr::Update;
/// let u = Update::new()
///     .set("name", "Ann")
///     .increment("visits", 1)
///     .append("history", vec![dynorm::Value::from("login")])
///     .set_if_not_exists("created", 1_700_000_000)
///     .remove("nickname");
/// assert_eq!(u.actions().len(), 5);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    actions: Vec<UpdateAction>,
}

impl Update {
    /// An empty update.
    pub fn new() -> Update {
        Update::default()
    }

    /// The actions in the order they were added.
    pub fn actions(&self) -> &[UpdateAction] {
        &self.actions
    }

    /// The actions, to change their values in place (the write path
    /// encrypts the values of encrypted attributes).
    pub(crate) fn actions_mut(&mut self) -> &mut [UpdateAction] {
        &mut self.actions
    }

    /// Whether there are no actions.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Adds any action.
    #[must_use]
    pub fn action(mut self, action: UpdateAction) -> Update {
        self.actions.push(action);
        self
    }

    /// `SET path = value`.
    #[must_use]
    pub fn set(self, path: impl Into<Path>, value: impl Into<UpdateOperand>) -> Update {
        self.action(UpdateAction::Set(
            path.into(),
            SetExpr::Operand(value.into()),
        ))
    }

    /// `SET path = expr` with any right-hand side.
    #[must_use]
    pub fn set_expr(self, path: impl Into<Path>, expr: SetExpr) -> Update {
        self.action(UpdateAction::Set(path.into(), expr))
    }

    /// `SET path = if_not_exists(path, value)`: set only when absent.
    #[must_use]
    pub fn set_if_not_exists(self, path: impl Into<Path>, value: impl Into<Value>) -> Update {
        let path = path.into();
        let rhs =
            UpdateOperand::IfNotExists(path.clone(), Box::new(UpdateOperand::Value(value.into())));
        self.action(UpdateAction::Set(path, SetExpr::Operand(rhs)))
    }

    /// `SET path = path + by`: the attribute must exist and be a number.
    #[must_use]
    pub fn increment(self, path: impl Into<Path>, by: impl Into<Value>) -> Update {
        let path = path.into();
        let rhs = SetExpr::Plus(
            UpdateOperand::Path(path.clone()),
            UpdateOperand::Value(by.into()),
        );
        self.action(UpdateAction::Set(path, rhs))
    }

    /// `SET path = path - by`: the attribute must exist and be a number.
    #[must_use]
    pub fn decrement(self, path: impl Into<Path>, by: impl Into<Value>) -> Update {
        let path = path.into();
        let rhs = SetExpr::Minus(
            UpdateOperand::Path(path.clone()),
            UpdateOperand::Value(by.into()),
        );
        self.action(UpdateAction::Set(path, rhs))
    }

    /// `SET path = list_append(if_not_exists(path, []), values)`: appends to a list,
    /// creating it when absent.
    #[must_use]
    pub fn append(self, path: impl Into<Path>, values: Vec<Value>) -> Update {
        let path = path.into();
        let current = UpdateOperand::IfNotExists(
            path.clone(),
            Box::new(UpdateOperand::Value(Value::L(vec![]))),
        );
        let rhs = UpdateOperand::ListAppend(
            Box::new(current),
            Box::new(UpdateOperand::Value(Value::L(values))),
        );
        self.action(UpdateAction::Set(path, SetExpr::Operand(rhs)))
    }

    /// `SET path = list_append(values, if_not_exists(path, []))`: prepends to a list.
    #[must_use]
    pub fn prepend(self, path: impl Into<Path>, values: Vec<Value>) -> Update {
        let path = path.into();
        let current = UpdateOperand::IfNotExists(
            path.clone(),
            Box::new(UpdateOperand::Value(Value::L(vec![]))),
        );
        let rhs = UpdateOperand::ListAppend(
            Box::new(UpdateOperand::Value(Value::L(values))),
            Box::new(current),
        );
        self.action(UpdateAction::Set(path, SetExpr::Operand(rhs)))
    }

    /// `REMOVE path`.
    #[must_use]
    pub fn remove(self, path: impl Into<Path>) -> Update {
        self.action(UpdateAction::Remove(path.into()))
    }

    /// `ADD path value`: adds to a number (starting from 0) or adds set members.
    #[must_use]
    pub fn add(self, path: impl Into<Path>, value: impl Into<Value>) -> Update {
        self.action(UpdateAction::Add(path.into(), value.into()))
    }

    /// `DELETE path set`: removes members from a set.
    #[must_use]
    pub fn delete(self, path: impl Into<Path>, members: impl Into<Value>) -> Update {
        self.action(UpdateAction::Delete(path.into(), members.into()))
    }
}
