// GrpcFrontEnd: the FrontEnd serving almanac.v1.CatalogService (plus health
// and reflection) through proto::GrpcServer. Logs every RPC at debug level.
// Thread safety: as FrontEnd.
#ifndef ALMANAC_TOOLS_ALMANAC_GRPC_FRONT_END_H_
#define ALMANAC_TOOLS_ALMANAC_GRPC_FRONT_END_H_

#include <memory>
#include <string>

#include "proto/grpc_server.h"
#include "tools/almanac/front_end.h"
#include "tools/almanac/log.h"

namespace almanac::tools {

class GrpcFrontEnd final : public FrontEnd {
 public:
  // `logger` is not owned and must outlive the front end.
  GrpcFrontEnd(std::string listen_address, Logger* logger);

  std::string_view name() const override { return "grpc"; }
  absl::Status Start(service::CatalogService* service) override;
  std::string listen_address() const override;
  int port() const override;
  void Shutdown(absl::Time deadline) override;

 private:
  const std::string requested_address_;
  Logger* const logger_;
  std::unique_ptr<proto::GrpcServer> server_;
};

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_GRPC_FRONT_END_H_
