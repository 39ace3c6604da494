#include "tools/almanac/cli_support.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "proto/grpc_auth.h"
#include "proto/status_convert.h"

namespace almanac::tools {
namespace {

constexpr char kUsagePayload[] = "almanac.dev/usage";

// Who the CLI says it is when the server does not authenticate: the
// ALMANAC_PRINCIPAL environment variable (as HADOOP_USER_NAME for Hive's
// clients), else the OS user.
std::string LocalUser() {
  if (const char* name = std::getenv("ALMANAC_PRINCIPAL"); name != nullptr && name[0] != '\0') {
    return name;
  }
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  const char* user = std::getenv("USER");
  return user != nullptr ? user : "anonymous";
}

}  // namespace

absl::string_view ExitCodeHelp() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  other failure\n"
         "  2  usage error (bad flags or arguments)\n"
         "  3  not found\n"
         "  4  already exists\n"
         "  5  invalid argument (rejected by the server)\n"
         "  6  failed precondition (e.g. dropping a non-empty database)\n"
         "  7  server unavailable or unreachable\n"
         "\n"
         "Admin verbs talk to --server (default: $ALMANAC_SERVER, else 127.0.0.1:9084).";
}

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("1"));
  return status;
}

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (status.GetPayload(kUsagePayload).has_value()) return kExitUsage;
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kAlreadyExists:
      return kExitAlreadyExists;
    case absl::StatusCode::kInvalidArgument:
      return kExitInvalidArgument;
    case absl::StatusCode::kFailedPrecondition:
      return kExitFailedPrecondition;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    default:
      return kExitFailure;
  }
}

int ReportError(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  std::string message(status.message());
  if (message.empty()) message = absl::StatusCodeToString(status.code());
  // One line, whatever the server sent.
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::fprintf(stderr, "almanac: %s\n", message.c_str());
  return ExitCodeFor(status);
}

CatalogClient::CatalogClient(const ClientOptions& options) : options_(options) {
  setup_ = Connect();
}

absl::Status CatalogClient::Connect() {
  if (!options_.token_file.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadTextFile(options_.token_file, "--token-file"));
    // The first line that is not blank or a comment (tokens never start
    // with '#').
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      line = absl::StripAsciiWhitespace(line);
      if (!line.empty() && line.front() != '#') {
        token_ = std::string(line);
        break;
      }
    }
    if (token_.empty()) {
      return UsageError(absl::StrCat("--token-file '", options_.token_file, "' holds no token"));
    }
  } else if (const char* env = std::getenv("ALMANAC_TOKEN"); env != nullptr) {
    token_ = std::string(absl::StripAsciiWhitespace(env));
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (options_.tls || !options_.tls_ca.empty() || !options_.tls_cert.empty() ||
      !options_.tls_key.empty()) {
    if (options_.tls_cert.empty() != options_.tls_key.empty()) {
      return UsageError("--tls-cert and --tls-key go together");
    }
    grpc::SslCredentialsOptions ssl;
    if (!options_.tls_ca.empty()) {
      ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadTextFile(options_.tls_ca, "--tls-ca"));
    }
    if (!options_.tls_cert.empty()) {
      ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadTextFile(options_.tls_cert, "--tls-cert"));
      ASSIGN_OR_RETURN(ssl.pem_private_key, ReadTextFile(options_.tls_key, "--tls-key"));
    }
    credentials = grpc::SslCredentials(ssl);
  }
  stub_ = v1::CatalogService::NewStub(grpc::CreateChannel(options_.server, credentials));
  return absl::OkStatus();
}

void CatalogClient::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(
                            static_cast<int64_t>(options_.timeout_seconds * 1000)));
  // Servers without authentication take this word for it; the others ignore
  // it and name the caller from the token or the client certificate.
  context->AddMetadata(proto::kPrincipalMetadataKey, LocalUser());
  if (const char* groups = std::getenv("ALMANAC_GROUPS"); groups != nullptr && groups[0] != '\0') {
    context->AddMetadata(proto::kGroupsMetadataKey, groups);
  }
  if (!token_.empty()) {
    context->AddMetadata(proto::kAuthorizationMetadataKey, absl::StrCat("Bearer ", token_));
  }
}

absl::StatusOr<std::string> ReadTextFile(const std::string& path, absl::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    return UsageError(absl::StrCat("cannot read ", flag, " '", path, "': ", std::strerror(errno)));
  }
  return text.str();
}

absl::Status CatalogClient::Finish(const grpc::Status& status) const {
  absl::Status result = proto::FromGrpcStatus(status);
  if (result.code() == absl::StatusCode::kUnauthenticated && token_.empty()) {
    return absl::UnauthenticatedError(absl::StrCat(
        result.message(), " (the server wants a token: --token-file FILE or $ALMANAC_TOKEN)"));
  }
  // gRPC's own transport errors say nothing about which server was meant.
  if (result.code() == absl::StatusCode::kUnavailable ||
      result.code() == absl::StatusCode::kDeadlineExceeded) {
    return absl::Status(result.code(), absl::StrCat("cannot reach almanac server at ",
                                                    options_.server, ": ", result.message()));
  }
  return result;
}

absl::StatusOr<std::pair<std::string, std::string>> SplitTableName(absl::string_view text) {
  const size_t dot = text.find('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == text.size() ||
      text.find('.', dot + 1) != absl::string_view::npos) {
    return UsageError(absl::StrCat("expected DB.TABLE, got '", text, "'"));
  }
  return std::make_pair(std::string(text.substr(0, dot)), std::string(text.substr(dot + 1)));
}

nlohmann::ordered_json MessageToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string text;
  // Printing a well-formed message cannot fail except on invalid UTF-8, which
  // our own strings never hold; an empty object is the safe fallback.
  if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok()) {
    return nlohmann::ordered_json::object();
  }
  return nlohmann::ordered_json::parse(text, nullptr, false);
}

absl::Status JsonToMessage(absl::string_view json, absl::string_view source,
                           google::protobuf::Message* message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid json in '", source, "': ", status.message().as_string()));
  }
  return absl::OkStatus();
}

void PrintJson(const nlohmann::ordered_json& value) {
  std::cout << value.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
            << "\n";
}

void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(headers.size());
  for (size_t i = 0; i < headers.size(); ++i) widths[i] = headers[i].size();
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
      const std::string& cell = i < row.size() ? row[i] : std::string();
      line += cell;
      // No padding after the last column: no trailing spaces.
      if (i + 1 < widths.size()) line += std::string(widths[i] - cell.size() + 2, ' ');
    }
    std::cout << line << "\n";
  };
  print_row(headers);
  for (const auto& row : rows) print_row(row);
}

std::string FormatTime(int64_t seconds) {
  if (seconds == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixSeconds(seconds),
                          absl::UTCTimeZone());
}

}  // namespace almanac::tools
