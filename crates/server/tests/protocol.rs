//! The wire itself: status codes, headers and error bodies, over a plain
//! TCP connection.

use dynorm_server::Server;
use serde_json::{json, Value as Json};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

async fn post(server: &Server, target: Option<&str>, body: &str) -> Answer {
    let mut stream = tokio::net::TcpStream::connect(server.local_addr())
        .await
        .expect("connects");
    let target = target
        .map(|t| format!("X-Amz-Target: {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.0\r\n{target}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("sends");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("reads");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

async fn server() -> Server {
    Server::bind("127.0.0.1:0", Arc::new(dynorm_memory::MemoryBackend::new()))
        .await
        .expect("binds")
}

#[tokio::test]
async fn answers_carry_the_crc32_of_their_body() {
    let server = server().await;
    let answer = post(&server, Some("DynamoDB_20120810.ListTables"), "{}").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"TableNames": []}));
    let crc: u32 = answer
        .header("x-amz-crc32")
        .and_then(|c| c.parse().ok())
        .expect("an x-amz-crc32 header");
    assert_eq!(crc, crc32fast_hash(&answer.body));
    assert_eq!(
        answer.header("content-type"),
        Some("application/x-amz-json-1.0")
    );
    assert!(answer.header("x-amzn-requestid").is_some());
    server.shutdown().await;
}

/// CRC-32 (IEEE), bit by bit: the test's own copy, independent of the server's.
fn crc32fast_hash(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[tokio::test]
async fn unknown_operations_and_bad_json_are_refused() {
    let server = server().await;
    let unknown = post(&server, Some("DynamoDB_20120810.Frobnicate"), "{}").await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.json()["__type"],
        "com.amazon.coral.service#UnknownOperationException"
    );
    let none = post(&server, None, "{}").await;
    assert_eq!(
        none.json()["__type"],
        "com.amazon.coral.service#UnknownOperationException"
    );
    let bad = post(&server, Some("DynamoDB_20120810.ListTables"), "{not json").await;
    assert_eq!(bad.status, 400);
    assert_eq!(
        bad.json()["__type"],
        "com.amazon.coral.service#SerializationException"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn service_errors_have_dynamodbs_type_and_message() {
    let server = server().await;
    let missing = post(&server, Some("DynamoDB_20120810.GetItem"), "{}").await;
    assert_eq!(missing.status, 400);
    assert_eq!(
        missing.json(),
        json!({
            "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
            "message": "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
        })
    );
    let no_table = post(
        &server,
        Some("DynamoDB_20120810.GetItem"),
        r#"{"TableName": "none", "Key": {"pk": {"S": "a"}}}"#,
    )
    .await;
    assert_eq!(no_table.status, 400);
    assert_eq!(
        no_table.json()["__type"],
        "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    );
    let create = r#"{"TableName": "things", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#;
    let created = post(&server, Some("DynamoDB_20120810.CreateTable"), create).await;
    assert_eq!(created.status, 200);
    let desc = &created.json()["TableDescription"];
    assert_eq!(desc["TableName"], "things");
    assert!(desc["CreationDateTime"].is_f64());
    assert_eq!(desc["BillingModeSummary"]["BillingMode"], "PAY_PER_REQUEST");
    let again = post(&server, Some("DynamoDB_20120810.CreateTable"), create).await;
    assert_eq!(
        again.json()["__type"],
        "com.amazonaws.dynamodb.v20120810#ResourceInUseException"
    );
    // The table may be CREATING for a moment, as on DynamoDB.
    while post(
        &server,
        Some("DynamoDB_20120810.DescribeTable"),
        r#"{"TableName": "things"}"#,
    )
    .await
    .json()["Table"]["TableStatus"]
        != "ACTIVE"
    {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let put = r#"{"TableName": "things", "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}}"#;
    let stored = post(&server, Some("DynamoDB_20120810.PutItem"), put).await;
    assert_eq!(stored.status, 200, "{}", stored.json());
    let failed = post(
        &server,
        Some("DynamoDB_20120810.PutItem"),
        r#"{"TableName": "things", "Item": {"pk": {"S": "a"}}, "ConditionExpression": "attribute_not_exists(pk)",
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}"#,
    )
    .await;
    assert_eq!(
        failed.json(),
        json!({
            "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
            "message": "The conditional request failed",
            "Item": {"pk": {"S": "a"}, "v": {"N": "1"}}
        })
    );
    let bad_number = post(
        &server,
        Some("DynamoDB_20120810.PutItem"),
        r#"{"TableName": "things", "Item": {"pk": {"S": "b"}, "v": {"N": "x"}}}"#,
    )
    .await;
    assert_eq!(bad_number.status, 400);
    assert_eq!(
        bad_number.json()["__type"],
        "com.amazonaws.dynamodb.v20120810#ValidationException"
    );
    server.shutdown().await;
}

/// CreateTable's settings as DescribeTable writes them (`TableClassSummary`,
/// `SSEDescription` with the AWS-managed key, `OnDemandThroughput`,
/// `DeletionProtectionEnabled`), left out when not set; a protected table's
/// DeleteTable refused; a `KEYS_ONLY` or `ALL` projection listing
/// `NonKeyAttributes` refused on global and local indexes.
#[tokio::test]
async fn table_settings_on_the_wire() {
    let server = server().await;
    let target = |op: &str| format!("DynamoDB_20120810.{op}");
    let created = post(
        &server,
        Some(&target("CreateTable")),
        r#"{"TableName": "configured", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST",
            "DeletionProtectionEnabled": true, "TableClass": "STANDARD_INFREQUENT_ACCESS",
            "SSESpecification": {"Enabled": true},
            "OnDemandThroughput": {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5}}"#,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.json());
    let desc = post(
        &server,
        Some(&target("DescribeTable")),
        r#"{"TableName": "configured"}"#,
    )
    .await
    .json();
    let table = &desc["Table"];
    assert_eq!(table["DeletionProtectionEnabled"], true);
    assert_eq!(
        table["TableClassSummary"],
        json!({"TableClass": "STANDARD_INFREQUENT_ACCESS"})
    );
    assert_eq!(
        table["OnDemandThroughput"],
        json!({"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5})
    );
    assert_eq!(table["SSEDescription"]["Status"], "ENABLED");
    assert_eq!(table["SSEDescription"]["SSEType"], "KMS");
    let key = table["SSEDescription"]["KMSMasterKeyArn"]
        .as_str()
        .expect("a key ARN");
    let region_account = table["TableArn"]
        .as_str()
        .and_then(|arn| arn.strip_prefix("arn:aws:dynamodb:"))
        .and_then(|rest| rest.split_once(":table/"))
        .map(|(ra, _)| ra.to_owned())
        .expect("a table ARN");
    assert!(
        key.starts_with(&format!("arn:aws:kms:{region_account}:key/")),
        "{key}"
    );

    let refused = post(
        &server,
        Some(&target("DeleteTable")),
        r#"{"TableName": "configured"}"#,
    )
    .await;
    assert_eq!(
        refused.json(),
        json!({
            "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
            "message": "Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first."
        })
    );
    let off = post(
        &server,
        Some(&target("UpdateTable")),
        r#"{"TableName": "configured", "DeletionProtectionEnabled": false}"#,
    )
    .await;
    assert_eq!(off.status, 200, "{}", off.json());
    assert_eq!(
        off.json()["TableDescription"]["DeletionProtectionEnabled"],
        false
    );
    let deleted = post(
        &server,
        Some(&target("DeleteTable")),
        r#"{"TableName": "configured"}"#,
    )
    .await;
    assert_eq!(deleted.status, 200, "{}", deleted.json());

    let plain = post(
        &server,
        Some(&target("CreateTable")),
        r#"{"TableName": "plain", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}], "BillingMode": "PAY_PER_REQUEST"}"#,
    )
    .await
    .json();
    let table = &plain["TableDescription"];
    assert_eq!(table["DeletionProtectionEnabled"], false);
    for absent in ["TableClassSummary", "SSEDescription", "OnDemandThroughput"] {
        assert!(table.get(absent).is_none(), "{absent} in {table}");
    }

    for projection in ["KEYS_ONLY", "ALL"] {
        let gsi = format!(
            r#"{{"TableName": "gsi_nka", "KeySchema": [{{"AttributeName": "pk", "KeyType": "HASH"}}],
                "AttributeDefinitions": [{{"AttributeName": "pk", "AttributeType": "S"}}, {{"AttributeName": "g", "AttributeType": "S"}}],
                "BillingMode": "PAY_PER_REQUEST",
                "GlobalSecondaryIndexes": [{{"IndexName": "gsi1", "KeySchema": [{{"AttributeName": "g", "KeyType": "HASH"}}],
                    "Projection": {{"ProjectionType": "{projection}", "NonKeyAttributes": ["x"]}}}}]}}"#
        );
        let lsi = format!(
            r#"{{"TableName": "lsi_nka", "KeySchema": [{{"AttributeName": "pk", "KeyType": "HASH"}}, {{"AttributeName": "sk", "KeyType": "RANGE"}}],
                "AttributeDefinitions": [{{"AttributeName": "pk", "AttributeType": "S"}}, {{"AttributeName": "sk", "AttributeType": "S"}}, {{"AttributeName": "g", "AttributeType": "S"}}],
                "BillingMode": "PAY_PER_REQUEST",
                "LocalSecondaryIndexes": [{{"IndexName": "lsi1", "KeySchema": [{{"AttributeName": "pk", "KeyType": "HASH"}}, {{"AttributeName": "g", "KeyType": "RANGE"}}],
                    "Projection": {{"ProjectionType": "{projection}", "NonKeyAttributes": ["x"]}}}}]}}"#
        );
        for body in [gsi, lsi] {
            let answer = post(&server, Some(&target("CreateTable")), &body).await;
            assert_eq!(
                answer.json(),
                json!({
                    "__type": "com.amazonaws.dynamodb.v20120810#ValidationException",
                    "message": "No attributes should be specified to be projected unless projection type is INCLUDE"
                }),
                "{body}"
            );
        }
    }
    let listed = post(&server, Some(&target("ListTables")), "{}")
        .await
        .json();
    assert_eq!(listed["TableNames"], json!(["plain"]));
}
