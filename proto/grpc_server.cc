#include "proto/grpc_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "proto/grpc_catalog_service.h"

namespace almanac::proto {

struct GrpcServer::Impl {
  std::unique_ptr<GrpcCatalogService> handlers;
  std::unique_ptr<grpc::Server> server;
  std::string listen_address;
  int port = 0;
  absl::Mutex mu;
  bool shut_down ABSL_GUARDED_BY(mu) = false;
};

GrpcServer::GrpcServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

GrpcServer::~GrpcServer() { Shutdown(absl::Now()); }

absl::StatusOr<std::unique_ptr<GrpcServer>> GrpcServer::Start(service::CatalogService* service,
                                                               GrpcServerOptions options) {
  // Both are process-wide switches read by every ServerBuilder built later;
  // setting them again is harmless.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  const bool mutual_tls = options.tls.has_value() && !options.tls->client_ca_pem.empty();
  if (options.auth == GrpcAuthMode::kToken && !options.verify_token) {
    return absl::InvalidArgumentError("grpc token authentication needs a token verifier");
  }
  if (options.auth == GrpcAuthMode::kClientCertificate && !mutual_tls) {
    return absl::InvalidArgumentError(
        "grpc client certificate authentication needs tls with a client ca");
  }
  std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
  if (options.tls.has_value()) {
    grpc::SslServerCredentialsOptions ssl(
        mutual_tls ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                   : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
    ssl.pem_root_certs = options.tls->client_ca_pem;
    ssl.pem_key_cert_pairs.push_back(
        {.private_key = options.tls->private_key_pem, .cert_chain = options.tls->cert_chain_pem});
    credentials = grpc::SslServerCredentials(ssl);
  }

  auto impl = std::make_unique<Impl>();
  impl->handlers = std::make_unique<GrpcCatalogService>(
      service, std::move(options.on_rpc),
      GrpcAuthenticator(options.auth, std::move(options.verify_token), options.tls.has_value()));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, credentials, &impl->port);
  builder.RegisterService(impl->handlers.get());
  impl->server = builder.BuildAndStart();
  if (impl->server == nullptr || impl->port == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for grpc on '", options.listen_address, "'",
        options.tls.has_value() ? " (or the tls certificate and key are not a valid pair)" : ""));
  }
  // Report the bound port, not the requested 0.
  const size_t colon = options.listen_address.rfind(':');
  impl->listen_address =
      absl::StrCat(options.listen_address.substr(0, colon), ":", impl->port);
  return std::unique_ptr<GrpcServer>(new GrpcServer(std::move(impl)));
}

int GrpcServer::port() const { return impl_->port; }

std::string GrpcServer::listen_address() const { return impl_->listen_address; }

void GrpcServer::Shutdown(absl::Time deadline) {
  {
    absl::MutexLock lock(&impl_->mu);
    if (impl_->shut_down) return;
    impl_->shut_down = true;
  }
  if (grpc::HealthCheckServiceInterface* health = impl_->server->GetHealthCheckService()) {
    health->SetServingStatus(false);
  }
  impl_->server->Shutdown(absl::ToChronoTime(deadline));
  impl_->server->Wait();
}

}  // namespace almanac::proto
