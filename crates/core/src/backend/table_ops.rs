//! Requests and outputs of DescribeTable, DeleteTable, ListTables and UpdateTable.

use super::streams::StreamSpecification;
use super::table::{BillingMode, IndexDefinition, OnDemandThroughput, TableClass, Throughput};

/// DescribeTable.
///
/// ```
/// use dynorm::backend::DescribeTableRequest;
/// assert_eq!(DescribeTableRequest::new("orders").table, "orders");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DescribeTableRequest {
    /// Table name.
    pub table: String,
}

impl DescribeTableRequest {
    /// Describes the table called `table`.
    pub fn new(table: impl Into<String>) -> DescribeTableRequest {
        DescribeTableRequest {
            table: table.into(),
        }
    }
}

/// DeleteTable.
///
/// ```
/// use dynorm::backend::DeleteTableRequest;
/// assert_eq!(DeleteTableRequest::new("orders").table, "orders");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteTableRequest {
    /// Table name.
    pub table: String,
}

impl DeleteTableRequest {
    /// Deletes the table called `table`.
    pub fn new(table: impl Into<String>) -> DeleteTableRequest {
        DeleteTableRequest {
            table: table.into(),
        }
    }
}

/// ListTables: one page of table names, in order.
///
/// ```
/// use dynorm::backend::ListTablesRequest;
/// let next = ListTablesRequest::new().limit(10).exclusive_start_table_name("orders");
/// assert_eq!(next.limit, Some(10));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListTablesRequest {
    /// Continue after this name (a previous page's `last_evaluated_table_name`).
    pub exclusive_start_table_name: Option<String>,
    /// Most names in the page, `1..=100` (DynamoDB's default is 100).
    pub limit: Option<u32>,
}

impl ListTablesRequest {
    /// The first page, of up to 100 names.
    pub fn new() -> ListTablesRequest {
        ListTablesRequest::default()
    }

    /// Continues after this name.
    #[must_use]
    pub fn exclusive_start_table_name(mut self, name: impl Into<String>) -> ListTablesRequest {
        self.exclusive_start_table_name = Some(name.into());
        self
    }

    /// At most `limit` names (`1..=100`).
    #[must_use]
    pub fn limit(mut self, limit: u32) -> ListTablesRequest {
        self.limit = Some(limit);
        self
    }
}

/// One page of ListTables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListTablesOutput {
    /// Table names, in order.
    pub table_names: Vec<String>,
    /// Where the next page starts; `None` when no name follows.
    pub last_evaluated_table_name: Option<String>,
}

impl ListTablesOutput {
    /// A page of these names, continuing after `last_evaluated_table_name`.
    pub fn new(
        table_names: Vec<String>,
        last_evaluated_table_name: Option<String>,
    ) -> ListTablesOutput {
        ListTablesOutput {
            table_names,
            last_evaluated_table_name,
        }
    }
}

/// The capacity mode an UpdateTable switches to (DynamoDB's `BillingMode`
/// parameter), without the capacity itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapacityMode {
    /// On-demand (`PAY_PER_REQUEST`).
    OnDemand,
    /// Provisioned capacity (`PROVISIONED`): the request must also carry
    /// the table's throughput, and one for every global index when the
    /// table was on demand.
    Provisioned,
}

impl CapacityMode {
    /// DynamoDB's name of the mode.
    pub fn as_str(self) -> &'static str {
        match self {
            CapacityMode::OnDemand => "PAY_PER_REQUEST",
            CapacityMode::Provisioned => "PROVISIONED",
        }
    }
}

/// One change to the global secondary indexes of an UpdateTable.
///
/// Non-exhaustive, as is each variant: match with `..` and a wildcard arm.
///
/// ```
/// use dynorm::backend::{GlobalIndexUpdate, IndexDefinition, KeyAttribute, KeyType, Throughput};
/// let index = IndexDefinition::new("ByStatus", KeyAttribute::new("status", KeyType::S));
/// let create = GlobalIndexUpdate::create_provisioned(index, Throughput::new(5, 5));
/// assert_eq!(create.index_name(), "ByStatus");
/// assert!(create.creates_or_deletes());
/// assert!(!GlobalIndexUpdate::update("ByStatus", Throughput::new(9, 9)).creates_or_deletes());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GlobalIndexUpdate {
    /// Create an index and fill it from the table's items.
    #[non_exhaustive]
    Create {
        /// The index; its key attributes' types are its attribute definitions.
        index: IndexDefinition,
        /// Its capacity: required on a provisioned table, refused on demand.
        provisioned_throughput: Option<Throughput>,
    },
    /// Change an index's provisioned capacity.
    #[non_exhaustive]
    Update {
        /// Index name.
        name: String,
        /// The new capacity.
        provisioned_throughput: Throughput,
    },
    /// Delete an index.
    #[non_exhaustive]
    Delete {
        /// Index name.
        name: String,
    },
}

impl GlobalIndexUpdate {
    /// Creates `index` (without capacity: for an on-demand table).
    pub fn create(index: IndexDefinition) -> GlobalIndexUpdate {
        GlobalIndexUpdate::Create {
            index,
            provisioned_throughput: None,
        }
    }

    /// Creates `index` with its own capacity (for a provisioned table).
    pub fn create_provisioned(index: IndexDefinition, throughput: Throughput) -> GlobalIndexUpdate {
        GlobalIndexUpdate::Create {
            index,
            provisioned_throughput: Some(throughput),
        }
    }

    /// Sets the provisioned capacity of the index `name`.
    pub fn update(name: impl Into<String>, throughput: Throughput) -> GlobalIndexUpdate {
        GlobalIndexUpdate::Update {
            name: name.into(),
            provisioned_throughput: throughput,
        }
    }

    /// Deletes the index `name`.
    pub fn delete(name: impl Into<String>) -> GlobalIndexUpdate {
        GlobalIndexUpdate::Delete { name: name.into() }
    }

    /// The name of the index the change is about.
    pub fn index_name(&self) -> &str {
        match self {
            GlobalIndexUpdate::Create { index, .. } => &index.name,
            GlobalIndexUpdate::Update { name, .. } | GlobalIndexUpdate::Delete { name } => name,
        }
    }

    /// Whether the change creates or deletes an index (DynamoDB allows one
    /// such change per call).
    pub fn creates_or_deletes(&self) -> bool {
        matches!(
            self,
            GlobalIndexUpdate::Create { .. } | GlobalIndexUpdate::Delete { .. }
        )
    }
}

/// UpdateTable: change the capacity mode, the provisioned throughput, the
/// stream, deletion protection, the table class or the on-demand maximum
/// throughput, or create or delete a global secondary index.
///
/// The fields are DynamoDB's parameters, so that every request DynamoDB
/// can be sent (and refuse) can be expressed; [`billing`](Self::billing)
/// sets the mode and its throughput together.
///
/// ```
/// use dynorm::backend::{BillingMode, IndexDefinition, KeyAttribute, KeyType, UpdateTableRequest};
/// let add = UpdateTableRequest::new("orders")
///     .create_global_index(IndexDefinition::new("ByStatus", KeyAttribute::new("status", KeyType::S)));
/// assert_eq!(add.global_index_updates.len(), 1);
/// let provisioned = UpdateTableRequest::new("orders")
///     .billing(BillingMode::Provisioned { read: 5, write: 5 });
/// assert!(provisioned.provisioned_throughput.is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateTableRequest {
    /// Table name.
    pub table: String,
    /// The capacity mode to switch to.
    pub capacity_mode: Option<CapacityMode>,
    /// The table's new provisioned capacity.
    pub provisioned_throughput: Option<Throughput>,
    /// Changes to global secondary indexes.
    pub global_index_updates: Vec<GlobalIndexUpdate>,
    /// Enables, or disables, the table's stream.
    pub stream_specification: Option<StreamSpecification>,
    /// Turns deletion protection on or off (`DeletionProtectionEnabled`).
    pub deletion_protection: Option<bool>,
    /// The new storage class (`TableClass`).
    pub table_class: Option<TableClass>,
    /// The new on-demand maximum throughput (`OnDemandThroughput`).
    pub on_demand_throughput: Option<OnDemandThroughput>,
}

impl UpdateTableRequest {
    /// A request changing nothing yet (DynamoDB refuses it as it is).
    pub fn new(table: impl Into<String>) -> UpdateTableRequest {
        UpdateTableRequest {
            table: table.into(),
            ..UpdateTableRequest::default()
        }
    }

    /// Switches to (or stays in) this billing mode: on demand, or
    /// provisioned with this throughput.
    #[must_use]
    pub fn billing(mut self, billing: BillingMode) -> UpdateTableRequest {
        match billing {
            BillingMode::OnDemand => {
                self.capacity_mode = Some(CapacityMode::OnDemand);
                self.provisioned_throughput = None;
            }
            BillingMode::Provisioned { read, write } => {
                self.capacity_mode = Some(CapacityMode::Provisioned);
                self.provisioned_throughput = Some(Throughput::new(read, write));
            }
        }
        self
    }

    /// Sets DynamoDB's `BillingMode` parameter alone.
    #[must_use]
    pub fn capacity_mode(mut self, mode: CapacityMode) -> UpdateTableRequest {
        self.capacity_mode = Some(mode);
        self
    }

    /// Sets the table's provisioned capacity.
    #[must_use]
    pub fn provisioned_throughput(mut self, throughput: Throughput) -> UpdateTableRequest {
        self.provisioned_throughput = Some(throughput);
        self
    }

    /// Adds a change to the global indexes.
    #[must_use]
    pub fn global_index_update(mut self, update: GlobalIndexUpdate) -> UpdateTableRequest {
        self.global_index_updates.push(update);
        self
    }

    /// Creates a global index (on an on-demand table).
    #[must_use]
    pub fn create_global_index(self, index: IndexDefinition) -> UpdateTableRequest {
        self.global_index_update(GlobalIndexUpdate::create(index))
    }

    /// Deletes a global index.
    #[must_use]
    pub fn delete_global_index(self, name: impl Into<String>) -> UpdateTableRequest {
        self.global_index_update(GlobalIndexUpdate::delete(name))
    }

    /// Enables the table's stream (DynamoDB refuses it when one is enabled
    /// already) or disables it.
    ///
    /// ```
    /// use dynorm::backend::{StreamSpecification, StreamViewType, UpdateTableRequest};
    /// let on = UpdateTableRequest::new("orders")
    ///     .stream_specification(StreamSpecification::enabled(StreamViewType::KeysOnly));
    /// assert!(on.stream_specification.unwrap().enabled);
    /// ```
    #[must_use]
    pub fn stream_specification(mut self, stream: StreamSpecification) -> UpdateTableRequest {
        self.stream_specification = Some(stream);
        self
    }

    /// Turns deletion protection on or off.
    ///
    /// ```
    /// use dynorm::backend::UpdateTableRequest;
    /// let protect = UpdateTableRequest::new("orders").deletion_protection(true);
    /// assert_eq!(protect.deletion_protection, Some(true));
    /// ```
    #[must_use]
    pub fn deletion_protection(mut self, enabled: bool) -> UpdateTableRequest {
        self.deletion_protection = Some(enabled);
        self
    }

    /// Moves the table to this storage class.
    ///
    /// ```
    /// use dynorm::backend::{TableClass, UpdateTableRequest};
    /// let ia = UpdateTableRequest::new("orders").table_class(TableClass::StandardInfrequentAccess);
    /// assert_eq!(ia.table_class, Some(TableClass::StandardInfrequentAccess));
    /// ```
    #[must_use]
    pub fn table_class(mut self, class: TableClass) -> UpdateTableRequest {
        self.table_class = Some(class);
        self
    }

    /// Sets the on-demand maximum throughput of the table.
    ///
    /// ```
    /// use dynorm::backend::{OnDemandThroughput, UpdateTableRequest};
    /// let max = UpdateTableRequest::new("orders")
    ///     .on_demand_throughput(OnDemandThroughput::new(Some(20), Some(15)));
    /// assert_eq!(max.on_demand_throughput.unwrap().max_write_request_units, Some(15));
    /// ```
    #[must_use]
    pub fn on_demand_throughput(mut self, max: OnDemandThroughput) -> UpdateTableRequest {
        self.on_demand_throughput = Some(max);
        self
    }
}
