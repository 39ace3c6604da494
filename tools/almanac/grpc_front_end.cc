#include "tools/almanac/grpc_front_end.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "tools/almanac/cli_support.h"
#include "tools/almanac/token_file.h"

namespace almanac::tools {

std::optional<proto::GrpcAuthMode> ParseGrpcAuthMode(std::string_view name) {
  if (name == "none") return proto::GrpcAuthMode::kNone;
  if (name == "token") return proto::GrpcAuthMode::kToken;
  if (name == "mtls") return proto::GrpcAuthMode::kClientCertificate;
  return std::nullopt;
}

std::string_view GrpcAuthModeName(proto::GrpcAuthMode mode) {
  switch (mode) {
    case proto::GrpcAuthMode::kNone:
      return "none";
    case proto::GrpcAuthMode::kToken:
      return "token";
    case proto::GrpcAuthMode::kClientCertificate:
      return "mtls";
  }
  return "none";
}

absl::Status CheckGrpcFrontEndOptions(const GrpcFrontEndOptions& options) {
  const bool token = options.auth == proto::GrpcAuthMode::kToken;
  const bool mtls = options.auth == proto::GrpcAuthMode::kClientCertificate;
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return UsageError("--grpc-tls-cert and --grpc-tls-key go together");
  }
  const bool tls = !options.tls_cert.empty();
  if (token && options.token_file.empty()) {
    return UsageError("--grpc-auth token needs --grpc-token-file");
  }
  if (!token && !options.token_file.empty()) {
    return UsageError("--grpc-token-file needs --grpc-auth token");
  }
  if (mtls && (!tls || options.tls_client_ca.empty())) {
    return UsageError(
        "--grpc-auth mtls needs --grpc-tls-cert, --grpc-tls-key and "
        "--grpc-tls-client-ca");
  }
  if (!options.tls_client_ca.empty() && !tls) {
    return UsageError("--grpc-tls-client-ca needs --grpc-tls-cert and --grpc-tls-key");
  }
  if (!options.tls_client_ca.empty() && options.auth == proto::GrpcAuthMode::kNone) {
    return UsageError("--grpc-tls-client-ca needs --grpc-auth mtls or token");
  }
  return absl::OkStatus();
}

GrpcFrontEnd::GrpcFrontEnd(GrpcFrontEndOptions options, Logger* logger)
    : options_(std::move(options)), logger_(logger) {}

absl::Status GrpcFrontEnd::Start(service::CatalogService* service) {
  RETURN_IF_ERROR(CheckGrpcFrontEndOptions(options_));
  proto::GrpcServerOptions options;
  options.listen_address = options_.listen_address;
  options.auth = options_.auth;
  if (!options_.tls_cert.empty()) {
    proto::GrpcTlsOptions tls;
    ASSIGN_OR_RETURN(tls.cert_chain_pem, ReadTextFile(options_.tls_cert, "--grpc-tls-cert"));
    ASSIGN_OR_RETURN(tls.private_key_pem, ReadTextFile(options_.tls_key, "--grpc-tls-key"));
    if (!options_.tls_client_ca.empty()) {
      ASSIGN_OR_RETURN(tls.client_ca_pem,
                       ReadTextFile(options_.tls_client_ca, "--grpc-tls-client-ca"));
    }
    options.tls = std::move(tls);
  }
  size_t tokens = 0;
  if (options_.auth == proto::GrpcAuthMode::kToken) {
    ASSIGN_OR_RETURN(TokenFile file, TokenFile::Load(options_.token_file));
    tokens = file.size();
    // Token holders are known principals for `almanac policy who-can`.
    std::vector<std::pair<std::string, std::vector<std::string>>> known;
    for (const TokenFile::Entry& e : file.entries()) {
      known.emplace_back(e.identity.principal, e.identity.groups);
    }
    service->policies().authorizer().AddKnownPrincipals(std::move(known));
    auto shared = std::make_shared<const TokenFile>(std::move(file));
    options.verify_token =
        [shared](std::string_view token) -> absl::StatusOr<proto::AuthenticatedCaller> {
      ASSIGN_OR_RETURN(TokenIdentity identity, shared->Verify(token, absl::Now()));
      return proto::AuthenticatedCaller{.principal = std::move(identity.principal),
                                        .groups = std::move(identity.groups)};
    };
  }
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
  const bool tls = options.tls.has_value();
  const bool mutual_tls = tls && !options.tls->client_ca_pem.empty();
  ASSIGN_OR_RETURN(server_, proto::GrpcServer::Start(service, std::move(options)));
  logger_->Log(LogLevel::kInfo, "grpc_security",
               {{"auth", std::string(GrpcAuthModeName(options_.auth))},
                {"tls", tls},
                {"mutual_tls", mutual_tls},
                {"tokens", static_cast<int64_t>(tokens)}});
  if (options_.auth == proto::GrpcAuthMode::kToken && !tls) {
    logger_->Log(LogLevel::kWarning, "grpc_tokens_in_clear",
                 {{"reason",
                   "bearer tokens cross the network unencrypted without "
                   "--grpc-tls-cert and --grpc-tls-key"}});
  }
  return absl::OkStatus();
}

std::string GrpcFrontEnd::listen_address() const {
  return server_ ? server_->listen_address() : options_.listen_address;
}

int GrpcFrontEnd::port() const { return server_ ? server_->port() : 0; }

void GrpcFrontEnd::Shutdown(absl::Time deadline) {
  if (server_) server_->Shutdown(deadline);
}

}  // namespace almanac::tools
