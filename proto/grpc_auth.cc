#include "proto/grpc_auth.h"

#include <grpcpp/security/auth_context.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/absl_view.h"

namespace almanac::proto {
namespace {

// One answer for every refused token: which of missing, unknown, expired or
// malformed it was is the server's business only.
constexpr char kRefusedToken[] = "missing or invalid bearer token";
// gRPC's name for the subject CN of a verified peer certificate.
constexpr char kCommonNameProperty[] = "x509_common_name";

std::string_view View(const grpc::string_ref& ref) { return {ref.data(), ref.size()}; }

// Every value of metadata `key`.
std::vector<std::string_view> MetadataValues(const grpc::ServerContext& context,
                                             std::string_view key) {
  std::vector<std::string_view> values;
  const auto& metadata = context.client_metadata();
  auto [begin, end] = metadata.equal_range(grpc::string_ref(key.data(), key.size()));
  for (auto it = begin; it != end; ++it) values.push_back(View(it->second));
  return values;
}

}  // namespace

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  absl::string_view value = absl::StripAsciiWhitespace(AbslView(authorization));
  constexpr absl::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(value, kScheme)) return std::nullopt;
  absl::string_view token = absl::StripAsciiWhitespace(value.substr(kScheme.size()));
  if (token.empty()) return std::nullopt;
  return std::string_view(token.data(), token.size());
}

GrpcAuthenticator::GrpcAuthenticator(GrpcAuthMode mode, TokenVerifier verify_token, bool tls)
    : mode_(mode), verify_token_(std::move(verify_token)), tls_(tls) {}

absl::Status GrpcAuthenticator::Authenticate(const grpc::ServerContext& context,
                                             model::RequestContext* ctx) const {
  ctx->secure_transport = tls_;
  switch (mode_) {
    case GrpcAuthMode::kNone: {
      std::vector<std::string_view> named = MetadataValues(context, kPrincipalMetadataKey);
      ctx->principal =
          !named.empty() && !named.front().empty() ? std::string(named.front()) : "anonymous";
      for (std::string_view groups : MetadataValues(context, kGroupsMetadataKey)) {
        for (absl::string_view g :
             absl::StrSplit(absl::string_view(groups.data(), groups.size()), ',',
                            absl::SkipEmpty())) {
          ctx->groups.emplace_back(g);
        }
      }
      ctx->authenticated = false;
      return absl::OkStatus();
    }
    case GrpcAuthMode::kToken: {
      std::vector<std::string_view> values = MetadataValues(context, kAuthorizationMetadataKey);
      // Two authorization entries are ambiguous: refuse rather than pick one.
      if (values.size() != 1 || !verify_token_) return absl::UnauthenticatedError(kRefusedToken);
      std::optional<std::string_view> token = BearerToken(values.front());
      if (!token.has_value()) return absl::UnauthenticatedError(kRefusedToken);
      absl::StatusOr<AuthenticatedCaller> caller = verify_token_(*token);
      if (!caller.ok() || caller->principal.empty()) {
        return absl::UnauthenticatedError(kRefusedToken);
      }
      ctx->principal = std::move(caller->principal);
      ctx->groups = std::move(caller->groups);
      ctx->authenticated = true;
      return absl::OkStatus();
    }
    case GrpcAuthMode::kClientCertificate: {
      // The handshake already refused clients without a certificate that the
      // client CA verifies; what is left is naming the caller.
      std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
      std::vector<grpc::string_ref> names;
      if (auth != nullptr && auth->IsPeerAuthenticated()) {
        names = auth->FindPropertyValues(kCommonNameProperty);
      }
      if (names.size() != 1 || names.front().empty()) {
        return absl::UnauthenticatedError(
            "client certificate required, with exactly one subject common name");
      }
      ctx->principal = std::string(View(names.front()));
      ctx->authenticated = true;
      return absl::OkStatus();
    }
  }
  return absl::InternalError("unknown grpc auth mode");
}

}  // namespace almanac::proto
