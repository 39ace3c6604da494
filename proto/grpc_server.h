// GrpcServer: Almanac's gRPC front end as one object: a grpc::Server serving
// the almanac.v1.CatalogService, the standard health service and server
// reflection on one listening address. The header shows no gRPC type, so the
// `almanac serve` wiring (tools/almanac) handles it like any other front end.
//
// Thread safety: Start() returns a running server whose handlers run on
// gRPC's threads; port(), listen_address() and Shutdown() may be called from
// any thread. Shutdown() is idempotent.
#ifndef ALMANAC_PROTO_GRPC_SERVER_H_
#define ALMANAC_PROTO_GRPC_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "catalog/service/catalog_service.h"

namespace almanac::proto {

// One finished RPC, reported for logging.
struct RpcEvent {
  std::string method;  // "GetTable"
  std::string request_id;
  std::string principal;
  std::string peer;
  absl::Status status;
  absl::Duration elapsed;
};

// Called on a gRPC thread after each RPC; must be thread-safe and quick.
using RpcObserver = std::function<void(const RpcEvent&)>;

struct GrpcServerOptions {
  // "host:port"; port 0 asks the kernel for a free port (see port()).
  std::string listen_address = "127.0.0.1:9084";
  RpcObserver on_rpc;  // may be empty
};

class GrpcServer {
 public:
  // Binds and starts serving `service` (not owned; must outlive the server).
  // Unavailable when the address cannot be bound (in use, bad host).
  static absl::StatusOr<std::unique_ptr<GrpcServer>> Start(service::CatalogService* service,
                                                           GrpcServerOptions options);

  // Shuts down with an immediate deadline if Shutdown() was not called.
  ~GrpcServer();

  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // The port actually bound (the kernel's choice when asked for port 0).
  int port() const;
  // The listen address with the bound port: "127.0.0.1:40123".
  std::string listen_address() const;

  // Stops accepting calls at once (health turns NOT_SERVING), lets in-flight
  // calls finish until `deadline`, cancels the rest, and returns when every
  // handler has returned.
  void Shutdown(absl::Time deadline);

 private:
  struct Impl;
  explicit GrpcServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_GRPC_SERVER_H_
