#include "thrift/hms_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include <thrift/TConfiguration.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>
#include <thrift/transport/TTransportException.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "thrift/hms_processor.h"

namespace almanac::hms {
namespace {

using apache::thrift::TConfiguration;
using apache::thrift::protocol::TProtocol;
using apache::thrift::transport::TTransport;

// TBufferedTransport never resets its consumed-bytes count, so on a long-lived
// connection the message-size limit would apply to the connection's whole
// lifetime. Resetting at the end of each message makes it a per-message limit.
class PerMessageBufferedTransport : public apache::thrift::transport::TBufferedTransport {
 public:
  using TBufferedTransport::TBufferedTransport;
  uint32_t readEnd() override {
    resetConsumedMessageSize();
    return 0;
  }
};

constexpr uint32_t kSocketBufferBytes = 32 * 1024;

enum class Wire { kBinary, kCompact, kFramedBinary, kFramedCompact, kUnknown, kClosed };

std::string_view WireName(Wire wire) {
  switch (wire) {
    case Wire::kBinary:
      return "binary";
    case Wire::kCompact:
      return "compact";
    case Wire::kFramedBinary:
      return "framed-binary";
    case Wire::kFramedCompact:
      return "framed-compact";
    default:
      return "unknown";
  }
}

absl::Status SplitHostPort(const std::string& address, std::string* host, int* port) {
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid listen address '", address, "': expected host:port"));
  }
  *host = address.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);
  }
  if (!absl::SimpleAtoi(address.substr(colon + 1), port) || *port < 0 || *port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid port in listen address '", address, "'"));
  }
  return absl::OkStatus();
}

std::string PeerName(const sockaddr_storage& addr) {
  char host[INET6_ADDRSTRLEN] = {0};
  int port = 0;
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
    port = ntohs(in->sin_port);
    return absl::StrCat("ipv4:", host, ":", port);
  }
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
  inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
  port = ntohs(in6->sin6_port);
  return absl::StrCat("ipv6:[", host, "]:", port);
}

// Waits until the first bytes of a connection tell its wire form. Gives up
// (kClosed) on shutdown or when the peer closes first, and (kUnknown) when
// the first bytes do not complete a decision within `timeout`. A connection
// that has sent nothing yet waits like any idle connection.
Wire DetectWire(int fd, int wake_fd, absl::Duration timeout) {
  absl::Time give_up = absl::InfiniteFuture();
  while (true) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    int ready = poll(fds, 2, 100);
    if (ready < 0 && errno != EINTR) return Wire::kClosed;
    if (fds[1].revents & POLLIN) return Wire::kClosed;
    if (ready > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      unsigned char buf[5];
      ssize_t n = recv(fd, buf, sizeof(buf), MSG_PEEK);
      if (n <= 0) return Wire::kClosed;
      if (buf[0] == 0x80) return Wire::kBinary;
      if (buf[0] == 0x82) return Wire::kCompact;
      if (n >= 5) {
        // A frame of any announced length: TFramedTransport enforces the
        // limit and the refusal is logged with its reason.
        if (buf[4] == 0x80) return Wire::kFramedBinary;
        if (buf[4] == 0x82) return Wire::kFramedCompact;
        return Wire::kUnknown;
      }
      // A frame length is a positive int32; a first byte of 0x80 or more
      // cannot start one, so there is no need to wait for more bytes.
      if (buf[0] >= 0x80) return Wire::kUnknown;
      // Fewer than 5 bytes so far: wait a little for the rest (peeking again
      // right away would spin, the bytes are still there).
      if (give_up == absl::InfiniteFuture()) give_up = absl::Now() + timeout;
      usleep(2000);
    }
    if (absl::Now() > give_up) return Wire::kUnknown;
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<HmsServer>> HmsServer::Start(service::CatalogService* service,
                                                            HmsServerOptions options) {
  if (options.max_message_bytes < 1024 || options.max_message_bytes > INT32_MAX) {
    return absl::InvalidArgumentError(absl::StrCat("invalid maximum message size ",
                                                   options.max_message_bytes,
                                                   ": expected 1024 to 2147483647 bytes"));
  }
  if (options.max_connections < 1) {
    return absl::InvalidArgumentError("the connection limit must be at least 1");
  }
  std::string host;
  int port = 0;
  if (absl::Status s = SplitHostPort(options.listen_address, &host, &port); !s.ok()) return s;

  auto shared = std::make_shared<HmsSharedState>();
  shared->service = service;
  shared->metastore_uuid = options.metastore_uuid;
  shared->version = options.version;
  shared->alive_since = absl::ToUnixSeconds(absl::Now());
  shared->log = options.log;
  std::unique_ptr<HmsServer> server(new HmsServer(std::move(options), std::move(shared)));
  server->host_ = host;

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string port_text = std::to_string(port);
  int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), port_text.c_str(), &hints, &res);
  if (rc != 0) {
    return absl::UnavailableError(absl::StrCat("cannot resolve listen address '",
                                               server->options_.listen_address,
                                               "': ", gai_strerror(rc)));
  }
  std::string last_error = "no address";
  for (addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 512) == 0) {
      server->listen_fd_ = fd;
      break;
    }
    last_error = std::strerror(errno);
    close(fd);
  }
  freeaddrinfo(res);
  if (server->listen_fd_ < 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on '",
                                               server->options_.listen_address,
                                               "': ", last_error));
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof(bound);
  getsockname(server->listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
  server->port_ = bound.ss_family == AF_INET
                      ? ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port)
                      : ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    return absl::UnavailableError(absl::StrCat("cannot create pipe: ", std::strerror(errno)));
  }
  server->wake_read_fd_ = pipe_fds[0];
  server->wake_write_fd_ = pipe_fds[1];
  server->accept_thread_ = std::thread([s = server.get()] { s->AcceptLoop(); });
  return server;
}

HmsServer::HmsServer(HmsServerOptions options, std::shared_ptr<HmsSharedState> shared)
    : options_(std::move(options)), shared_(std::move(shared)) {}

HmsServer::~HmsServer() { Shutdown(absl::Now()); }

std::string HmsServer::listen_address() const {
  return host_.find(':') != std::string::npos ? absl::StrCat("[", host_, "]:", port_)
                                              : absl::StrCat(host_, ":", port_);
}

int HmsServer::active_connections() const {
  absl::MutexLock lock(&mu_);
  int n = 0;
  for (const auto& [id, c] : connections_) n += c.done ? 0 : 1;
  return n;
}

void HmsServer::Log(HmsLogLevel level, std::string_view event, const HmsLogFields& fields) const {
  if (options_.log) options_.log(level, event, fields);
}

void HmsServer::ReapFinished() {
  std::vector<std::thread> finished;
  {
    absl::MutexLock lock(&mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      if (it->second.done) {
        finished.push_back(std::move(it->second.thread));
        it = connections_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (std::thread& t : finished) t.join();
}

void HmsServer::AcceptLoop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_fd_, POLLIN, 0}};
    int ready = poll(fds, 2, 1000);
    if (fds[1].revents & POLLIN) return;
    ReapFinished();
    if (ready <= 0 || !(fds[0].revents & POLLIN)) continue;
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    int fd = accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EMFILE || errno == ENFILE) {
        Log(HmsLogLevel::kError, "hms_accept_failed", {{"error", std::strerror(errno)}});
        usleep(100000);  // out of descriptors: let connections finish
      }
      continue;
    }
    const std::string peer = PeerName(addr);
    absl::MutexLock lock(&mu_);
    int active = 0;
    for (const auto& [id, c] : connections_) active += c.done ? 0 : 1;
    if (active >= options_.max_connections) {
      shared_->connections_refused.fetch_add(1);
      Log(HmsLogLevel::kWarning, "hms_connection_refused",
          {{"peer", peer},
           {"reason", absl::StrCat("connection limit ", options_.max_connections, " reached")}});
      close(fd);
      continue;
    }
    shared_->connections_accepted.fetch_add(1);
    const int64_t id = next_id_++;
    Connection& c = connections_[id];
    c.fd = fd;
    c.thread = std::thread([this, id, fd, peer] { Serve(id, fd, peer); });
  }
}

void HmsServer::Serve(int64_t id, int fd, std::string peer) {
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  const int max = static_cast<int>(options_.max_message_bytes);
  std::string outcome;
  HmsLogLevel level = HmsLogLevel::kDebug;
  // Shutdown must never touch the descriptor number once it is closed here
  // (it could be reused by then).
  auto forget_fd = [this, id] {
    absl::MutexLock lock(&mu_);
    if (auto it = connections_.find(id); it != connections_.end()) it->second.fd = -1;
  };
  const Wire wire = DetectWire(fd, wake_read_fd_, absl::Seconds(30));
  if (wire == Wire::kUnknown) {
    forget_fd();
    close(fd);
    shared_->connections_failed.fetch_add(1);
    Log(HmsLogLevel::kWarning, "hms_connection_closed",
        {{"peer", peer}, {"reason", "unrecognised protocol (not Thrift binary or compact)"}});
  } else if (wire == Wire::kClosed) {
    forget_fd();
    close(fd);
  } else {
    auto config = std::make_shared<TConfiguration>(max, max, options_.recursion_limit);
    // The socket itself is not limited (its count is never reset); the
    // transport above it enforces the per-message limit.
    auto socket_config = std::make_shared<TConfiguration>(INT32_MAX, INT32_MAX,
                                                          options_.recursion_limit);
    // The wake pipe doubles as Thrift's interrupt listener: once shutdown
    // starts, a connection waiting for its next request stops waiting.
    auto interrupt = std::make_shared<THRIFT_SOCKET>(wake_read_fd_);
    auto socket = std::make_shared<apache::thrift::transport::TSocket>(fd, interrupt,
                                                                       socket_config);
    std::shared_ptr<TTransport> transport;
    if (wire == Wire::kFramedBinary || wire == Wire::kFramedCompact) {
      transport = std::make_shared<apache::thrift::transport::TFramedTransport>(socket, config);
    } else {
      // Thrift's default 512-byte buffers cost one syscall per 512 bytes: a
      // 1,000-name reply took ~40 writes. 32 KiB each way keeps 200
      // connections under 13 MiB of buffers.
      transport = std::make_shared<PerMessageBufferedTransport>(socket, kSocketBufferBytes,
                                                                kSocketBufferBytes, config);
    }
    std::shared_ptr<TProtocol> protocol;
    if (wire == Wire::kCompact || wire == Wire::kFramedCompact) {
      protocol = std::make_shared<apache::thrift::protocol::TCompactProtocolT<TTransport>>(
          transport, max, max);
    } else {
      protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocolT<TTransport>>(
          transport, max, max, /*strict_read=*/true, /*strict_write=*/true);
    }
    auto handler = std::make_shared<HmsHandler>(shared_, peer);
    HmsProcessor processor(handler, &shared_->method_calls);
    processor.set_call_log(options_.log, peer, options_.log_debug);
    try {
      // peek() waits for the next request; false means the client closed the
      // connection between calls (or shutdown began), which is normal.
      while (transport->peek()) {
        if (!processor.process(protocol, protocol, nullptr)) {
          outcome = "client sent an unexpected message type";
          level = HmsLogLevel::kWarning;
          break;
        }
      }
    } catch (const apache::thrift::transport::TTransportException& e) {
      if (e.getType() == apache::thrift::transport::TTransportException::END_OF_FILE &&
          std::strstr(e.what(), "MaxMessageSize") == nullptr) {
        outcome = "client closed the connection in the middle of a message";
        level = HmsLogLevel::kWarning;
      } else if (e.getType() == apache::thrift::transport::TTransportException::INTERRUPTED) {
        outcome = "";  // shutting down
      } else {
        outcome = absl::StrCat("transport: ", e.what());
        level = HmsLogLevel::kWarning;
      }
    } catch (const apache::thrift::protocol::TProtocolException& e) {
      outcome = absl::StrCat("protocol: ", e.what());
      level = HmsLogLevel::kWarning;
    } catch (const std::exception& e) {
      outcome = absl::StrCat("error: ", e.what());
      level = HmsLogLevel::kWarning;
    }
    forget_fd();
    try {
      transport->close();
    } catch (...) {
    }
    if (!outcome.empty()) {
      shared_->connections_failed.fetch_add(1);
      Log(level, "hms_connection_closed",
          {{"peer", peer}, {"wire", std::string(WireName(wire))}, {"reason", outcome}});
    }
  }
  absl::MutexLock lock(&mu_);
  auto it = connections_.find(id);
  if (it != connections_.end()) it->second.done = true;
}

void HmsServer::Shutdown(absl::Time deadline) {
  if (shut_down_) return;
  shut_down_ = true;
  // Wakes the accept loop and every connection waiting for a request.
  const char byte = 1;
  (void)!write(wake_write_fd_, &byte, 1);
  if (accept_thread_.joinable()) accept_thread_.join();
  close(listen_fd_);
  listen_fd_ = -1;
  // Calls in progress finish and answer; their next read sees the wake-up.
  while (absl::Now() < deadline && active_connections() > 0) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, c] : connections_) {
      if (!c.done && c.fd >= 0) ::shutdown(c.fd, SHUT_RDWR);
    }
  }
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    for (auto& [id, c] : connections_) threads.push_back(std::move(c.thread));
    connections_.clear();
  }
  for (std::thread& t : threads) {
    if (t.joinable()) t.join();
  }
  close(wake_read_fd_);
  close(wake_write_fd_);
}

}  // namespace almanac::hms
