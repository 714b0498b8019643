//! One function per operation: read the request members, call the
//! backend, write the answer as DynamoDB does.

mod capacity;
mod items;
mod partiql;
mod read;
mod streams;
mod tables;
mod tags;

use crate::error::ApiError;
use crate::input::Input;
use dynorm::value::item_to_dynamodb_json;
use dynorm::{Backend, Item};
use serde_json::{Map, Value as Json};

/// What an operation answers: the response body, or an error.
pub(crate) type Answer = Result<Json, ApiError>;

/// The operations the server answers, by their `X-Amz-Target` name.
pub const OPERATIONS: [&str; 23] = [
    "GetItem",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
    "CreateTable",
    "DescribeTable",
    "UpdateTable",
    "DeleteTable",
    "ListTables",
    "UpdateTimeToLive",
    "DescribeTimeToLive",
    "TagResource",
    "UntagResource",
    "ListTagsOfResource",
    "ExecuteStatement",
    "BatchExecuteStatement",
    "ExecuteTransaction",
];

pub use streams::STREAMS_OPERATIONS;

/// The API an `X-Amz-Target` addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    /// `DynamoDB_20120810`.
    DynamoDb,
    /// `DynamoDBStreams_20120810`.
    Streams,
}

impl Api {
    /// The operations of the API.
    pub(crate) fn operations(self) -> &'static [&'static str] {
        match self {
            Api::DynamoDb => &OPERATIONS,
            Api::Streams => &STREAMS_OPERATIONS,
        }
    }
}

/// Runs one operation of `api` on `body` and writes its answer's body.
/// Pages of items are written straight from the items; the other answers
/// through a JSON tree.
pub(crate) async fn answer(
    backend: &dyn Backend,
    api: Api,
    operation: &str,
    body: &Json,
) -> Result<String, ApiError> {
    let input = Input::of(body)?;
    if api == Api::Streams {
        return streams::call(backend, operation, input)
            .await
            .map(|json| json.to_string());
    }
    match operation {
        "Query" => read::query(backend, input).await,
        "Scan" => read::scan(backend, input).await,
        _ => call(backend, operation, input)
            .await
            .map(|json| json.to_string()),
    }
}

/// Runs one operation whose answer is a JSON tree.
async fn call(backend: &dyn Backend, operation: &str, input: Input<'_>) -> Answer {
    match operation {
        "GetItem" => items::get_item(backend, input).await,
        "PutItem" => items::put_item(backend, input).await,
        "UpdateItem" => items::update_item(backend, input).await,
        "DeleteItem" => items::delete_item(backend, input).await,
        "BatchGetItem" => items::batch_get_item(backend, input).await,
        "BatchWriteItem" => items::batch_write_item(backend, input).await,
        "TransactGetItems" => items::transact_get_items(backend, input).await,
        "TransactWriteItems" => items::transact_write_items(backend, input).await,
        "CreateTable" => tables::create_table(backend, input).await,
        "DescribeTable" => tables::describe_table(backend, input).await,
        "UpdateTable" => tables::update_table(backend, input).await,
        "DeleteTable" => tables::delete_table(backend, input).await,
        "ListTables" => tables::list_tables(backend, input).await,
        "UpdateTimeToLive" => tables::update_time_to_live(backend, input).await,
        "DescribeTimeToLive" => tables::describe_time_to_live(backend, input).await,
        "TagResource" => tags::tag_resource(backend, input).await,
        "UntagResource" => tags::untag_resource(backend, input).await,
        "ListTagsOfResource" => tags::list_tags_of_resource(backend, input).await,
        "ExecuteStatement" => partiql::execute_statement(backend, input).await,
        "BatchExecuteStatement" => partiql::batch_execute_statement(backend, input).await,
        "ExecuteTransaction" => partiql::execute_transaction(backend, input).await,
        _ => Err(ApiError::unknown_operation()),
    }
}

/// An object with the given member, or an empty one.
fn object(member: Option<(&str, Json)>) -> Json {
    let mut body = Map::new();
    if let Some((name, value)) = member {
        body.insert(name.to_owned(), value);
    }
    Json::Object(body)
}

/// A write's answer: `Attributes` when the write returned any.
fn attributes(item: Option<Item>) -> Json {
    object(
        item.filter(|i| !i.is_empty())
            .map(|i| ("Attributes", item_to_dynamodb_json(&i))),
    )
}
