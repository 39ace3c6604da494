// FrontEnd: one wire protocol served by `almanac serve` (gRPC, or the Hive
// Metastore's Thrift protocol). The Server (server.h) owns the store and
// the CatalogService and hands the service to each front end; a front end
// only listens, converts and calls the service, so adding one touches no
// other code.
//
// Thread safety: Start and Shutdown are called once each, from the thread
// that runs the server; listen_address() may be called from any thread after
// Start succeeded.
#ifndef ALMANAC_TOOLS_ALMANAC_FRONT_END_H_
#define ALMANAC_TOOLS_ALMANAC_FRONT_END_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "catalog/service/catalog_service.h"

namespace almanac::tools {

class FrontEnd {
 public:
  virtual ~FrontEnd() = default;

  // Short protocol name used in logs: "grpc", "thrift".
  virtual std::string_view name() const = 0;

  // Binds and starts serving `service` (not owned; outlives the front end's
  // Shutdown). Unavailable when the address cannot be bound.
  virtual absl::Status Start(service::CatalogService* service) = 0;

  // Whether the front end verifies who its callers are (tokens, client
  // certificates, SASL) rather than taking their word. `almanac serve`
  // refuses to put a front end that does not on a non-loopback address
  // unless --allow-unauthenticated-remote is given.
  virtual bool authenticates() const { return false; }

  // "host:port" with the port actually bound (before Start: as requested).
  virtual std::string listen_address() const = 0;
  virtual int port() const = 0;

  // Stops accepting, lets in-flight calls finish until `deadline`, then
  // cancels the rest; returns when no handler runs any more.
  virtual void Shutdown(absl::Time deadline) = 0;
};

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_FRONT_END_H_
