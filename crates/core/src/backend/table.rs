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
///
/// ```
/// use dynorm::backend::{IndexDefinition, IndexProjection, KeyAttribute, KeyType};
/// let gsi = IndexDefinition::new("ByStatus", KeyAttribute::new("status", KeyType::S))
///     .with_sort_key(KeyAttribute::new("created", KeyType::N))
///     .with_projection(IndexProjection::KeysOnly);
/// assert_eq!(gsi.key_attributes().count(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

impl IndexDefinition {
    /// An index with a partition key only, projecting every attribute.
    pub fn new(name: impl Into<String>, partition_key: KeyAttribute) -> IndexDefinition {
        IndexDefinition {
            name: name.into(),
            partition_key,
            sort_key: None,
            projection: IndexProjection::All,
        }
    }

    /// Adds a sort key.
    #[must_use]
    pub fn with_sort_key(mut self, sort_key: KeyAttribute) -> IndexDefinition {
        self.sort_key = Some(sort_key);
        self
    }

    /// Sets the projected attributes.
    #[must_use]
    pub fn with_projection(mut self, projection: IndexProjection) -> IndexDefinition {
        self.projection = projection;
        self
    }

    /// The index's key attributes: partition key, then sort key.
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.partition_key).chain(self.sort_key.as_ref())
    }
}

/// Provisioned capacity: read and write capacity units per second.
///
/// ```
/// use dynorm::backend::{BillingMode, Throughput};
/// let billing = BillingMode::from(Throughput::new(5, 10));
/// assert_eq!(billing, BillingMode::Provisioned { read: 5, write: 10 });
/// assert_eq!(billing.throughput(), Some(Throughput::new(5, 10)));
/// assert_eq!(BillingMode::OnDemand.throughput(), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Throughput {
    /// Read capacity units.
    pub read: u64,
    /// Write capacity units.
    pub write: u64,
}

impl Throughput {
    /// `read` read and `write` write capacity units.
    pub fn new(read: u64, write: u64) -> Throughput {
        Throughput { read, write }
    }
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

impl BillingMode {
    /// The provisioned capacity, `None` on demand.
    pub fn throughput(self) -> Option<Throughput> {
        match self {
            BillingMode::OnDemand => None,
            BillingMode::Provisioned { read, write } => Some(Throughput { read, write }),
        }
    }

    /// DynamoDB's name of the mode (`PAY_PER_REQUEST`, `PROVISIONED`).
    pub fn as_str(self) -> &'static str {
        match self {
            BillingMode::OnDemand => "PAY_PER_REQUEST",
            BillingMode::Provisioned { .. } => "PROVISIONED",
        }
    }
}

impl From<Throughput> for BillingMode {
    fn from(t: Throughput) -> BillingMode {
        BillingMode::Provisioned {
            read: t.read,
            write: t.write,
        }
    }
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
#[non_exhaustive]
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
    /// The tags the table is created with (CreateTable's `Tags`).
    pub tags: Vec<super::Tag>,
    /// The table's stream (CreateTable's `StreamSpecification`).
    pub stream: Option<super::StreamSpecification>,
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
            tags: Vec::new(),
            stream: None,
        }
    }

    /// Creates the table with a stream of its changes.
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, StreamSpecification, StreamViewType, TableDefinition};
    /// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
    ///     .with_stream(StreamSpecification::enabled(StreamViewType::NewAndOldImages));
    /// assert!(def.stream.unwrap().enabled);
    /// ```
    #[must_use]
    pub fn with_stream(mut self, stream: super::StreamSpecification) -> TableDefinition {
        self.stream = Some(stream);
        self
    }

    /// Creates the table with one more tag.
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, TableDefinition, Tag};
    /// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
    ///     .with_tag(Tag::new("env", "dev"));
    /// assert_eq!(def.tags, [Tag::new("env", "dev")]);
    /// ```
    #[must_use]
    pub fn with_tag(mut self, tag: super::Tag) -> TableDefinition {
        self.tags.push(tag);
        self
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

    /// Every key attribute of the table and of its indexes, in that order
    /// (an attribute shared by several keys appears once per key).
    pub fn key_attributes(&self) -> impl Iterator<Item = &KeyAttribute> {
        std::iter::once(&self.partition_key)
            .chain(self.sort_key.as_ref())
            .chain(
                self.global_indexes
                    .iter()
                    .chain(&self.local_indexes)
                    .flat_map(IndexDefinition::key_attributes),
            )
    }

    /// The declared type of a key attribute of the table or of its indexes.
    pub fn key_type_of(&self, name: &str) -> Option<KeyType> {
        self.key_attributes()
            .find(|k| k.name == name)
            .map(|k| k.key_type)
    }
}
