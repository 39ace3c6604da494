// Shared pieces of the `almanac` command line: exit codes, the one-line error
// report, the gRPC client used by the admin verbs, and the two output forms
// (aligned tables for people, stable JSON for scripts).
//
// Exit codes (documented in `almanac --help`): 0 ok, 1 generic failure,
// 2 usage, 3 not found, 4 already exists, 5 invalid argument, 6 failed
// precondition, 7 server unavailable / unreachable.
//
// Thread safety: CatalogClient is used from the main thread only; the free
// functions are stateless.
#ifndef ALMANAC_TOOLS_ALMANAC_CLI_SUPPORT_H_
#define ALMANAC_TOOLS_ALMANAC_CLI_SUPPORT_H_

#include <memory>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proto/almanac/v1/catalog.grpc.pb.h"

namespace almanac::tools {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,
  kExitUsage = 2,
  kExitNotFound = 3,
  kExitAlreadyExists = 4,
  kExitInvalidArgument = 5,
  kExitFailedPrecondition = 6,
  kExitUnavailable = 7,
};

// The text of `almanac --help`'s epilogue listing the codes above.
absl::string_view ExitCodeHelp();

// A command-line mistake (exit code 2) rather than a refused request.
absl::Status UsageError(absl::string_view message);

int ExitCodeFor(const absl::Status& status);

// Prints "almanac: <message>" on stderr and returns the exit code; returns
// kExitOk and prints nothing for an ok status.
int ReportError(const absl::Status& status);

// Options every admin verb shares.
struct ClientOptions {
  std::string server;  // host:port
  bool json = false;
  double timeout_seconds = 30;
  // A file whose first line (blank and '#' lines skipped) is the bearer
  // token sent on every call; empty:
  // $ALMANAC_TOKEN when set, else no token. (No flag takes the token itself:
  // it would show in `ps`.)
  std::string token_file;
  // TLS: on when `tls` is set or any of the PEM files is given. `tls_ca`
  // verifies the server (default: the system's roots); `tls_cert` and
  // `tls_key` are the client certificate for mutual TLS.
  bool tls = false;
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
};

// A blocking client of almanac.v1.CatalogService.
class CatalogClient {
 public:
  // Reads the token and PEM files named in `options`; a file that cannot be
  // read (or a client certificate without its key) fails every Call with a
  // usage error naming the flag.
  explicit CatalogClient(const ClientOptions& options);

  // Runs one RPC. Unavailable (exit 7) names the server when it cannot be
  // reached; other failures carry the server's message unchanged.
  template <typename Request, typename Response>
  absl::Status Call(grpc::Status (v1::CatalogService::Stub::*method)(grpc::ClientContext*,
                                                                     const Request&, Response*),
                    const Request& request, Response* response) {
    if (!setup_.ok()) return setup_;
    grpc::ClientContext context;
    Prepare(&context);
    return Finish((stub_.get()->*method)(&context, request, response));
  }

 private:
  absl::Status Connect();
  void Prepare(grpc::ClientContext* context) const;
  absl::Status Finish(const grpc::Status& status) const;

  ClientOptions options_;
  std::string token_;  // empty: none
  absl::Status setup_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

// The contents of `path`; a usage error naming `flag` and the path when it
// cannot be read.
absl::StatusOr<std::string> ReadTextFile(const std::string& path, absl::string_view flag);

// "DB.TABLE" -> {db, table}; UsageError otherwise.
absl::StatusOr<std::pair<std::string, std::string>> SplitTableName(absl::string_view text);

// A message as a JSON value in the stable shape: proto field names as
// written in catalog.proto, every field present (defaults included), enums by
// name, 64-bit integers as strings (protobuf's JSON mapping).
nlohmann::ordered_json MessageToJson(const google::protobuf::Message& message);
absl::Status JsonToMessage(absl::string_view json, absl::string_view source,
                           google::protobuf::Message* message);

// Prints JSON to stdout, indented.
void PrintJson(const nlohmann::ordered_json& value);

// Prints rows under headers with columns padded to their widest cell.
void PrintTable(const std::vector<std::string>& headers,
                const std::vector<std::vector<std::string>>& rows);

// "2024-01-31 12:00:00 UTC"; "-" for 0.
std::string FormatTime(int64_t seconds);

}  // namespace almanac::tools

#endif  // ALMANAC_TOOLS_ALMANAC_CLI_SUPPORT_H_
