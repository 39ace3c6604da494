// GrpcCatalogService's crawler and custom classifier handlers: each converts
// its request, calls ONE service::CrawlerService method and converts the
// result.
#include <string>
#include <vector>

#include "common/status_macros.h"
#include "proto/crawler_convert.h"
#include "proto/grpc_catalog_service.h"
#include "proto/grpc_handle.h"

namespace almanac::proto {

using model::RequestContext;

grpc::Status GrpcCatalogService::CreateClassifier(grpc::ServerContext* context,
                                                  const v1::CreateClassifierRequest* request,
                                                  v1::CreateClassifierResponse* response) {
  return Handle(context, "CreateClassifier", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::ClassifierDefinition c,
                     service_->crawlers().CreateClassifier(ctx, FromProto(request->classifier())));
    *response->mutable_classifier() = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetClassifier(grpc::ServerContext* context,
                                               const v1::GetClassifierRequest* request,
                                               v1::GetClassifierResponse* response) {
  return Handle(context, "GetClassifier", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::ClassifierDefinition c,
                     service_->crawlers().GetClassifier(ctx, request->name()));
    *response->mutable_classifier() = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListClassifiers(grpc::ServerContext* context,
                                                 const v1::ListClassifiersRequest* request,
                                                 v1::ListClassifiersResponse* response) {
  return Handle(context, "ListClassifiers", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::ClassifierDefinition> all,
                     service_->crawlers().ListClassifiers(ctx));
    for (const model::ClassifierDefinition& c : all) *response->add_classifiers() = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UpdateClassifier(grpc::ServerContext* context,
                                                  const v1::UpdateClassifierRequest* request,
                                                  v1::UpdateClassifierResponse* response) {
  return Handle(context, "UpdateClassifier", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::ClassifierDefinition c,
                     service_->crawlers().UpdateClassifier(ctx, FromProto(request->classifier())));
    *response->mutable_classifier() = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeleteClassifier(grpc::ServerContext* context,
                                                  const v1::DeleteClassifierRequest* request,
                                                  v1::DeleteClassifierResponse* response) {
  return Handle(context, "DeleteClassifier", [&](const RequestContext& ctx) {
    return service_->crawlers().DeleteClassifier(ctx, request->name());
  });
}

grpc::Status GrpcCatalogService::CreateCrawler(grpc::ServerContext* context,
                                               const v1::CreateCrawlerRequest* request,
                                               v1::CreateCrawlerResponse* response) {
  return Handle(context, "CreateCrawler", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::CrawlerInfo info,
                     service_->crawlers().CreateCrawler(ctx, FromProto(request->crawler())));
    *response->mutable_crawler() = ToProto(info, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetCrawler(grpc::ServerContext* context,
                                            const v1::GetCrawlerRequest* request,
                                            v1::GetCrawlerResponse* response) {
  return Handle(context, "GetCrawler", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::CrawlerInfo info,
                     service_->crawlers().GetCrawler(ctx, request->name()));
    *response->mutable_crawler() = ToProto(info, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListCrawlers(grpc::ServerContext* context,
                                              const v1::ListCrawlersRequest* request,
                                              v1::ListCrawlersResponse* response) {
  return Handle(context, "ListCrawlers", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<service::CrawlerInfo> all, service_->crawlers().ListCrawlers(ctx));
    for (const service::CrawlerInfo& info : all) {
      *response->add_crawlers() = ToProto(info, service_->gate().arns());
    }
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::UpdateCrawler(grpc::ServerContext* context,
                                               const v1::UpdateCrawlerRequest* request,
                                               v1::UpdateCrawlerResponse* response) {
  return Handle(context, "UpdateCrawler", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::CrawlerInfo info,
                     service_->crawlers().UpdateCrawler(ctx, FromProto(request->crawler())));
    *response->mutable_crawler() = ToProto(info, service_->gate().arns());
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::DeleteCrawler(grpc::ServerContext* context,
                                               const v1::DeleteCrawlerRequest* request,
                                               v1::DeleteCrawlerResponse* response) {
  return Handle(context, "DeleteCrawler", [&](const RequestContext& ctx) {
    return service_->crawlers().DeleteCrawler(ctx, request->name());
  });
}

grpc::Status GrpcCatalogService::StartCrawler(grpc::ServerContext* context,
                                              const v1::StartCrawlerRequest* request,
                                              v1::StartCrawlerResponse* response) {
  return Handle(context, "StartCrawler", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::CrawlRun run, service_->crawlers().StartCrawler(ctx, request->name()));
    *response->mutable_run() = ToProto(run);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::ListCrawls(grpc::ServerContext* context,
                                            const v1::ListCrawlsRequest* request,
                                            v1::ListCrawlsResponse* response) {
  return Handle(context, "ListCrawls", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(std::vector<model::CrawlRun> runs,
                     service_->crawlers().ListCrawls(ctx, request->crawler(), request->limit()));
    for (const model::CrawlRun& run : runs) *response->add_runs() = ToProto(run);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetCrawl(grpc::ServerContext* context,
                                          const v1::GetCrawlRequest* request,
                                          v1::GetCrawlResponse* response) {
  return Handle(context, "GetCrawl", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::CrawlRun run,
                     service_->crawlers().GetCrawl(ctx, request->crawler(), request->id()));
    *response->mutable_run() = ToProto(run);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::StopCrawler(grpc::ServerContext* context,
                                             const v1::StopCrawlerRequest* request,
                                             v1::StopCrawlerResponse* response) {
  return Handle(context, "StopCrawler", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(model::CrawlRun run, service_->crawlers().StopCrawler(ctx, request->name()));
    *response->mutable_run() = ToProto(run);
    return absl::OkStatus();
  });
}

grpc::Status GrpcCatalogService::GetCrawlerMetrics(grpc::ServerContext* context,
                                                   const v1::GetCrawlerMetricsRequest* request,
                                                   v1::GetCrawlerMetricsResponse* response) {
  return Handle(context, "GetCrawlerMetrics", [&](const RequestContext& ctx) -> absl::Status {
    ASSIGN_OR_RETURN(service::CrawlerMetrics m,
                     service_->crawlers().GetCrawlerMetrics(ctx, request->name()));
    response->set_crawler(m.crawler);
    response->set_last_runtime_seconds(m.last_runtime_seconds);
    response->set_median_runtime_seconds(m.median_runtime_seconds);
    response->set_tables_created(m.tables_created);
    response->set_tables_updated(m.tables_updated);
    response->set_tables_deleted(m.tables_deleted);
    response->set_runs(m.runs);
    return absl::OkStatus();
  });
}

}  // namespace almanac::proto
