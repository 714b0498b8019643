//! Waiting for a table and its global indexes to become ACTIVE: the one
//! wait loop of the table tooling (create, ensure, update).

use super::Client;
use crate::backend::{DescribeTableRequest, TableDescription, TableStatus};
use crate::error::{Error, Result};
use std::time::Duration;
use tokio::time::Instant;

/// How the table tooling waits for a table to become ACTIVE: DescribeTable
/// after a pause that starts at `first_pause` and doubles up to `max_pause`,
/// until the table and every global index are ACTIVE or `timeout` has passed
/// ([`Error::TableNotActive`], naming the states it was stuck in).
///
/// The default waits up to 20 minutes: DynamoDB fills a global index added
/// to an existing table in minutes (about 8 to 17 on small tables), a new
/// table takes seconds. The memory backend and DynamoDB Local answer ACTIVE
/// at once or within a second.
///
/// ```
/// use dynorm::client::TableWait;
/// use std::time::Duration;
/// let wait = TableWait::default().timeout(Duration::from_secs(60));
/// assert_eq!(wait.timeout, Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableWait {
    /// Longest wait.
    pub timeout: Duration,
    /// Pause before the first DescribeTable.
    pub first_pause: Duration,
    /// Longest pause between two DescribeTable calls.
    pub max_pause: Duration,
}

impl Default for TableWait {
    fn default() -> TableWait {
        TableWait {
            timeout: Duration::from_secs(20 * 60),
            first_pause: Duration::from_millis(50),
            max_pause: Duration::from_secs(5),
        }
    }
}

impl TableWait {
    /// Sets the longest wait.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> TableWait {
        self.timeout = timeout;
        self
    }

    /// Sets the first and the longest pause between DescribeTable calls.
    #[must_use]
    pub fn pauses(mut self, first: Duration, max: Duration) -> TableWait {
        self.first_pause = first;
        self.max_pause = max.max(first);
        self
    }
}

impl Client {
    /// Waits until the table called `name` (prefixed) and all its global
    /// indexes are ACTIVE, as the client's [`TableWait`] says, and returns
    /// its description then.
    ///
    /// ```
    /// # use dynorm::Client;
    /// # async fn demo(client: Client) -> dynorm::Result<()> {
    /// let desc = client.wait_until_active("orders").await?;
    /// assert!(desc.is_active());
    /// # Ok(()) }
    /// ```
    pub async fn wait_until_active(&self, name: &str) -> Result<TableDescription> {
        let full = self.table_name(name);
        let desc = self
            .backend()
            .describe_table(DescribeTableRequest::new(&full))
            .await?;
        self.settle(desc).await
    }

    /// Waits from what a table call answered (`desc`) until the table and
    /// its global indexes are ACTIVE; an answer that is ACTIVE already is
    /// returned as it is.
    pub(crate) async fn settle(&self, mut desc: TableDescription) -> Result<TableDescription> {
        let wait = self.table_wait();
        let started = Instant::now();
        let mut pause = wait.first_pause;
        loop {
            if desc.is_active() {
                return Ok(desc);
            }
            let waited = started.elapsed();
            let never_active = !desc.status.is_transitional() && desc.status != TableStatus::Active;
            if never_active || waited >= wait.timeout {
                return Err(Error::TableNotActive {
                    indexes: desc.not_active(),
                    table: desc.definition.name,
                    status: desc.status,
                    waited,
                });
            }
            tokio::time::sleep(pause.min(wait.timeout - waited)).await;
            pause = (pause * 2).min(wait.max_pause);
            desc = self
                .backend()
                .describe_table(DescribeTableRequest::new(&desc.definition.name))
                .await?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::{
        Backend, Capabilities, IndexDescription, IndexStatus, KeyAttribute, KeyType, Operation,
        TableDefinition,
    };
    use async_trait::async_trait;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// A backend whose table `t` reports the given states, one per
    /// DescribeTable call, the last one forever.
    #[derive(Debug)]
    struct Script {
        states: Vec<(TableStatus, Option<IndexStatus>)>,
        calls: AtomicUsize,
    }

    #[async_trait]
    impl Backend for Script {
        fn name(&self) -> &'static str {
            "script"
        }
        fn capabilities(&self) -> Capabilities {
            Capabilities::new().with(Operation::DescribeTable)
        }
        async fn describe_table(&self, req: DescribeTableRequest) -> Result<TableDescription> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let (status, index) = self.states[n.min(self.states.len() - 1)];
            let def = TableDefinition::new(req.table, KeyAttribute::new("pk", KeyType::S));
            let mut desc = TableDescription::new(def, status);
            if let Some(s) = index {
                desc.global_indexes.push(IndexDescription::new("g", s));
            }
            Ok(desc)
        }
    }

    fn client(
        states: Vec<(TableStatus, Option<IndexStatus>)>,
        timeout: Duration,
    ) -> (Client, Arc<Script>) {
        let script = Arc::new(Script {
            states,
            calls: AtomicUsize::new(0),
        });
        let wait = TableWait::default()
            .timeout(timeout)
            .pauses(Duration::from_millis(1), Duration::from_millis(4));
        let client = Client::builder(script.clone()).table_wait(wait).build();
        (client, script)
    }

    #[tokio::test]
    async fn waits_until_the_table_and_its_indexes_are_active() {
        let (client, script) = client(
            vec![
                (TableStatus::Creating, Some(IndexStatus::Creating)),
                (TableStatus::Active, Some(IndexStatus::Creating)),
                (TableStatus::Active, Some(IndexStatus::Active)),
            ],
            Duration::from_secs(10),
        );
        let desc = client.wait_until_active("t").await.expect("active");
        assert!(desc.is_active());
        assert_eq!(script.calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_table_stuck_creating_is_a_typed_error_naming_its_states() {
        let (client, _) = client(
            vec![(TableStatus::Active, Some(IndexStatus::Creating))],
            Duration::from_millis(30),
        );
        let err = client.wait_until_active("t").await.expect_err("stuck");
        assert!(err.is_table_not_active(), "{err}");
        match &err {
            Error::TableNotActive {
                status, indexes, ..
            } => {
                assert_eq!(*status, TableStatus::Active);
                assert_eq!(indexes, &[("g".to_owned(), IndexStatus::Creating)]);
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("index `g` is CREATING"), "{err}");
    }

    #[tokio::test]
    async fn a_table_being_deleted_fails_at_once() {
        let (client, script) = client(vec![(TableStatus::Deleting, None)], Duration::from_secs(60));
        let err = client.wait_until_active("t").await.expect_err("deleting");
        assert!(err.to_string().contains("the table is DELETING"), "{err}");
        assert_eq!(script.calls.load(Ordering::SeqCst), 1);
    }
}
