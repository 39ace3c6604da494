#include "catalog/model/change_record.h"

#include "catalog/model/table_version.h"

namespace almanac::model {

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kCreateDatabase: return "create_database";
    case ChangeKind::kAlterDatabase: return "alter_database";
    case ChangeKind::kDropDatabase: return "drop_database";
    case ChangeKind::kCreateTable: return "create_table";
    case ChangeKind::kAlterTable: return "alter_table";
    case ChangeKind::kDropTable: return "drop_table";
    case ChangeKind::kAddPartitions: return "add_partitions";
    case ChangeKind::kAlterPartition: return "alter_partition";
    case ChangeKind::kDropPartition: return "drop_partition";
    case ChangeKind::kCreatePartitionIndex: return "create_partition_index";
    case ChangeKind::kDropPartitionIndex: return "drop_partition_index";
    case ChangeKind::kUpdateColumnStatistics: return "update_column_statistics";
    case ChangeKind::kDeleteColumnStatistics: return "delete_column_statistics";
    case ChangeKind::kCreateFunction: return "create_function";
    case ChangeKind::kAlterFunction: return "alter_function";
    case ChangeKind::kDropFunction: return "drop_function";
    case ChangeKind::kCreateRole: return "create_role";
    case ChangeKind::kDropRole: return "drop_role";
    case ChangeKind::kGrantRole: return "grant_role";
    case ChangeKind::kRevokeRole: return "revoke_role";
    case ChangeKind::kGrantPrivilege: return "grant_privilege";
    case ChangeKind::kRevokePrivilege: return "revoke_privilege";
    case ChangeKind::kAcquireLock: return "acquire_lock";
    case ChangeKind::kUpdateLock: return "update_lock";
    case ChangeKind::kReleaseLock: return "release_lock";
    case ChangeKind::kExpireNotifications: return "expire_notifications";
    case ChangeKind::kDeleteTableVersions: return "delete_table_versions";
    case ChangeKind::kExpireTableHistories: return "expire_table_histories";
    case ChangeKind::kPutPolicy: return "put_policy";
    case ChangeKind::kDeletePolicy: return "delete_policy";
    case ChangeKind::kCreateRegistry: return "create_registry";
    case ChangeKind::kUpdateRegistry: return "update_registry";
    case ChangeKind::kDeleteRegistry: return "delete_registry";
    case ChangeKind::kCreateSchema: return "create_schema";
    case ChangeKind::kUpdateSchema: return "update_schema";
    case ChangeKind::kDeleteSchema: return "delete_schema";
    case ChangeKind::kRegisterSchemaVersion: return "register_schema_version";
    case ChangeKind::kDeleteSchemaVersion: return "delete_schema_version";
    case ChangeKind::kCreateClassifier: return "create_classifier";
    case ChangeKind::kUpdateClassifier: return "update_classifier";
    case ChangeKind::kDeleteClassifier: return "delete_classifier";
    case ChangeKind::kCreateCrawler: return "create_crawler";
    case ChangeKind::kUpdateCrawler: return "update_crawler";
    case ChangeKind::kDeleteCrawler: return "delete_crawler";
    case ChangeKind::kStartCrawl: return "start_crawl";
    case ChangeKind::kStopCrawl: return "stop_crawl";
    case ChangeKind::kFinishCrawl: return "finish_crawl";
  }
  return "unknown";
}

std::string_view FrontEndName(FrontEnd front_end) {
  switch (front_end) {
    case FrontEnd::kGrpc: return "grpc";
    case FrontEnd::kThrift: return "thrift";
    case FrontEnd::kCli: return "cli";
    case FrontEnd::kInternal: return "internal";
  }
  return "unknown";
}

}  // namespace almanac::model
