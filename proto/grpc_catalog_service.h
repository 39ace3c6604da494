// GrpcCatalogService: the almanac.v1.CatalogService gRPC handlers. Each one
// converts its request (convert.h), calls ONE service::CatalogService method
// and converts the result and status (status_convert.h); there is no rule
// here, so the Thrift front end cannot drift from it.
//
// Every call gets a model::RequestContext: the peer address, FrontEnd::kGrpc,
// a fresh request id, and the principal the GrpcAuthenticator (grpc_auth.h)
// establishes; a call it refuses answers UNAUTHENTICATED before any handler
// body runs.
//
// Thread-safe: gRPC calls the handlers from many threads at once; the object
// holds only immutable pointers.
#ifndef ALMANAC_PROTO_GRPC_CATALOG_SERVICE_H_
#define ALMANAC_PROTO_GRPC_CATALOG_SERVICE_H_

#include <string_view>

#include "absl/status/status.h"
#include "catalog/model/request_context.h"
#include "catalog/service/catalog_service.h"
#include "proto/almanac/v1/catalog.grpc.pb.h"
#include "proto/grpc_auth.h"
#include "proto/grpc_server.h"

namespace almanac::proto {

class GrpcCatalogService final : public v1::CatalogService::Service {
 public:
  // `service` is not owned and must outlive this object; `on_rpc` may be empty.
  GrpcCatalogService(service::CatalogService* service, RpcObserver on_rpc,
                     GrpcAuthenticator authenticator);

  grpc::Status CreateDatabase(grpc::ServerContext* context, const v1::CreateDatabaseRequest* request,
                              v1::CreateDatabaseResponse* response) override;
  grpc::Status GetDatabase(grpc::ServerContext* context, const v1::GetDatabaseRequest* request,
                           v1::GetDatabaseResponse* response) override;
  grpc::Status ListDatabases(grpc::ServerContext* context, const v1::ListDatabasesRequest* request,
                             v1::ListDatabasesResponse* response) override;
  grpc::Status UpdateDatabase(grpc::ServerContext* context, const v1::UpdateDatabaseRequest* request,
                              v1::UpdateDatabaseResponse* response) override;
  grpc::Status DeleteDatabase(grpc::ServerContext* context, const v1::DeleteDatabaseRequest* request,
                              v1::DeleteDatabaseResponse* response) override;

  grpc::Status CreateTable(grpc::ServerContext* context, const v1::CreateTableRequest* request,
                           v1::CreateTableResponse* response) override;
  grpc::Status GetTable(grpc::ServerContext* context, const v1::GetTableRequest* request,
                        v1::GetTableResponse* response) override;
  grpc::Status ListTables(grpc::ServerContext* context, const v1::ListTablesRequest* request,
                          v1::ListTablesResponse* response) override;
  grpc::Status UpdateTable(grpc::ServerContext* context, const v1::UpdateTableRequest* request,
                           v1::UpdateTableResponse* response) override;
  grpc::Status RenameTable(grpc::ServerContext* context, const v1::RenameTableRequest* request,
                           v1::RenameTableResponse* response) override;
  grpc::Status DeleteTable(grpc::ServerContext* context, const v1::DeleteTableRequest* request,
                           v1::DeleteTableResponse* response) override;

  grpc::Status BatchCreatePartitions(grpc::ServerContext* context,
                                     const v1::BatchCreatePartitionsRequest* request,
                                     v1::BatchCreatePartitionsResponse* response) override;
  grpc::Status GetPartition(grpc::ServerContext* context, const v1::GetPartitionRequest* request,
                            v1::GetPartitionResponse* response) override;
  grpc::Status BatchGetPartitions(grpc::ServerContext* context,
                                  const v1::BatchGetPartitionsRequest* request,
                                  v1::BatchGetPartitionsResponse* response) override;
  grpc::Status GetPartitionsByNames(grpc::ServerContext* context,
                                    const v1::GetPartitionsByNamesRequest* request,
                                    v1::GetPartitionsByNamesResponse* response) override;
  grpc::Status ListPartitions(grpc::ServerContext* context,
                              const v1::ListPartitionsRequest* request,
                              v1::ListPartitionsResponse* response) override;
  grpc::Status ListPartitionNames(grpc::ServerContext* context,
                                  const v1::ListPartitionsRequest* request,
                                  v1::ListPartitionNamesResponse* response) override;
  grpc::Status CountPartitions(grpc::ServerContext* context,
                               const v1::CountPartitionsRequest* request,
                               v1::CountPartitionsResponse* response) override;
  grpc::Status BatchDeletePartitions(grpc::ServerContext* context,
                                     const v1::BatchDeletePartitionsRequest* request,
                                     v1::BatchDeletePartitionsResponse* response) override;
  grpc::Status UpdatePartition(grpc::ServerContext* context,
                               const v1::UpdatePartitionRequest* request,
                               v1::UpdatePartitionResponse* response) override;
  grpc::Status RenamePartition(grpc::ServerContext* context,
                               const v1::RenamePartitionRequest* request,
                               v1::RenamePartitionResponse* response) override;

  grpc::Status CreatePartitionIndex(grpc::ServerContext* context,
                                    const v1::CreatePartitionIndexRequest* request,
                                    v1::CreatePartitionIndexResponse* response) override;
  grpc::Status ListPartitionIndexes(grpc::ServerContext* context,
                                    const v1::ListPartitionIndexesRequest* request,
                                    v1::ListPartitionIndexesResponse* response) override;
  grpc::Status DeletePartitionIndex(grpc::ServerContext* context,
                                    const v1::DeletePartitionIndexRequest* request,
                                    v1::DeletePartitionIndexResponse* response) override;

  // Table versions.
  grpc::Status GetTableVersion(grpc::ServerContext* context, const v1::GetTableVersionRequest* request,
                      v1::GetTableVersionResponse* response) override;
  grpc::Status ListTableVersions(grpc::ServerContext* context, const v1::ListTableVersionsRequest* request,
                      v1::ListTableVersionsResponse* response) override;
  grpc::Status DeleteTableVersion(grpc::ServerContext* context, const v1::DeleteTableVersionRequest* request,
                      v1::DeleteTableVersionResponse* response) override;
  grpc::Status BatchDeleteTableVersion(grpc::ServerContext* context, const v1::BatchDeleteTableVersionRequest* request,
                      v1::BatchDeleteTableVersionResponse* response) override;
  grpc::Status DiffTableVersions(grpc::ServerContext* context, const v1::DiffTableVersionsRequest* request,
                      v1::DiffTableVersionsResponse* response) override;
  grpc::Status RestoreTableVersion(grpc::ServerContext* context, const v1::RestoreTableVersionRequest* request,
                      v1::RestoreTableVersionResponse* response) override;
  grpc::Status UndropTable(grpc::ServerContext* context, const v1::UndropTableRequest* request,
                      v1::UndropTableResponse* response) override;
  grpc::Status PurgeTableHistory(grpc::ServerContext* context, const v1::PurgeTableHistoryRequest* request,
                      v1::PurgeTableHistoryResponse* response) override;
  grpc::Status ListDroppedTables(grpc::ServerContext* context, const v1::ListDroppedTablesRequest* request,
                      v1::ListDroppedTablesResponse* response) override;

  // Policies, the simulator and the audit trail.
  grpc::Status PutPolicy(grpc::ServerContext* context, const v1::PutPolicyRequest* request,
                      v1::PutPolicyResponse* response) override;
  grpc::Status GetPolicy(grpc::ServerContext* context, const v1::GetPolicyRequest* request,
                      v1::GetPolicyResponse* response) override;
  grpc::Status DeletePolicy(grpc::ServerContext* context, const v1::DeletePolicyRequest* request,
                      v1::DeletePolicyResponse* response) override;
  grpc::Status ListPolicies(grpc::ServerContext* context, const v1::ListPoliciesRequest* request,
                      v1::ListPoliciesResponse* response) override;
  grpc::Status SimulatePolicy(grpc::ServerContext* context, const v1::SimulatePolicyRequest* request,
                      v1::SimulatePolicyResponse* response) override;
  grpc::Status WhoCan(grpc::ServerContext* context, const v1::WhoCanRequest* request,
                      v1::WhoCanResponse* response) override;
  grpc::Status ListAuditRecords(grpc::ServerContext* context, const v1::ListAuditRecordsRequest* request,
                      v1::ListAuditRecordsResponse* response) override;
  grpc::Status VerifyAuditTrail(grpc::ServerContext* context, const v1::VerifyAuditTrailRequest* request,
                      v1::VerifyAuditTrailResponse* response) override;

  // The schema registry (grpc_registry_handlers.cc).
  grpc::Status CreateRegistry(grpc::ServerContext* context, const v1::CreateRegistryRequest* request,
                      v1::CreateRegistryResponse* response) override;
  grpc::Status GetRegistry(grpc::ServerContext* context, const v1::GetRegistryRequest* request,
                      v1::GetRegistryResponse* response) override;
  grpc::Status ListRegistries(grpc::ServerContext* context, const v1::ListRegistriesRequest* request,
                      v1::ListRegistriesResponse* response) override;
  grpc::Status UpdateRegistry(grpc::ServerContext* context, const v1::UpdateRegistryRequest* request,
                      v1::UpdateRegistryResponse* response) override;
  grpc::Status DeleteRegistry(grpc::ServerContext* context, const v1::DeleteRegistryRequest* request,
                      v1::DeleteRegistryResponse* response) override;
  grpc::Status CreateSchema(grpc::ServerContext* context, const v1::CreateSchemaRequest* request,
                      v1::CreateSchemaResponse* response) override;
  grpc::Status GetSchema(grpc::ServerContext* context, const v1::GetSchemaRequest* request,
                      v1::GetSchemaResponse* response) override;
  grpc::Status ListSchemas(grpc::ServerContext* context, const v1::ListSchemasRequest* request,
                      v1::ListSchemasResponse* response) override;
  grpc::Status UpdateSchema(grpc::ServerContext* context, const v1::UpdateSchemaRequest* request,
                      v1::UpdateSchemaResponse* response) override;
  grpc::Status DeleteSchema(grpc::ServerContext* context, const v1::DeleteSchemaRequest* request,
                      v1::DeleteSchemaResponse* response) override;
  grpc::Status RegisterSchemaVersion(grpc::ServerContext* context, const v1::RegisterSchemaVersionRequest* request,
                      v1::RegisterSchemaVersionResponse* response) override;
  grpc::Status CheckSchemaCompatibility(grpc::ServerContext* context, const v1::CheckSchemaCompatibilityRequest* request,
                      v1::CheckSchemaCompatibilityResponse* response) override;
  grpc::Status GetSchemaVersion(grpc::ServerContext* context, const v1::GetSchemaVersionRequest* request,
                      v1::GetSchemaVersionResponse* response) override;
  grpc::Status GetSchemaByDefinition(grpc::ServerContext* context, const v1::GetSchemaByDefinitionRequest* request,
                      v1::GetSchemaByDefinitionResponse* response) override;
  grpc::Status ListSchemaVersions(grpc::ServerContext* context, const v1::ListSchemaVersionsRequest* request,
                      v1::ListSchemaVersionsResponse* response) override;
  grpc::Status DiffSchemaVersions(grpc::ServerContext* context, const v1::DiffSchemaVersionsRequest* request,
                      v1::DiffSchemaVersionsResponse* response) override;
  grpc::Status DeleteSchemaVersions(grpc::ServerContext* context, const v1::DeleteSchemaVersionsRequest* request,
                      v1::DeleteSchemaVersionsResponse* response) override;
  grpc::Status CheckSchemaVersionValidity(grpc::ServerContext* context, const v1::CheckSchemaVersionValidityRequest* request,
                      v1::CheckSchemaVersionValidityResponse* response) override;

  // Crawlers and custom classifiers (grpc_crawler_handlers.cc).
  grpc::Status CreateClassifier(grpc::ServerContext* context, const v1::CreateClassifierRequest* request,
                      v1::CreateClassifierResponse* response) override;
  grpc::Status GetClassifier(grpc::ServerContext* context, const v1::GetClassifierRequest* request,
                      v1::GetClassifierResponse* response) override;
  grpc::Status ListClassifiers(grpc::ServerContext* context, const v1::ListClassifiersRequest* request,
                      v1::ListClassifiersResponse* response) override;
  grpc::Status UpdateClassifier(grpc::ServerContext* context, const v1::UpdateClassifierRequest* request,
                      v1::UpdateClassifierResponse* response) override;
  grpc::Status DeleteClassifier(grpc::ServerContext* context, const v1::DeleteClassifierRequest* request,
                      v1::DeleteClassifierResponse* response) override;
  grpc::Status CreateCrawler(grpc::ServerContext* context, const v1::CreateCrawlerRequest* request,
                      v1::CreateCrawlerResponse* response) override;
  grpc::Status GetCrawler(grpc::ServerContext* context, const v1::GetCrawlerRequest* request,
                      v1::GetCrawlerResponse* response) override;
  grpc::Status ListCrawlers(grpc::ServerContext* context, const v1::ListCrawlersRequest* request,
                      v1::ListCrawlersResponse* response) override;
  grpc::Status UpdateCrawler(grpc::ServerContext* context, const v1::UpdateCrawlerRequest* request,
                      v1::UpdateCrawlerResponse* response) override;
  grpc::Status DeleteCrawler(grpc::ServerContext* context, const v1::DeleteCrawlerRequest* request,
                      v1::DeleteCrawlerResponse* response) override;
  grpc::Status StartCrawler(grpc::ServerContext* context, const v1::StartCrawlerRequest* request,
                      v1::StartCrawlerResponse* response) override;
  grpc::Status ListCrawls(grpc::ServerContext* context, const v1::ListCrawlsRequest* request,
                      v1::ListCrawlsResponse* response) override;
  grpc::Status StopCrawler(grpc::ServerContext* context, const v1::StopCrawlerRequest* request,
                           v1::StopCrawlerResponse* response) override;
  grpc::Status GetCrawlerMetrics(grpc::ServerContext* context,
                                 const v1::GetCrawlerMetricsRequest* request,
                                 v1::GetCrawlerMetricsResponse* response) override;
  grpc::Status GetCrawl(grpc::ServerContext* context, const v1::GetCrawlRequest* request,
                      v1::GetCrawlResponse* response) override;

 private:
  // Builds the request context, authenticates the caller, runs `body` (only
  // for an authenticated caller), reports the call and converts its status.
  template <typename Body>
  grpc::Status Handle(grpc::ServerContext* context, std::string_view method, Body&& body);

  service::CatalogService* const service_;
  const RpcObserver on_rpc_;
  const GrpcAuthenticator authenticator_;
};

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_GRPC_CATALOG_SERVICE_H_
