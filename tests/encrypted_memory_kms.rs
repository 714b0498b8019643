//! The encrypted attribute scenarios on the memory backend with moto_server's
//! KMS (`DYNORM_KMS_ENDPOINT`, set by `scripts/test.sh`): the same
//! scenarios as on memory with `MemoryKeyService`, against KMS's answers.
//! Without the endpoint the tests fail under `CI=true` and skip loudly
//! otherwise.

dynorm_testkit::encrypted_tests!(dynorm_testkit::backends::memory_with_kms());
