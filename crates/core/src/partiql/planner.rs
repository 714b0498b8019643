//! The planner: a statement, its parameters and its table's key schema into
//! the backend's requests.

use super::bind::Binder;
use super::statement::{Expr, Returning, Select, Statement};
use crate::backend::{ReturnValues, TableDefinition};
use crate::expr::{CompareOp, Condition, KeyCondition, Path, SortOp, Update};
use crate::rules::expression::{check_condition, ExpressionKind};
use crate::rules::partiql::Violation;
use crate::value::{Item, Value};
use crate::Error;

/// The key attribute names of a table or an index.
#[derive(Debug, Clone)]
pub(crate) struct KeyNames {
    pub(crate) partition: String,
    pub(crate) sort: Option<String>,
}

impl KeyNames {
    /// The table's keys.
    pub(crate) fn of_table(def: &TableDefinition) -> KeyNames {
        KeyNames {
            partition: def.partition_key.name.clone(),
            sort: def.sort_key.as_ref().map(|k| k.name.clone()),
        }
    }

    /// The keys of the index `name`, if the table has it.
    fn of_index(def: &TableDefinition, name: &str) -> Option<KeyNames> {
        def.global_indexes
            .iter()
            .chain(&def.local_indexes)
            .find(|i| i.name == name)
            .map(|i| KeyNames {
                partition: i.partition_key.name.clone(),
                sort: i.sort_key.as_ref().map(|k| k.name.clone()),
            })
    }

    /// The key attributes of `item`.
    pub(crate) fn key_of(&self, item: &Item) -> Item {
        let mut key = Item::new();
        for name in self.names() {
            if let Some(v) = item.get(name) {
                key.insert(name, v.clone());
            }
        }
        key
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.partition.as_str()).chain(self.sort.as_deref())
    }
}

/// What one statement asks the backend for.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    /// A read of many items: a Query when the WHERE pins the partition key.
    Read(Box<ReadPlan>),
    /// INSERT: a put conditioned on the key not existing.
    Insert { item: Item, condition: Condition },
    /// UPDATE: conditioned on the item existing.
    Update {
        key: Item,
        update: Update,
        condition: Condition,
        returning: Option<Returning>,
    },
    /// DELETE: conditioned on the rest of the WHERE when the item exists.
    Delete {
        key: Item,
        condition: Option<Condition>,
        returning: Option<Returning>,
    },
    /// `EXISTS(SELECT ...)`: a condition check on one item.
    Check { key: Item, condition: Condition },
}

/// A SELECT: the pieces of a Query or a Scan.
#[derive(Debug, Clone)]
pub(crate) struct ReadPlan {
    pub(crate) index: Option<String>,
    /// `Some` for a Query.
    pub(crate) key_condition: Option<KeyCondition>,
    pub(crate) filter: Option<Condition>,
    pub(crate) projection: Option<Vec<Path>>,
    pub(crate) forward: bool,
    /// The item's full table key, when the WHERE is exactly that key.
    pub(crate) single_key: Option<Item>,
}

impl ReadPlan {
    /// The table key and projection of a single-item SELECT (as batches
    /// and transactions need), or `None`.
    pub(crate) fn single_item(&self) -> Option<(Item, Option<Vec<Path>>)> {
        self.single_key
            .clone()
            .map(|key| (key, self.projection.clone()))
    }
}

/// Plans `statement` on the table `def`; the conditions of the plan are
/// checked as DynamoDB checks a statement's WHERE (its messages name no
/// expression parameter).
pub(crate) fn plan(
    statement: &Statement,
    b: &Binder<'_>,
    def: &TableDefinition,
) -> Result<Plan, Error> {
    let plan = unchecked_plan(statement, b, def)?;
    let condition = match &plan {
        Plan::Read(r) => r.filter.as_ref(),
        Plan::Update { condition, .. } | Plan::Check { condition, .. } => Some(condition),
        Plan::Delete { condition, .. } => condition.as_ref(),
        Plan::Insert { .. } => None,
    };
    if let Some(c) = condition {
        check_condition(c, ExpressionKind::Statement)?;
    }
    Ok(plan)
}

fn unchecked_plan(
    statement: &Statement,
    b: &Binder<'_>,
    def: &TableDefinition,
) -> Result<Plan, Error> {
    let table_keys = KeyNames::of_table(def);
    match statement {
        Statement::Select(s) => select(s, b, def, &table_keys).map(|r| Plan::Read(Box::new(r))),
        Statement::Exists(s) => {
            let where_ = s
                .condition
                .as_ref()
                .ok_or_else(|| Violation::KeyNotPinned.into_error())?;
            let (key, rest) = full_key(where_, b, &table_keys)?;
            Ok(Plan::Check {
                key,
                condition: with_rest(Condition::Exists(Path::attr(&table_keys.partition)), rest),
            })
        }
        Statement::Insert(i) => {
            let item = b.item(&i.item)?;
            for name in table_keys.names() {
                let Some(value) = item.get(name) else {
                    return Err(Violation::InsertWithoutKey(name.to_owned()).into_error());
                };
                let wanted = def.key_type_of(name).map(|t| t.value_type());
                if wanted.is_some_and(|t| t != value.value_type()) {
                    return Err(Violation::InsertKeyType(name.to_owned()).into_error());
                }
            }
            Ok(Plan::Insert {
                item,
                condition: Condition::NotExists(Path::attr(&table_keys.partition)),
            })
        }
        Statement::Update(u) => {
            let (key, rest) = full_key(&u.condition, b, &table_keys)?;
            Ok(Plan::Update {
                key,
                update: b.update(&u.actions)?,
                condition: with_rest(Condition::Exists(Path::attr(&table_keys.partition)), rest),
                returning: u.returning,
            })
        }
        Statement::Delete(d) => {
            if let Some(r) = d.returning.filter(|r| *r != Returning::AllOld) {
                return Err(Violation::DeleteReturning(r.clause()).into_error());
            }
            let (key, rest) = full_key(&d.condition, b, &table_keys)?;
            // Deleting a missing item is no error, whatever the rest of the WHERE.
            let absent = Condition::NotExists(Path::attr(&table_keys.partition));
            Ok(Plan::Delete {
                key,
                condition: rest.map(|r| absent.or(r)),
                returning: d.returning,
            })
        }
    }
}

/// The return values of a RETURNING clause.
pub(crate) fn return_values(r: Option<Returning>) -> ReturnValues {
    match r {
        None => ReturnValues::None,
        Some(Returning::AllOld) => ReturnValues::AllOld,
        Some(Returning::ModifiedOld) => ReturnValues::UpdatedOld,
        Some(Returning::AllNew) => ReturnValues::AllNew,
        Some(Returning::ModifiedNew) => ReturnValues::UpdatedNew,
    }
}

fn with_rest(first: Condition, rest: Option<Condition>) -> Condition {
    match rest {
        Some(r) => first.and(r),
        None => first,
    }
}

/// The conjuncts of a WHERE clause (its top-level ANDs).
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::And(all) => all.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

/// `name = literal` (either way round): the literal.
fn equality<'e>(e: &'e Expr, name: &str) -> Option<&'e Expr> {
    match e {
        Expr::Compare(a, CompareOp::Eq, b) => match (a.as_ref(), b.as_ref()) {
            (Expr::Path(p), lit @ Expr::Literal(_)) | (lit @ Expr::Literal(_), Expr::Path(p))
                if is_attr(p, name) =>
            {
                Some(lit)
            }
            _ => None,
        },
        _ => None,
    }
}

fn is_attr(p: &Path, name: &str) -> bool {
    p.is_top_level() && p.root() == name
}

/// The conjuncts other than those at `skip`, as one condition.
fn remaining(all: &[&Expr], skip: &[usize], b: &Binder<'_>) -> Result<Option<Condition>, Error> {
    let rest: Vec<Condition> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| !skip.contains(i))
        .map(|(_, e)| b.condition(e))
        .collect::<Result<_, _>>()?;
    Ok(match rest.len() {
        0 => None,
        1 => rest.into_iter().next(),
        _ => Some(Condition::And(rest)),
    })
}

/// The full key a write's WHERE pins with `=`, and the rest of the WHERE.
fn full_key(
    where_: &Expr,
    b: &Binder<'_>,
    keys: &KeyNames,
) -> Result<(Item, Option<Condition>), Error> {
    let all = conjuncts(where_);
    let mut key = Item::new();
    let mut used = Vec::new();
    for name in keys.names() {
        let (i, lit) = all
            .iter()
            .enumerate()
            .find_map(|(i, e)| equality(e, name).map(|l| (i, l)))
            .ok_or_else(|| Violation::KeyNotPinned.into_error())?;
        key.insert(name, b.literal(lit)?);
        used.push(i);
    }
    Ok((key, remaining(&all, &used, b)?))
}

/// A sort key condition from one conjunct, if it is one.
fn sort_condition(e: &Expr, name: &str, b: &Binder<'_>) -> Result<Option<SortOp>, Error> {
    let flip = |op| match op {
        CompareOp::Lt => CompareOp::Gt,
        CompareOp::Le => CompareOp::Ge,
        CompareOp::Gt => CompareOp::Lt,
        CompareOp::Ge => CompareOp::Le,
        other => other,
    };
    let (op, lit) = match e {
        Expr::Compare(a, op, v) => match (a.as_ref(), v.as_ref()) {
            (Expr::Path(p), lit @ Expr::Literal(_)) if is_attr(p, name) => (*op, lit),
            (lit @ Expr::Literal(_), Expr::Path(p)) if is_attr(p, name) => (flip(*op), lit),
            _ => return Ok(None),
        },
        Expr::Between(a, low, high) => match a.as_ref() {
            Expr::Path(p) if is_attr(p, name) => {
                return Ok(Some(SortOp::Between(b.literal(low)?, b.literal(high)?)))
            }
            _ => return Ok(None),
        },
        Expr::Call(f, args) if f == "begins_with" => match args.as_slice() {
            [Expr::Path(p), lit @ Expr::Literal(_)] if is_attr(p, name) => {
                return Ok(Some(SortOp::BeginsWith(b.literal(lit)?)))
            }
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    let v = b.literal(lit)?;
    Ok(match op {
        CompareOp::Eq => Some(SortOp::Eq(v)),
        CompareOp::Lt => Some(SortOp::Lt(v)),
        CompareOp::Le => Some(SortOp::Le(v)),
        CompareOp::Gt => Some(SortOp::Gt(v)),
        CompareOp::Ge => Some(SortOp::Ge(v)),
        CompareOp::Ne => None,
    })
}

fn select(
    s: &Select,
    b: &Binder<'_>,
    def: &TableDefinition,
    table_keys: &KeyNames,
) -> Result<ReadPlan, Error> {
    let keys = match &s.index {
        Some(index) => KeyNames::of_index(def, index).unwrap_or_else(|| table_keys.clone()),
        None => table_keys.clone(),
    };
    let mut forward = true;
    if let Some((path, desc)) = &s.order_by {
        if s.condition.is_none() {
            return Err(Violation::OrderByWithoutWhere.into_error());
        }
        if !keys.names().any(|k| is_attr(path, k)) {
            return Err(Violation::OrderByNotKey(path.to_string()).into_error());
        }
        forward = !desc;
    }
    let mut plan = ReadPlan {
        index: s.index.clone(),
        key_condition: None,
        filter: None,
        projection: s.projection.clone(),
        forward,
        single_key: None,
    };
    let Some(where_) = &s.condition else {
        return Ok(plan);
    };
    // Checks the whole clause (functions, parameters) whatever the plan.
    let whole = b.condition(where_)?;
    let all = conjuncts(where_);
    let partition = all
        .iter()
        .enumerate()
        .find_map(|(i, e)| equality(e, &keys.partition).map(|l| (i, l)));
    let Some((pi, plit)) = partition else {
        plan.filter = Some(whole);
        return Ok(plan);
    };
    let pvalue = b.literal(plit)?;
    let mut used = vec![pi];
    let mut key_condition = KeyCondition::partition(&keys.partition, pvalue.clone());
    let mut sort_eq: Option<Value> = None;
    if let Some(sort) = &keys.sort {
        for (i, e) in all.iter().enumerate() {
            if used.contains(&i) {
                continue;
            }
            if let Some(op) = sort_condition(e, sort, b)? {
                if let SortOp::Eq(v) = &op {
                    sort_eq = Some(v.clone());
                }
                key_condition = key_condition.sort(sort, op);
                used.push(i);
                break;
            }
        }
    }
    let rest = remaining(&all, &used, b)?;
    let mut names_keys = false;
    if let Some(r) = &rest {
        r.for_each_path(&mut |p| {
            names_keys |= keys
                .names()
                .chain(table_keys.names())
                .any(|k| p.root() == k)
        });
    }
    if names_keys {
        // A Query may not filter on key attributes: the whole clause filters a Scan.
        plan.filter = Some(whole);
        return Ok(plan);
    }
    if s.index.is_none() && rest.is_none() {
        let mut key = Item::new().with(&keys.partition, pvalue);
        match (&keys.sort, sort_eq) {
            (Some(name), Some(v)) => {
                key.insert(name, v);
                plan.single_key = Some(key);
            }
            (None, _) if used.len() == 1 => plan.single_key = Some(key),
            _ => {}
        }
    }
    plan.key_condition = Some(key_condition);
    plan.filter = rest;
    Ok(plan)
}
