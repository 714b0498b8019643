//! What DescribeTable (and CreateTable, UpdateTable, DeleteTable) answer:
//! the table's definition and its state.

use super::table::{TableDefinition, Throughput};
use std::fmt;
use std::time::SystemTime;

/// A table's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TableStatus {
    /// Being created.
    Creating,
    /// Ready.
    Active,
    /// Being updated.
    Updating,
    /// Being deleted.
    Deleting,
    /// Being archived (its encryption key became inaccessible).
    Archiving,
    /// Archived: it serves no requests until restored.
    Archived,
    /// Its encryption key is inaccessible; it serves no requests.
    InaccessibleEncryptionCredentials,
    /// A replica of a global table the account may not replicate to.
    ReplicationNotAuthorized,
}

impl TableStatus {
    /// DynamoDB's name of the state (`ACTIVE`, `CREATING`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            TableStatus::Creating => "CREATING",
            TableStatus::Active => "ACTIVE",
            TableStatus::Updating => "UPDATING",
            TableStatus::Deleting => "DELETING",
            TableStatus::Archiving => "ARCHIVING",
            TableStatus::Archived => "ARCHIVED",
            TableStatus::InaccessibleEncryptionCredentials => "INACCESSIBLE_ENCRYPTION_CREDENTIALS",
            TableStatus::ReplicationNotAuthorized => "REPLICATION_NOT_AUTHORIZED",
        }
    }

    /// Whether the state passes by itself (creating, updating): waiting
    /// for ACTIVE makes sense. A table being deleted or archived never
    /// becomes ACTIVE on its own.
    pub fn is_transitional(self) -> bool {
        matches!(self, TableStatus::Creating | TableStatus::Updating)
    }
}

impl fmt::Display for TableStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A global secondary index's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexStatus {
    /// Being created (and filled from the table's items).
    Creating,
    /// Ready.
    Active,
    /// Its throughput is being changed.
    Updating,
    /// Being deleted.
    Deleting,
}

impl IndexStatus {
    /// DynamoDB's name of the state (`ACTIVE`, `CREATING`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            IndexStatus::Creating => "CREATING",
            IndexStatus::Active => "ACTIVE",
            IndexStatus::Updating => "UPDATING",
            IndexStatus::Deleting => "DELETING",
        }
    }
}

impl fmt::Display for IndexStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The state of one global secondary index, as DescribeTable reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IndexDescription {
    /// Index name.
    pub name: String,
    /// State.
    pub status: IndexStatus,
    /// The index's own provisioned capacity (`None` on an on-demand table).
    pub provisioned_throughput: Option<Throughput>,
}

impl IndexDescription {
    /// An index in this state, without provisioned capacity.
    pub fn new(name: impl Into<String>, status: IndexStatus) -> IndexDescription {
        IndexDescription {
            name: name.into(),
            status,
            provisioned_throughput: None,
        }
    }
}

/// The state of a table's server-side encryption with a KMS key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SseStatus {
    /// Being enabled.
    Enabling,
    /// In use.
    Enabled,
    /// Being disabled.
    Disabling,
    /// Disabled.
    Disabled,
    /// Being updated.
    Updating,
}

impl SseStatus {
    /// DynamoDB's name of the state (`ENABLED`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            SseStatus::Enabling => "ENABLING",
            SseStatus::Enabled => "ENABLED",
            SseStatus::Disabling => "DISABLING",
            SseStatus::Disabled => "DISABLED",
            SseStatus::Updating => "UPDATING",
        }
    }

    /// The state DynamoDB names `name`.
    pub fn parse(name: &str) -> Option<SseStatus> {
        [
            SseStatus::Enabling,
            SseStatus::Enabled,
            SseStatus::Disabling,
            SseStatus::Disabled,
            SseStatus::Updating,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// DescribeTable's `SSEDescription`: present when the table is encrypted
/// with a KMS key (absent for the key DynamoDB owns).
///
/// ```
/// use dynorm::backend::{SseDescription, SseStatus};
/// let sse = SseDescription::kms("arn:aws:kms:us-east-1:000000000000:key/k");
/// assert_eq!((sse.status, sse.sse_type.as_deref()), (SseStatus::Enabled, Some("KMS")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SseDescription {
    /// `Status`.
    pub status: SseStatus,
    /// `SSEType` (`KMS`).
    pub sse_type: Option<String>,
    /// `KMSMasterKeyArn`: the key in use.
    pub kms_master_key_arn: Option<String>,
}

impl SseDescription {
    /// Enabled encryption with the KMS key `key_arn`.
    pub fn kms(key_arn: impl Into<String>) -> SseDescription {
        SseDescription {
            status: SseStatus::Enabled,
            sse_type: Some("KMS".to_owned()),
            kms_master_key_arn: Some(key_arn.into()),
        }
    }
}

/// What DescribeTable says.
///
/// ```
/// use dynorm::backend::{IndexDescription, IndexStatus, KeyAttribute, KeyType, TableDefinition, TableDescription, TableStatus};
/// let def = TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S));
/// let mut desc = TableDescription::new(def, TableStatus::Active);
/// desc.global_indexes.push(IndexDescription::new("ByName", IndexStatus::Creating));
/// assert!(!desc.is_active());
/// assert_eq!(desc.not_active().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableDescription {
    /// Key schema, indexes, billing and the table's settings (deletion
    /// protection, table class, on-demand throughput).
    pub definition: TableDefinition,
    /// State.
    pub status: TableStatus,
    /// The state of each global secondary index, in the definition's order.
    pub global_indexes: Vec<IndexDescription>,
    /// Item count (DynamoDB refreshes it about every six hours; DynamoDB
    /// Local and the memory backend count live).
    pub item_count: u64,
    /// Total size of the items in bytes (refreshed like `item_count`).
    pub size_bytes: u64,
    /// When the table was created, where the backend knows it.
    pub creation_time: Option<SystemTime>,
    /// The table's ARN (what the tag operations name it by), where the
    /// backend knows it.
    pub arn: Option<String>,
    /// The stream setting, while a stream is enabled.
    pub stream_specification: Option<super::StreamSpecification>,
    /// The ARN of the table's latest stream (enabled, or the last one disabled).
    pub latest_stream_arn: Option<String>,
    /// The label of the table's latest stream.
    pub latest_stream_label: Option<String>,
    /// The table's encryption with a KMS key (`None`: the key DynamoDB owns,
    /// or a backend that does not tell).
    pub sse_description: Option<SseDescription>,
}

impl TableDescription {
    /// A description of an empty table in this state, without index states.
    pub fn new(definition: TableDefinition, status: TableStatus) -> TableDescription {
        TableDescription {
            definition,
            status,
            global_indexes: Vec::new(),
            item_count: 0,
            size_bytes: 0,
            creation_time: None,
            arn: None,
            stream_specification: None,
            latest_stream_arn: None,
            latest_stream_label: None,
            sse_description: None,
        }
    }

    /// The state of the global index named `name`.
    pub fn index(&self, name: &str) -> Option<&IndexDescription> {
        self.global_indexes.iter().find(|i| i.name == name)
    }

    /// Whether the table and every global index are ACTIVE (ready for every request).
    pub fn is_active(&self) -> bool {
        self.status == TableStatus::Active && self.not_active().is_empty()
    }

    /// The global indexes that are not ACTIVE, with their states.
    pub fn not_active(&self) -> Vec<(String, IndexStatus)> {
        self.global_indexes
            .iter()
            .filter(|i| i.status != IndexStatus::Active)
            .map(|i| (i.name.clone(), i.status))
            .collect()
    }
}
