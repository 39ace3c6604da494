#include "proto/grpc_catalog_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "proto/convert.h"
#include "proto/grpc_handle.h"
#include "proto/policy_convert.h"
#include "proto/status_convert.h"
#include "proto/version_convert.h"

namespace almanac::proto {
namespace {

using model::RequestContext;

template <typename Repeated>
std::vector<std::vector<std::string>> ToValueLists(const Repeated& partitions) {
  std::vector<std::vector<std::string>> out;
  out.reserve(partitions.size());
  for (const v1::PartitionValues& p : partitions) {
    out.emplace_back(p.values().begin(), p.values().end());
  }
  return out;
}

template <typename Repeated>
std::vector<std::string> ToStrings(const Repeated& repeated) {
  return std::vector<std::string>(repeated.begin(), repeated.end());
}

}  // namespace

std::string NewRequestId() {
  // One generator per thread: absl::BitGen is not thread-safe, and a lock
  // here would serialise every RPC.
  thread_local absl::BitGen gen;
  return absl::StrFormat("%016x", absl::Uniform<uint64_t>(gen));
}

GrpcCatalogService::GrpcCatalogService(service::CatalogService* service, RpcObserver on_rpc,
                                       GrpcAuthenticator authenticator)
    : service_(service), on_rpc_(std::move(on_rpc)), authenticator_(std::move(authenticator)) {}

// ---- databases ----

grpc::Status GrpcCatalogService::CreateDatabase(grpc::ServerContext* context,
                                                const v1::CreateDatabaseRequest* request,
                                                v1::CreateDatabaseResponse* response) {
  return Handle(context, "CreateDatabase", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Database db, FromProto(request->database()));
    ASSIGN_OR_RETURN(model::Database created, service_->databases().CreateDatabase(ctx, std::move(db)));
    *response->mutable_database() = ToProto(created);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetDatabase(grpc::ServerContext* context,
                                             const v1::GetDatabaseRequest* request,
                                             v1::GetDatabaseResponse* response) {
  return Handle(context, "GetDatabase", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Database db, service_->databases().GetDatabase(ctx, request->name()));
    *response->mutable_database() = ToProto(db);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListDatabases(grpc::ServerContext* context,
                                               const v1::ListDatabasesRequest* request,
                                               v1::ListDatabasesResponse* response) {
  return Handle(context, "ListDatabases", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Page<std::string> page,
                     service_->databases().ListDatabases(ctx, request->pattern(), request->page_token(),
                                             request->page_size()));
    for (std::string& name : page.items) response->add_names(std::move(name));
    response->set_next_page_token(std::move(page.next_page_token));
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UpdateDatabase(grpc::ServerContext* context,
                                                const v1::UpdateDatabaseRequest* request,
                                                v1::UpdateDatabaseResponse* response) {
  return Handle(context, "UpdateDatabase", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Database db, FromProto(request->database()));
    return service_->databases().UpdateDatabase(ctx, std::move(db));
  });
}

grpc::Status GrpcCatalogService::DeleteDatabase(grpc::ServerContext* context,
                                                const v1::DeleteDatabaseRequest* request,
                                                v1::DeleteDatabaseResponse* response) {
  return Handle(context, "DeleteDatabase", [&](const RequestContext& ctx) {
    return service_->databases().DropDatabase(ctx, request->name(), request->cascade());
  });
}

// ---- tables ----

grpc::Status GrpcCatalogService::CreateTable(grpc::ServerContext* context,
                                             const v1::CreateTableRequest* request,
                                             v1::CreateTableResponse* response) {
  return Handle(context, "CreateTable", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Table table, FromProto(request->table()));
    ASSIGN_OR_RETURN(model::Table created, service_->tables().CreateTable(ctx, std::move(table)));
    *response->mutable_table() = ToProto(created);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetTable(grpc::ServerContext* context,
                                          const v1::GetTableRequest* request,
                                          v1::GetTableResponse* response) {
  return Handle(context, "GetTable", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Table table,
                     service_->tables().GetTable(ctx, request->database(), request->name()));
    *response->mutable_table() = ToProto(table);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListTables(grpc::ServerContext* context,
                                            const v1::ListTablesRequest* request,
                                            v1::ListTablesResponse* response) {
  return Handle(context, "ListTables", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Page<std::string> page,
                     service_->tables().ListTables(ctx, request->database(), request->pattern(),
                                          request->page_token(), request->page_size()));
    for (std::string& name : page.items) response->add_names(std::move(name));
    response->set_next_page_token(std::move(page.next_page_token));
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UpdateTable(grpc::ServerContext* context,
                                             const v1::UpdateTableRequest* request,
                                             v1::UpdateTableResponse* response) {
  return Handle(context, "UpdateTable", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Table table, FromProto(request->table()));
    service::UpdateTableOptions options{.expected_parameter_key = request->expected().key(),
                                        .expected_parameter_value = request->expected().value(),
                                        .cascade = request->cascade(),
                                        .skip_archive = request->skip_archive()};
    ASSIGN_OR_RETURN(model::Table updated, service_->tables().UpdateTable(ctx, std::move(table), options));
    *response->mutable_table() = ToProto(updated);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::RenameTable(grpc::ServerContext* context,
                                             const v1::RenameTableRequest* request,
                                             v1::RenameTableResponse* response) {
  return Handle(context, "RenameTable", [&](const RequestContext& ctx) {
    return service_->tables().RenameTable(ctx, request->database(), request->name(),
                                 request->new_database(), request->new_name());
  });
}

grpc::Status GrpcCatalogService::DeleteTable(grpc::ServerContext* context,
                                             const v1::DeleteTableRequest* request,
                                             v1::DeleteTableResponse* response) {
  return Handle(context, "DeleteTable", [&](const RequestContext& ctx) {
    return service_->tables().DropTable(ctx, request->database(), request->name());
  });
}

// ---- partitions ----

grpc::Status GrpcCatalogService::BatchCreatePartitions(
    grpc::ServerContext* context, const v1::BatchCreatePartitionsRequest* request,
    v1::BatchCreatePartitionsResponse* response) {
  return Handle(context, "BatchCreatePartitions", [&](const RequestContext& ctx) -> absl::Status {
    std::vector<model::Partition> partitions;
    partitions.reserve(request->partitions_size());
    for (const v1::Partition& p : request->partitions()) partitions.push_back(FromProto(p));
    ASSIGN_OR_RETURN(std::vector<model::Partition> added,
                     service_->partitions().AddPartitions(ctx, request->database(), request->table(),
                                             std::move(partitions), request->if_not_exists()));
    for (const model::Partition& p : added) *response->add_partitions() = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetPartition(grpc::ServerContext* context,
                                              const v1::GetPartitionRequest* request,
                                              v1::GetPartitionResponse* response) {
  return Handle(context, "GetPartition", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Partition partition,
                     service_->partitions().GetPartition(ctx, request->database(), request->table(),
                                            ToStrings(request->values())));
    *response->mutable_partition() = ToProto(partition);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::BatchGetPartitions(grpc::ServerContext* context,
                                                    const v1::BatchGetPartitionsRequest* request,
                                                    v1::BatchGetPartitionsResponse* response) {
  return Handle(context, "BatchGetPartitions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::Partition> found,
                     service_->partitions().GetPartitionsByValues(ctx, request->database(), request->table(),
                                                     ToValueLists(request->partitions())));
    for (const model::Partition& p : found) *response->add_partitions() = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetPartitionsByNames(
    grpc::ServerContext* context, const v1::GetPartitionsByNamesRequest* request,
    v1::GetPartitionsByNamesResponse* response) {
  return Handle(context, "GetPartitionsByNames", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::Partition> found,
                     service_->partitions().GetPartitionsByNames(ctx, request->database(), request->table(),
                                                    ToStrings(request->names())));
    for (const model::Partition& p : found) *response->add_partitions() = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListPartitions(grpc::ServerContext* context,
                                                const v1::ListPartitionsRequest* request,
                                                v1::ListPartitionsResponse* response) {
  return Handle(context, "ListPartitions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::PartitionListRequest list, FromProto(*request));
    ASSIGN_OR_RETURN(model::PartitionListResult result,
                     service_->partitions().ListPartitions(ctx, request->database(), request->table(), list));
    for (const model::Partition& p : result.partitions) *response->add_partitions() = ToProto(p);
    response->set_next_page_token(std::move(result.next_page_token));
    if (result.explain.has_value()) *response->mutable_explain() = ToProto(*result.explain);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListPartitionNames(grpc::ServerContext* context,
                                                    const v1::ListPartitionsRequest* request,
                                                    v1::ListPartitionNamesResponse* response) {
  return Handle(context, "ListPartitionNames", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::PartitionListRequest list, FromProto(*request));
    ASSIGN_OR_RETURN(
        model::PartitionNamePage page,
        service_->partitions().ListPartitionNames(ctx, request->database(), request->table(), list));
    for (std::string& name : page.items) response->add_names(std::move(name));
    response->set_next_page_token(std::move(page.next_page_token));
    if (page.explain.has_value()) *response->mutable_explain() = ToProto(*page.explain);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::CountPartitions(grpc::ServerContext* context,
                                                 const v1::CountPartitionsRequest* request,
                                                 v1::CountPartitionsResponse* response) {
  return Handle(context, "CountPartitions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::FilterDialect dialect, FromProto(request->dialect()));
    ASSIGN_OR_RETURN(int64_t count,
                     service_->partitions().CountPartitions(ctx, request->database(), request->table(),
                                               request->filter(), dialect));
    response->set_count(count);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::BatchDeletePartitions(
    grpc::ServerContext* context, const v1::BatchDeletePartitionsRequest* request,
    v1::BatchDeletePartitionsResponse* response) {
  return Handle(context, "BatchDeletePartitions", [&](const RequestContext& ctx) {
    return service_->partitions()
        .DropPartitions(ctx, request->database(), request->table(),
                        ToValueLists(request->partitions()), request->if_exists())
        .status();
  });
}

grpc::Status GrpcCatalogService::UpdatePartition(grpc::ServerContext* context,
                                                 const v1::UpdatePartitionRequest* request,
                                                 v1::UpdatePartitionResponse* response) {
  return Handle(context, "UpdatePartition", [&](const RequestContext& ctx) {
    std::vector<model::Partition> partitions;
    partitions.push_back(FromProto(request->partition()));
    return service_->partitions().UpdatePartitions(ctx, request->database(), request->table(),
                                      std::move(partitions));
  });
}

grpc::Status GrpcCatalogService::RenamePartition(grpc::ServerContext* context,
                                                 const v1::RenamePartitionRequest* request,
                                                 v1::RenamePartitionResponse* response) {
  return Handle(context, "RenamePartition", [&](const RequestContext& ctx) {
    return service_->partitions().RenamePartition(ctx, request->database(), request->table(),
                                     ToStrings(request->values()),
                                     FromProto(request->partition()));
  });
}

// ---- partition indexes ----

grpc::Status GrpcCatalogService::CreatePartitionIndex(
    grpc::ServerContext* context, const v1::CreatePartitionIndexRequest* request,
    v1::CreatePartitionIndexResponse* response) {
  return Handle(context, "CreatePartitionIndex", [&](const RequestContext& ctx) {
    return service_->partition_indexes().CreatePartitionIndex(ctx, request->database(), request->table(),
                                          FromProto(request->index()));
  });
}

grpc::Status GrpcCatalogService::ListPartitionIndexes(
    grpc::ServerContext* context, const v1::ListPartitionIndexesRequest* request,
    v1::ListPartitionIndexesResponse* response) {
  return Handle(context, "ListPartitionIndexes", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::PartitionIndex> indexes,
                     service_->partition_indexes().ListPartitionIndexes(ctx, request->database(), request->table()));
    for (const model::PartitionIndex& index : indexes) *response->add_indexes() = ToProto(index);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeletePartitionIndex(
    grpc::ServerContext* context, const v1::DeletePartitionIndexRequest* request,
    v1::DeletePartitionIndexResponse* response) {
  return Handle(context, "DeletePartitionIndex", [&](const RequestContext& ctx) {
    return service_->partition_indexes().DropPartitionIndex(ctx, request->database(), request->table(),
                                        request->name());
  });
}

// ---- table versions ----

namespace {

template <typename Request>
service::HistoryName HistoryOf(const Request& request) {
  return service::HistoryName{request.database(), request.table(), request.table_id()};
}

}  // namespace

grpc::Status GrpcCatalogService::GetTableVersion(grpc::ServerContext* context,
                                                 const v1::GetTableVersionRequest* request,
                                                 v1::GetTableVersionResponse* response) {
  return Handle(context, "GetTableVersion", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::TableVersion version,
                     service_->versions().GetTableVersion(ctx, HistoryOf(*request),
                                                          request->version_id()));
    *response->mutable_version() = ToProto(version);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListTableVersions(grpc::ServerContext* context,
                                                   const v1::ListTableVersionsRequest* request,
                                                   v1::ListTableVersionsResponse* response) {
  return Handle(context, "ListTableVersions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::VersionListing listing,
                     service_->versions().ListTableVersions(ctx, HistoryOf(*request),
                                                            request->page_token(),
                                                            request->page_size()));
    *response->mutable_history() = ToProto(listing.history);
    for (const model::TableVersionInfo& info : listing.versions) {
      *response->add_versions() = ToProto(info);
    }
    response->set_next_page_token(std::move(listing.next_page_token));
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeleteTableVersion(grpc::ServerContext* context,
                                                    const v1::DeleteTableVersionRequest* request,
                                                    v1::DeleteTableVersionResponse* response) {
  return Handle(context, "DeleteTableVersion", [&](const RequestContext& ctx) {
    return service_->versions().DeleteTableVersions(ctx, HistoryOf(*request),
                                                    {request->version_id()}, /*batch=*/false);
  });
}

grpc::Status GrpcCatalogService::BatchDeleteTableVersion(
    grpc::ServerContext* context, const v1::BatchDeleteTableVersionRequest* request,
    v1::BatchDeleteTableVersionResponse* response) {
  return Handle(context, "BatchDeleteTableVersion", [&](const RequestContext& ctx) {
    return service_->versions().DeleteTableVersions(ctx, HistoryOf(*request),
                                                    ToStrings(request->version_ids()),
                                                    /*batch=*/true);
  });
}

grpc::Status GrpcCatalogService::DiffTableVersions(grpc::ServerContext* context,
                                                   const v1::DiffTableVersionsRequest* request,
                                                   v1::DiffTableVersionsResponse* response) {
  return Handle(context, "DiffTableVersions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::VersionDiff diff,
                     service_->versions().DiffTableVersions(ctx, HistoryOf(*request),
                                                            request->from_version_id(),
                                                            request->to_version_id()));
    *response->mutable_history() = ToProto(diff.history);
    *response->mutable_from() = ToProto(diff.from);
    *response->mutable_to() = ToProto(diff.to);
    for (const versions::TableChange& change : diff.changes) {
      *response->add_changes() = ToProto(change);
    }
    response->set_summary(std::move(diff.summary));
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::RestoreTableVersion(grpc::ServerContext* context,
                                                     const v1::RestoreTableVersionRequest* request,
                                                     v1::RestoreTableVersionResponse* response) {
  return Handle(context, "RestoreTableVersion", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Table table,
                     service_->versions().RestoreTableVersion(ctx, request->database(),
                                                              request->table(),
                                                              request->version_id()));
    *response->mutable_table() = ToProto(table);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UndropTable(grpc::ServerContext* context,
                                             const v1::UndropTableRequest* request,
                                             v1::UndropTableResponse* response) {
  return Handle(context, "UndropTable", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::UndropResult result,
                     service_->versions().UndropTable(ctx, HistoryOf(*request)));
    *response->mutable_table() = ToProto(result.table);
    *response->mutable_history() = ToProto(result.history);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::PurgeTableHistory(grpc::ServerContext* context,
                                                   const v1::PurgeTableHistoryRequest* request,
                                                   v1::PurgeTableHistoryResponse* response) {
  return Handle(context, "PurgeTableHistory", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(int64_t deleted,
                     service_->versions().PurgeTableHistory(ctx, HistoryOf(*request)));
    response->set_versions_deleted(deleted);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListDroppedTables(grpc::ServerContext* context,
                                                   const v1::ListDroppedTablesRequest* request,
                                                   v1::ListDroppedTablesResponse* response) {
  return Handle(context, "ListDroppedTables", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::TableHistory> dropped,
                     service_->versions().ListDroppedTables(ctx, request->database(),
                                                            request->table()));
    for (const model::TableHistory& h : dropped) *response->add_tables() = ToProto(h);
    return absl::OkStatus();
  });
}

// ---- policies and the audit trail ----

grpc::Status GrpcCatalogService::PutPolicy(grpc::ServerContext* context,
                                           const v1::PutPolicyRequest* request,
                                           v1::PutPolicyResponse* response) {
  return Handle(context, "PutPolicy", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::PolicyRecord stored,
                     service_->policies().PutPolicy(ctx, FromProto(*request)));
    *response->mutable_policy() = ToProto(stored);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetPolicy(grpc::ServerContext* context,
                                           const v1::GetPolicyRequest* request,
                                           v1::GetPolicyResponse* response) {
  return Handle(context, "GetPolicy", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::PolicyRecord policy,
                     service_->policies().GetPolicy(ctx, request->target()));
    *response->mutable_policy() = ToProto(policy);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeletePolicy(grpc::ServerContext* context,
                                              const v1::DeletePolicyRequest* request,
                                              v1::DeletePolicyResponse* response) {
  return Handle(context, "DeletePolicy", [&](const RequestContext& ctx) {
    return service_->policies().DeletePolicy(ctx, request->target(),
                                             request->policy_hash_condition());
  });
}

grpc::Status GrpcCatalogService::ListPolicies(grpc::ServerContext* context,
                                              const v1::ListPoliciesRequest* request,
                                              v1::ListPoliciesResponse* response) {
  return Handle(context, "ListPolicies", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::PolicyRecord> policies,
                     service_->policies().ListPolicies(ctx));
    for (const model::PolicyRecord& p : policies) *response->add_policies() = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::SimulatePolicy(grpc::ServerContext* context,
                                                const v1::SimulatePolicyRequest* request,
                                                v1::SimulatePolicyResponse* response) {
  return Handle(context, "SimulatePolicy", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::SimulationRequest question, FromProto(*request));
    ASSIGN_OR_RETURN(service::SimulationResult result,
                     service_->policies().Simulate(ctx, question));
    *response = ToProto(result);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::WhoCan(grpc::ServerContext* context,
                                        const v1::WhoCanRequest* request,
                                        v1::WhoCanResponse* response) {
  return Handle(context, "WhoCan", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<service::WhoCanEntry> entries,
                     service_->policies().WhoCan(ctx, request->action(), request->resource()));
    for (const service::WhoCanEntry& e : entries) *response->add_entries() = ToProto(e);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListAuditRecords(grpc::ServerContext* context,
                                                  const v1::ListAuditRecordsRequest* request,
                                                  v1::ListAuditRecordsResponse* response) {
  return Handle(context, "ListAuditRecords", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::AuditRecord> records,
                     service_->policies().ListAudit(ctx, FromProto(*request)));
    for (const model::AuditRecord& r : records) *response->add_records() = ToProto(r);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::VerifyAuditTrail(grpc::ServerContext* context,
                                                  const v1::VerifyAuditTrailRequest* request,
                                                  v1::VerifyAuditTrailResponse* response) {
  return Handle(context, "VerifyAuditTrail", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::AuditVerification v,
                     service_->policies().VerifyAudit(ctx, request->expected_head()));
    response->set_intact(v.problem.empty());
    response->set_records(v.records);
    response->set_head(v.head);
    response->set_problem(v.problem);
    response->set_first_bad_seq(v.first_bad_seq);
    return absl::OkStatus();
  });
}

}  // namespace almanac::proto
