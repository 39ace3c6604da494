// GrpcCatalogService's schema registry handlers: each converts its request,
// calls ONE service::RegistryService method and converts the result.
#include <string>
#include <utility>
#include <vector>

#include "common/status_macros.h"
#include "proto/grpc_catalog_service.h"
#include "proto/grpc_handle.h"
#include "proto/registry_convert.h"

namespace almanac::proto {

using model::RequestContext;

grpc::Status GrpcCatalogService::CreateRegistry(grpc::ServerContext* context,
                                                const v1::CreateRegistryRequest* request,
                                                v1::CreateRegistryResponse* response) {
  return Handle(context, "CreateRegistry", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Registry r, service_->registry().CreateRegistry(
                                            ctx, request->name(), request->description()));
    *response->mutable_registry() = ToProto(r, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetRegistry(grpc::ServerContext* context,
                                             const v1::GetRegistryRequest* request,
                                             v1::GetRegistryResponse* response) {
  return Handle(context, "GetRegistry", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Registry r, service_->registry().GetRegistry(ctx, request->name()));
    *response->mutable_registry() = ToProto(r, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListRegistries(grpc::ServerContext* context,
                                                const v1::ListRegistriesRequest* request,
                                                v1::ListRegistriesResponse* response) {
  return Handle(context, "ListRegistries", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::Registry> all, service_->registry().ListRegistries(ctx));
    for (const model::Registry& r : all) {
      *response->add_registries() = ToProto(r, service_->gate().arns());
    }
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UpdateRegistry(grpc::ServerContext* context,
                                                const v1::UpdateRegistryRequest* request,
                                                v1::UpdateRegistryResponse* response) {
  return Handle(context, "UpdateRegistry", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::Registry r, service_->registry().UpdateRegistry(
                                            ctx, request->name(), request->description()));
    *response->mutable_registry() = ToProto(r, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeleteRegistry(grpc::ServerContext* context,
                                                const v1::DeleteRegistryRequest* request,
                                                v1::DeleteRegistryResponse* response) {
  return Handle(context, "DeleteRegistry", [&](const RequestContext& ctx) {
    return service_->registry().DeleteRegistry(ctx, request->name(), request->force());
  });
}

grpc::Status GrpcCatalogService::CreateSchema(grpc::ServerContext* context,
                                              const v1::CreateSchemaRequest* request,
                                              v1::CreateSchemaResponse* response) {
  return Handle(context, "CreateSchema", [&](const RequestContext& ctx) -> absl::Status {
    service::CreateSchemaRequest r{.registry = request->registry(),
                                   .name = request->name(),
                                   .data_format = request->data_format(),
                                   .description = request->description(),
                                   .definition = request->definition(),
                                   .metadata = MetadataFromProto(request->metadata())};
    if (!request->compatibility().empty()) r.compatibility = request->compatibility();
    ASSIGN_OR_RETURN(auto created, service_->registry().CreateSchema(ctx, r));
    *response->mutable_schema() = ToProto(created.first, service_->gate().arns());
    if (created.second) *response->mutable_version() = ToProto(*created.second);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetSchema(grpc::ServerContext* context,
                                           const v1::GetSchemaRequest* request,
                                           v1::GetSchemaResponse* response) {
  return Handle(context, "GetSchema", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::RegistrySchema s, service_->registry().GetSchema(
                                                  ctx, request->registry(), request->name()));
    *response->mutable_schema() = ToProto(s, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListSchemas(grpc::ServerContext* context,
                                             const v1::ListSchemasRequest* request,
                                             v1::ListSchemasResponse* response) {
  return Handle(context, "ListSchemas", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::RegistrySchema> all,
                     service_->registry().ListSchemas(ctx, request->registry()));
    for (const model::RegistrySchema& s : all) {
      *response->add_schemas() = ToProto(s, service_->gate().arns());
    }
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UpdateSchema(grpc::ServerContext* context,
                                              const v1::UpdateSchemaRequest* request,
                                              v1::UpdateSchemaResponse* response) {
  return Handle(context, "UpdateSchema", [&](const RequestContext& ctx) -> absl::Status {
    service::UpdateSchemaRequest r{.registry = request->registry(), .name = request->name()};
    if (request->has_compatibility()) r.compatibility = request->compatibility();
    if (request->has_checkpoint()) r.checkpoint = request->checkpoint();
    if (request->has_description()) r.description = request->description();
    ASSIGN_OR_RETURN(model::RegistrySchema s, service_->registry().UpdateSchema(ctx, r));
    *response->mutable_schema() = ToProto(s, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeleteSchema(grpc::ServerContext* context,
                                              const v1::DeleteSchemaRequest* request,
                                              v1::DeleteSchemaResponse* response) {
  return Handle(context, "DeleteSchema", [&](const RequestContext& ctx) {
    return service_->registry().DeleteSchema(ctx, request->registry(), request->name(),
                                             request->force());
  });
}

grpc::Status GrpcCatalogService::RegisterSchemaVersion(
    grpc::ServerContext* context, const v1::RegisterSchemaVersionRequest* request,
    v1::RegisterSchemaVersionResponse* response) {
  return Handle(context, "RegisterSchemaVersion", [&](const RequestContext& ctx) -> absl::Status {
    service::RegisterVersionRequest r{.registry = request->registry(),
                                      .schema = request->schema(),
                                      .definition = request->definition(),
                                      .metadata = MetadataFromProto(request->metadata()),
                                      .update_tables = request->update_tables()};
    ASSIGN_OR_RETURN(service::RegisterVersionResult result,
                     service_->registry().RegisterSchemaVersion(ctx, r));
    *response->mutable_version() = ToProto(result.version);
    response->set_existing(result.existing);
    for (const std::string& t : result.tables_updated) response->add_tables_updated(t);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::CheckSchemaCompatibility(
    grpc::ServerContext* context, const v1::CheckSchemaCompatibilityRequest* request,
    v1::CheckSchemaCompatibilityResponse* response) {
  return Handle(context, "CheckSchemaCompatibility",
                [&](const RequestContext& ctx) -> absl::Status {
                  ASSIGN_OR_RETURN(service::CompatibilityReport report,
                                   service_->registry().CheckCompatibility(
                                       ctx, request->registry(), request->schema(),
                                       request->definition()));
                  *response = ToProto(report);
                  return absl::OkStatus();
                });
}

grpc::Status GrpcCatalogService::GetSchemaVersion(grpc::ServerContext* context,
                                                  const v1::GetSchemaVersionRequest* request,
                                                  v1::GetSchemaVersionResponse* response) {
  return Handle(context, "GetSchemaVersion", [&](const RequestContext& ctx) -> absl::Status {
    absl::StatusOr<model::SchemaVersion> v =
        request->id().empty()
            ? service_->registry().GetSchemaVersion(ctx, request->registry(), request->schema(),
                                                    request->version())
            : service_->registry().GetSchemaVersionById(ctx, request->id());
    RETURN_IF_ERROR(v.status());
    *response->mutable_version() = ToProto(*v);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetSchemaByDefinition(
    grpc::ServerContext* context, const v1::GetSchemaByDefinitionRequest* request,
    v1::GetSchemaByDefinitionResponse* response) {
  return Handle(context, "GetSchemaByDefinition", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::SchemaVersion v,
                     service_->registry().GetSchemaByDefinition(
                         ctx, request->registry(), request->schema(), request->definition()));
    *response->mutable_version() = ToProto(v);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListSchemaVersions(grpc::ServerContext* context,
                                                    const v1::ListSchemaVersionsRequest* request,
                                                    v1::ListSchemaVersionsResponse* response) {
  return Handle(context, "ListSchemaVersions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::SchemaVersion> all,
                     service_->registry().ListSchemaVersions(ctx, request->registry(),
                                                             request->schema()));
    for (const model::SchemaVersion& v : all) *response->add_versions() = ToProto(v);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DiffSchemaVersions(grpc::ServerContext* context,
                                                    const v1::DiffSchemaVersionsRequest* request,
                                                    v1::DiffSchemaVersionsResponse* response) {
  return Handle(context, "DiffSchemaVersions", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<formats::SchemaDiffEntry> diff,
                     service_->registry().DiffSchemaVersions(
                         ctx, request->registry(), request->schema(), request->from_version(),
                         request->to_version()));
    for (const formats::SchemaDiffEntry& e : diff) *response->add_entries() = ToProto(e);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeleteSchemaVersions(
    grpc::ServerContext* context, const v1::DeleteSchemaVersionsRequest* request,
    v1::DeleteSchemaVersionsResponse* response) {
  return Handle(context, "DeleteSchemaVersions", [&](const RequestContext& ctx) {
    return service_->registry().DeleteSchemaVersions(
        ctx, request->registry(), request->schema(),
        std::vector<int64_t>(request->versions().begin(), request->versions().end()));
  });
}

grpc::Status GrpcCatalogService::CheckSchemaVersionValidity(
    grpc::ServerContext* context, const v1::CheckSchemaVersionValidityRequest* request,
    v1::CheckSchemaVersionValidityResponse* response) {
  return Handle(context, "CheckSchemaVersionValidity",
                [&](const RequestContext& ctx) -> absl::Status {
                  ASSIGN_OR_RETURN(std::optional<std::string> problem,
                                   service_->registry().ValidateDefinition(
                                       ctx, request->data_format(), request->definition()));
                  // Glue answers a bad definition in the response.
                  if (problem) {
                    response->set_valid(false);
                    response->set_error(*problem);
                    return absl::OkStatus();
                  }
                  response->set_valid(true);
                  return absl::OkStatus();
                });
}

}  // namespace almanac::proto
