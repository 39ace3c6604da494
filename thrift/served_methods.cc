#include "thrift/served_methods.h"

#include <algorithm>

namespace almanac::hms {

const std::vector<std::string_view>& ServedMethods() {
  static const auto* methods = [] {
    auto* v = new std::vector<std::string_view>{
        // BEGIN SERVED METHODS (tests/integration/hms_thrift_test.py reads this block)
        // fb303
        "aliveSince",
        "getCounter",
        "getCounters",
        "getName",
        "getOptions",
        "getStatus",
        "getStatusDetails",
        "getVersion",
        "reinitialize",
        "shutdown",
        // session, configuration, catalogs
        "getMetaConf",
        "get_catalog",
        "get_catalogs",
        "get_config_value",
        "get_metastore_db_uuid",
        "setMetaConf",
        "set_ugi",
        // databases
        "alter_database",
        "alter_database_req",
        "create_database",
        "create_database_req",
        "drop_database",
        "drop_database_req",
        "get_all_databases",
        "get_database",
        "get_database_req",
        "get_databases",
        // tables and views
        "alter_table",
        "alter_table_req",
        "alter_table_with_cascade",
        "alter_table_with_environment_context",
        "create_table",
        "create_table_req",
        "create_table_with_constraints",
        "create_table_with_environment_context",
        "drop_table",
        "drop_table_req",
        "drop_table_with_environment_context",
        "get_all_tables",
        "get_fields",
        "get_fields_req",
        "get_fields_with_environment_context",
        "get_schema",
        "get_schema_req",
        "get_schema_with_environment_context",
        "get_table",
        "get_table_meta",
        "get_table_names_by_filter",
        "get_table_objects_by_name",
        "get_table_objects_by_name_req",
        "get_table_req",
        "get_tables",
        "get_tables_by_type",
        // partitions
        "add_partition",
        "add_partition_with_environment_context",
        "add_partitions",
        "add_partitions_req",
        "alter_partition",
        "alter_partition_with_environment_context",
        "alter_partitions",
        "alter_partitions_req",
        "alter_partitions_with_environment_context",
        "append_partition",
        "append_partition_by_name",
        "append_partition_by_name_with_environment_context",
        "append_partition_req",
        "append_partition_with_environment_context",
        "drop_partition",
        "drop_partition_by_name",
        "drop_partition_by_name_with_environment_context",
        "drop_partition_req",
        "drop_partition_with_environment_context",
        "drop_partitions_req",
        "fetch_partition_names_req",
        "get_num_partitions_by_filter",
        "get_partition",
        "get_partition_by_name",
        "get_partition_names",
        "get_partition_names_ps",
        "get_partition_names_ps_req",
        "get_partition_names_req",
        "get_partition_req",
        "get_partition_with_auth",
        "get_partitions",
        "get_partitions_by_filter",
        "get_partitions_by_filter_req",
        "get_partitions_by_names",
        "get_partitions_by_names_req",
        "get_partitions_ps",
        "get_partitions_ps_with_auth",
        "get_partitions_ps_with_auth_req",
        "get_partitions_req",
        "get_partitions_with_auth",
        "partition_name_to_spec",
        "partition_name_to_vals",
        "rename_partition",
        "rename_partition_req",
        // ---- column statistics and functions ----
        // functions: hms_handler_functions.cc
        "alter_function",
        "create_function",
        "drop_function",
        "get_all_functions",
        "get_function",
        "get_functions",
        // column statistics: hms_handler_statistics.cc
        "delete_column_statistics_req",
        "delete_partition_column_statistics",
        "delete_table_column_statistics",
        "get_aggr_stats_for",
        "get_partition_column_statistics",
        "get_partitions_statistics_req",
        "get_table_column_statistics",
        "get_table_statistics_req",
        "set_aggr_stats_for",
        "update_partition_column_statistics",
        "update_partition_column_statistics_req",
        "update_table_column_statistics",
        "update_table_column_statistics_req",
        // ---- end column statistics and functions ----
        // locks (Iceberg commit locks): hms_handler_locks.cc
        "check_lock",
        "heartbeat",
        "lock",
        "show_locks",
        "unlock",
        // notification log: hms_handler_notifications.cc
        "get_current_notificationEventId",
        "get_next_notification",
        "get_notification_events_count",
        // roles and privileges: hms_handler_authorization.cc
        "create_role",
        "drop_role",
        "get_principals_in_role",
        "get_privilege_set",
        "get_role_grants_for_principal",
        "get_role_names",
        "grant_privileges",
        "grant_revoke_privileges",
        "grant_revoke_role",
        "grant_role",
        "list_privileges",
        "list_roles",
        "revoke_privileges",
        "revoke_role",
        // END SERVED METHODS
    };
    std::sort(v->begin(), v->end());
    return v;
  }();
  return *methods;
}

bool IsServed(std::string_view method) {
  const std::vector<std::string_view>& methods = ServedMethods();
  return std::binary_search(methods.begin(), methods.end(), method);
}

}  // namespace almanac::hms
