"""Every operation dynorm-server implements, through boto3.

Usage: python operations.py ENDPOINT

Runs against dynorm-server and against DynamoDB Local alike: every check is
what DynamoDB answers. Tables are named with a random prefix and deleted at
the end. Exits non-zero (with the failing check) on the first mismatch.
"""

import sys
import time
import uuid

import boto3
from botocore.exceptions import ClientError


def client(endpoint, service="dynamodb"):
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="any",
        aws_secret_access_key="any",
    )


def expect_error(code, fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        got = e.response["Error"]["Code"]
        assert got == code, f"expected {code}, got {got}: {e}"
        return e.response
    raise AssertionError(f"expected {code}, the call succeeded")


def error_message(code, fn, **kwargs):
    return expect_error(code, fn, **kwargs)["Error"]["Message"]


def legacy_parameters(db, table):
    """Expected, ConditionalOperator, AttributeUpdates, AttributesToGet,
    KeyConditions, QueryFilter and ScanFilter, as older clients send them."""
    key = {"pk": {"S": "L"}, "sk": {"N": "1"}}
    db.put_item(TableName=table, Item={**key, "n": {"N": "5"}, "s": {"S": "hello"}},
                Expected={"pk": {"Exists": False}})
    expect_error("ConditionalCheckFailedException", db.put_item, TableName=table, Item=key,
                 Expected={"pk": {"Exists": False}})
    expect_error("ConditionalCheckFailedException", db.put_item, TableName=table, Item=key,
                 Expected={"n": {"Value": {"N": "4"}}})
    db.update_item(
        TableName=table, Key=key,
        Expected={"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "9"}]},
                  "s": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "he"}]}},
        ConditionalOperator="OR",
        AttributeUpdates={"n": {"Action": "ADD", "Value": {"N": "2"}},
                          "s": {"Action": "DELETE"},
                          "t": {"Action": "PUT", "Value": {"S": "new"}},
                          "ss": {"Action": "ADD", "Value": {"SS": ["a", "b"]}}},
    )
    db.update_item(TableName=table, Key=key,
                   AttributeUpdates={"ss": {"Action": "DELETE", "Value": {"SS": ["a"]}},
                                     "l": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}}})
    got = db.get_item(TableName=table, Key=key, AttributesToGet=["n", "t", "ss", "l", "s"])["Item"]
    assert got == {"n": {"N": "7"}, "t": {"S": "new"}, "ss": {"SS": ["b"]}, "l": {"L": [{"S": "x"}]}}, got
    db.put_item(TableName=table, Item={"pk": {"S": "L"}, "sk": {"N": "2"}, "n": {"N": "1"}})
    q = db.query(TableName=table,
                 KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "L"}]},
                                "sk": {"ComparisonOperator": "BETWEEN",
                                       "AttributeValueList": [{"N": "1"}, {"N": "2"}]}},
                 QueryFilter={"n": {"ComparisonOperator": "LT", "AttributeValueList": [{"N": "5"}]}},
                 AttributesToGet=["sk"])
    assert q["Items"] == [{"sk": {"N": "2"}}] and q["ScannedCount"] == 2, q
    # EQ and NE take a BOOL in a filter.
    q = db.query(TableName=table,
                 KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "L"}]}},
                 QueryFilter={"b": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": True}]}})
    assert q["Items"] == [] and q["ScannedCount"] == 2, q
    sc = db.scan(TableName=table,
                 ScanFilter={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "L"}]},
                             "t": {"ComparisonOperator": "NOT_CONTAINS", "AttributeValueList": [{"S": "zz"}]}})
    assert [i["sk"] for i in sc["Items"]] == [{"N": "1"}], sc
    sc = db.scan(TableName=table,
                 ScanFilter={"pk": {"ComparisonOperator": "IN", "AttributeValueList": [{"S": "L"}, {"S": "M"}]},
                             "t": {"ComparisonOperator": "NULL"}},
                 ConditionalOperator="AND")
    assert [i["sk"] for i in sc["Items"]] == [{"N": "2"}], sc

    # DynamoDB's refusals.
    m = error_message("ValidationException", db.get_item, TableName=table, Key=key,
                      AttributesToGet=["n"], ProjectionExpression="n")
    assert m == ("Can not use both expression and non-expression parameters in the same request: "
                 "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"), m
    m = error_message("ValidationException", db.put_item, TableName=table, Item=key,
                      Expected={"n": {"Exists": True}})
    assert m == ("One or more parameter values were invalid: "
                 "Value must be provided when Exists is true for Attribute: n"), m
    m = error_message("ValidationException", db.scan, TableName=table,
                      ScanFilter={"n": {"ComparisonOperator": "EQ", "AttributeValueList": []}})
    assert m == "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator", m
    m = error_message("ValidationException", db.scan, TableName=table,
                      ScanFilter={"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"SS": ["5"]}]}})
    assert m == "One or more parameter values were invalid: ComparisonOperator GT is not valid for SS AttributeValue type", m
    m = error_message("ValidationException", db.scan, TableName=table,
                      ScanFilter={"n": {"ComparisonOperator": "NOT_NULL"}}, ConditionalOperator="AND")
    assert m == "ConditionalOperator can only be used when Filter or Expected has two or more elements", m
    m = error_message("ValidationException", db.update_item, TableName=table, Key=key,
                      AttributeUpdates={"t": {"Action": "ADD", "Value": {"S": "x"}}})
    assert m == "One or more parameter values were invalid: ADD action is not supported for the type STRING", m
    m = error_message("ValidationException", db.update_item, TableName=table, Key=key,
                      AttributeUpdates={"n": {"Action": "PUT"}})
    assert m == ("One or more parameter values were invalid: "
                 "Only DELETE action is allowed when no attribute value is specified"), m
    m = error_message("ValidationException", db.query, TableName=table,
                      KeyConditions={"pk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "L"}]}})
    assert m == "Query key condition not supported", m
    m = error_message("ValidationException", db.query, TableName=table,
                      KeyConditions={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}})
    assert m == "Query condition missed key schema element", m
    m = error_message("ValidationException", db.query, TableName=table,
                      KeyConditions={"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "L"}]}},
                      QueryFilter={"sk": {"ComparisonOperator": "NOT_NULL"}})
    assert m == "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk", m
    for sk in ("1", "2"):
        db.delete_item(TableName=table, Key={"pk": {"S": "L"}, "sk": {"N": sk}},
                       Expected={"pk": {"ComparisonOperator": "NOT_NULL"}})


def partiql(db, table):
    """ExecuteStatement, BatchExecuteStatement and ExecuteTransaction on a
    table of their own keyed by pk (S) and sk (N), deleted at the end."""
    db.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "N"}],
        BillingMode="PAY_PER_REQUEST",
    )
    db.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
    def run(statement, *params, **kw):
        if params:
            kw["Parameters"] = list(params)
        return db.execute_statement(Statement=statement, **kw)

    t = '"' + table + '"'
    run(f"INSERT INTO {t} VALUE {{'pk': ?, 'sk': 1, 'n': 5, 'l': [1, 2], 's': <<'a', 'b'>>}}", {"S": "q"})
    run(f"INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 2, 'm': {{'k': true}}, 'z': null}}")
    run(f"INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 3}}")
    try:
        run(f"INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 1}}")
        raise AssertionError("a duplicate INSERT succeeded")
    except ClientError as e:
        # DynamoDB answers DuplicateItemException; DynamoDB Local words the code DuplicateItem.
        assert e.response["Error"]["Code"] in ("DuplicateItemException", "DuplicateItem"), e
        assert e.response["Error"]["Message"] == "Duplicate primary key exists in table", e
    assert [i["sk"]["N"] for i in run(f"SELECT * FROM {t} WHERE pk = ?", {"S": "q"})["Items"]] == ["1", "2", "3"]
    desc = run(f"SELECT * FROM {t} WHERE pk = 'q' AND sk >= 1 ORDER BY sk DESC")["Items"]
    assert [i["sk"]["N"] for i in desc] == ["3", "2", "1"], desc
    projected = run(f"SELECT sk, n FROM {t} WHERE pk = 'q' AND sk >= 2")["Items"]
    assert projected == [{"sk": {"N": "2"}}, {"sk": {"N": "3"}}], projected
    assert len(run(f"SELECT * FROM {t} WHERE pk = 'q' AND sk BETWEEN 2 AND 3")["Items"]) == 2
    for where, sks in [("size(l) = 2", ["1"]), ("contains(s, 'a')", ["1"]), ("m.k = true", ["2"]),
                       ("z IS NULL", ["2"]), ("n IS MISSING", ["2", "3"]), ("l[1] = 2", ["1"]),
                       ("attribute_type(n, 'N')", ["1"]), ("sk IN [1, 3]", ["1", "3"]),
                       ("NOT n = 5 AND sk > 2", ["3"])]:
        got = sorted(i["sk"]["N"] for i in run(f"SELECT * FROM {t} WHERE {where}")["Items"])
        assert got == sks, (where, got)
    page = run(f"SELECT * FROM {t} WHERE pk = 'q'", Limit=2)
    assert len(page["Items"]) == 2 and "NextToken" in page, page
    rest = run(f"SELECT * FROM {t} WHERE pk = 'q'", Limit=2, NextToken=page["NextToken"])
    assert [i["sk"]["N"] for i in rest["Items"]] == ["3"], rest
    assert error_message("ValidationException", run, statement=f"SELECT * FROM {t}",
                         NextToken="garbage") == "Invalid NextToken"
    assert error_message("ValidationException", run, statement=f"SELEC * FROM {t}") \
        == f"Statement wasn't well formed, can't be processed: SELEC * FROM {t}"
    assert error_message("ValidationException", run, statement=f"SELECT * FROM {t} WHERE pk = ?") \
        == "Number of parameters in request and statement don't match."
    # DynamoDB Local words a missing table its own way.
    assert error_message("ResourceNotFoundException", run, statement='SELECT * FROM "no_such_table"') \
        in ("Requested resource not found", "Cannot do operations on a non-existent table")
    assert error_message("ValidationException", run, statement=f"SELECT * FROM {t} WHERE EXISTS(n)") \
        == "Unrecognized function: exists"
    assert error_message("ValidationException", run, statement=f"INSERT INTO {t} VALUE {{'pk': 'x'}}") \
        == "Key attribute should be present in the item: Key sk"
    assert error_message("ValidationException", run, statement=f"SELECT * FROM {t} ORDER BY sk") \
        == "Must have WHERE clause in the statement when using ORDER BY clause."

    new = run(f"UPDATE {t} SET n = n + 1, x = ? REMOVE l WHERE pk = 'q' AND sk = 1 RETURNING ALL NEW *",
              {"S": "y"})["Items"]
    assert new == [{"pk": {"S": "q"}, "sk": {"N": "1"}, "n": {"N": "6"}, "x": {"S": "y"},
                    "s": {"SS": ["a", "b"]}}], new
    old = run(f"UPDATE {t} SET s = set_add(s, <<'c'>>) WHERE pk = 'q' AND sk = 1 RETURNING MODIFIED OLD *")
    assert old["Items"] == [{"s": {"SS": ["a", "b"]}}], old
    run(f"UPDATE {t} SET l = [0] WHERE pk = 'q' AND sk = 1 AND l IS MISSING")
    appended = run(f"UPDATE {t} SET l = list_append(l, [9]) WHERE pk = 'q' AND sk = 1 RETURNING MODIFIED NEW *")
    assert appended["Items"] == [{"l": {"L": [{"N": "0"}, {"N": "9"}]}}], appended
    expect_error("ConditionalCheckFailedException", run,
                 statement=f"UPDATE {t} SET x = 1 WHERE pk = 'nobody' AND sk = 1")
    failed = expect_error("ConditionalCheckFailedException", run,
                          statement=f"DELETE FROM {t} WHERE pk = 'q' AND sk = 3 AND n = 1",
                          ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert failed["Item"] == {"pk": {"S": "q"}, "sk": {"N": "3"}}, failed
    assert error_message("ValidationException", run, statement=f"DELETE FROM {t} WHERE pk = 'q'") \
        == "Where clause does not contain a mandatory equality on all key attributes"
    assert run(f"DELETE FROM {t} WHERE pk = 'nobody' AND sk = 3 AND n = 1")["Items"] == []
    assert run(f"SELECT * FROM {t} WHERE pk = 'nobody'", {"S": "ignored"})["Items"] == []
    gone = run(f"DELETE FROM {t} WHERE pk = 'q' AND sk = 3 RETURNING ALL OLD *")["Items"]
    assert gone == [{"pk": {"S": "q"}, "sk": {"N": "3"}}], gone

    # BatchExecuteStatement: one answer per statement, failures included
    run(f"INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 4, 'n': 1}}")
    b = db.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO {t} VALUE {{'pk': 'b', 'sk': 1}}"},
        {"Statement": f"INSERT INTO {t} VALUE {{'pk': 'q', 'sk': 1}}"},
        {"Statement": f"UPDATE {t} SET v = 1 WHERE pk = 'q' AND sk = 2"},
        {"Statement": f"DELETE FROM {t} WHERE pk = 'q' AND sk = 4 AND v = 7",
         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
    ])["Responses"]
    assert [r.get("Error", {}).get("Code") for r in b] == [None, "DuplicateItem", None,
                                                           "ConditionalCheckFailed"], b
    assert b[3]["Error"]["Item"] == {"pk": {"S": "q"}, "sk": {"N": "4"}, "n": {"N": "1"}}, b
    assert b[2] == {"TableName": table}, b
    r = db.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM {t} WHERE pk = ? AND sk = ?", "Parameters": [{"S": "b"}, {"N": "1"}]},
        {"Statement": f"SELECT * FROM {t} WHERE pk = 'q'"},
    ])["Responses"]
    assert r[0]["Item"] == {"pk": {"S": "b"}, "sk": {"N": "1"}}, r
    assert r[1]["Error"] == {"Code": "ValidationError", "Message": "Only single item select is supported"}, r
    assert error_message("ValidationException", db.batch_execute_statement, Statements=[
        {"Statement": f"SELECT * FROM {t} WHERE pk = 'b' AND sk = 1"},
        {"Statement": f"DELETE FROM {t} WHERE pk = 'b' AND sk = 1"},
    ]) == "Read and write requests together in the same batch is not supported."

    # ExecuteTransaction: all or nothing
    cancelled = expect_error("TransactionCanceledException", db.execute_transaction, TransactStatements=[
        {"Statement": f"INSERT INTO {t} VALUE {{'pk': 't', 'sk': 1}}"},
        {"Statement": f"UPDATE {t} SET v = 2 WHERE pk = 'nobody' AND sk = 1"},
    ])
    assert [c["Code"] for c in cancelled["CancellationReasons"]] == ["None", "ConditionalCheckFailed"], cancelled
    assert run(f"SELECT * FROM {t} WHERE pk = 't' AND sk = 1")["Items"] == []
    db.execute_transaction(TransactStatements=[
        {"Statement": f"INSERT INTO {t} VALUE {{'pk': 't', 'sk': 1}}"},
        {"Statement": f"UPDATE {t} SET v = 3 WHERE pk = 'b' AND sk = 1"},
        {"Statement": f"EXISTS(SELECT * FROM {t} WHERE pk = 'q' AND sk = 2 AND v = 1)"},
    ], ClientRequestToken="partiql-" + table)
    got = db.execute_transaction(TransactStatements=[
        {"Statement": f"SELECT v FROM {t} WHERE pk = 'b' AND sk = 1"},
        {"Statement": f"SELECT * FROM {t} WHERE pk = 'none' AND sk = 1"},
    ])["Responses"]
    assert got == [{"Item": {"v": {"N": "3"}}}, {}], got
    assert error_message("ValidationException", db.execute_transaction, TransactStatements=[
        {"Statement": f"SELECT * FROM {t} WHERE pk = 'b' AND sk = 1"},
        {"Statement": f"DELETE FROM {t} WHERE pk = 'b' AND sk = 1"},
    ]) == "ExecuteTransaction API does not support both read and write operations in the same request."
    assert error_message("ValidationException", db.execute_transaction, TransactStatements=[
        {"Statement": f"SELECT * FROM {t} WHERE pk = 'b'"},
    ]) == ("Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction "
           "must specify the primary key in the where clause.")


def streams_checks(db, streams, table):
    """DynamoDB Streams (the `dynamodbstreams` client on the same endpoint):
    records in order with the view type's images, no record for a write
    that changes nothing, iterators, disabling and enabling again."""
    created = db.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )["TableDescription"]
    assert created["StreamSpecification"] == {
        "StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}, created
    arn = created["LatestStreamArn"]
    assert arn.endswith("/stream/" + created["LatestStreamLabel"]), created
    assert db.describe_table(TableName=table)["Table"]["LatestStreamArn"] == arn

    key = {"pk": {"S": "a"}}
    db.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    db.put_item(TableName=table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})  # no change
    db.update_item(TableName=table, Key=key, UpdateExpression="SET v = :v",
                   ExpressionAttributeValues={":v": {"N": "2"}})
    db.delete_item(TableName=table, Key=key)
    db.delete_item(TableName=table, Key={"pk": {"S": "missing"}})  # no change

    listed = streams.list_streams(TableName=table)["Streams"]
    assert [s["StreamArn"] for s in listed] == [arn], listed
    desc = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert desc["StreamStatus"] == "ENABLED" and desc["TableName"] == table, desc
    assert desc["StreamViewType"] == "NEW_AND_OLD_IMAGES", desc
    assert desc["KeySchema"] == [{"AttributeName": "pk", "KeyType": "HASH"}], desc
    shard = desc["Shards"][0]["ShardId"]
    it = streams.get_shard_iterator(StreamArn=arn, ShardId=shard,
                                    ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    page = streams.get_records(ShardIterator=it)
    records = page["Records"]
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"], records
    insert, modify, remove = (r["dynamodb"] for r in records)
    assert insert["Keys"] == key and insert["NewImage"] == {"pk": {"S": "a"}, "v": {"N": "1"}}
    assert "OldImage" not in insert and insert["SizeBytes"] == 9, insert
    assert modify["OldImage"]["v"] == {"N": "1"} and modify["NewImage"]["v"] == {"N": "2"}
    assert modify["SizeBytes"] == 15, modify
    assert "NewImage" not in remove and remove["OldImage"]["v"] == {"N": "2"}, remove
    seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3, seqs
    assert all(r["eventVersion"] == "1.1" and r["eventSource"] == "aws:dynamodb" for r in records)
    assert "NextShardIterator" in page, "an open shard always has a next iterator"
    one = streams.get_records(ShardIterator=it, Limit=1)
    assert len(one["Records"]) == 1, one
    after = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="AFTER_SEQUENCE_NUMBER",
        SequenceNumber=records[0]["dynamodb"]["SequenceNumber"])["ShardIterator"]
    assert [r["eventName"] for r in streams.get_records(ShardIterator=after)["Records"]] == [
        "MODIFY", "REMOVE"]

    assert error_message("ValidationException", streams.get_records,
                         ShardIterator=arn + "|001|Zm9v") == "Invalid ShardIterator"
    assert "Limit should be less than or equal to 1000" in error_message(
        "ValidationException", streams.get_records, ShardIterator=it, Limit=1001)
    assert "SequenceNumber should not be passed" in error_message(
        "ValidationException", streams.get_shard_iterator, StreamArn=arn, ShardId=shard,
        ShardIteratorType="LATEST", SequenceNumber=records[0]["dynamodb"]["SequenceNumber"])
    expect_error("ResourceNotFoundException", streams.describe_stream,
                 StreamArn=arn.replace(table, table + "x"))
    assert error_message("ValidationException", db.update_table, TableName=table,
                         StreamSpecification={"StreamEnabled": True,
                                              "StreamViewType": "KEYS_ONLY"}) == \
        "Table already has an enabled stream"

    off = db.update_table(TableName=table,
                          StreamSpecification={"StreamEnabled": False})["TableDescription"]
    assert "StreamSpecification" not in off and off["LatestStreamArn"] == arn, off
    assert error_message("ValidationException", db.update_table, TableName=table,
                         StreamSpecification={"StreamEnabled": False}) == \
        "Table has no stream to disable"
    closed = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert closed["StreamStatus"] == "DISABLED", closed
    assert "EndingSequenceNumber" in closed["Shards"][0]["SequenceNumberRange"], closed
    rest = streams.get_records(ShardIterator=it)
    assert len(rest["Records"]) == 3 and "NextShardIterator" not in rest, rest
    time.sleep(0.01)
    again = db.update_table(TableName=table, StreamSpecification={
        "StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    assert again["LatestStreamArn"] != arn, again
    assert len(streams.list_streams(TableName=table)["Streams"]) == 2
    db.delete_table(TableName=table)


def table_settings(db, table):
    """CreateTable's settings in DescribeTable; deletion protection refuses
    DeleteTable until UpdateTable turns it off."""
    db.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        DeletionProtectionEnabled=True,
        TableClass="STANDARD_INFREQUENT_ACCESS",
        SSESpecification={"Enabled": True},
        OnDemandThroughput={"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5},
    )
    desc = db.describe_table(TableName=table)["Table"]
    assert desc["DeletionProtectionEnabled"] is True, desc
    # DynamoDB Local (its ARNs name the region `ddblocal`) ignores the table
    # class and encryption.
    if ":ddblocal:" not in desc["TableArn"]:
        assert desc["TableClassSummary"]["TableClass"] == "STANDARD_INFREQUENT_ACCESS", desc
        assert desc["SSEDescription"]["Status"] == "ENABLED", desc
        assert desc["SSEDescription"]["KMSMasterKeyArn"].startswith("arn:aws:kms:"), desc
    assert desc["OnDemandThroughput"] == {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5}, desc
    message = error_message("ValidationException", db.delete_table, TableName=table)
    assert "protected against deletion" in message, message
    updated = db.update_table(
        TableName=table,
        DeletionProtectionEnabled=False,
        OnDemandThroughput={"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 15},
    )["TableDescription"]
    assert updated["DeletionProtectionEnabled"] is False, updated
    assert updated["OnDemandThroughput"]["MaxReadRequestUnits"] == 20, updated
    db.delete_table(TableName=table)


def main(endpoint):
    db = client(endpoint)
    prefix = "py" + uuid.uuid4().hex[:8]
    table = prefix + "_items"
    other = prefix + "_other"

    # CreateTable / DescribeTable / ListTables
    created = db.create_table(
        TableName=table,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            {"AttributeName": "g", "AttributeType": "S"},
        ],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "ByG",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        BillingMode="PAY_PER_REQUEST",
    )["TableDescription"]
    assert created["TableName"] == table
    assert created["KeySchema"][0] == {"AttributeName": "pk", "KeyType": "HASH"}
    assert created["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert created["TableArn"].endswith(":table/" + table)
    assert created["GlobalSecondaryIndexes"][0]["IndexName"] == "ByG"
    db.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 1})
    desc = db.describe_table(TableName=table)["Table"]
    assert desc["TableStatus"] == "ACTIVE"
    expect_error(
        "ResourceInUseException",
        db.create_table,
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    db.create_table(
        TableName=other,
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
    )
    db.get_waiter("table_exists").wait(TableName=other, WaiterConfig={"Delay": 1})
    names = db.list_tables()["TableNames"]
    assert table in names and other in names, names
    page = db.list_tables(ExclusiveStartTableName=table, Limit=1)
    assert page["TableNames"] == [other] or page["TableNames"][0] > table

    # PutItem / GetItem with every type
    item = {
        "pk": {"S": "a"},
        "sk": {"N": "1"},
        "g": {"S": "G1"},
        "n": {"N": "12345678901234567890123456789012345678"},
        "b": {"B": b"\x00\x01"},
        "t": {"BOOL": True},
        "z": {"NULL": True},
        "m": {"M": {"x": {"S": "y"}}},
        "l": {"L": [{"N": "1"}, {"S": "two"}]},
        "ss": {"SS": ["a", "b"]},
        "ns": {"NS": ["1", "2"]},
        "bs": {"BS": [b"\x01"]},
    }
    db.put_item(TableName=table, Item=item)
    got = db.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "1"}}, ConsistentRead=True)
    assert got["Item"]["n"] == item["n"], got
    assert got["Item"]["b"] == {"B": b"\x00\x01"}
    assert sorted(got["Item"]["ss"]["SS"]) == ["a", "b"]
    proj = db.get_item(
        TableName=table,
        Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
        ProjectionExpression="#m.x, t",
        ExpressionAttributeNames={"#m": "m"},
    )["Item"]
    assert proj == {"m": {"M": {"x": {"S": "y"}}}, "t": {"BOOL": True}}, proj
    assert "Item" not in db.get_item(TableName=table, Key={"pk": {"S": "none"}, "sk": {"N": "1"}})

    # Conditions, ReturnValues, ReturnValuesOnConditionCheckFailure
    old = db.put_item(TableName=table, Item={**item, "t": {"BOOL": False}}, ReturnValues="ALL_OLD")
    assert old["Attributes"]["t"] == {"BOOL": True}
    failed = expect_error(
        "ConditionalCheckFailedException",
        db.put_item,
        TableName=table,
        Item=item,
        ConditionExpression="attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure="ALL_OLD",
    )
    assert failed["Item"]["pk"] == {"S": "a"}, failed
    assert failed["Error"]["Message"] == "The conditional request failed"

    # UpdateItem
    updated = db.update_item(
        TableName=table,
        Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
        UpdateExpression="SET #c = if_not_exists(#c, :zero) + :one REMOVE z ADD ss :more",
        ConditionExpression="attribute_exists(pk)",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"}, ":more": {"SS": ["c"]}},
        ReturnValues="UPDATED_NEW",
    )["Attributes"]
    assert updated["count"] == {"N": "1"}, updated
    assert sorted(updated["ss"]["SS"]) == ["a", "b", "c"]

    # Validation errors with DynamoDB's wording
    err = expect_error(
        "ValidationException",
        db.update_item,
        TableName=table,
        Key={"pk": {"S": "a"}, "sk": {"N": "1"}},
        UpdateExpression="SET a = :missing",
    )
    assert "ExpressionAttributeValues" in err["Error"]["Message"] or ":missing" in err["Error"]["Message"], err
    err = expect_error(
        "ValidationException",
        db.get_item,
        TableName=table,
        Key={"pk": {"S": "a"}},
    )
    # DynamoDB's wording; DynamoDB Local says "The number of conditions on the keys is invalid".
    assert err["Error"]["Message"] in (
        "The provided key element does not match the schema",
        "The number of conditions on the keys is invalid",
    ), err
    expect_error("ResourceNotFoundException", db.get_item, TableName=prefix + "_none", Key={"pk": {"S": "a"}})

    # BatchWriteItem / BatchGetItem
    out = db.batch_write_item(
        RequestItems={
            table: [
                {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": str(i)}, "w": {"N": str(i)}, "g": {"S": "G2"}}}}
                for i in range(2, 12)
            ]
            + [{"DeleteRequest": {"Key": {"pk": {"S": "gone"}, "sk": {"N": "1"}}}}],
            other: [{"PutRequest": {"Item": {"id": {"S": "o1"}}}}],
        }
    )
    assert out["UnprocessedItems"] == {}, out
    got = db.batch_get_item(
        RequestItems={
            table: {
                "Keys": [{"pk": {"S": "a"}, "sk": {"N": "2"}}, {"pk": {"S": "a"}, "sk": {"N": "3"}}],
                "ProjectionExpression": "sk",
            },
            other: {"Keys": [{"id": {"S": "o1"}}], "ConsistentRead": True},
        }
    )
    assert sorted(i["sk"]["N"] for i in got["Responses"][table]) == ["2", "3"], got
    assert got["Responses"][other] == [{"id": {"S": "o1"}}]
    assert got["UnprocessedKeys"] == {}

    # Query: key conditions, filter, limit and pages, order, index, Select=COUNT
    q = db.query(
        TableName=table,
        KeyConditionExpression="pk = :p AND sk BETWEEN :lo AND :hi",
        ExpressionAttributeValues={":p": {"S": "a"}, ":lo": {"N": "2"}, ":hi": {"N": "6"}},
        ScanIndexForward=False,
    )
    assert [i["sk"]["N"] for i in q["Items"]] == ["6", "5", "4", "3", "2"], q
    assert q["Count"] == 5 and q["ScannedCount"] == 5
    seen, start = [], None
    while True:
        kwargs = {"ExclusiveStartKey": start} if start else {}
        p = db.query(
            TableName=table,
            KeyConditionExpression="pk = :p",
            FilterExpression="w > :three",
            ExpressionAttributeValues={":p": {"S": "a"}, ":three": {"N": "3"}},
            Limit=4,
            **kwargs,
        )
        seen += [i["sk"]["N"] for i in p["Items"]]
        start = p.get("LastEvaluatedKey")
        if not start:
            break
    assert seen == [str(i) for i in range(4, 12)], seen
    counted = db.query(
        TableName=table,
        IndexName="ByG",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "G2"}},
        Select="COUNT",
    )
    assert counted["Count"] == 10 and "Items" not in counted, counted
    expect_error(
        "ValidationException",
        db.query,
        TableName=table,
        KeyConditionExpression="sk = :s",
        ExpressionAttributeValues={":s": {"N": "1"}},
    )

    # Scan: filter, projection, parallel segments
    s = db.scan(TableName=table, FilterExpression="g = :g", ExpressionAttributeValues={":g": {"S": "G1"}})
    assert [i["sk"]["N"] for i in s["Items"]] == ["1"], s
    total = 0
    for segment in range(3):
        total += db.scan(TableName=table, Segment=segment, TotalSegments=3, ProjectionExpression="pk")["Count"]
    assert total == 11, total

    # TransactWriteItems / TransactGetItems
    db.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": other, "Item": {"id": {"S": "o2"}}}},
            {
                "Update": {
                    "TableName": table,
                    "Key": {"pk": {"S": "a"}, "sk": {"N": "2"}},
                    "UpdateExpression": "SET v = :v",
                    "ExpressionAttributeValues": {":v": {"S": "x"}},
                }
            },
            {"Delete": {"TableName": table, "Key": {"pk": {"S": "a"}, "sk": {"N": "3"}}}},
            {
                "ConditionCheck": {
                    "TableName": other,
                    "Key": {"id": {"S": "o1"}},
                    "ConditionExpression": "attribute_exists(id)",
                }
            },
        ],
        ClientRequestToken=uuid.uuid4().hex,
    )
    cancelled = expect_error(
        "TransactionCanceledException",
        db.transact_write_items,
        TransactItems=[
            {"Put": {"TableName": other, "Item": {"id": {"S": "o3"}}}},
            {
                "ConditionCheck": {
                    "TableName": other,
                    "Key": {"id": {"S": "o1"}},
                    "ConditionExpression": "attribute_not_exists(id)",
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            },
        ],
    )
    reasons = cancelled["CancellationReasons"]
    assert [r["Code"] for r in reasons] == ["None", "ConditionalCheckFailed"], reasons
    assert reasons[1]["Item"] == {"id": {"S": "o1"}}, reasons
    tg = db.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": other, "Key": {"id": {"S": "o2"}}}},
            {"Get": {"TableName": other, "Key": {"id": {"S": "o3"}}}},
            {"Get": {"TableName": table, "Key": {"pk": {"S": "a"}, "sk": {"N": "2"}}, "ProjectionExpression": "v"}},
        ]
    )["Responses"]
    assert tg[0]["Item"] == {"id": {"S": "o2"}} and "Item" not in tg[1], tg
    assert tg[2]["Item"] == {"v": {"S": "x"}}, tg

    # DeleteItem
    deleted = db.delete_item(
        TableName=table,
        Key={"pk": {"S": "a"}, "sk": {"N": "4"}},
        ReturnValues="ALL_OLD",
        ConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "G2"}},
    )
    assert deleted["Attributes"]["sk"] == {"N": "4"}

    # UpdateTimeToLive / DescribeTimeToLive
    ttl = db.update_time_to_live(
        TableName=other, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
    )
    assert ttl["TimeToLiveSpecification"] == {"Enabled": True, "AttributeName": "expires"}
    d = db.describe_time_to_live(TableName=other)["TimeToLiveDescription"]
    assert d["TimeToLiveStatus"] in ("ENABLED", "ENABLING") and d["AttributeName"] == "expires", d

    # UpdateTable: billing mode
    u = db.update_table(TableName=other, BillingMode="PAY_PER_REQUEST")["TableDescription"]
    assert u["TableName"] == other

    legacy_parameters(db, table)

    # ReturnConsumedCapacity
    put = db.put_item(TableName=table, Item={"pk": {"S": "cc"}, "sk": {"N": "1"}},
                      ReturnConsumedCapacity="TOTAL")
    cc = put["ConsumedCapacity"]
    assert cc["TableName"] == table and cc["CapacityUnits"] == 1.0, cc
    got = db.get_item(TableName=table, Key={"pk": {"S": "cc"}, "sk": {"N": "1"}},
                      ReturnConsumedCapacity="TOTAL")
    assert got["ConsumedCapacity"]["CapacityUnits"] == 0.5, got
    q = db.query(TableName=table, KeyConditionExpression="pk = :p",
                 ExpressionAttributeValues={":p": {"S": "cc"}}, ReturnConsumedCapacity="TOTAL")
    assert q["ConsumedCapacity"]["TableName"] == table, q
    assert "ConsumedCapacity" not in db.get_item(TableName=table, Key={"pk": {"S": "cc"}, "sk": {"N": "1"}})
    tw = db.transact_write_items(
        TransactItems=[{"Delete": {"TableName": table, "Key": {"pk": {"S": "cc"}, "sk": {"N": "1"}}}}],
        ReturnConsumedCapacity="TOTAL")
    assert tw["ConsumedCapacity"][0]["TableName"] == table, tw

    partiql(db, prefix + "_partiql")
    streams_checks(db, client(endpoint, "dynamodbstreams"), prefix + "_streamed")
    table_settings(db, prefix + "_settings")

    # DeleteTable
    for name in (table, other):
        db.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
        gone = db.delete_table(TableName=name)["TableDescription"]
        assert gone["TableName"] == name
    expect_error("ResourceNotFoundException", db.describe_table, TableName=table)
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
