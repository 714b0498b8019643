//! The conformance kit on the memory backend.

dynorm_testkit::conformance_tests!(dynorm_testkit::backends::memory(), paused_clock);
