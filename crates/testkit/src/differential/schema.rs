//! The tables every case runs on, and how they are emptied between cases.
//!
//! - `str`: `pk` (S) + `sk` (S), so sort order by UTF-8 bytes shows; three
//!   global indexes on `gpk` (S) / `gsk` (N) with each projection (ALL,
//!   KEYS_ONLY, INCLUDE `a`) and three local indexes on `lsk` (N) likewise.
//! - `num`: `pk` (S) + `sk` (N), for numeric sort order and number keys.
//! - `hash`: `id` (S) alone.

use dynorm::backend::{
    Backend, BatchWriteItemRequest, IndexDefinition, IndexProjection, KeyAttribute, KeyType,
    ScanRequest, TableDefinition, WriteRequest,
};
use dynorm::{Item, Result};

/// One secondary index of a table, as the generator sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Index {
    pub name: &'static str,
    pub global: bool,
    /// Its partition key attribute (the table's for a local index).
    pub pk: &'static str,
    pub sk: Option<&'static str>,
    /// The non-key attributes it projects; `None` for ALL.
    pub projects: Option<&'static [&'static str]>,
}

/// One table, as the generator sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    /// The name without the run's prefix.
    pub name: &'static str,
    pub pk: &'static str,
    pub sk: Option<(&'static str, KeyType)>,
    pub indexes: &'static [Index],
}

impl Table {
    /// The table's and the index's key attributes.
    pub fn key_names(&self, index: Option<&Index>) -> Vec<&'static str> {
        let mut names = vec![self.pk];
        names.extend(self.sk.map(|(n, _)| n));
        if let Some(i) = index {
            for n in std::iter::once(i.pk).chain(i.sk) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        names
    }

    /// Whether reading `attribute` through `index` is answered (the index
    /// projects it, or there is no index).
    pub fn readable(&self, index: Option<&Index>, attribute: &str) -> bool {
        match index {
            None => true,
            Some(i) => {
                self.key_names(Some(i)).contains(&attribute)
                    || i.projects.map_or(true, |p| p.contains(&attribute))
            }
        }
    }
}

const INCLUDED: &[&str] = &["a"];
const NONE: &[&str] = &[];

const STR_INDEXES: &[Index] = &[
    Index {
        name: "g_all",
        global: true,
        pk: "gpk",
        sk: Some("gsk"),
        projects: None,
    },
    Index {
        name: "g_keys",
        global: true,
        pk: "gpk",
        sk: None,
        projects: Some(NONE),
    },
    Index {
        name: "g_incl",
        global: true,
        pk: "gpk",
        sk: Some("gsk"),
        projects: Some(INCLUDED),
    },
    Index {
        name: "l_all",
        global: false,
        pk: "pk",
        sk: Some("lsk"),
        projects: None,
    },
    Index {
        name: "l_keys",
        global: false,
        pk: "pk",
        sk: Some("lsk"),
        projects: Some(NONE),
    },
    Index {
        name: "l_incl",
        global: false,
        pk: "pk",
        sk: Some("lsk"),
        projects: Some(INCLUDED),
    },
];

/// The tables of every case.
pub(crate) static TABLES: &[Table] = &[
    Table {
        name: "str",
        pk: "pk",
        sk: Some(("sk", KeyType::S)),
        indexes: STR_INDEXES,
    },
    Table {
        name: "num",
        pk: "pk",
        sk: Some(("sk", KeyType::N)),
        indexes: &[],
    },
    Table {
        name: "hash",
        pk: "id",
        sk: None,
        indexes: &[],
    },
];

/// The key type of an attribute that is a key of some table or index.
pub(crate) fn key_type(table: &Table, attribute: &str) -> Option<KeyType> {
    if attribute == table.pk {
        return Some(KeyType::S);
    }
    if let Some((n, t)) = table.sk {
        if n == attribute {
            return Some(t);
        }
    }
    match attribute {
        "gpk" if !table.indexes.is_empty() => Some(KeyType::S),
        "gsk" | "lsk" if !table.indexes.is_empty() => Some(KeyType::N),
        _ => None,
    }
}

fn projection(i: &Index) -> IndexProjection {
    match i.projects {
        None => IndexProjection::All,
        Some([]) => IndexProjection::KeysOnly,
        Some(p) => IndexProjection::Include(p.iter().map(|s| (*s).to_owned()).collect()),
    }
}

/// The definition of `table` named `prefix` + its name.
pub(crate) fn definition(prefix: &str, table: &Table) -> TableDefinition {
    let mut def = TableDefinition::new(
        format!("{prefix}{}", table.name),
        KeyAttribute::new(table.pk, KeyType::S),
    );
    if let Some((sk, t)) = table.sk {
        def = def.with_sort_key(KeyAttribute::new(sk, t));
    }
    for i in table.indexes {
        let pk = KeyAttribute::new(i.pk, key_type(table, i.pk).unwrap_or(KeyType::S));
        let mut idx = IndexDefinition::new(i.name, pk).with_projection(projection(i));
        if let Some(sk) = i.sk {
            idx = idx.with_sort_key(KeyAttribute::new(
                sk,
                key_type(table, sk).unwrap_or(KeyType::N),
            ));
        }
        def = if i.global {
            def.with_global_index(idx)
        } else {
            def.with_local_index(idx)
        };
    }
    def
}

/// Creates every table on `backend`.
pub(crate) async fn create(backend: &dyn Backend, prefix: &str) -> Result<()> {
    for t in TABLES {
        backend.create_table(definition(prefix, t)).await?;
    }
    Ok(())
}

/// Deletes every item of every table, so that the next case starts empty.
pub(crate) async fn clear(backend: &dyn Backend, prefix: &str) -> Result<()> {
    for t in TABLES {
        let name = format!("{prefix}{}", t.name);
        let mut keys: Vec<Item> = Vec::new();
        let mut start = None;
        loop {
            let mut req = ScanRequest::new(&name).projection(t.key_names(None));
            req.exclusive_start_key = start;
            let page = backend.scan(req).await?;
            keys.extend(page.items);
            start = page.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        for chunk in keys.chunks(25) {
            let writes = chunk.iter().cloned().map(WriteRequest::Delete).collect();
            let mut left = BatchWriteItemRequest::new().table(&name, writes);
            // DynamoDB Local processes every item; a bounded retry covers the rest.
            for _ in 0..10 {
                let out = backend.batch_write_item(left).await?;
                if out.unprocessed.is_empty() {
                    break;
                }
                left = BatchWriteItemRequest::from_tables(out.unprocessed);
            }
        }
    }
    Ok(())
}

/// Deletes every table of a run.
pub(crate) async fn drop_tables(backend: &dyn Backend, prefix: &str) {
    for t in TABLES {
        let name = format!("{prefix}{}", t.name);
        let _ = backend
            .delete_table(dynorm::backend::DeleteTableRequest::new(name))
            .await;
    }
}
