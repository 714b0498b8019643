//! Table definitions and descriptions.

use std::fmt;

/// The scalar type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// String.
    S,
    /// Number.
    N,
    /// Binary.
    B,
}

impl KeyType {
    /// DynamoDB's descriptor.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyType::S => "S",
            KeyType::N => "N",
            KeyType::B => "B",
        }
    }

    /// The matching value type.
    pub fn value_type(self) -> crate::ValueType {
        match self {
            KeyType::S => crate::ValueType::S,
            KeyType::N => crate::ValueType::N,
            KeyType::B => crate::ValueType::B,
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A key attribute: its name and scalar type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyAttribute {
    /// Attribute name.
    pub name: String,
    /// Scalar type.
    pub key_type: KeyType,
}

impl KeyAttribute {
    /// A key attribute.
    pub fn new(name: impl Into<String>, key_type: KeyType) -> KeyAttribute {
        KeyAttribute {
            name: name.into(),
            key_type,
        }
    }
}

/// Which attributes an index holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum IndexProjection {
    /// Every attribute.
    #[default]
    All,
    /// The table's and the index's key attributes only.
    KeysOnly,
    /// The keys plus these attributes.
    Include(Vec<String>),
}

/// A global or local secondary index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDefinition {
    /// Index name.
    pub name: String,
    /// Partition key (for an LSI, the table's partition key).
    pub partition_key: KeyAttribute,
    /// Sort key.
    pub sort_key: Option<KeyAttribute>,
    /// Projected attributes.
    pub projection: IndexProjection,
}

/// How the table is billed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BillingMode {
    /// On-demand (`PAY_PER_REQUEST`).
    #[default]
    OnDemand,
    /// Provisioned capacity units (also used for every GSI).
    Provisioned {
        /// Read capacity units.
        read: u64,
        /// Write capacity units.
        write: u64,
    },
}

/// What CreateTable needs.
///
/// ```
/// use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
/// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
///     .with_sort_key(KeyAttribute::new("sk", KeyType::S));
/// assert_eq!(def.sort_key.unwrap().name, "sk");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDefinition {
    /// Table name.
    pub name: String,
    /// Partition key.
    pub partition_key: KeyAttribute,
    /// Sort key.
    pub sort_key: Option<KeyAttribute>,
    /// Global secondary indexes.
    pub global_indexes: Vec<IndexDefinition>,
    /// Local secondary indexes.
    pub local_indexes: Vec<IndexDefinition>,
    /// Billing mode.
    pub billing: BillingMode,
}

impl TableDefinition {
    /// A table with a partition key only, billed on demand.
    pub fn new(name: impl Into<String>, partition_key: KeyAttribute) -> TableDefinition {
        TableDefinition {
            name: name.into(),
            partition_key,
            sort_key: None,
            global_indexes: Vec::new(),
            local_indexes: Vec::new(),
            billing: BillingMode::OnDemand,
        }
    }

    /// Adds a sort key.
    #[must_use]
    pub fn with_sort_key(mut self, sort_key: KeyAttribute) -> TableDefinition {
        self.sort_key = Some(sort_key);
        self
    }

    /// Adds a global secondary index.
    #[must_use]
    pub fn with_global_index(mut self, index: IndexDefinition) -> TableDefinition {
        self.global_indexes.push(index);
        self
    }

    /// Adds a local secondary index.
    #[must_use]
    pub fn with_local_index(mut self, index: IndexDefinition) -> TableDefinition {
        self.local_indexes.push(index);
        self
    }

    /// Sets the billing mode.
    #[must_use]
    pub fn with_billing(mut self, billing: BillingMode) -> TableDefinition {
        self.billing = billing;
        self
    }

    /// The index with that name, global or local.
    pub fn index(&self, name: &str) -> Option<(&IndexDefinition, bool)> {
        self.global_indexes
            .iter()
            .find(|i| i.name == name)
            .map(|i| (i, true))
            .or_else(|| {
                self.local_indexes
                    .iter()
                    .find(|i| i.name == name)
                    .map(|i| (i, false))
            })
    }

    /// The table's key attribute names.
    pub fn key_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.partition_key.name.as_str())
            .chain(self.sort_key.as_ref().map(|k| k.name.as_str()))
    }
}

/// A table's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStatus {
    /// Being created.
    Creating,
    /// Ready.
    Active,
    /// Being updated.
    Updating,
    /// Being deleted.
    Deleting,
}

/// What DescribeTable says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDescription {
    /// Key schema, indexes and billing.
    pub definition: TableDefinition,
    /// State.
    pub status: TableStatus,
    /// Approximate item count.
    pub item_count: u64,
}

/// A TTL setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeToLive {
    /// The attribute holding epoch seconds.
    pub attribute: String,
    /// Whether expiry is on.
    pub enabled: bool,
}
