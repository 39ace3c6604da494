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

namespace almanac::hms {

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
};

class HmsServer {
 public:
  // Binds and starts accepting. Unavailable when the address cannot be
  // bound; InvalidArgument for a malformed address or limits.
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
  void ReapFinished() ABSL_LOCKS_EXCLUDED(mu_);
  void Log(HmsLogLevel level, std::string_view event, const HmsLogFields& fields) const;

  const HmsServerOptions options_;
  std::shared_ptr<HmsSharedState> shared_;
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
