// HmsConnection: one Thrift connection to a Hive Metastore, opened the way
// the real clients open it (unframed TBinaryProtocol over a TBufferedTransport
// on a TSocket), so Almanac and the Java metastore are measured through the
// same client code.
//
// Call() runs one client call and turns every Thrift exception into a Status,
// so nothing thrown by the Thrift library leaves this file:
//   UNKNOWN_METHOD (TApplicationException)  -> Unimplemented
//   NoSuchObjectException                   -> NotFound
//   AlreadyExistsException                  -> AlreadyExists
//   InvalidObjectException                  -> InvalidArgument
//   InvalidOperationException               -> FailedPrecondition
//   a transport error                       -> Unavailable
//   MetaException and anything else         -> Internal
//
// Thread safety: not thread-safe; one thread drives a connection.
#ifndef ALMANAC_TOOLS_BENCH_HMS_BENCH_HMS_CONNECTION_H_
#define ALMANAC_TOOLS_BENCH_HMS_BENCH_HMS_CONNECTION_H_

#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "ThriftHiveMetastore.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace almanac::bench::hms {

struct HostPort {
  std::string host;
  int port = 0;
};

// Parses "thrift://HOST:PORT" or "HOST:PORT". InvalidArgument otherwise.
absl::StatusOr<HostPort> ParseMetastoreUri(const std::string& uri);

class HmsConnection {
 public:
  // Connects. Unavailable when the server cannot be reached.
  static absl::StatusOr<std::unique_ptr<HmsConnection>> Open(const HostPort& address);
  ~HmsConnection();
  HmsConnection(const HmsConnection&) = delete;
  HmsConnection& operator=(const HmsConnection&) = delete;

  // Runs fn(client) and maps what it throws (see the file comment).
  template <typename Fn>
  absl::Status Call(Fn&& fn) {
    try {
      std::forward<Fn>(fn)(*client_);
      return absl::OkStatus();
    } catch (...) {
      return ExceptionToStatus(std::current_exception());
    }
  }

 private:
  HmsConnection() = default;
  static absl::Status ExceptionToStatus(std::exception_ptr e);

  std::shared_ptr<apache::thrift::transport::TTransport> transport_;
  std::unique_ptr<almanac::hms::ThriftHiveMetastoreClient> client_;
};

}  // namespace almanac::bench::hms

#endif  // ALMANAC_TOOLS_BENCH_HMS_BENCH_HMS_CONNECTION_H_
