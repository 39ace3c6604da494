#include "thrift/hms_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include <thrift/TConfiguration.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSSLSocket.h>
#include <thrift/transport/TSocket.h>
#include <thrift/transport/TTransportException.h>
#include <thrift/transport/TVirtualTransport.h>

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

enum class Wire {
  kBinary,
  kCompact,
  kFramedBinary,
  kFramedCompact,
  kSasl,  // a SASL negotiation message (status byte 1..5)
  kUnknown,
  kClosed,
  kNeedMore,  // Classify only: the bytes so far decide nothing
};

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
    case Wire::kSasl:
      return "sasl";
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

// The wire form the first `n` bytes of a connection announce. With SASL
// expected, a first byte of 1 (START) is SASL at once; without, a SASL START
// is recognised only when it cannot be a frame header, so that the client can
// be told that authentication is off.
Wire Classify(const unsigned char* buf, size_t n, bool sasl_expected) {
  if (n == 0) return Wire::kNeedMore;
  if (buf[0] == 0x80) return Wire::kBinary;
  if (buf[0] == 0x82) return Wire::kCompact;
  if (sasl_expected && buf[0] == static_cast<unsigned char>(SaslStatus::kStart)) {
    return Wire::kSasl;
  }
  // A frame length is a positive int32; a first byte of 0x80 or more
  // cannot start one, so there is no need to wait for more bytes.
  if (buf[0] >= 0x80) return Wire::kUnknown;
  if (n < 5) return Wire::kNeedMore;
  // A frame of any announced length: TFramedTransport enforces the limit and
  // the refusal is logged with its reason.
  if (buf[4] == 0x80) return Wire::kFramedBinary;
  if (buf[4] == 0x82) return Wire::kFramedCompact;
  if (buf[0] == static_cast<unsigned char>(SaslStatus::kStart)) return Wire::kSasl;
  return Wire::kUnknown;
}

// Waits until the first bytes of a connection tell its wire form. Gives up
// (kClosed) on shutdown or when the peer closes first, and (kUnknown) when
// the first bytes do not complete a decision within `timeout`. A connection
// that has sent nothing yet waits like any idle connection.
Wire DetectWire(int fd, int wake_fd, absl::Duration timeout, bool sasl_expected) {
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
      Wire wire = Classify(buf, static_cast<size_t>(n), sasl_expected);
      if (wire != Wire::kNeedMore) return wire;
      // Fewer than 5 bytes so far: wait a little for the rest (peeking again
      // right away would spin, the bytes are still there).
      if (give_up == absl::InfiniteFuture()) give_up = absl::Now() + timeout;
      usleep(2000);
    }
    if (absl::Now() > give_up) return Wire::kUnknown;
  }
}

// Replays the bytes already read from `inner` (to tell the wire form, where
// peeking at the socket is impossible: inside TLS, after SASL) before
// reading on from it.
class PrefixTransport : public apache::thrift::transport::TVirtualTransport<PrefixTransport> {
 public:
  PrefixTransport(std::shared_ptr<TTransport> inner, std::string prefix,
                  std::shared_ptr<TConfiguration> config)
      : TVirtualTransport(config), inner_(std::move(inner)), prefix_(std::move(prefix)) {}

  bool isOpen() const override { return inner_->isOpen(); }
  bool peek() override { return pos_ < prefix_.size() || inner_->peek(); }
  void close() override { inner_->close(); }
  void flush() override { inner_->flush(); }
  uint32_t read(uint8_t* buf, uint32_t len) {
    if (pos_ < prefix_.size()) {
      const auto n = static_cast<uint32_t>(std::min<size_t>(len, prefix_.size() - pos_));
      std::memcpy(buf, prefix_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->read(buf, len);
  }
  void write(const uint8_t* buf, uint32_t len) { inner_->write(buf, len); }

 private:
  std::shared_ptr<TTransport> inner_;
  std::string prefix_;
  size_t pos_ = 0;
};

// Reads (not peeks) the first bytes through `transport` to tell the wire
// form; what was read is appended to `prefix` for a PrefixTransport. Blocks
// until the first byte (or shutdown); throws TTransportException as the
// transport does.
Wire ReadWire(TTransport& transport, bool sasl_expected, std::string* prefix) {
  unsigned char buf[5];
  size_t n = 0;
  while (true) {
    Wire wire = Classify(buf, n, sasl_expected);
    if (wire != Wire::kNeedMore) return wire;
    uint32_t got = transport.read(buf + n, static_cast<uint32_t>(sizeof(buf) - n));
    if (got == 0) return Wire::kClosed;
    prefix->append(reinterpret_cast<char*>(buf + n), got);
    n += got;
  }
}

// Ends a refused connection without losing the answer just written: stops
// sending (the client reads to the end, then closes), reads and drops what
// the client still sends for up to a second, then closes. Closing with
// unread bytes would reset the connection, and the client could lose the
// answer.
void LingeringClose(TTransport& transport, int fd, int wake_fd) {
  ::shutdown(fd, SHUT_WR);
  const absl::Time give_up = absl::Now() + absl::Seconds(1);
  size_t drained = 0;
  char sink[4096];
  while (absl::Now() < give_up && drained < (1u << 20)) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
    if (poll(fds, 2, 100) < 0 && errno != EINTR) break;
    if (fds[1].revents & POLLIN) break;
    if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    ssize_t n = recv(fd, sink, sizeof(sink), 0);
    if (n <= 0) break;
    drained += static_cast<size_t>(n);
  }
  try {
    transport.close();
  } catch (...) {
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
  if (options.authentication == HmsAuthentication::kPlain && !options.verify_password) {
    return absl::InvalidArgumentError("sasl PLAIN authentication needs a password verifier");
  }
  if (options.anonymous_user.empty()) {
    return absl::InvalidArgumentError("the anonymous user name must not be empty");
  }
  if (options.max_sasl_message_bytes < 256 || options.max_sasl_message_bytes > 16 * 1024 * 1024) {
    return absl::InvalidArgumentError(
        "invalid maximum sasl message size: expected 256 to 16777216 bytes");
  }
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate file and a key file");
  }
  std::shared_ptr<apache::thrift::transport::TSSLSocketFactory> tls;
  if (!options.tls_cert_file.empty()) {
    try {
      tls = std::make_shared<apache::thrift::transport::TSSLSocketFactory>(
          apache::thrift::transport::TLSv1_2);
      tls->server(true);
      tls->authenticate(false);  // no client certificates
      tls->loadCertificate(options.tls_cert_file.c_str());
      tls->loadPrivateKey(options.tls_key_file.c_str());
    } catch (const std::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot load the TLS certificate '", options.tls_cert_file, "' or key '",
          options.tls_key_file, "': ", e.what()));
    }
    // OpenSSL writes with write(2): a client gone mid-answer must not kill
    // the process with SIGPIPE.
    signal(SIGPIPE, SIG_IGN);
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
  server->tls_ = std::move(tls);

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
  using apache::thrift::transport::TSocket;
  using apache::thrift::transport::TTransportException;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  const bool sasl_expected = options_.authentication == HmsAuthentication::kPlain;
  const int negotiation_ms = static_cast<int>(
      std::clamp<int64_t>(absl::ToInt64Milliseconds(options_.negotiation_timeout), 1, INT32_MAX));
  // Shutdown must never touch the descriptor number once it is closed here
  // (it could be reused by then).
  auto forget_fd = [this, id] {
    absl::MutexLock lock(&mu_);
    if (auto it = connections_.find(id); it != connections_.end()) it->second.fd = -1;
  };
  auto fail = [this, &peer](HmsLogLevel level, std::string_view event, HmsLogFields fields) {
    shared_->connections_failed.fetch_add(1);
    fields.insert(fields.begin(), {"peer", peer});
    Log(level, event, fields);
  };
  // The socket itself is not limited (its count is never reset); the
  // transport above it enforces the per-message limit.
  auto socket_config =
      std::make_shared<TConfiguration>(INT32_MAX, INT32_MAX, options_.recursion_limit);
  // The wake pipe doubles as Thrift's interrupt listener: once shutdown
  // starts, a connection waiting for its next request stops waiting.
  auto interrupt = std::make_shared<THRIFT_SOCKET>(wake_read_fd_);

  Wire wire = Wire::kUnknown;
  std::shared_ptr<TSocket> socket;
  std::shared_ptr<TTransport> base;  // what SASL and the Thrift transports read
  ConnectionIdentity identity{.user = options_.anonymous_user,
                              .groups = {},
                              .authenticated = false,
                              .secure_transport = tls_ != nullptr};
  if (tls_ != nullptr) {
    // Inside TLS the first bytes can only be read, not peeked: they are
    // replayed by a PrefixTransport. The handshake happens on the first read.
    std::string prefix;
    std::string tls_error;
    try {
      socket = tls_->createSocket(fd, interrupt);
      socket->setConfiguration(socket_config);
      // A handshake or first message cut short must not hold the thread.
      socket->setRecvTimeout(negotiation_ms);
      wire = ReadWire(*socket, sasl_expected, &prefix);
      socket->setRecvTimeout(0);
    } catch (const TTransportException& e) {
      if (e.getType() == TTransportException::INTERRUPTED ||
          e.getType() == TTransportException::END_OF_FILE) {
        wire = Wire::kClosed;
      } else {
        tls_error = e.what();
      }
    } catch (const std::exception& e) {
      tls_error = e.what();
    }
    if (!tls_error.empty()) {
      forget_fd();
      if (socket != nullptr) {
        try {
          socket->close();
        } catch (...) {
        }
      } else {
        close(fd);
      }
      fail(HmsLogLevel::kWarning, "hms_connection_closed", {{"reason", "tls: " + tls_error}});
      MarkDone(id);
      return;
    }
    base = std::make_shared<PrefixTransport>(socket, std::move(prefix), socket_config);
  } else {
    wire = DetectWire(fd, wake_read_fd_, absl::Seconds(30), sasl_expected);
    if (wire != Wire::kUnknown && wire != Wire::kClosed) {
      socket = std::make_shared<TSocket>(fd, interrupt, socket_config);
      base = socket;
    }
  }

  if (wire == Wire::kClosed || wire == Wire::kUnknown) {
    forget_fd();
    if (socket != nullptr) {
      try {
        socket->close();
      } catch (...) {
      }
    } else {
      close(fd);
    }
    if (wire == Wire::kUnknown) {
      fail(HmsLogLevel::kWarning, "hms_connection_closed",
           {{"reason", "unrecognised protocol (not Thrift binary or compact)"}});
    }
    MarkDone(id);
    return;
  }

  if (wire == Wire::kSasl && !sasl_expected) {
    try {
      WriteSaslMessage(*base, SaslStatus::kBad,
                       "sasl authentication is not enabled on this metastore");
    } catch (...) {
    }
    fail(HmsLogLevel::kWarning, "hms_connection_refused",
         {{"reason", "client opened with sasl but authentication is off"}});
    forget_fd();
    LingeringClose(*base, fd, wake_read_fd_);
    MarkDone(id);
    return;
  }
  if (wire != Wire::kSasl && sasl_expected) {
    fail(HmsLogLevel::kWarning, "hms_connection_refused",
         {{"wire", std::string(WireName(wire))},
          {"reason", "client did not authenticate (sasl PLAIN is required)"}});
    forget_fd();
    LingeringClose(*base, fd, wake_read_fd_);
    MarkDone(id);
    return;
  }

  if (wire == Wire::kSasl) {
    socket->setRecvTimeout(negotiation_ms);
    std::string claimed_user;
    absl::StatusOr<model::AuthenticatedUser> user =
        NegotiateSaslPlain(*base, static_cast<uint32_t>(options_.max_sasl_message_bytes),
                           options_.verify_password, &claimed_user);
    if (!user.ok()) {
      HmsLogFields fields;
      // A name the client typed, cut short; never the password.
      if (!claimed_user.empty()) fields.push_back({"user", claimed_user.substr(0, 128)});
      fields.push_back({"reason", std::string(user.status().message())});
      fail(HmsLogLevel::kWarning,
           user.status().code() == absl::StatusCode::kUnavailable ? "hms_connection_closed"
                                                                  : "hms_authentication_failed",
           std::move(fields));
      forget_fd();
      LingeringClose(*base, fd, wake_read_fd_);
      MarkDone(id);
      return;
    }
    socket->setRecvTimeout(0);
    Log(HmsLogLevel::kDebug, "hms_authenticated", {{"peer", peer}, {"user", user->name}});
    identity.user = std::move(user->name);
    identity.groups = std::move(user->groups);
    identity.authenticated = true;
    // After SASL every message is framed; the first frame's header and
    // first byte tell binary from compact.
    std::string prefix;
    try {
      unsigned char header[5];
      base->readAll(header, sizeof(header));
      prefix.assign(reinterpret_cast<char*>(header), sizeof(header));
      wire = header[4] == 0x82 ? Wire::kFramedCompact
             : header[4] == 0x80 ? Wire::kFramedBinary
                                 : Wire::kUnknown;
    } catch (...) {
      wire = Wire::kClosed;  // left (or shutdown) before its first call
    }
    if (wire == Wire::kClosed || wire == Wire::kUnknown) {
      forget_fd();
      try {
        base->close();
      } catch (...) {
      }
      if (wire == Wire::kUnknown) {
        fail(HmsLogLevel::kWarning, "hms_connection_closed",
             {{"wire", "sasl"}, {"reason", "unrecognised protocol after sasl negotiation"}});
      }
      MarkDone(id);
      return;
    }
    base = std::make_shared<PrefixTransport>(base, std::move(prefix), socket_config);
  }

  HmsLogLevel level = HmsLogLevel::kDebug;
  const std::string outcome =
      ServeCalls(base, static_cast<int>(wire), peer, std::move(identity), &level);
  forget_fd();
  try {
    base->close();
  } catch (...) {
  }
  if (!outcome.empty()) {
    shared_->connections_failed.fetch_add(1);
    Log(level, "hms_connection_closed",
        {{"peer", peer}, {"wire", std::string(WireName(wire))}, {"reason", outcome}});
  }
  MarkDone(id);
}

void HmsServer::MarkDone(int64_t id) {
  absl::MutexLock lock(&mu_);
  auto it = connections_.find(id);
  if (it != connections_.end()) it->second.done = true;
}

std::string HmsServer::ServeCalls(const std::shared_ptr<TTransport>& base, int wire_number,
                                  const std::string& peer, ConnectionIdentity identity,
                                  HmsLogLevel* level) {
  const Wire wire = static_cast<Wire>(wire_number);
  const int max = static_cast<int>(options_.max_message_bytes);
  auto config = std::make_shared<TConfiguration>(max, max, options_.recursion_limit);
  std::shared_ptr<TTransport> transport;
  if (wire == Wire::kFramedBinary || wire == Wire::kFramedCompact) {
    transport = std::make_shared<apache::thrift::transport::TFramedTransport>(base, config);
  } else {
    // Thrift's default 512-byte buffers cost one syscall per 512 bytes: a
    // 1,000-name reply took ~40 writes. 32 KiB each way keeps 200
    // connections under 13 MiB of buffers.
    transport = std::make_shared<PerMessageBufferedTransport>(base, kSocketBufferBytes,
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
  auto handler = std::make_shared<HmsHandler>(shared_, peer, std::move(identity));
  HmsProcessor processor(handler, &shared_->method_calls);
  processor.set_call_log(options_.log, peer, options_.log_debug);
  std::string outcome;
  *level = HmsLogLevel::kDebug;
  try {
    // peek() waits for the next request; false means the client closed the
    // connection between calls (or shutdown began), which is normal.
    while (transport->peek()) {
      if (!processor.process(protocol, protocol, nullptr)) {
        *level = HmsLogLevel::kWarning;
        return "client sent an unexpected message type";
      }
    }
  } catch (const apache::thrift::transport::TTransportException& e) {
    if (e.getType() == apache::thrift::transport::TTransportException::END_OF_FILE &&
        std::strstr(e.what(), "MaxMessageSize") == nullptr) {
      outcome = "client closed the connection in the middle of a message";
      *level = HmsLogLevel::kWarning;
    } else if (e.getType() == apache::thrift::transport::TTransportException::INTERRUPTED) {
      outcome = "";  // shutting down
    } else {
      outcome = absl::StrCat("transport: ", e.what());
      *level = HmsLogLevel::kWarning;
    }
  } catch (const apache::thrift::protocol::TProtocolException& e) {
    outcome = absl::StrCat("protocol: ", e.what());
    *level = HmsLogLevel::kWarning;
  } catch (const std::exception& e) {
    outcome = absl::StrCat("error: ", e.what());
    *level = HmsLogLevel::kWarning;
  }
  return outcome;
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
