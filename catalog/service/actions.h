// The actions the gate (gate.h) authorizes, in AWS Glue's IAM vocabulary
// where Glue has the operation ("glue:GetTable") and in Almanac's own
// ("almanac:Lock") where it has none: Hive's locks, roles and grants, the
// notification log and the server's session calls. A policy names these
// strings; tests/testdata/method_actions.txt maps every wire method to one.
//
// Constants only; thread-safe.
#ifndef ALMANAC_CATALOG_SERVICE_ACTIONS_H_
#define ALMANAC_CATALOG_SERVICE_ACTIONS_H_

#include <string_view>

namespace almanac::service::actions {

// ---- Glue: databases, tables, partitions, indexes ----
inline constexpr std::string_view kCreateDatabase = "glue:CreateDatabase";
inline constexpr std::string_view kGetDatabase = "glue:GetDatabase";
inline constexpr std::string_view kGetDatabases = "glue:GetDatabases";
inline constexpr std::string_view kUpdateDatabase = "glue:UpdateDatabase";
inline constexpr std::string_view kDeleteDatabase = "glue:DeleteDatabase";
inline constexpr std::string_view kCreateTable = "glue:CreateTable";
inline constexpr std::string_view kGetTable = "glue:GetTable";
inline constexpr std::string_view kGetTables = "glue:GetTables";
inline constexpr std::string_view kUpdateTable = "glue:UpdateTable";
inline constexpr std::string_view kDeleteTable = "glue:DeleteTable";
inline constexpr std::string_view kBatchCreatePartition = "glue:BatchCreatePartition";
inline constexpr std::string_view kGetPartition = "glue:GetPartition";
inline constexpr std::string_view kGetPartitions = "glue:GetPartitions";
inline constexpr std::string_view kBatchGetPartition = "glue:BatchGetPartition";
inline constexpr std::string_view kBatchUpdatePartition = "glue:BatchUpdatePartition";
inline constexpr std::string_view kUpdatePartition = "glue:UpdatePartition";
inline constexpr std::string_view kBatchDeletePartition = "glue:BatchDeletePartition";
inline constexpr std::string_view kCreatePartitionIndex = "glue:CreatePartitionIndex";
inline constexpr std::string_view kGetPartitionIndexes = "glue:GetPartitionIndexes";
inline constexpr std::string_view kDeletePartitionIndex = "glue:DeletePartitionIndex";

// ---- Glue: table versions ----
inline constexpr std::string_view kGetTableVersion = "glue:GetTableVersion";
inline constexpr std::string_view kGetTableVersions = "glue:GetTableVersions";
inline constexpr std::string_view kDeleteTableVersion = "glue:DeleteTableVersion";
inline constexpr std::string_view kBatchDeleteTableVersion = "glue:BatchDeleteTableVersion";
// Deletes the history of long-dropped tables (the server's maintenance).
inline constexpr std::string_view kExpireTableHistories = "almanac:ExpireTableHistories";  // internal

// ---- Glue: column statistics ----
inline constexpr std::string_view kGetColumnStatisticsForTable =
    "glue:GetColumnStatisticsForTable";
inline constexpr std::string_view kUpdateColumnStatisticsForTable =
    "glue:UpdateColumnStatisticsForTable";
inline constexpr std::string_view kDeleteColumnStatisticsForTable =
    "glue:DeleteColumnStatisticsForTable";
inline constexpr std::string_view kGetColumnStatisticsForPartition =
    "glue:GetColumnStatisticsForPartition";
inline constexpr std::string_view kUpdateColumnStatisticsForPartition =
    "glue:UpdateColumnStatisticsForPartition";
inline constexpr std::string_view kDeleteColumnStatisticsForPartition =
    "glue:DeleteColumnStatisticsForPartition";

// ---- Glue: user-defined functions ----
inline constexpr std::string_view kCreateUserDefinedFunction = "glue:CreateUserDefinedFunction";
inline constexpr std::string_view kGetUserDefinedFunction = "glue:GetUserDefinedFunction";
inline constexpr std::string_view kGetUserDefinedFunctions = "glue:GetUserDefinedFunctions";
inline constexpr std::string_view kUpdateUserDefinedFunction = "glue:UpdateUserDefinedFunction";
inline constexpr std::string_view kDeleteUserDefinedFunction = "glue:DeleteUserDefinedFunction";

// ---- Glue: catalogs ----
inline constexpr std::string_view kGetCatalog = "glue:GetCatalog";
inline constexpr std::string_view kGetCatalogs = "glue:GetCatalogs";

// ---- Glue: resource policies; Almanac: identity policies and the audit trail ----
// A resource policy's target is the catalog, a database or a table; the
// action is asked on that resource's ARN.
inline constexpr std::string_view kPutResourcePolicy = "glue:PutResourcePolicy";
inline constexpr std::string_view kGetResourcePolicy = "glue:GetResourcePolicy";
inline constexpr std::string_view kDeleteResourcePolicy = "glue:DeleteResourcePolicy";
// Every stored policy, both kinds (on the catalog).
inline constexpr std::string_view kGetResourcePolicies = "glue:GetResourcePolicies";
// Identity policies of users, groups and roles (on the catalog).
inline constexpr std::string_view kPutIdentityPolicy = "almanac:PutIdentityPolicy";
inline constexpr std::string_view kGetIdentityPolicy = "almanac:GetIdentityPolicy";
inline constexpr std::string_view kDeleteIdentityPolicy = "almanac:DeleteIdentityPolicy";
// The policy simulator and who-can (on the catalog).
inline constexpr std::string_view kSimulatePolicy = "almanac:SimulatePolicy";
// Listing and verifying the audit trail (on the catalog).
inline constexpr std::string_view kReadAuditTrail = "almanac:ReadAuditTrail";
// The server writing denials and errors to the trail in batches.
inline constexpr std::string_view kAppendAuditRecords = "almanac:AppendAuditRecords";  // internal

// ---- Almanac: Hive roles and privilege grants ----
inline constexpr std::string_view kCreateRole = "almanac:CreateRole";
inline constexpr std::string_view kDropRole = "almanac:DropRole";
inline constexpr std::string_view kListRoles = "almanac:ListRoles";
inline constexpr std::string_view kGrantRole = "almanac:GrantRole";
inline constexpr std::string_view kRevokeRole = "almanac:RevokeRole";
inline constexpr std::string_view kGetRoleGrants = "almanac:GetRoleGrants";
inline constexpr std::string_view kGrantPrivileges = "almanac:GrantPrivileges";
inline constexpr std::string_view kRevokePrivileges = "almanac:RevokePrivileges";
inline constexpr std::string_view kListPrivileges = "almanac:ListPrivileges";

// ---- Almanac: Hive locks ----
inline constexpr std::string_view kLock = "almanac:Lock";
inline constexpr std::string_view kCheckLock = "almanac:CheckLock";
inline constexpr std::string_view kUnlock = "almanac:Unlock";
inline constexpr std::string_view kHeartbeat = "almanac:Heartbeat";
inline constexpr std::string_view kShowLocks = "almanac:ShowLocks";
inline constexpr std::string_view kExpireLocks = "almanac:ExpireLocks";  // internal

// ---- Almanac: the notification log ----
inline constexpr std::string_view kGetNotifications = "almanac:GetNotifications";
inline constexpr std::string_view kExpireNotifications = "almanac:ExpireNotifications";  // internal

// ---- Almanac: the server and the session ----
// Server name, version, status, counters, configuration values, the
// metastore's uuid.
inline constexpr std::string_view kGetServerInfo = "almanac:GetServerInfo";
// A session setting (setMetaConf), the client's claimed identity (set_ugi), or
// the end of its session (fb303's shutdown, which Hive clients send on close).
inline constexpr std::string_view kSetSessionOption = "almanac:SetSessionOption";
// Hive's partition_name_to_vals and partition_name_to_spec.
inline constexpr std::string_view kParsePartitionName = "almanac:ParsePartitionName";
// fb303's reinitialize.
inline constexpr std::string_view kAdministerServer = "almanac:AdministerServer";


// Every action above, for policy validation (an unknown action in a policy
// is refused).
// ---- Glue: the schema registry (registry ARN registry/NAME, schema ARN
// schema/REGISTRY/NAME; listings and the syntax check on the catalog) ----
inline constexpr std::string_view kCreateRegistry = "glue:CreateRegistry";
inline constexpr std::string_view kGetRegistry = "glue:GetRegistry";
inline constexpr std::string_view kListRegistries = "glue:ListRegistries";
inline constexpr std::string_view kUpdateRegistry = "glue:UpdateRegistry";
inline constexpr std::string_view kDeleteRegistry = "glue:DeleteRegistry";
inline constexpr std::string_view kCreateSchema = "glue:CreateSchema";
inline constexpr std::string_view kGetSchema = "glue:GetSchema";
inline constexpr std::string_view kListSchemas = "glue:ListSchemas";
inline constexpr std::string_view kUpdateSchema = "glue:UpdateSchema";
inline constexpr std::string_view kDeleteSchema = "glue:DeleteSchema";
inline constexpr std::string_view kRegisterSchemaVersion = "glue:RegisterSchemaVersion";
inline constexpr std::string_view kGetSchemaVersion = "glue:GetSchemaVersion";
inline constexpr std::string_view kListSchemaVersions = "glue:ListSchemaVersions";
inline constexpr std::string_view kGetSchemaVersionsDiff = "glue:GetSchemaVersionsDiff";
inline constexpr std::string_view kDeleteSchemaVersions = "glue:DeleteSchemaVersions";
inline constexpr std::string_view kGetSchemaByDefinition = "glue:GetSchemaByDefinition";
inline constexpr std::string_view kCheckSchemaVersionValidity = "glue:CheckSchemaVersionValidity";
// A compatibility verdict without registering (Glue has none).
inline constexpr std::string_view kCheckSchemaCompatibility = "almanac:CheckSchemaCompatibility";

// ---- Glue: crawlers (crawler ARN crawler/NAME; listings, classifiers and
// the metrics on the catalog, since Glue gives classifiers no ARN) ----
inline constexpr std::string_view kCreateCrawler = "glue:CreateCrawler";
inline constexpr std::string_view kGetCrawler = "glue:GetCrawler";
inline constexpr std::string_view kListCrawlers = "glue:ListCrawlers";
inline constexpr std::string_view kUpdateCrawler = "glue:UpdateCrawler";
inline constexpr std::string_view kDeleteCrawler = "glue:DeleteCrawler";
inline constexpr std::string_view kStartCrawler = "glue:StartCrawler";
inline constexpr std::string_view kListCrawls = "glue:ListCrawls";
inline constexpr std::string_view kStopCrawler = "glue:StopCrawler";
inline constexpr std::string_view kGetCrawlerMetrics = "glue:GetCrawlerMetrics";
// What a running crawl records of itself (only the crawl's own principal
// and the server call it).
inline constexpr std::string_view kRecordCrawl = "almanac:RecordCrawl";
// Creating or updating a crawler that acts as someone other than the caller
// (asked on the crawler; Glue's iam:PassRole in spirit).
inline constexpr std::string_view kPassCrawlerPrincipal = "almanac:PassCrawlerPrincipal";
inline constexpr std::string_view kCreateClassifier = "glue:CreateClassifier";
inline constexpr std::string_view kGetClassifier = "glue:GetClassifier";
inline constexpr std::string_view kGetClassifiers = "glue:GetClassifiers";
inline constexpr std::string_view kUpdateClassifier = "glue:UpdateClassifier";
inline constexpr std::string_view kDeleteClassifier = "glue:DeleteClassifier";

inline constexpr std::string_view kAll[] = {
    kCreateDatabase,
    kGetDatabase,
    kGetDatabases,
    kUpdateDatabase,
    kDeleteDatabase,
    kCreateTable,
    kGetTable,
    kGetTables,
    kUpdateTable,
    kDeleteTable,
    kBatchCreatePartition,
    kGetPartition,
    kGetPartitions,
    kBatchGetPartition,
    kBatchUpdatePartition,
    kUpdatePartition,
    kBatchDeletePartition,
    kCreatePartitionIndex,
    kGetPartitionIndexes,
    kDeletePartitionIndex,
    kGetTableVersion,
    kGetTableVersions,
    kDeleteTableVersion,
    kBatchDeleteTableVersion,
    kExpireTableHistories,
    kGetColumnStatisticsForTable,
    kUpdateColumnStatisticsForTable,
    kDeleteColumnStatisticsForTable,
    kGetColumnStatisticsForPartition,
    kUpdateColumnStatisticsForPartition,
    kDeleteColumnStatisticsForPartition,
    kCreateUserDefinedFunction,
    kGetUserDefinedFunction,
    kGetUserDefinedFunctions,
    kUpdateUserDefinedFunction,
    kDeleteUserDefinedFunction,
    kGetCatalog,
    kGetCatalogs,
    kPutResourcePolicy,
    kGetResourcePolicy,
    kDeleteResourcePolicy,
    kGetResourcePolicies,
    kCreateRegistry,
    kGetRegistry,
    kListRegistries,
    kUpdateRegistry,
    kDeleteRegistry,
    kCreateSchema,
    kGetSchema,
    kListSchemas,
    kUpdateSchema,
    kDeleteSchema,
    kRegisterSchemaVersion,
    kGetSchemaVersion,
    kListSchemaVersions,
    kGetSchemaVersionsDiff,
    kDeleteSchemaVersions,
    kGetSchemaByDefinition,
    kCheckSchemaVersionValidity,
    kCheckSchemaCompatibility,
    kCreateCrawler,
    kGetCrawler,
    kListCrawlers,
    kUpdateCrawler,
    kDeleteCrawler,
    kStartCrawler,
    kListCrawls,
    kStopCrawler,
    kGetCrawlerMetrics,
    kRecordCrawl,
    kPassCrawlerPrincipal,
    kCreateClassifier,
    kGetClassifier,
    kGetClassifiers,
    kUpdateClassifier,
    kDeleteClassifier,
    kPutIdentityPolicy,
    kGetIdentityPolicy,
    kDeleteIdentityPolicy,
    kSimulatePolicy,
    kReadAuditTrail,
    kAppendAuditRecords,
    kCreateRole,
    kDropRole,
    kListRoles,
    kGrantRole,
    kRevokeRole,
    kGetRoleGrants,
    kGrantPrivileges,
    kRevokePrivileges,
    kListPrivileges,
    kLock,
    kCheckLock,
    kUnlock,
    kHeartbeat,
    kShowLocks,
    kExpireLocks,
    kGetNotifications,
    kExpireNotifications,
    kGetServerInfo,
    kSetSessionOption,
    kParsePartitionName,
    kAdministerServer,
};

}  // namespace almanac::service::actions

#endif  // ALMANAC_CATALOG_SERVICE_ACTIONS_H_
