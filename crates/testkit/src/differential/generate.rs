//! Random operation sequences over the [`schema`](super::schema) tables.
//!
//! A sequence depends on its seed only (never on what a backend answered),
//! so a case is replayed from its seed, and dropping operations from it (to
//! shrink a disagreement) leaves a valid sequence. Keys come from small pools
//! so that operations meet the same items; values from
//! [`values`](super::values). What the generator leaves out on purpose is
//! listed in [`exemptions`](super::exemptions).

use super::rng::Rng;
use super::schema::{Index, Table, TABLES};
use super::values::{self, STRINGS};
use super::Op;
use dynorm::backend::*;
use dynorm::expr::{attr, Condition, KeyCondition, Path, SetExpr, SortOp, Update, UpdateOperand};
use dynorm::{Item, Number, Value, ValueType};

/// Partition key values of every table.
const PARTITIONS: &[&str] = &["p0", "p1", "ü😀"];
/// Partition key values of the global indexes.
const INDEX_PARTITIONS: &[&str] = &["g0", "g1"];
/// Index sort key values (numbers, some equal to each other numerically).
const INDEX_SORTS: &[&str] = &["0", "-0", "1", "1.0", "1E+2", "-7.5", "0.001"];

/// Builds one case's operations.
pub(crate) struct Generator<'a> {
    rng: Rng,
    prefix: &'a str,
    /// The last transaction sent with a token, to resend or misuse it.
    last_tokened: Option<(TransactWriteItemsRequest, u32)>,
    next_token: u32,
}

impl<'a> Generator<'a> {
    pub fn new(seed: u64, prefix: &'a str) -> Generator<'a> {
        Generator {
            rng: Rng::new(seed),
            prefix,
            last_tokened: None,
            next_token: 0,
        }
    }

    /// `n` operations; writes come first more often, so reads find items.
    pub fn sequence(&mut self, n: usize) -> Vec<Op> {
        (0..n)
            .map(|i| {
                let write_bias = if i < n / 3 { 70 } else { 40 };
                if self.rng.chance(write_bias) {
                    self.write()
                } else {
                    self.read()
                }
            })
            .collect()
    }

    fn name(&self, table: &Table) -> String {
        format!("{}{}", self.prefix, table.name)
    }

    fn table(&mut self) -> &'static Table {
        // The indexed table is the most interesting one.
        match self.rng.below(5) {
            0 => &TABLES[1],
            1 => &TABLES[2],
            _ => &TABLES[0],
        }
    }

    // ---- keys and items ------------------------------------------------

    fn sort_value(&mut self, table: &Table) -> Value {
        match table.sk {
            Some((_, KeyType::N)) => Value::N(self.tricky_number()),
            _ => Value::S((*self.rng.pick(STRINGS)).to_owned()),
        }
    }

    fn tricky_number(&mut self) -> Number {
        values::number(&mut self.rng)
    }

    /// A well-formed key of `table`.
    fn key(&mut self, table: &Table) -> Item {
        let pool: &[&str] = if table.sk.is_none() {
            &["h0", "h1", "h2", "😀"]
        } else {
            PARTITIONS
        };
        let mut key = Item::new().with(table.pk, *self.rng.pick(pool));
        if let Some((sk, _)) = table.sk {
            let v = self.sort_value(table);
            key = key.with(sk, v);
        }
        key
    }

    /// A key that is sometimes malformed (a wrong type, a missing or extra
    /// attribute, an empty string).
    fn maybe_bad_key(&mut self, table: &Table) -> Item {
        let mut key = self.key(table);
        if self.rng.chance(6) {
            match self.rng.below(4) {
                0 => {
                    key.insert(table.pk, 7);
                }
                1 => {
                    if let Some((sk, _)) = table.sk {
                        key.remove(sk);
                    }
                }
                2 => {
                    key.insert("a", "extra");
                }
                _ => {
                    key.insert(table.pk, "");
                }
            }
        }
        key
    }

    /// An item of `table`: its key and a random set of attributes.
    fn item(&mut self, table: &Table, bad: bool) -> Item {
        let mut item = if bad {
            self.maybe_bad_key(table)
        } else {
            self.key(table)
        };
        let r = &mut self.rng;
        if r.chance(60) {
            let a = if r.chance(60) {
                Value::S(values::string(r))
            } else {
                Value::N(values::number(r))
            };
            item.insert("a", a);
        }
        if r.chance(50) {
            item.insert("n", values::small(r));
        }
        if r.chance(60) {
            let mut gpk = Value::from(*r.pick(INDEX_PARTITIONS));
            if bad && r.chance(5) {
                gpk = Value::from(3);
            }
            item.insert("gpk", gpk);
        }
        if r.chance(60) {
            item.insert("gsk", index_sort(r));
        }
        if r.chance(60) {
            item.insert("lsk", index_sort(r));
        }
        if r.chance(40) {
            item.insert("doc", Value::M(values::document(r, 2)));
        }
        if r.chance(30) {
            item.insert("ss", values::string_set(r));
        }
        if r.chance(20) {
            item.insert("ns", values::number_set(r));
        }
        if r.chance(10) {
            item.insert("bs", values::binary_set(r));
        }
        if r.chance(30) {
            item.insert(
                "l",
                Value::L((0..r.range(0, 3)).map(|_| values::value(r, 1)).collect()),
            );
        }
        if r.chance(15) {
            item.insert("flag", Value::Bool(r.chance(50)));
        }
        if r.chance(10) {
            item.insert("nul", Value::Null);
        }
        if r.chance(10) {
            item.insert("b", Value::B(vec![0, 0xff]));
        }
        item
    }

    // ---- expressions ---------------------------------------------------

    /// A path among the attributes items have (`pool` limits the roots).
    fn path(&mut self, roots: &[&'static str]) -> Path {
        let root = *self.rng.pick(roots);
        match (root, self.rng.below(4)) {
            ("doc", 0) => Path::attr("doc").key("x"),
            ("doc", 1) => Path::attr("doc").key("l").index(self.rng.below(2)),
            ("doc", 2) => Path::attr("doc").key("m").key("x"),
            ("l", 0) => Path::attr("l").index(self.rng.below(3)),
            _ => Path::attr(root),
        }
    }

    /// A comparison operand of some type.
    fn literal(&mut self) -> Value {
        let r = &mut self.rng;
        match r.below(6) {
            0 | 1 => Value::S(values::string(r)),
            2 | 3 => Value::N(values::number(r)),
            4 => values::small(r),
            _ => values::value(r, 1),
        }
    }

    /// A condition over attributes whose roots are in `roots`.
    fn condition(&mut self, roots: &[&'static str], depth: usize) -> Condition {
        let kinds = if depth == 0 { 9 } else { 12 };
        match self.rng.below(kinds) {
            0 => attr(self.path(roots)).exists(),
            1 => attr(self.path(roots)).not_exists(),
            2 | 3 => {
                let p = self.path(roots);
                let v = self.literal();
                match self.rng.below(6) {
                    0 => attr(p).eq(v),
                    1 => attr(p).ne(v),
                    2 => attr(p).lt(v),
                    3 => attr(p).le(v),
                    4 => attr(p).gt(v),
                    _ => attr(p).ge(v),
                }
            }
            4 => {
                let (lo, hi) = (self.literal(), self.literal());
                attr(self.path(roots)).between(lo, hi)
            }
            5 => {
                let candidates: Vec<Value> =
                    (0..self.rng.range(1, 3)).map(|_| self.literal()).collect();
                attr(self.path(roots)).is_in(candidates)
            }
            6 => {
                let prefix = Value::S((*self.rng.pick(STRINGS)).to_owned());
                attr(self.path(roots)).begins_with(prefix)
            }
            7 => {
                let member = self.literal();
                attr(self.path(roots)).contains(member)
            }
            8 => {
                let n = self.rng.below(4) as i64;
                let t = *self.rng.pick(&[
                    ValueType::S,
                    ValueType::N,
                    ValueType::M,
                    ValueType::Ss,
                    ValueType::L,
                    ValueType::Null,
                ]);
                if self.rng.chance(50) {
                    attr(self.path(roots)).size().gt(n)
                } else {
                    attr(self.path(roots)).is_type(t)
                }
            }
            9 => self
                .condition(roots, depth - 1)
                .and(self.condition(roots, depth - 1)),
            10 => self
                .condition(roots, depth - 1)
                .or(self.condition(roots, depth - 1)),
            _ => self.condition(roots, depth - 1).negate(),
        }
    }

    fn write_condition(&mut self, table: &Table) -> Option<Condition> {
        if !self.rng.chance(40) {
            return None;
        }
        let mut roots = vec!["a", "n", "doc", "ss", "l", "flag", "gsk"];
        roots.push(table.pk);
        Some(self.condition(&roots, 1))
    }

    /// One update action on a root in `roots`.
    fn update_action(&mut self, update: Update, roots: &[&'static str]) -> Update {
        let r = &mut self.rng;
        match r.below(12) {
            0 | 1 => {
                let p = match *r.pick(roots) {
                    "doc" if r.chance(50) => Path::attr("doc").key(*r.pick(&["x", "y"])),
                    root => Path::attr(root),
                };
                let v = values::value(r, 2);
                update.set(p, v)
            }
            2 => {
                let by = values::small(r);
                if r.chance(50) {
                    update.increment("n", by)
                } else {
                    update.decrement("n", by)
                }
            }
            3 => {
                let v = values::small(r);
                update.set(
                    "n",
                    UpdateOperand::IfNotExists(Path::attr("n"), Box::new(UpdateOperand::Value(v))),
                )
            }
            4 => {
                let vs: Vec<Value> = (0..r.range(1, 2)).map(|_| values::value(r, 1)).collect();
                if r.chance(50) {
                    update.append("l", vs)
                } else {
                    update.prepend("l", vs)
                }
            }
            5 => {
                // list_append with an operand that may not be a list.
                let v = values::value(r, 1);
                update.set_expr(
                    "l",
                    SetExpr::Operand(UpdateOperand::ListAppend(
                        Box::new(UpdateOperand::Path(Path::attr("l"))),
                        Box::new(UpdateOperand::Value(v)),
                    )),
                )
            }
            6 => {
                let p = match r.below(3) {
                    0 => Path::attr("doc").key("x"),
                    1 => Path::attr("l").index(r.below(3)),
                    _ => Path::attr(*r.pick(roots)),
                };
                update.remove(p)
            }
            7 => update.add("n", values::small(r)),
            8 => {
                let v = if r.chance(50) {
                    values::string_set(r)
                } else {
                    values::number_set(r)
                };
                let root = if matches!(v, Value::Ss(_)) {
                    "ss"
                } else {
                    "ns"
                };
                update.add(root, v)
            }
            9 => {
                // DELETE from a set; now and then through a parent that may
                // not be a map (a list element, a member of `a`).
                let v = if r.chance(60) {
                    values::string_set(r)
                } else {
                    values::number_set(r)
                };
                let root = if matches!(v, Value::Ss(_)) {
                    "ss"
                } else {
                    "ns"
                };
                let path = match r.below(10) {
                    0 => Path::attr("l").index(0),
                    1 => Path::attr("a").key(root),
                    2 => Path::attr("doc").key(root),
                    _ => Path::attr(root),
                };
                update.delete(path, v)
            }
            10 => {
                let v = values::value(r, 1);
                update.add(*r.pick(&["a", "ss", "n"]), v)
            }
            _ => {
                let p = Path::attr("doc").key("l").index(r.below(2));
                let v = values::value(r, 1);
                update.set(p, v)
            }
        }
    }

    /// A non-empty update; `key_updates` allows actions on key attributes.
    fn update(&mut self, table: &Table, key_updates: bool) -> Update {
        let mut roots: Vec<&'static str> = vec!["a", "doc", "ss", "flag", "gpk", "gsk"];
        if key_updates && self.rng.chance(5) {
            roots.push(table.pk);
        }
        let mut update = Update::new();
        for _ in 0..self.rng.range(1, 3) {
            update = self.update_action(update, &roots);
        }
        update
    }

    // ---- operations ----------------------------------------------------

    fn write(&mut self) -> Op {
        match self.rng.below(10) {
            0..=2 => self.put(),
            3..=4 => self.update_item(),
            5 => self.delete(),
            6 => self.batch_write(),
            _ => self.transact_write(),
        }
    }

    fn read(&mut self) -> Op {
        match self.rng.below(10) {
            0 | 1 => self.get(),
            2..=5 => self.query(),
            6 | 7 => self.scan(),
            8 => self.batch_get(),
            _ => self.transact_get(),
        }
    }

    fn put(&mut self) -> Op {
        let t = self.table();
        let item = self.item(t, true);
        let mut req = PutItemRequest::new(self.name(t), item);
        req.condition = self.write_condition(t);
        if self.rng.chance(40) {
            req.return_values = ReturnValues::AllOld;
        }
        req.return_old_on_condition_failure = self.rng.chance(30);
        Op::Put(req)
    }

    fn update_item(&mut self) -> Op {
        let t = self.table();
        let key = self.maybe_bad_key(t);
        let update = self.update(t, true);
        let mut req = UpdateItemRequest::new(self.name(t), key, update);
        req.condition = self.write_condition(t);
        req.return_values = *self.rng.pick(&[
            ReturnValues::None,
            ReturnValues::AllOld,
            ReturnValues::UpdatedOld,
            ReturnValues::AllNew,
            ReturnValues::UpdatedNew,
        ]);
        req.return_old_on_condition_failure = self.rng.chance(30);
        Op::Update(req)
    }

    fn delete(&mut self) -> Op {
        let t = self.table();
        let key = self.maybe_bad_key(t);
        let mut req = DeleteItemRequest::new(self.name(t), key);
        req.condition = self.write_condition(t);
        if self.rng.chance(50) {
            req.return_values = ReturnValues::AllOld;
        }
        Op::Delete(req)
    }

    fn get(&mut self) -> Op {
        let t = self.table();
        let key = self.maybe_bad_key(t);
        let mut req = GetItemRequest::new(self.name(t), key).consistent_read(self.rng.chance(50));
        req.projection = self.projection(t, None);
        Op::Get(req)
    }

    /// A projection of readable attributes (or none).
    fn projection(&mut self, table: &Table, index: Option<&Index>) -> Option<Vec<Path>> {
        if !self.rng.chance(35) {
            return None;
        }
        let mut roots: Vec<&'static str> = table.key_names(index);
        roots.extend(["a", "n", "doc", "ss", "l", "gsk"]);
        // Now and then an attribute the index does not project (refused).
        if !self.rng.chance(8) {
            roots.retain(|r| table.readable(index, r));
        }
        let paths = (0..self.rng.range(1, 3))
            .map(|_| self.path(&roots))
            .collect();
        Some(paths)
    }

    fn index(&mut self, table: &'static Table) -> Option<&'static Index> {
        if table.indexes.is_empty() || self.rng.chance(40) {
            None
        } else {
            Some(self.rng.pick(table.indexes))
        }
    }

    fn index_sort_op(&mut self, is_number: bool, table: &Table) -> SortOp {
        let mut v = || -> Value {
            if is_number {
                if table.sk.is_some_and(|(_, t)| t == KeyType::N) {
                    Value::N(values::number(&mut self.rng))
                } else {
                    index_sort(&mut self.rng)
                }
            } else {
                Value::S((*self.rng.pick(STRINGS)).to_owned())
            }
        };
        let (a, b) = (v(), v());
        match self.rng.below(7) {
            0 => SortOp::Eq(a),
            1 => SortOp::Lt(a),
            2 => SortOp::Le(a),
            3 => SortOp::Gt(a),
            4 => SortOp::Ge(a),
            5 => SortOp::Between(a, b),
            _ => SortOp::BeginsWith(a),
        }
    }

    fn query(&mut self) -> Op {
        let t = self.table();
        let index = self.index(t);
        let (pk_name, pk_value) = match index {
            Some(i) if i.global => (i.pk, Value::from(*self.rng.pick(INDEX_PARTITIONS))),
            _ => {
                let pool: &[&str] = if t.sk.is_none() {
                    &["h0", "h1"]
                } else {
                    PARTITIONS
                };
                (t.pk, Value::from(*self.rng.pick(pool)))
            }
        };
        let mut kc = KeyCondition::partition(pk_name, pk_value);
        let sk = match index {
            Some(i) => i.sk.map(|s| (s, true)),
            None => t.sk.map(|(s, kt)| (s, kt == KeyType::N)),
        };
        if let Some((sk, is_number)) = sk {
            if self.rng.chance(60) {
                // A sort-key value of the wrong type now and then.
                let is_number = if self.rng.chance(4) {
                    !is_number
                } else {
                    is_number
                };
                let op = self.index_sort_op(is_number, t);
                kc = kc.sort(sk, op);
            }
        }
        let mut req = QueryRequest::new(self.name(t), kc);
        req.index = index.map(|i| i.name.to_owned());
        req.scan_forward = self.rng.chance(60);
        req.limit = self.limit();
        req.consistent_read = match index {
            Some(i) if i.global => self.rng.chance(5),
            _ => self.rng.chance(50),
        };
        req.projection = self.projection(t, index);
        if self.rng.chance(40) {
            // A query may not filter on a key attribute, nor (through an
            // index) on an attribute it does not project: now and then one.
            let keys = t.key_names(index);
            let mut roots: Vec<&'static str> =
                vec!["a", "n", "doc", "ss", "l", "flag", "gsk", "lsk", "gpk"];
            if !self.rng.chance(8) {
                roots.retain(|r| !keys.contains(r) && t.readable(index, r));
            } else {
                roots.extend(keys);
            }
            if !roots.is_empty() {
                req.filter = Some(self.condition(&roots, 1));
            }
        }
        Op::Query(req)
    }

    fn limit(&mut self) -> Option<u32> {
        if self.rng.chance(50) {
            Some(self.rng.range(1, 3) as u32)
        } else {
            None
        }
    }

    fn scan(&mut self) -> Op {
        let t = self.table();
        let index = self.index(t);
        let mut req = ScanRequest::new(self.name(t));
        req.index = index.map(|i| i.name.to_owned());
        req.limit = self.limit();
        req.consistent_read = match index {
            Some(i) if i.global => self.rng.chance(5),
            _ => self.rng.chance(50),
        };
        req.projection = self.projection(t, index);
        if self.rng.chance(40) {
            let mut roots: Vec<&'static str> = t.key_names(index);
            roots.extend(["a", "n", "doc", "ss", "l", "flag", "gsk"]);
            if !self.rng.chance(8) {
                roots.retain(|r| t.readable(index, r));
            }
            req.filter = Some(self.condition(&roots, 1));
        }
        let segments = if self.rng.chance(20) {
            Some(self.rng.range(1, 3) as u32)
        } else {
            None
        };
        Op::Scan { req, segments }
    }

    /// Distinct well-formed keys (a duplicate now and then).
    fn keys(&mut self, table: &Table, n: usize) -> Vec<Item> {
        let mut keys: Vec<Item> = Vec::new();
        for _ in 0..n {
            let k = self.key(table);
            if !keys.contains(&k) || self.rng.chance(5) {
                keys.push(k);
            }
        }
        keys
    }

    fn batch_get(&mut self) -> Op {
        let mut req = BatchGetItemRequest::new();
        for _ in 0..self.rng.range(1, 2) {
            let t = self.table();
            let n = self.rng.range(1, 4);
            let mut keys = if self.rng.chance(5) {
                KeysAndAttributes::new((0..n).map(|_| self.maybe_bad_key(t)).collect())
            } else {
                KeysAndAttributes::new(self.keys(t, n))
            };
            keys.projection = self.projection(t, None);
            keys.consistent_read = self.rng.chance(50);
            let name = if self.rng.chance(4) {
                format!("{}missing", self.prefix)
            } else {
                self.name(t)
            };
            req = req.table(name, keys);
        }
        Op::BatchGet(req)
    }

    fn batch_write(&mut self) -> Op {
        let mut req = BatchWriteItemRequest::new();
        for _ in 0..self.rng.range(1, 2) {
            let t = self.table();
            let n = self.rng.range(1, 4);
            let writes = self
                .keys(t, n)
                .into_iter()
                .map(|k| {
                    if self.rng.chance(70) {
                        let mut item = self.item(t, false);
                        item.extend(k);
                        WriteRequest::Put(item)
                    } else {
                        WriteRequest::Delete(k)
                    }
                })
                .collect();
            req = req.table(self.name(t), writes);
        }
        Op::BatchWrite(req)
    }

    fn transact_write(&mut self) -> Op {
        if let Some((last, slot)) = self.last_tokened.clone() {
            if self.rng.chance(25) {
                // The same request again, or another one under the same token.
                let req = if self.rng.chance(60) {
                    last
                } else {
                    self.transact_actions()
                };
                return Op::TransactWrite {
                    req,
                    token: Some(slot),
                };
            }
        }
        let req = self.transact_actions();
        let token = if self.rng.chance(30) {
            let slot = self.next_token;
            self.next_token += 1;
            self.last_tokened = Some((req.clone(), slot));
            Some(slot)
        } else {
            None
        };
        Op::TransactWrite { req, token }
    }

    fn transact_actions(&mut self) -> TransactWriteItemsRequest {
        let mut actions = Vec::new();
        let mut seen: Vec<(String, Item)> = Vec::new();
        for _ in 0..self.rng.range(1, 4) {
            let t = self.table();
            let key = self.key(t);
            let name = self.name(t);
            if seen.contains(&(name.clone(), key.clone())) && !self.rng.chance(10) {
                continue;
            }
            seen.push((name.clone(), key.clone()));
            let condition = self.write_condition(t);
            let action = match self.rng.below(4) {
                0 => {
                    let mut item = self.item(t, false);
                    item.extend(key);
                    TransactWriteAction::put(name, item)
                }
                1 => {
                    let update = if self.rng.chance(3) {
                        Update::new()
                    } else {
                        self.update(t, false)
                    };
                    TransactWriteAction::update(name, key, update)
                }
                2 => TransactWriteAction::delete(name, key),
                _ => {
                    let c = self.condition(&["a", "n", "doc", "ss"], 1);
                    TransactWriteAction::condition_check(name, key, c)
                }
            };
            let action = match condition {
                Some(c) if !matches!(action, TransactWriteAction::ConditionCheck { .. }) => {
                    action.condition(c)
                }
                _ => action,
            };
            actions.push(action.return_old_on_condition_failure(self.rng.chance(30)));
        }
        TransactWriteItemsRequest::new(actions)
    }

    fn transact_get(&mut self) -> Op {
        let mut gets = Vec::new();
        for _ in 0..self.rng.range(1, 4) {
            let t = self.table();
            let key = self.key(t);
            let mut get = TransactGet::new(self.name(t), key);
            get.projection = self.projection(t, None);
            gets.push(get);
        }
        Op::TransactGet(TransactGetItemsRequest::new(gets))
    }
}

/// An index sort key value: a number, or now and then a string (the wrong
/// type for an index key, which DynamoDB refuses on write).
fn index_sort(rng: &mut Rng) -> Value {
    if rng.chance(3) {
        Value::from("not a number")
    } else {
        Value::N(
            rng.pick(INDEX_SORTS)
                .parse()
                .unwrap_or_else(|_| Number::from(0)),
        )
    }
}
