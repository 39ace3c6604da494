// GrpcServer: Almanac's gRPC front end as one object: a grpc::Server serving
// the almanac.v1.CatalogService, the standard health service and server
// reflection on one listening address. The header shows no gRPC type, so the
// `almanac serve` wiring (tools/almanac) handles it like any other front end.
//
// Authentication (GrpcAuthMode) is checked before any CatalogService handler
// runs; the health service and reflection stay open to every client that
// completes the transport handshake (a load balancer's probe carries no
// credential, and reflection only describes the public schema).
//
// Thread safety: Start() returns a running server whose handlers run on
// gRPC's threads; port(), listen_address() and Shutdown() may be called from
// any thread. Shutdown() is idempotent.
#ifndef ALMANAC_PROTO_GRPC_SERVER_H_
#define ALMANAC_PROTO_GRPC_SERVER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// Who a verified credential speaks for.
struct AuthenticatedCaller {
  std::string principal;            // "alice", "role/crawler"
  std::vector<std::string> groups;  // may be empty
};

// Checks a bearer token (the text after "Bearer "). Any error refuses the
// call; the client sees only "missing or invalid bearer token", whatever the
// verifier says. Called on gRPC threads: must be thread-safe.
using TokenVerifier = std::function<absl::StatusOr<AuthenticatedCaller>(std::string_view token)>;

// How a call's principal is established.
enum class GrpcAuthMode {
  // The client names itself in `x-almanac-principal` metadata (else
  // "anonymous"); nothing is verified and RequestContext::authenticated is
  // false.
  kNone,
  // Every call carries `authorization: Bearer <token>`, checked by
  // GrpcServerOptions::verify_token; the principal and groups are the
  // token's and `x-almanac-principal` is ignored. With a client CA (mutual
  // TLS) as well, a client needs both a valid certificate and a token, and
  // the token names the principal.
  kToken,
  // Mutual TLS: the handshake refuses a client without a certificate that
  // the client CA verifies (unknown issuer, expired, not yet valid); the
  // principal is the certificate's subject common name (CN). SANs are not
  // consulted. `x-almanac-principal` is ignored.
  kClientCertificate,
};

struct GrpcTlsOptions {
  std::string cert_chain_pem;   // the server's certificate (then intermediates), PEM
  std::string private_key_pem;  // its key, PEM
  // Non-empty: CA certificates (PEM) that must verify every client's
  // certificate (mutual TLS); clients without one are refused at the
  // handshake.
  std::string client_ca_pem;
};

struct GrpcServerOptions {
  // "host:port"; port 0 asks the kernel for a free port (see port()).
  std::string listen_address = "127.0.0.1:9084";
  RpcObserver on_rpc;  // may be empty
  GrpcAuthMode auth = GrpcAuthMode::kNone;
  TokenVerifier verify_token;  // required by GrpcAuthMode::kToken
  // Serve TLS (RequestContext::secure_transport); none: plaintext.
  std::optional<GrpcTlsOptions> tls;
};

class GrpcServer {
 public:
  // Binds and starts serving `service` (not owned; must outlive the server).
  // Unavailable when the address cannot be bound (in use, bad host) or the
  // TLS certificate and key are unusable; InvalidArgument when the auth mode
  // lacks what it needs (a token verifier, a client CA).
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
