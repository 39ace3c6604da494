// GrpcFrontEnd: the FrontEnd serving almanac.v1.CatalogService (plus health
// and reflection) through proto::GrpcServer. Logs every RPC at debug level.
//
// Security (`almanac serve --grpc-auth ...`): plaintext or TLS
// (--grpc-tls-cert/--grpc-tls-key), optionally mutual TLS
// (--grpc-tls-client-ca), and one way of naming the caller:
//   none   the client's word (x-almanac-principal), as before;
//   token  a bearer token from the token file (token_file.h); with a client
//          CA the client needs a verified certificate as well, and the token
//          names the principal;
//   mtls   the verified client certificate's subject CN.
// The token file and PEM files are read once, at Start.
//
// Thread safety: as FrontEnd.
#ifndef ALMANAC_TOOLS_ALMANAC_GRPC_FRONT_END_H_
#define ALMANAC_TOOLS_ALMANAC_GRPC_FRONT_END_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "proto/grpc_server.h"
#include "tools/almanac/front_end.h"
#include "tools/almanac/log.h"

namespace almanac::tools {

struct GrpcFrontEndOptions {
  std::string listen_address = "127.0.0.1:9084";
  proto::GrpcAuthMode auth = proto::GrpcAuthMode::kNone;
  std::string token_file;  // required by kToken
  std::string tls_cert;    // PEM files; cert and key together turn TLS on
  std::string tls_key;
  std::string tls_client_ca;  // mutual TLS; required by kClientCertificate
};

// "none", "token", "mtls" -> the mode; nullopt otherwise.
std::optional<proto::GrpcAuthMode> ParseGrpcAuthMode(std::string_view name);
std::string_view GrpcAuthModeName(proto::GrpcAuthMode mode);

// A usage error (cli_support.h) naming the flags when `options` is not a
// coherent combination: --grpc-auth token without --grpc-token-file, a token
// file without token auth, mtls without cert, key and client CA, a cert
// without its key or the reverse, a client CA without TLS or with auth none.
absl::Status CheckGrpcFrontEndOptions(const GrpcFrontEndOptions& options);

class GrpcFrontEnd final : public FrontEnd {
 public:
  // `logger` is not owned and must outlive the front end.
  GrpcFrontEnd(GrpcFrontEndOptions options, Logger* logger);

  std::string_view name() const override { return "grpc"; }
  bool authenticates() const override { return options_.auth != proto::GrpcAuthMode::kNone; }
  // Also FailedPrecondition when a PEM file or the token file cannot be
  // read, InvalidArgument for a malformed token file.
  absl::Status Start(service::CatalogService* service) override;
  std::string listen_address() const override;
  int port() const override;
  void Shutdown(absl::Time deadline) override;

 private:
  const GrpcFrontEndOptions options_;
  Logger* const logger_;
  std::unique_ptr<proto::GrpcServer> server_;
};

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_GRPC_FRONT_END_H_
