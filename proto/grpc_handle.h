// The body of GrpcCatalogService::Handle, shared by the files that define
// its handlers (grpc_catalog_service.cc, grpc_registry_handlers.cc,
// grpc_crawler_handlers.cc). Internal to proto/.
#ifndef ALMANAC_PROTO_GRPC_HANDLE_H_
#define ALMANAC_PROTO_GRPC_HANDLE_H_

#include <string>
#include <string_view>

#include "absl/time/clock.h"
#include "proto/grpc_catalog_service.h"
#include "proto/status_convert.h"

namespace almanac::proto {

// A fresh 16-hex-digit request id.
std::string NewRequestId();

template <typename Body>
grpc::Status GrpcCatalogService::Handle(grpc::ServerContext* context, std::string_view method,
                                        Body&& body) {
  const absl::Time start = absl::Now();
  model::RequestContext ctx;
  ctx.source_address = context->peer();
  ctx.front_end = model::FrontEnd::kGrpc;
  ctx.request_id = NewRequestId();
  // No handler, and so no service call, runs for a caller who fails this.
  absl::Status status = authenticator_.Authenticate(*context, &ctx);
  if (status.ok()) status = body(ctx);
  if (on_rpc_) {
    on_rpc_(RpcEvent{.method = std::string(method),
                     .request_id = ctx.request_id,
                     .principal = ctx.principal,
                     .peer = ctx.source_address,
                     .status = status,
                     .elapsed = absl::Now() - start});
  }
  return ToGrpcStatus(status);
}

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_GRPC_HANDLE_H_
