// HmsHandler: the Hive Metastore methods Almanac serves, one object per
// connection. Each method strips catalog-qualified names, converts its
// arguments (convert.h), calls ONE CatalogService method and converts the
// result back; a failed Status becomes one of the exceptions the method's IDL
// declaration lists (exception_convert.h). No SQL and no catalog rule here.
//
// Per-connection state: the principal and groups (authenticated by the server,
// or claimed with set_ugi when authentication is off), used as the
// RequestContext principal and as the owner the service fills in; the peer
// address; and the session's metastore settings (setMetaConf).
//
// The sources are split by concern: hms_handler.cc (fb303, session,
// configuration, catalogs, name helpers, functions), hms_handler_databases.cc,
// hms_handler_tables.cc and hms_handler_partitions.cc.
//
// Thread safety: a handler belongs to one connection thread. HmsSharedState is
// shared by all connections and is thread-safe.
#ifndef ALMANAC_THRIFT_HMS_HANDLER_H_
#define ALMANAC_THRIFT_HMS_HANDLER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ThriftHiveMetastore.h"
#include "catalog/model/request_context.h"
#include "catalog/service/catalog_service.h"
#include "thrift/exception_convert.h"
#include "thrift/method_counters.h"

namespace almanac::hms {

enum class HmsLogLevel { kDebug, kInfo, kWarning, kError };
using HmsLogFields = std::vector<std::pair<std::string, std::string>>;
// Writes one structured log line; must be thread-safe.
using HmsLogFn = std::function<void(HmsLogLevel, std::string_view event, const HmsLogFields&)>;

// What every connection's handler shares. Immutable after construction except
// the atomic counters.
struct HmsSharedState {
  service::CatalogService* service = nullptr;  // not owned
  std::string metastore_uuid;
  std::string version;
  int64_t alive_since = 0;  // seconds since the epoch
  HmsLogFn log;
  std::atomic<int64_t> calls{0};
  std::atomic<int64_t> connections_accepted{0};
  std::atomic<int64_t> connections_refused{0};
  std::atomic<int64_t> connections_failed{0};
  // Calls per served method, counted by HmsProcessor; thread-safe.
  MethodCounters method_calls;
};

// Who a connection is, as the server established it before the first call.
struct ConnectionIdentity {
  // The SASL-authenticated user, or the server's anonymous user until (and
  // unless) the client claims a name with set_ugi.
  std::string user = "anonymous";
  std::vector<std::string> groups;
  // Authenticated: set_ugi cannot change `user` or `groups`.
  bool authenticated = false;
  bool secure_transport = false;  // TLS
};

class HmsHandler : public ThriftHiveMetastoreNull {
 public:
  HmsHandler(std::shared_ptr<HmsSharedState> shared, std::string peer_address,
             ConnectionIdentity identity = {});

  // ---- partition listings as model objects ----
  // What the partition listings (get_partitions and its _with_auth, _ps and
  // _req forms, get_partitions_by_filter, get_partitions_by_names(_req))
  // return, before conversion: HmsProcessor encodes these straight into
  // binary-protocol replies (partition_encoder.h), the Thrift methods convert
  // them. They throw the same Thrift exceptions as the calls. The Visit forms
  // hand each partition to `sink` as storage reads it (the sink may move from
  // it or only read it) and throw only after the scan.
  using PartitionSink = std::function<void(model::Partition&&)>;
  void VisitPartitionsOf(const std::string& db, const std::string& table,
                         const std::vector<std::string>& partial_values, int64_t max_parts,
                         const PartitionSink& sink);
  void VisitPartitionsByFilter(const std::string& db, const std::string& table,
                               const std::string& filter, int64_t max_parts,
                               const PartitionSink& sink);
  std::vector<model::Partition> PartitionsByNames(const std::string& db, const std::string& table,
                                                  const std::vector<std::string>& names);
  // get_partitions_req and get_partitions_ps_with_auth_req (which also take
  // names) before conversion.
  void VisitPartitionsReq(const PartitionsRequest& req, const PartitionSink& sink);
  void VisitPartitionsPsWithAuthReq(const GetPartitionsPsWithAuthRequest& req,
                                    const PartitionSink& sink);

  // ---- roles and privileges: hms_handler_authorization.cc ----
  bool create_role(const Role& role) override;
  bool drop_role(const std::string& role_name) override;
  void get_role_names(std::vector<std::string>& _return) override;
  bool grant_role(const std::string& role_name, const std::string& principal_name,
                  const PrincipalType::type principal_type, const std::string& grantor,
                  const PrincipalType::type grantorType, const bool grant_option) override;
  bool revoke_role(const std::string& role_name, const std::string& principal_name,
                   const PrincipalType::type principal_type) override;
  void list_roles(std::vector<Role>& _return, const std::string& principal_name,
                  const PrincipalType::type principal_type) override;
  void grant_revoke_role(GrantRevokeRoleResponse& _return,
                         const GrantRevokeRoleRequest& request) override;
  void get_principals_in_role(GetPrincipalsInRoleResponse& _return,
                              const GetPrincipalsInRoleRequest& request) override;
  void get_role_grants_for_principal(GetRoleGrantsForPrincipalResponse& _return,
                                     const GetRoleGrantsForPrincipalRequest& request) override;
  void get_privilege_set(PrincipalPrivilegeSet& _return, const HiveObjectRef& hiveObject,
                         const std::string& user_name,
                         const std::vector<std::string>& group_names) override;
  void list_privileges(std::vector<HiveObjectPrivilege>& _return,
                       const std::string& principal_name,
                       const PrincipalType::type principal_type,
                       const HiveObjectRef& hiveObject) override;
  bool grant_privileges(const PrivilegeBag& privileges) override;
  bool revoke_privileges(const PrivilegeBag& privileges) override;
  void grant_revoke_privileges(GrantRevokePrivilegeResponse& _return,
                               const GrantRevokePrivilegeRequest& request) override;

  // ---- fb303 ----
  int64_t aliveSince() override;
  int64_t getCounter(const std::string& key) override;
  void getCounters(std::map<std::string, int64_t> & _return) override;
  void getName(std::string& _return) override;
  void getOptions(std::map<std::string, std::string> & _return) override;
  ::almanac::fb303::fb_status::type getStatus() override;
  void getStatusDetails(std::string& _return) override;
  void getVersion(std::string& _return) override;
  void reinitialize() override;
  void shutdown() override;

  // ---- session, configuration, catalogs ----
  void getMetaConf(std::string& _return, const std::string& key) override;
  void get_catalog(GetCatalogResponse& _return, const GetCatalogRequest& catName) override;
  void get_catalogs(GetCatalogsResponse& _return) override;
  void get_config_value(std::string& _return, const std::string& name, const std::string& defaultValue) override;
  void get_metastore_db_uuid(std::string& _return) override;
  void setMetaConf(const std::string& key, const std::string& value) override;
  void set_ugi(std::vector<std::string> & _return, const std::string& user_name, const std::vector<std::string> & group_names) override;

  // ---- databases ----
  void alter_database(const std::string& dbname, const Database& db) override;
  void alter_database_req(const AlterDatabaseRequest& alterDbReq) override;
  void create_database(const Database& database) override;
  void create_database_req(const CreateDatabaseRequest& createDatabaseRequest) override;
  void drop_database(const std::string& name, const bool deleteData, const bool cascade) override;
  void drop_database_req(const DropDatabaseRequest& req) override;
  void get_all_databases(std::vector<std::string> & _return) override;
  void get_database(Database& _return, const std::string& name) override;
  void get_database_req(Database& _return, const GetDatabaseRequest& request) override;
  void get_databases(std::vector<std::string> & _return, const std::string& pattern) override;

  // ---- tables ----
  void alter_table(const std::string& dbname, const std::string& tbl_name, const Table& new_tbl) override;
  void alter_table_req(AlterTableResponse& _return, const AlterTableRequest& req) override;
  void alter_table_with_cascade(const std::string& dbname, const std::string& tbl_name, const Table& new_tbl, const bool cascade) override;
  void alter_table_with_environment_context(const std::string& dbname, const std::string& tbl_name, const Table& new_tbl, const EnvironmentContext& environment_context) override;
  void create_table(const Table& tbl) override;
  void create_table_req(const CreateTableRequest& request) override;
  void create_table_with_constraints(const Table& tbl, const std::vector<SQLPrimaryKey> & primaryKeys, const std::vector<SQLForeignKey> & foreignKeys, const std::vector<SQLUniqueConstraint> & uniqueConstraints, const std::vector<SQLNotNullConstraint> & notNullConstraints, const std::vector<SQLDefaultConstraint> & defaultConstraints, const std::vector<SQLCheckConstraint> & checkConstraints) override;
  void create_table_with_environment_context(const Table& tbl, const EnvironmentContext& environment_context) override;
  void drop_table(const std::string& dbname, const std::string& name, const bool deleteData) override;
  void drop_table_req(const DropTableRequest& dropTableReq) override;
  void drop_table_with_environment_context(const std::string& dbname, const std::string& name, const bool deleteData, const EnvironmentContext& environment_context) override;
  void get_all_tables(std::vector<std::string> & _return, const std::string& db_name) override;
  void get_fields(std::vector<FieldSchema> & _return, const std::string& db_name, const std::string& table_name) override;
  void get_fields_req(GetFieldsResponse& _return, const GetFieldsRequest& req) override;
  void get_fields_with_environment_context(std::vector<FieldSchema> & _return, const std::string& db_name, const std::string& table_name, const EnvironmentContext& environment_context) override;
  void get_schema(std::vector<FieldSchema> & _return, const std::string& db_name, const std::string& table_name) override;
  void get_schema_req(GetSchemaResponse& _return, const GetSchemaRequest& req) override;
  void get_schema_with_environment_context(std::vector<FieldSchema> & _return, const std::string& db_name, const std::string& table_name, const EnvironmentContext& environment_context) override;
  void get_table(Table& _return, const std::string& dbname, const std::string& tbl_name) override;
  void get_table_meta(std::vector<TableMeta> & _return, const std::string& db_patterns, const std::string& tbl_patterns, const std::vector<std::string> & tbl_types) override;
  void get_table_names_by_filter(std::vector<std::string> & _return, const std::string& dbname, const std::string& filter, const int16_t max_tables) override;
  void get_table_objects_by_name(std::vector<Table> & _return, const std::string& dbname, const std::vector<std::string> & tbl_names) override;
  void get_table_objects_by_name_req(GetTablesResult& _return, const GetTablesRequest& req) override;
  void get_table_req(GetTableResult& _return, const GetTableRequest& req) override;
  void get_tables(std::vector<std::string> & _return, const std::string& db_name, const std::string& pattern) override;
  void get_tables_by_type(std::vector<std::string> & _return, const std::string& db_name, const std::string& pattern, const std::string& tableType) override;
  void add_partition(Partition& _return, const Partition& new_part) override;

  // ---- partitions ----
  void add_partition_with_environment_context(Partition& _return, const Partition& new_part, const EnvironmentContext& environment_context) override;
  int32_t add_partitions(const std::vector<Partition> & new_parts) override;
  void add_partitions_req(AddPartitionsResult& _return, const AddPartitionsRequest& request) override;
  void alter_partition(const std::string& db_name, const std::string& tbl_name, const Partition& new_part) override;
  void alter_partition_with_environment_context(const std::string& db_name, const std::string& tbl_name, const Partition& new_part, const EnvironmentContext& environment_context) override;
  void alter_partitions(const std::string& db_name, const std::string& tbl_name, const std::vector<Partition> & new_parts) override;
  void alter_partitions_req(AlterPartitionsResponse& _return, const AlterPartitionsRequest& req) override;
  void alter_partitions_with_environment_context(const std::string& db_name, const std::string& tbl_name, const std::vector<Partition> & new_parts, const EnvironmentContext& environment_context) override;
  void append_partition(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals) override;
  void append_partition_by_name(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::string& part_name) override;
  void append_partition_by_name_with_environment_context(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::string& part_name, const EnvironmentContext& environment_context) override;
  void append_partition_req(Partition& _return, const AppendPartitionsRequest& appendPartitionsReq) override;
  void append_partition_with_environment_context(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const EnvironmentContext& environment_context) override;
  bool drop_partition(const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const bool deleteData) override;
  bool drop_partition_by_name(const std::string& db_name, const std::string& tbl_name, const std::string& part_name, const bool deleteData) override;
  bool drop_partition_by_name_with_environment_context(const std::string& db_name, const std::string& tbl_name, const std::string& part_name, const bool deleteData, const EnvironmentContext& environment_context) override;
  bool drop_partition_req(const DropPartitionRequest& dropPartitionReq) override;
  bool drop_partition_with_environment_context(const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const bool deleteData, const EnvironmentContext& environment_context) override;
  void drop_partitions_req(DropPartitionsResult& _return, const DropPartitionsRequest& req) override;
  void fetch_partition_names_req(std::vector<std::string> & _return, const PartitionsRequest& partitionReq) override;
  int32_t get_num_partitions_by_filter(const std::string& db_name, const std::string& tbl_name, const std::string& filter) override;
  void get_partition(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals) override;
  void get_partition_by_name(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::string& part_name) override;
  void get_partition_names(std::vector<std::string> & _return, const std::string& db_name, const std::string& tbl_name, const int16_t max_parts) override;
  void get_partition_names_ps(std::vector<std::string> & _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const int16_t max_parts) override;
  void get_partition_names_ps_req(GetPartitionNamesPsResponse& _return, const GetPartitionNamesPsRequest& req) override;
  void get_partition_names_req(std::vector<std::string> & _return, const PartitionsByExprRequest& req) override;
  void get_partition_req(GetPartitionResponse& _return, const GetPartitionRequest& req) override;
  void get_partition_with_auth(Partition& _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const std::string& user_name, const std::vector<std::string> & group_names) override;
  void get_partitions(std::vector<Partition> & _return, const std::string& db_name, const std::string& tbl_name, const int16_t max_parts) override;
  void get_partitions_by_filter(std::vector<Partition> & _return, const std::string& db_name, const std::string& tbl_name, const std::string& filter, const int16_t max_parts) override;
  void get_partitions_by_filter_req(std::vector<Partition> & _return, const GetPartitionsByFilterRequest& req) override;
  void get_partitions_by_names(std::vector<Partition> & _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & names) override;
  void get_partitions_by_names_req(GetPartitionsByNamesResult& _return, const GetPartitionsByNamesRequest& req) override;
  void get_partitions_ps(std::vector<Partition> & _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const int16_t max_parts) override;
  void get_partitions_ps_with_auth(std::vector<Partition> & _return, const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const int16_t max_parts, const std::string& user_name, const std::vector<std::string> & group_names) override;
  void get_partitions_ps_with_auth_req(GetPartitionsPsWithAuthResponse& _return, const GetPartitionsPsWithAuthRequest& req) override;
  void get_partitions_req(PartitionsResponse& _return, const PartitionsRequest& req) override;
  void get_partitions_with_auth(std::vector<Partition> & _return, const std::string& db_name, const std::string& tbl_name, const int16_t max_parts, const std::string& user_name, const std::vector<std::string> & group_names) override;
  void partition_name_to_spec(std::map<std::string, std::string> & _return, const std::string& part_name) override;
  void partition_name_to_vals(std::vector<std::string> & _return, const std::string& part_name) override;
  void rename_partition(const std::string& db_name, const std::string& tbl_name, const std::vector<std::string> & part_vals, const Partition& new_part) override;
  void rename_partition_req(RenamePartitionResponse& _return, const RenamePartitionRequest& req) override;

  // ---- functions ----
  void get_all_functions(GetAllFunctionsResponse& _return) override;

  // ---- column statistics and functions: hms_handler_statistics.cc,
  // hms_handler_functions.cc (which also answers get_all_functions) ----
  void create_function(const Function& func) override;
  void drop_function(const std::string& dbName, const std::string& funcName) override;
  void alter_function(const std::string& dbName, const std::string& funcName,
                      const Function& newFunc) override;
  void get_functions(std::vector<std::string>& _return, const std::string& dbName,
                     const std::string& pattern) override;
  void get_function(Function& _return, const std::string& dbName,
                    const std::string& funcName) override;
  bool update_table_column_statistics(const ColumnStatistics& stats_obj) override;
  bool update_partition_column_statistics(const ColumnStatistics& stats_obj) override;
  void update_table_column_statistics_req(SetPartitionsStatsResponse& _return,
                                          const SetPartitionsStatsRequest& req) override;
  void update_partition_column_statistics_req(SetPartitionsStatsResponse& _return,
                                              const SetPartitionsStatsRequest& req) override;
  void get_table_column_statistics(ColumnStatistics& _return, const std::string& db_name,
                                   const std::string& tbl_name,
                                   const std::string& col_name) override;
  void get_partition_column_statistics(ColumnStatistics& _return, const std::string& db_name,
                                       const std::string& tbl_name, const std::string& part_name,
                                       const std::string& col_name) override;
  void get_table_statistics_req(TableStatsResult& _return,
                                const TableStatsRequest& request) override;
  void get_partitions_statistics_req(PartitionsStatsResult& _return,
                                     const PartitionsStatsRequest& request) override;
  void get_aggr_stats_for(AggrStats& _return, const PartitionsStatsRequest& request) override;
  bool set_aggr_stats_for(const SetPartitionsStatsRequest& request) override;
  bool delete_partition_column_statistics(const std::string& db_name,
                                          const std::string& tbl_name,
                                          const std::string& part_name,
                                          const std::string& col_name,
                                          const std::string& engine) override;
  bool delete_table_column_statistics(const std::string& db_name, const std::string& tbl_name,
                                      const std::string& col_name,
                                      const std::string& engine) override;
  bool delete_column_statistics_req(const DeleteColumnStatisticsRequest& req) override;
  // ---- end column statistics and functions ----

  // ---- locks: hms_handler_locks.cc ----
  void lock(LockResponse& _return, const LockRequest& rqst) override;
  void check_lock(LockResponse& _return, const CheckLockRequest& rqst) override;
  void unlock(const UnlockRequest& rqst) override;
  void show_locks(ShowLocksResponse& _return, const ShowLocksRequest& rqst) override;
  void heartbeat(const HeartbeatRequest& ids) override;

  // ---- notifications: hms_handler_notifications.cc ----
  void get_next_notification(NotificationEventResponse& _return,
                             const NotificationEventRequest& rqst) override;
  void get_current_notificationEventId(CurrentNotificationEventId& _return) override;
  void get_notification_events_count(NotificationEventsCountResponse& _return,
                                     const NotificationEventsCountRequest& rqst) override;
  // ---- end locks and notifications ----

 private:
  // A fresh context for one call: the set_ugi principal, the peer, a request id.
  model::RequestContext Context();
  // Asks the gate whether the caller may read server information (fb303);
  // throws TApplicationException when not.
  void CheckServerInfo();
  // fb303's counters, without asking the gate.
  void CollectCounters(std::map<std::string, int64_t>& counters);

  // Shared bodies of the method families.
  void CreateTable(const Table& tbl, const EnvironmentContext* env);
  void AlterTable(const std::string& dbname, const std::string& tbl_name, const Table& new_tbl,
                  const service::UpdateTableOptions& options);
  void DropTable(const std::string& dbname, const std::string& name, bool delete_data);
  void GetFields(std::vector<FieldSchema>& out, const std::string& db, const std::string& table,
                 bool with_partition_keys);
  Partition AddPartition(const Partition& part);
  Partition AppendPartition(const std::string& db, const std::string& table,
                            const std::vector<std::string>* values, const std::string* name);
  bool DropPartition(const std::string& db, const std::string& table,
                     const std::vector<std::string>* values, const std::string* name,
                     bool delete_data);
  void AlterPartitions(const std::string& db, const std::string& table,
                       const std::vector<Partition>& parts);
  void RenamePartition(const std::string& db, const std::string& table,
                       const std::vector<std::string>& old_values, const Partition& new_part);
  std::vector<Partition> ListPartitions(const std::string& db, const std::string& table,
                                        int64_t max_parts);
  std::vector<std::string> ListPartitionNames(const std::string& db, const std::string& table,
                                              const std::vector<std::string>& partial_values,
                                              int64_t max_parts);
  std::vector<Partition> ListPartitionsPs(const std::string& db, const std::string& table,
                                          const std::vector<std::string>& partial_values,
                                          int64_t max_parts);
  std::vector<Partition> ListPartitionsByFilter(const std::string& db, const std::string& table,
                                                const std::string& filter, int64_t max_parts);
  std::vector<Partition> GetPartitionsByNames(const std::string& db, const std::string& table,
                                              const std::vector<std::string>& names);
  // The Visit forms' common part: one scan with `request`, at most
  // `max_parts` partitions (negative: no limit; 0: none).
  void ScanToSink(const std::string& db, const std::string& table,
                  model::PartitionScanRequest request, int64_t max_parts,
                  const PartitionSink& sink, DeclaredExceptions declared);

  std::shared_ptr<HmsSharedState> shared_;
  const std::string peer_address_;
  std::string user_;
  std::vector<std::string> groups_;
  const bool authenticated_;
  const bool secure_transport_;
  std::map<std::string, std::string> meta_conf_;
  int64_t call_count_ = 0;
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_HMS_HANDLER_H_
