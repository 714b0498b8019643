//! [`Ctx`]: what a scenario gets.

use dynorm::backend::{Capabilities, DeleteTableRequest, Operation};
use dynorm::{Client, Model, Result};

/// What a scenario returns: `Ok(())` when every check held. Checks are
/// `assert!`s; `Err` is an unexpected dynorm error.
pub type Outcome = Result<()>;

/// A scenario's context: a client whose table prefix is unique to this run
/// of this scenario.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// The client, with the scenario's own table prefix.
    pub client: Client,
    /// The scenario's name.
    pub name: &'static str,
}

impl Ctx {
    /// A context for one scenario run.
    pub fn new(client: Client, name: &'static str) -> Ctx {
        let unique = uuid::Uuid::new_v4().simple().to_string();
        let prefix = format!("{}{}_", client.table_prefix(), &unique[..12]);
        Ctx {
            client: client.with_table_prefix(prefix),
            name,
        }
    }

    /// Creates (and returns the full name of) the table for a model.
    pub async fn table_for<M: Model>(&self) -> Result<String> {
        self.client.create_table::<M>().await?;
        Ok(self.client.table_name(M::schema().table))
    }

    /// The backend's name.
    pub fn backend(&self) -> &'static str {
        self.client.backend().name()
    }

    /// What the backend declares it supports.
    pub fn capabilities(&self) -> Capabilities {
        self.client.backend().capabilities()
    }

    /// Whether the backend supports every one of `operations`; when it does
    /// not, says loudly that the scenario is skipped (the scenario then
    /// returns without checking anything).
    pub fn requires(&self, operations: &[Operation]) -> bool {
        let caps = self.capabilities();
        let missing: Vec<&str> = operations
            .iter()
            .filter(|op| !caps.supports(**op))
            .map(|op| op.as_str())
            .collect();
        if missing.is_empty() {
            return true;
        }
        eprintln!(
            "\n*** SKIPPED: scenario `{}` on {}: the backend does not support {} ***\n",
            self.name,
            self.backend(),
            missing.join(", ")
        );
        false
    }

    /// Whether the backend's answers carry consumed capacity; when they do
    /// not, says loudly that the scenario is skipped.
    pub fn requires_consumed_capacity(&self) -> bool {
        if self.capabilities().consumed_capacity {
            return true;
        }
        eprintln!(
            "\n*** SKIPPED: scenario `{}` on {}: the backend does not answer consumed capacity ***\n",
            self.name,
            self.backend()
        );
        false
    }

    /// Whether the backend is DynamoDB Local / DynamoDB (for the few documented differences).
    pub fn is_dynamodb(&self) -> bool {
        self.backend() == "dynamodb"
    }

    /// Deletes the scenario's tables and fails the test on an error outcome.
    pub async fn finish(&self, outcome: Outcome) {
        if let Ok(tables) = self.client.list_tables().await {
            for t in tables {
                let _ = self
                    .client
                    .backend()
                    .delete_table(DeleteTableRequest::new(t))
                    .await;
            }
        }
        if let Err(e) = outcome {
            panic!(
                "scenario `{}` on {} failed with an unexpected error: {e:?}",
                self.name,
                self.backend()
            );
        }
    }
}
