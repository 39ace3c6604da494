#include "tools/almanac/grpc_front_end.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/status_macros.h"

namespace almanac::tools {

GrpcFrontEnd::GrpcFrontEnd(std::string listen_address, Logger* logger)
    : requested_address_(std::move(listen_address)), logger_(logger) {}

absl::Status GrpcFrontEnd::Start(service::CatalogService* service) {
  proto::GrpcServerOptions options;
  options.listen_address = requested_address_;
  // Skip building the observer when nobody would read its lines.
  if (logger_->enabled(LogLevel::kDebug)) {
    Logger* logger = logger_;
    options.on_rpc = [logger](const proto::RpcEvent& rpc) {
      logger->Log(LogLevel::kDebug, "rpc",
                  {{"front_end", "grpc"},
                   {"method", rpc.method},
                   {"request_id", rpc.request_id},
                   {"principal", rpc.principal},
                   {"peer", rpc.peer},
                   {"code", absl::StatusCodeToString(rpc.status.code())},
                   {"message", std::string(rpc.status.message())},
                   {"elapsed_ms", absl::ToDoubleMilliseconds(rpc.elapsed)}});
    };
  }
  ASSIGN_OR_RETURN(server_, proto::GrpcServer::Start(service, std::move(options)));
  return absl::OkStatus();
}

std::string GrpcFrontEnd::listen_address() const {
  return server_ ? server_->listen_address() : requested_address_;
}

int GrpcFrontEnd::port() const { return server_ ? server_->port() : 0; }

void GrpcFrontEnd::Shutdown(absl::Time deadline) {
  if (server_) server_->Shutdown(deadline);
}

}  // namespace almanac::tools
