//! The object store scenarios on the in-process store (`MemoryBlobStore`).

dynorm_testkit::blob_store_tests!(dynorm_testkit::backends::memory_blob_store());
