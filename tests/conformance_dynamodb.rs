//! The conformance kit on DynamoDB Local (`DYNORM_DYNAMODB_ENDPOINT`, set by
//! `scripts/test.sh`). Without it the tests fail under `CI=true` and skip
//! loudly otherwise.

dynorm_testkit::conformance_tests!(dynorm_testkit::backends::dynamodb());
