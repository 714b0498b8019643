//! [`UpdateTable`]: change a table's billing, global indexes and settings
//! from the client, waiting for the table to become ACTIVE.

use super::Client;
use crate::backend::{
    BillingMode, DescribeTableRequest, GlobalIndexUpdate, IndexDefinition, OnDemandThroughput,
    TableClass, TableDescription, Throughput, UpdateTableRequest,
};
use crate::error::Result;
use futures::future::BoxFuture;

/// An UpdateTable, built by [`Client::update_table`]: billing mode,
/// provisioned capacity, global indexes to add or remove, deletion
/// protection, table class, on-demand maximum throughput. Sending it waits
/// until the table is ACTIVE (a previous change may still run), sends one
/// UpdateTable and waits until the table and every index are ACTIVE again
/// (as the client's [`TableWait`](super::TableWait) says).
///
/// Capacity follows the convention of [`TableDefinition`](crate::backend::TableDefinition):
/// a provisioned table's throughput serves its global indexes too. So
/// switching an on-demand table to provisioned gives every existing index
/// the table's throughput (DynamoDB wants one for each), and an index added
/// to a provisioned table gets the table's throughput unless
/// [`add_global_index_with_throughput`](Self::add_global_index_with_throughput)
/// says otherwise. Everything else is DynamoDB's to accept or refuse: one
/// index created or deleted per call, no index added while the table's
/// throughput changes.
///
/// ```
/// # use dynorm::Client;
/// use dynorm::backend::{BillingMode, IndexDefinition, KeyAttribute, KeyType};
/// # async fn demo(client: Client) -> dynorm::Result<()> {
/// let by_status = IndexDefinition::new("ByStatus", KeyAttribute::new("status", KeyType::S));
/// let desc = client.update_table("orders").add_global_index(by_status).await?;
/// assert!(desc.is_active());
/// client
///     .update_table("orders")
///     .billing(BillingMode::Provisioned { read: 5, write: 5 })
///     .await?;
/// client.update_table("orders").remove_global_index("ByStatus").await?;
/// let protected = client.update_table("orders").deletion_protection(true).await?;
/// assert!(protected.definition.deletion_protection);
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "an UpdateTable does nothing until it is awaited"]
pub struct UpdateTable {
    client: Client,
    table: String,
    billing: Option<BillingMode>,
    add: Vec<(IndexDefinition, Option<Throughput>)>,
    remove: Vec<String>,
    index_throughput: Vec<(String, Throughput)>,
    deletion_protection: Option<bool>,
    table_class: Option<TableClass>,
    on_demand_throughput: Option<OnDemandThroughput>,
}

impl Client {
    /// Updates the table called `name` (the client's prefix is applied).
    pub fn update_table(&self, name: &str) -> UpdateTable {
        UpdateTable {
            client: self.clone(),
            table: self.table_name(name),
            billing: None,
            add: Vec::new(),
            remove: Vec::new(),
            index_throughput: Vec::new(),
            deletion_protection: None,
            table_class: None,
            on_demand_throughput: None,
        }
    }
}

impl UpdateTable {
    /// Switches to (or, for provisioned capacity, changes) this billing mode.
    pub fn billing(mut self, billing: BillingMode) -> UpdateTable {
        self.billing = Some(billing);
        self
    }

    /// Adds a global index, filled from the table's items.
    pub fn add_global_index(mut self, index: IndexDefinition) -> UpdateTable {
        self.add.push((index, None));
        self
    }

    /// Adds a global index with its own provisioned capacity (on a provisioned table).
    pub fn add_global_index_with_throughput(
        mut self,
        index: IndexDefinition,
        throughput: Throughput,
    ) -> UpdateTable {
        self.add.push((index, Some(throughput)));
        self
    }

    /// Removes a global index.
    pub fn remove_global_index(mut self, name: impl Into<String>) -> UpdateTable {
        self.remove.push(name.into());
        self
    }

    /// Sets one global index's provisioned capacity.
    pub fn global_index_throughput(
        mut self,
        name: impl Into<String>,
        throughput: Throughput,
    ) -> UpdateTable {
        self.index_throughput.push((name.into(), throughput));
        self
    }

    /// Turns deletion protection on (DeleteTable is then refused) or off.
    pub fn deletion_protection(mut self, enabled: bool) -> UpdateTable {
        self.deletion_protection = Some(enabled);
        self
    }

    /// Moves the table to this storage class.
    pub fn table_class(mut self, class: TableClass) -> UpdateTable {
        self.table_class = Some(class);
        self
    }

    /// Sets the on-demand maximum throughput (of an on-demand table).
    pub fn on_demand_throughput(mut self, max: OnDemandThroughput) -> UpdateTable {
        self.on_demand_throughput = Some(max);
        self
    }

    /// The request to send to a table described as `current`.
    fn request(&self, current: &TableDescription) -> UpdateTableRequest {
        let mut req = UpdateTableRequest::new(&self.table);
        req.deletion_protection = self.deletion_protection;
        req.table_class = self.table_class;
        req.on_demand_throughput = self.on_demand_throughput;
        let mut index_throughput = self.index_throughput.clone();
        if let Some(billing) = self.billing {
            req = req.billing(billing);
            let switching = current.definition.billing == BillingMode::OnDemand;
            if let (Some(throughput), true) = (billing.throughput(), switching) {
                for index in &current.definition.global_indexes {
                    let named = |name: &String| *name == index.name;
                    let given = index_throughput.iter().any(|(n, _)| named(n));
                    if !given && !self.remove.iter().any(named) {
                        index_throughput.push((index.name.clone(), throughput));
                    }
                }
            }
        }
        let provisioned = self
            .billing
            .unwrap_or(current.definition.billing)
            .throughput();
        for (name, throughput) in index_throughput {
            req = req.global_index_update(GlobalIndexUpdate::update(name, throughput));
        }
        for (index, throughput) in &self.add {
            let update = match throughput.or(provisioned) {
                Some(t) => GlobalIndexUpdate::create_provisioned(index.clone(), t),
                None => GlobalIndexUpdate::create(index.clone()),
            };
            req = req.global_index_update(update);
        }
        for name in &self.remove {
            req = req.delete_global_index(name);
        }
        req
    }

    /// Sends the update and waits until the table and its indexes are ACTIVE.
    pub async fn send(self) -> Result<TableDescription> {
        let backend = self.client.backend();
        let current = backend
            .describe_table(DescribeTableRequest::new(&self.table))
            .await?;
        let current = self.client.settle(current).await?;
        let answer = backend.update_table(self.request(&current)).await?;
        self.client.settle(answer).await
    }
}

impl std::future::IntoFuture for UpdateTable {
    type Output = Result<TableDescription>;
    type IntoFuture = BoxFuture<'static, Result<TableDescription>>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{CapacityMode, KeyAttribute, KeyType, TableDefinition, TableStatus};

    fn table(billing: BillingMode) -> TableDescription {
        let def = TableDefinition::new("t", KeyAttribute::new("pk", KeyType::S))
            .with_global_index(IndexDefinition::new(
                "A",
                KeyAttribute::new("a", KeyType::S),
            ))
            .with_global_index(IndexDefinition::new(
                "B",
                KeyAttribute::new("b", KeyType::S),
            ))
            .with_billing(billing);
        TableDescription::new(def, TableStatus::Active)
    }

    fn builder() -> UpdateTable {
        Client::from_backend(std::sync::Arc::new(NoBackend)).update_table("t")
    }

    #[derive(Debug)]
    struct NoBackend;
    impl crate::Backend for NoBackend {
        fn name(&self) -> &'static str {
            "none"
        }
    }

    #[test]
    fn switching_to_provisioned_gives_every_kept_index_the_tables_throughput() {
        let req = builder()
            .billing(BillingMode::Provisioned { read: 2, write: 3 })
            .global_index_throughput("B", Throughput::new(7, 7))
            .request(&table(BillingMode::OnDemand));
        assert_eq!(req.capacity_mode, Some(CapacityMode::Provisioned));
        assert_eq!(req.provisioned_throughput, Some(Throughput::new(2, 3)));
        assert_eq!(
            req.global_index_updates,
            vec![
                GlobalIndexUpdate::update("B", Throughput::new(7, 7)),
                GlobalIndexUpdate::update("A", Throughput::new(2, 3)),
            ]
        );
    }

    #[test]
    fn an_index_added_to_a_provisioned_table_gets_its_throughput() {
        let c = IndexDefinition::new("C", KeyAttribute::new("c", KeyType::N));
        let req = builder()
            .add_global_index(c.clone())
            .remove_global_index("A")
            .request(&table(BillingMode::Provisioned { read: 4, write: 5 }));
        assert_eq!(req.capacity_mode, None);
        assert_eq!(
            req.global_index_updates,
            vec![
                GlobalIndexUpdate::create_provisioned(c.clone(), Throughput::new(4, 5)),
                GlobalIndexUpdate::delete("A"),
            ]
        );
        let on_demand = builder()
            .add_global_index(c.clone())
            .request(&table(BillingMode::OnDemand));
        assert_eq!(
            on_demand.global_index_updates,
            vec![GlobalIndexUpdate::create(c)]
        );
    }
}
