// HmsServer: the Hive Metastore Thrift endpoint (port 9083 by default).
//
// Its own accept loop with one thread per connection (HMS clients keep a
// connection open and make one synchronous call at a time). The first bytes
// of each connection choose the wire form, so every client works without
// configuration:
//   0x80 0x01 ...                      unframed TBinaryProtocol (what clients use)
//   0x82 ...                           unframed TCompactProtocol
//   <4-byte length> 0x80 0x01 | 0x82   TFramedTransport around either protocol
// Anything else is closed with one log line.
//
// Authentication (HmsServerOptions::authentication):
//   kNone   a connection is the anonymous user until set_ugi claims a name
//           (Hive's unsecured mode). A client that opens with SASL is
//           answered BAD "sasl authentication is not enabled" and closed.
//   kPlain  a connection must open with Thrift's SASL negotiation, mechanism
//           PLAIN (sasl_plain.h), checked by verify_password; afterwards its
//           messages travel in 4-byte length frames, binary or compact. The
//           user and its groups are the principal of every call
//           (RequestContext::authenticated); set_ugi no longer changes them.
//           A connection speaking plain Thrift, another mechanism, a wrong
//           password or an oversized negotiation message is answered (BAD or
//           ERROR where SASL allows) and closed, with one log line that never
//           holds a password.
// TLS (tls_cert_file and tls_key_file): every connection must start with a
// TLS handshake (TLS 1.2 or later, no client certificates) and send its first
// message within negotiation_timeout; the wire detection and SASL then run
// inside TLS, and RequestContext::secure_transport is true.
//
// Limits: a message (or frame) larger than max_message_bytes, a string or
// container claiming more than that, a struct nested deeper than
// recursion_limit, garbage, a truncated message or a client vanishing mid-call
// closes that connection only, with one log line. Connections beyond
// max_connections are accepted and closed at once (logged), so a flood cannot
// exhaust threads.
//
// Shutdown stops accepting, wakes idle connections (which close), lets calls
// in progress finish and answer until the deadline, then forces the remaining
// sockets closed and joins every thread.
//
// Thread safety: Start/Shutdown from one thread; the accessors from any.
#ifndef ALMANAC_THRIFT_HMS_SERVER_H_
#define ALMANAC_THRIFT_HMS_SERVER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog/service/catalog_service.h"
#include "thrift/hms_handler.h"
#include "thrift/sasl_plain.h"

namespace apache::thrift::transport {
class TSSLSocketFactory;
class TTransport;
}  // namespace apache::thrift::transport

namespace almanac::hms {

enum class HmsAuthentication { kNone, kPlain };

struct HmsServerOptions {
  // "host:port" or "[v6]:port"; port 0 picks a free port.
  std::string listen_address = "127.0.0.1:9083";
  int64_t max_message_bytes = 100 * 1024 * 1024;
  int recursion_limit = 64;
  int max_connections = 1000;
  // Returned by get_metastore_db_uuid (see metastore_uuid.h).
  std::string metastore_uuid;
  std::string version = "almanac";
  HmsLogFn log;  // may be empty: nothing is logged
  // Whether `log` keeps debug lines: when it does not, a successful call
  // builds no log line at all (formatting one costs microseconds per call).
  bool log_debug = true;

  // Who callers are (see the top of this file). kPlain needs verify_password.
  HmsAuthentication authentication = HmsAuthentication::kNone;
  PasswordVerifier verify_password;
  // The principal of a connection that did not authenticate and has not
  // called set_ugi (kNone only).
  std::string anonymous_user = "anonymous";
  // Largest SASL negotiation message accepted, and how long a started
  // negotiation (or a TLS connection's first bytes) may take.
  int64_t max_sasl_message_bytes = 64 * 1024;
  absl::Duration negotiation_timeout = absl::Seconds(30);

  // PEM files; both set: TLS on every connection. Neither: plain TCP.
  std::string tls_cert_file;
  std::string tls_key_file;
};

class HmsServer {
 public:
  // Binds and starts accepting. Unavailable when the address cannot be
  // bound; InvalidArgument for a malformed address or limits, kPlain without
  // a verifier, only one of the TLS files, or a certificate or key that
  // cannot be loaded.
  static absl::StatusOr<std::unique_ptr<HmsServer>> Start(service::CatalogService* service,
                                                          HmsServerOptions options);
  ~HmsServer();  // Shutdown(now) if not done

  HmsServer(const HmsServer&) = delete;
  HmsServer& operator=(const HmsServer&) = delete;

  std::string listen_address() const;  // with the bound port
  int port() const { return port_; }
  int active_connections() const;

  void Shutdown(absl::Time deadline);

 private:
  struct Connection {
    int fd = -1;
    std::thread thread;
    bool done = false;
  };

  HmsServer(HmsServerOptions options, std::shared_ptr<HmsSharedState> shared);
  void AcceptLoop();
  void Serve(int64_t id, int fd, std::string peer);
  // Serves Thrift calls on `transport` (framed or buffered, as `wire` says)
  // until the client leaves or shutdown; returns the outcome for the log
  // ("" when normal) and sets `level`.
  std::string ServeCalls(const std::shared_ptr<apache::thrift::transport::TTransport>& transport,
                         int wire, const std::string& peer, ConnectionIdentity identity,
                         HmsLogLevel* level);
  void MarkDone(int64_t id) ABSL_LOCKS_EXCLUDED(mu_);
  void ReapFinished() ABSL_LOCKS_EXCLUDED(mu_);
  void Log(HmsLogLevel level, std::string_view event, const HmsLogFields& fields) const;

  const HmsServerOptions options_;
  std::shared_ptr<HmsSharedState> shared_;
  std::shared_ptr<apache::thrift::transport::TSSLSocketFactory> tls_;  // null: no TLS
  std::string host_;
  int port_ = 0;
  int listen_fd_ = -1;
  // Readable once shutdown starts: wakes the accept loop and idle connections.
  int wake_read_fd_ = -1;
  int wake_write_fd_ = -1;
  std::thread accept_thread_;
  bool shut_down_ = false;

  mutable absl::Mutex mu_;
  std::map<int64_t, Connection> connections_ ABSL_GUARDED_BY(mu_);
  int64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_HMS_SERVER_H_
