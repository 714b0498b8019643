//! PartiQL through the client: [`Client::execute_statement`] (a builder),
//! [`Client::batch_execute_statement`] and [`Client::execute_transaction`].
//!
//! Statements name their tables in full: the client's table prefix is not
//! applied inside statement text (build it with
//! [`Client::table_name`]).

use super::Client;
use crate::backend::{
    BatchExecuteStatementOutput, BatchExecuteStatementRequest, ExecuteStatementOutput,
    ExecuteStatementRequest, ExecuteTransactionOutput, ExecuteTransactionRequest,
};
use crate::error::Result;
use crate::value::Value;

/// One ExecuteStatement, sent when awaited (or with [`send`](ExecuteStatement::send)).
#[derive(Debug, Clone)]
#[must_use = "a statement does nothing until awaited"]
pub struct ExecuteStatement {
    client: Client,
    req: ExecuteStatementRequest,
}

impl ExecuteStatement {
    /// Binds the next `?`.
    pub fn parameter(mut self, value: impl Into<Value>) -> Self {
        self.req.statement.parameters.push(value.into());
        self
    }

    /// Binds every `?`, in order.
    pub fn parameters(mut self, values: impl IntoIterator<Item = Value>) -> Self {
        self.req.statement.parameters = values.into_iter().collect();
        self
    }

    /// Most items a SELECT evaluates in this page.
    pub fn limit(mut self, limit: u32) -> Self {
        self.req.limit = Some(limit);
        self
    }

    /// Continues a SELECT after the page that gave this token.
    pub fn next_token(mut self, token: impl Into<String>) -> Self {
        self.req.next_token = Some(token.into());
        self
    }

    /// Strongly consistent read.
    pub fn consistent_read(mut self, yes: bool) -> Self {
        self.req.statement.consistent_read = yes;
        self
    }

    /// Returns the stored item in a [`ConditionFailed`](crate::Error::ConditionFailed).
    pub fn return_old_on_condition_failure(mut self, yes: bool) -> Self {
        self.req.statement.return_old_on_condition_failure = yes;
        self
    }

    /// Sends the statement: one page of items for a SELECT, the RETURNING
    /// item for a write that asked for one.
    pub async fn send(self) -> Result<ExecuteStatementOutput> {
        self.client.backend().execute_statement(self.req).await
    }
}

impl std::future::IntoFuture for ExecuteStatement {
    type Output = Result<ExecuteStatementOutput>;
    type IntoFuture = futures::future::BoxFuture<'static, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl Client {
    /// A PartiQL statement (`SELECT`, `INSERT`, `UPDATE`, `DELETE`), its
    /// `?` bound with [`parameter`](ExecuteStatement::parameter).
    ///
    /// ```
    /// use dynorm::backend::{KeyAttribute, KeyType, TableDefinition};
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = dynorm::Client::new(dynorm_memory::MemoryBackend::new());
    /// client
    ///     .create_table_definition(TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S)))
    ///     .await?;
    /// client
    ///     .execute_statement(r#"INSERT INTO "users" VALUE {'pk': ?, 'name': 'Ann'}"#)
    ///     .parameter("u1")
    ///     .await?;
    /// let dup = client.execute_statement(r#"INSERT INTO "users" VALUE {'pk': 'u1'}"#).await;
    /// assert_eq!(dup.unwrap_err().kind(), "DuplicateItem");
    /// let page = client
    ///     .execute_statement(r#"SELECT name FROM "users" WHERE pk = ?"#)
    ///     .parameter("u1")
    ///     .await?;
    /// assert_eq!(page.items, [dynorm::Item::new().with("name", "Ann")]);
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub fn execute_statement(&self, statement: impl Into<String>) -> ExecuteStatement {
        ExecuteStatement {
            client: self.clone(),
            req: ExecuteStatementRequest::new(statement),
        }
    }

    /// BatchExecuteStatement: up to 25 statements, all reads or all writes;
    /// each statement's failure is its own response's error.
    ///
    /// ```
    /// use dynorm::backend::{
    ///     BatchExecuteStatementRequest, KeyAttribute, KeyType, ParameterizedStatement, TableDefinition,
    /// };
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = dynorm::Client::new(dynorm_memory::MemoryBackend::new());
    /// client
    ///     .create_table_definition(TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S)))
    ///     .await?;
    /// let insert = |pk: &str| ParameterizedStatement::new(r#"INSERT INTO "users" VALUE {'pk': ?}"#).parameter(pk);
    /// client.batch_execute_statement(BatchExecuteStatementRequest::new(vec![insert("a")])).await?;
    /// let out = client
    ///     .batch_execute_statement(BatchExecuteStatementRequest::new(vec![insert("a"), insert("b")]))
    ///     .await?;
    /// assert_eq!(out.responses[0].error.as_ref().map(|e| e.code.as_str()), Some("DuplicateItem"));
    /// assert!(out.responses[1].error.is_none());
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn batch_execute_statement(
        &self,
        req: BatchExecuteStatementRequest,
    ) -> Result<BatchExecuteStatementOutput> {
        self.backend().batch_execute_statement(req).await
    }

    /// ExecuteTransaction: up to 100 statements, all writes (applied all or
    /// nothing, [`Error::TransactionCanceled`](crate::Error::TransactionCanceled)
    /// with a reason per statement) or all single-item reads.
    ///
    /// ```
    /// use dynorm::backend::{
    ///     ExecuteTransactionRequest, KeyAttribute, KeyType, ParameterizedStatement, TableDefinition,
    /// };
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// let client = dynorm::Client::new(dynorm_memory::MemoryBackend::new());
    /// client
    ///     .create_table_definition(TableDefinition::new("users", KeyAttribute::new("pk", KeyType::S)))
    ///     .await?;
    /// let failed = client
    ///     .execute_transaction(ExecuteTransactionRequest::new(vec![
    ///         ParameterizedStatement::new(r#"INSERT INTO "users" VALUE {'pk': 'a'}"#),
    ///         ParameterizedStatement::new(r#"UPDATE "users" SET n = 1 WHERE pk = 'missing'"#),
    ///     ]))
    ///     .await
    ///     .unwrap_err();
    /// assert_eq!(failed.kind(), "TransactionCanceled");
    /// let read = client
    ///     .execute_transaction(ExecuteTransactionRequest::new(vec![ParameterizedStatement::new(
    ///         r#"SELECT * FROM "users" WHERE pk = 'a'"#,
    ///     )]))
    ///     .await?;
    /// assert_eq!(read.responses, [None], "nothing was written");
    /// # Ok::<(), dynorm::Error>(())
    /// # }).unwrap();
    /// ```
    pub async fn execute_transaction(
        &self,
        req: ExecuteTransactionRequest,
    ) -> Result<ExecuteTransactionOutput> {
        self.backend().execute_transaction(req).await
    }
}
