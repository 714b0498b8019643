//! ExecuteStatement, BatchExecuteStatement and ExecuteTransaction, sent to
//! DynamoDB as they are (DynamoDB runs the statements).

use super::{consumed, consumed_list, on_condition_failure, return_consumed};
use crate::backend::Sdk;
use crate::convert::{attrs_into_item, opt_attrs_into_item, value_into_attr};
use crate::error::{from_build, sdk_error};
use aws_sdk_dynamodb::types::{self as sdk, AttributeValue};
use dynorm::backend::*;
use dynorm::{Error, Result};

fn parameters(values: Vec<dynorm::Value>) -> Option<Vec<AttributeValue>> {
    (!values.is_empty()).then(|| values.into_iter().map(value_into_attr).collect())
}

pub(crate) async fn execute_statement(
    client: &Sdk,
    req: ExecuteStatementRequest,
) -> Result<ExecuteStatementOutput> {
    let s = req.statement;
    let limit = req.limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX));
    let out = client
        .execute_statement()
        .statement(s.statement)
        .set_parameters(parameters(s.parameters))
        .consistent_read(s.consistent_read)
        .set_return_values_on_condition_check_failure(on_condition_failure(
            s.return_old_on_condition_failure,
        ))
        .set_limit(limit)
        .set_next_token(req.next_token)
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut answer = ExecuteStatementOutput::default();
    answer.items = out
        .items
        .unwrap_or_default()
        .into_iter()
        .map(attrs_into_item)
        .collect::<Result<_, _>>()
        .map_err(Error::from)?;
    answer.next_token = out.next_token;
    answer.last_evaluated_key = opt_attrs_into_item(out.last_evaluated_key).map_err(Error::from)?;
    answer.consumed_capacity = consumed(out.consumed_capacity);
    Ok(answer)
}

pub(crate) async fn batch_execute_statement(
    client: &Sdk,
    req: BatchExecuteStatementRequest,
) -> Result<BatchExecuteStatementOutput> {
    let statements = req
        .statements
        .into_iter()
        .map(|s| {
            sdk::BatchStatementRequest::builder()
                .statement(s.statement)
                .set_parameters(parameters(s.parameters))
                .consistent_read(s.consistent_read)
                .set_return_values_on_condition_check_failure(on_condition_failure(
                    s.return_old_on_condition_failure,
                ))
                .build()
                .map_err(from_build)
        })
        .collect::<Result<Vec<_>>>()?;
    let out = client
        .batch_execute_statement()
        .set_statements(Some(statements))
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut answer = BatchExecuteStatementOutput::default();
    for r in out.responses.unwrap_or_default() {
        let mut one = BatchStatementResponse::default();
        one.table = r.table_name;
        one.item = opt_attrs_into_item(r.item).map_err(Error::from)?;
        one.error = r
            .error
            .map(|e| -> Result<BatchStatementError> {
                let code = e.code.map(|c| c.as_str().to_owned()).unwrap_or_default();
                Ok(
                    BatchStatementError::new(code, e.message.unwrap_or_default())
                        .with_item(opt_attrs_into_item(e.item).map_err(Error::from)?),
                )
            })
            .transpose()?;
        answer.responses.push(one);
    }
    answer.consumed_capacity = consumed_list(out.consumed_capacity);
    Ok(answer)
}

pub(crate) async fn execute_transaction(
    client: &Sdk,
    req: ExecuteTransactionRequest,
) -> Result<ExecuteTransactionOutput> {
    let statements = req
        .statements
        .into_iter()
        .map(|s| {
            sdk::ParameterizedStatement::builder()
                .statement(s.statement)
                .set_parameters(parameters(s.parameters))
                .set_return_values_on_condition_check_failure(on_condition_failure(
                    s.return_old_on_condition_failure,
                ))
                .build()
                .map_err(from_build)
        })
        .collect::<Result<Vec<_>>>()?;
    let out = client
        .execute_transaction()
        .set_transact_statements(Some(statements))
        .set_client_request_token(req.client_request_token)
        .set_return_consumed_capacity(return_consumed(req.return_consumed_capacity))
        .send()
        .await
        .map_err(sdk_error(client))?;
    let mut answer = ExecuteTransactionOutput::default();
    answer.responses = out
        .responses
        .unwrap_or_default()
        .into_iter()
        .map(|r| opt_attrs_into_item(r.item).map_err(Error::from))
        .collect::<Result<_>>()?;
    answer.consumed_capacity = consumed_list(out.consumed_capacity);
    Ok(answer)
}
