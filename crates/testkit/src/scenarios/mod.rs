//! The scenarios, grouped by what they exercise. Each is
//! `pub async fn name(ctx: Ctx) -> Outcome`; list it in [`__with_scenarios!`](crate::__with_scenarios)
//! to run it on every backend.

pub mod attributes;
pub mod capacity;
pub mod concurrency;
pub mod conditions;
pub mod encrypted;
pub mod faults;
pub mod field_list_keys;
pub mod item_ops;
pub mod lease;
pub mod lifecycle;
pub mod limits;
pub mod observability;
pub mod partiql;
pub mod reads;
/// The batch scenarios listed as the `[timed]` group `batch_retries`.
pub use reads::batch as batch_retries;
pub mod s3;
pub mod streams;
pub mod strings;
mod support;
pub mod table_settings;
pub mod tables;
pub mod tags;
pub mod typed_paths;
pub mod unique;
pub mod update_table;
pub mod updates;
pub mod versioned;
pub mod versioning;

/// Calls `$cb!($arg; module { scenario, ... } ...)` with every scenario.
#[doc(hidden)]
#[macro_export]
macro_rules! __with_scenarios {
    ($cb:path, $arg:tt) => {
        $cb! { $arg;
            item_ops {
                put_then_get_round_trips,
                get_missing_item_is_none,
                plain_field_keys_with_numeric_sort_key,
                create_existing_key_fails_and_keeps_item,
                put_replaces_whole_item,
                delete_returns_old_and_removes,
                delete_missing_item_succeeds,
                get_with_projection_of_nested_paths,
                consistent_read_sees_latest_write,
                model_from_stored_raw_item,
                model_json_round_trip,
                all_value_types_round_trip,
            }
            conditions {
                comparison_operators,
                attribute_to_attribute_comparison,
                between_and_in,
                begins_with_and_contains,
                exists_not_exists_and_type,
                size_function,
                and_or_not,
                condition_on_missing_item,
                condition_failure_old_item_only_when_asked,
                reserved_word_attribute_names,
                numbers_compare_numerically,
            }
            field_list_keys {
                seed_models_stored_under_their_keys,
                query_by_partition_with_sort_key_fields,
                scoped_conventions_per_tenant,
            }
            strings {
                list_items_string_filters_match_typed,
                conditional_put_with_string,
                update_strings_match_typed,
                transaction_checks_with_values,
                string_errors_send_nothing,
            }
            updates {
                set_and_remove,
                add_to_number,
                add_and_delete_set_members,
                increment_and_decrement,
                append_and_prepend_lists,
                set_if_not_exists_keeps_existing,
                nested_paths_and_list_indexes,
                update_creates_missing_item,
                update_creating_templated_item_writes_key_fields,
                must_exist_on_missing_item_fails,
                model_update_returns_old_and_new,
                update_return_values,
                updating_key_attribute_is_validation,
                overlapping_paths_are_validation,
                arithmetic_on_missing_attribute_is_validation,
            }
            limits {
                item_size_boundary,
                expression_size_boundary,
                expression_operator_boundary,
                update_size_boundary,
                partition_key_length_boundary,
                sort_key_length_boundary,
                empty_key_value_rejected,
                empty_values_outside_keys_accepted,
                empty_set_rejected,
                duplicate_set_members_rejected,
                number_limits_round_trip,
                nesting_depth_boundary,
                key_shape_and_type_rejected,
                missing_table_is_resource_not_found,
            }
            tables {
                create_and_describe_model_tables,
                list_and_delete_tables,
                create_existing_table_is_resource_in_use,
                ensure_table_is_idempotent,
                ensure_table_enables_ttl_on_an_existing_table,
                single_table_user_and_order,
                provisioned_billing_from_a_model_definition,
            }
            table_settings {
                table_settings_round_trip,
                deletion_protection_refuses_delete_table,
                update_table_sets_table_settings,
            }
            observability {
                operations_are_spans_with_database_fields,
                hot_partition_is_reported,
            }
            partiql {
                partiql_statements,
                partiql_pagination,
                partiql_errors,
                partiql_batch,
                partiql_transaction,
            }
            streams {
                stream_records_every_write_path_in_order,
                stream_view_types_give_their_images,
                stream_iterator_types_and_limits,
                stream_disable_and_enable_again,
            }
            tags {
                tags_round_trip,
                tag_refusals_apply_nothing,
                tag_resource_names,
            }
            update_table {
                update_table_adds_an_index_over_stored_items_and_removes_it,
                update_table_switches_billing_mode,
                update_table_refusals,
                update_table_twenty_global_indexes_at_most,
            }
            concurrency {
                concurrent_creates_one_wins,
                concurrent_adds_sum,
                concurrent_optimistic_increments,
            }
            typed_paths {
                conditional_update,
                filtered_query_with_projection,
                nested_path_update,
                sort_key_named_by_typed_path,
            }
            capacity {
                capacity_of_single_item_operations,
                capacity_of_queries_and_scans,
                capacity_of_index_writes,
                capacity_of_batches_and_transactions,
                select_on_query_and_scan,
                client_counts_and_meters_capacity,
            }
        }
    };
}
