//! The read-and-bulk scenarios: queries, scans, pagination, indexes, item
//! collections, batches and transactions, one module each. Every scenario is
//! re-exported here and listed in [`__with_read_scenarios!`](crate::__with_read_scenarios), the single list
//! of them; they run as the test group `reads`, each name starting with its
//! module's name, but for the batches that wait out retry back-offs: the
//! `[timed]` group `batch_retries` ([`scenarios::batch_retries`](crate::scenarios::batch_retries)).

mod checks;

pub mod batch;
pub mod collections;
pub mod indexes;
pub mod pagination;
pub mod query;
pub mod scan;
pub mod transactions;

pub use batch::*;
pub use collections::*;
pub use indexes::*;
pub use pagination::*;
pub use query::*;
pub use scan::*;
pub use transactions::*;

/// Calls `$cb!($arg; reads { scenario, ... })` with every read-and-bulk scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_read_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            reads {
                query_sort_conditions_on_strings,
                query_sort_conditions_on_numbers,
                query_sort_condition_errors,
                query_reverse_order,
                query_limit_counts_items_evaluated,
                query_filter_applies_after_reading,
                query_projection_returns_named_attributes,
                query_empty_partition,
                query_missing_table_is_not_found,
                query_await_equals_all,
                pagination_filtered_query_through_empty_pages,
                pagination_take_continues_without_gap,
                pagination_cursor_rejected_on_other_partition,
                pagination_start_key_from_other_partition_rejected,
                pagination_cursor_rejected_on_other_index,
                pagination_cursor_rejected_on_other_table,
                pagination_garbage_cursor_rejected,
                pagination_cursor_text_round_trips,
                pagination_one_megabyte_query_page,
                pagination_one_megabyte_scan_page,
                pagination_streams_equal_all,
                indexes_sparse_gsi_query_and_scan,
                indexes_gsi_consistent_read_is_validation,
                indexes_unknown_index_is_validation,
                indexes_lsi_ordered_by_its_sort_key,
                indexes_keys_only_projection,
                indexes_gsi_query_in_shared_table,
                scan_parallel_covers_every_item_once,
                scan_invalid_segment_is_validation,
                scan_shared_table_returns_only_entity_type,
                scan_limit_counts_items_evaluated,
                scan_take_continues_without_gap,
                collections_profile_and_orders,
                collections_model_query_returns_only_its_type,
                batch_write_duplicate_key_rejected,
                batch_write_puts_and_deletes,
                batch_get_lines_up_with_keys,
                batch_get_duplicate_key_rejected,
                transactions_failed_condition_cancels_all,
                transactions_success_across_tables,
                transactions_condition_check,
                transactions_two_actions_on_one_item_rejected,
                transactions_action_count_limits,
                transactions_idempotency_token,
                transactions_get_snapshot,
                transactions_old_item_in_cancellation_reason,
                transactions_create_existing_item_cancels,
            }
            // Batches whose unprocessed items or failed calls are resent
            // after the retry policy's back-off (tokio's clock).
            batch_retries [timed] {
                batch_write_thousand_items_with_unprocessed,
                batch_write_unprocessed_never_clears,
                batch_write_failed_call_returns_the_rest,
                batch_get_unprocessed_keys_retried,
            }
        }
    };
}
