//! ExecuteStatement, BatchExecuteStatement and ExecuteTransaction: the
//! statements and their `Parameters`, answered as DynamoDB writes them.

use super::{capacity, Answer};
use crate::error::ApiError;
use crate::input::Input;
use dynorm::backend::{
    BatchExecuteStatementRequest, ExecuteStatementRequest, ExecuteTransactionRequest,
    ParameterizedStatement,
};
use dynorm::value::{item_to_dynamodb_json, value_from_dynamodb_json};
use dynorm::Backend;
use serde_json::{json, Map, Value as Json};

/// One statement's `Statement`, `Parameters`, `ConsistentRead` and
/// `ReturnValuesOnConditionCheckFailure`; `at` is the member path DynamoDB
/// names in its messages.
fn statement(input: &Input<'_>, at: &str) -> Result<ParameterizedStatement, ApiError> {
    let mut s = ParameterizedStatement::new(input.required_str("Statement")?);
    if let Some(params) = input.list("Parameters")? {
        if params.is_empty() {
            return Err(ApiError::validation(format!(
                "1 validation error detected: Value '[]' at '{at}parameters' failed to satisfy constraint: Member must have length greater than or equal to 1"
            )));
        }
        s.parameters = params
            .iter()
            .map(value_from_dynamodb_json)
            .collect::<Result<_, _>>()?;
    }
    s.consistent_read = input.bool("ConsistentRead")?.unwrap_or(false);
    s.return_old_on_condition_failure = input.return_old_on_failure()?;
    Ok(s)
}

pub(super) async fn execute_statement(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = ExecuteStatementRequest::of(statement(&input, "")?);
    req.limit = input.limit("Limit")?;
    req.next_token = input.str("NextToken")?.map(str::to_owned);
    let rcc = capacity::requested(&input)?;
    let out = backend
        .execute_statement(req.return_consumed_capacity(rcc))
        .await?;
    let items: Vec<Json> = out.items.iter().map(item_to_dynamodb_json).collect();
    let mut body = json!({ "Items": items });
    if let Some(token) = out.next_token {
        body["NextToken"] = Json::from(token);
    }
    if let Some(key) = &out.last_evaluated_key {
        body["LastEvaluatedKey"] = item_to_dynamodb_json(key);
    }
    capacity::add_one(&mut body, out.consumed_capacity.as_ref());
    Ok(body)
}

/// The statements of a batch or transaction under `member`.
fn statements(input: &Input<'_>, member: &str) -> Result<Vec<ParameterizedStatement>, ApiError> {
    input
        .required_list(member)?
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let at = format!("{}.{}.member.", field(member), i + 1);
            statement(&Input::of(entry)?, &at)
        })
        .collect()
}

/// The camelCase name of a member, as DynamoDB's messages write it.
fn field(member: &str) -> String {
    let mut chars = member.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

pub(super) async fn batch_execute_statement(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let req = BatchExecuteStatementRequest::new(statements(&input, "Statements")?);
    let rcc = capacity::requested(&input)?;
    let out = backend
        .batch_execute_statement(req.return_consumed_capacity(rcc))
        .await?;
    let responses: Vec<Json> = out
        .responses
        .iter()
        .map(|r| {
            let mut one = Map::new();
            if let Some(e) = &r.error {
                let mut error = Map::new();
                error.insert("Code".into(), Json::from(e.code.as_str()));
                error.insert("Message".into(), Json::from(e.message.as_str()));
                if let Some(item) = &e.item {
                    error.insert("Item".into(), item_to_dynamodb_json(item));
                }
                one.insert("Error".into(), Json::Object(error));
            }
            if let Some(table) = &r.table {
                one.insert("TableName".into(), Json::from(table.as_str()));
            }
            if let Some(item) = &r.item {
                one.insert("Item".into(), item_to_dynamodb_json(item));
            }
            Json::Object(one)
        })
        .collect();
    let mut body = json!({ "Responses": responses });
    capacity::add_all(&mut body, rcc, &out.consumed_capacity);
    Ok(body)
}

pub(super) async fn execute_transaction(backend: &dyn Backend, input: Input<'_>) -> Answer {
    let mut req = ExecuteTransactionRequest::new(statements(&input, "TransactStatements")?);
    if let Some(token) = input.str("ClientRequestToken")? {
        req = req.client_request_token(token);
    }
    let rcc = capacity::requested(&input)?;
    let out = backend
        .execute_transaction(req.return_consumed_capacity(rcc))
        .await?;
    let responses: Vec<Json> = out
        .responses
        .iter()
        .map(|item| match item {
            Some(i) => json!({ "Item": item_to_dynamodb_json(i) }),
            None => json!({}),
        })
        .collect();
    let mut body = json!({ "Responses": responses });
    capacity::add_all(&mut body, rcc, &out.consumed_capacity);
    Ok(body)
}
