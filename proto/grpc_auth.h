// GrpcAuthenticator: who is calling, for one gRPC call. It fills a
// model::RequestContext's principal, groups, `authenticated` and
// `secure_transport` from the call's metadata and transport according to the
// server's GrpcAuthMode (grpc_server.h), or refuses the call.
//
// Thread-safe: immutable after construction; the token verifier must be
// thread-safe.
#ifndef ALMANAC_PROTO_GRPC_AUTH_H_
#define ALMANAC_PROTO_GRPC_AUTH_H_

#include <grpcpp/server_context.h>

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "catalog/model/request_context.h"
#include "proto/grpc_server.h"

namespace almanac::proto {

// The metadata key naming the caller when authentication is off.
inline constexpr char kPrincipalMetadataKey[] = "x-almanac-principal";
// The metadata key listing the caller's groups (comma-separated) when
// authentication is off, as Hive's set_ugi claims them.
inline constexpr char kGroupsMetadataKey[] = "x-almanac-groups";
// The metadata key carrying "Bearer <token>".
inline constexpr char kAuthorizationMetadataKey[] = "authorization";

// The token of an `authorization` metadata value "Bearer <token>" (scheme
// case-insensitive, surrounding spaces ignored); nullopt for any other form
// or an empty token.
std::optional<std::string_view> BearerToken(std::string_view authorization);

class GrpcAuthenticator {
 public:
  // `tls`: whether the server's port speaks TLS.
  GrpcAuthenticator(GrpcAuthMode mode, TokenVerifier verify_token, bool tls);

  // Sets ctx->principal, groups, authenticated and secure_transport for the
  // call in `context`. Unauthenticated when the mode needs a credential the
  // call lacks or that does not verify; the message never says which (for
  // tokens: "missing or invalid bearer token").
  absl::Status Authenticate(const grpc::ServerContext& context, model::RequestContext* ctx) const;

 private:
  const GrpcAuthMode mode_;
  const TokenVerifier verify_token_;
  const bool tls_;
};

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_GRPC_AUTH_H_
