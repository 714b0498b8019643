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

/// A table's storage class (CreateTable's and UpdateTable's `TableClass`).
///
/// ```
/// use dynorm::backend::TableClass;
/// assert_eq!(TableClass::default(), TableClass::Standard);
/// assert_eq!(TableClass::StandardInfrequentAccess.as_str(), "STANDARD_INFREQUENT_ACCESS");
/// assert_eq!(TableClass::parse("STANDARD"), Some(TableClass::Standard));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TableClass {
    /// `STANDARD`, the default.
    #[default]
    Standard,
    /// `STANDARD_INFREQUENT_ACCESS`.
    StandardInfrequentAccess,
}

impl TableClass {
    /// DynamoDB's name of the class.
    pub fn as_str(self) -> &'static str {
        match self {
            TableClass::Standard => "STANDARD",
            TableClass::StandardInfrequentAccess => "STANDARD_INFREQUENT_ACCESS",
        }
    }

    /// The class DynamoDB names `name`.
    pub fn parse(name: &str) -> Option<TableClass> {
        match name {
            "STANDARD" => Some(TableClass::Standard),
            "STANDARD_INFREQUENT_ACCESS" => Some(TableClass::StandardInfrequentAccess),
            _ => None,
        }
    }
}

impl fmt::Display for TableClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The most request units an on-demand table (or index) may use per
/// second (DynamoDB's `OnDemandThroughput`); `None` leaves a side unbounded.
///
/// ```
/// use dynorm::backend::OnDemandThroughput;
/// let max = OnDemandThroughput::new(Some(10), Some(5));
/// assert_eq!((max.max_read_request_units, max.max_write_request_units), (Some(10), Some(5)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OnDemandThroughput {
    /// `MaxReadRequestUnits`.
    pub max_read_request_units: Option<i64>,
    /// `MaxWriteRequestUnits`.
    pub max_write_request_units: Option<i64>,
}

impl OnDemandThroughput {
    /// At most these read and write request units per second.
    pub fn new(max_read: Option<i64>, max_write: Option<i64>) -> OnDemandThroughput {
        OnDemandThroughput {
            max_read_request_units: max_read,
            max_write_request_units: max_write,
        }
    }
}

/// Server-side encryption at rest (CreateTable's `SSESpecification`).
/// Disabled, or absent, the table is encrypted with a key DynamoDB owns;
/// enabled, with a KMS key: the AWS-managed one unless `kms_master_key_id`
/// names another.
///
/// ```
/// use dynorm::backend::SseSpecification;
/// assert!(SseSpecification::enabled().enabled);
/// assert_eq!(SseSpecification::with_kms_key("alias/mine").kms_master_key_id.as_deref(), Some("alias/mine"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SseSpecification {
    /// `Enabled`: encryption with a KMS key.
    pub enabled: bool,
    /// `KMSMasterKeyId`: the key (id, ARN or alias); `None` is the AWS-managed key.
    pub kms_master_key_id: Option<String>,
}

impl SseSpecification {
    /// Encryption with the AWS-managed KMS key.
    pub fn enabled() -> SseSpecification {
        SseSpecification {
            enabled: true,
            kms_master_key_id: None,
        }
    }

    /// Encryption with this KMS key.
    pub fn with_kms_key(key: impl Into<String>) -> SseSpecification {
        SseSpecification {
            enabled: true,
            kms_master_key_id: Some(key.into()),
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
    /// Whether DeleteTable is refused (`DeletionProtectionEnabled`).
    pub deletion_protection: bool,
    /// The storage class; `None` is DynamoDB's default, `STANDARD`, not
    /// reported by DescribeTable.
    pub table_class: Option<TableClass>,
    /// The on-demand maximum throughput (on-demand tables only).
    pub on_demand_throughput: Option<OnDemandThroughput>,
    /// Server-side encryption (CreateTable's `SSESpecification`).
    pub sse: Option<SseSpecification>,
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
            deletion_protection: false,
            table_class: None,
            on_demand_throughput: None,
            sse: None,
        }
    }

    /// Creates the table protected against deletion (or not).
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
    /// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
    ///     .with_deletion_protection(true);
    /// assert!(def.deletion_protection);
    /// ```
    #[must_use]
    pub fn with_deletion_protection(mut self, enabled: bool) -> TableDefinition {
        self.deletion_protection = enabled;
        self
    }

    /// Creates the table in this storage class.
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, TableClass, TableDefinition};
    /// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
    ///     .with_table_class(TableClass::StandardInfrequentAccess);
    /// assert_eq!(def.table_class, Some(TableClass::StandardInfrequentAccess));
    /// ```
    #[must_use]
    pub fn with_table_class(mut self, class: TableClass) -> TableDefinition {
        self.table_class = Some(class);
        self
    }

    /// Caps the request units of an on-demand table.
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, OnDemandThroughput, TableDefinition};
    /// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
    ///     .with_on_demand_throughput(OnDemandThroughput::new(Some(10), Some(5)));
    /// assert_eq!(def.on_demand_throughput.unwrap().max_read_request_units, Some(10));
    /// ```
    #[must_use]
    pub fn with_on_demand_throughput(mut self, max: OnDemandThroughput) -> TableDefinition {
        self.on_demand_throughput = Some(max);
        self
    }

    /// Sets the table's server-side encryption.
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, SseSpecification, TableDefinition};
    /// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S))
    ///     .with_sse(SseSpecification::enabled());
    /// assert!(def.sse.unwrap().enabled);
    /// ```
    #[must_use]
    pub fn with_sse(mut self, sse: SseSpecification) -> TableDefinition {
        self.sse = Some(sse);
        self
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
