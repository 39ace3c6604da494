// In-process tests of HmsServer's connection handling. Only calls that need
// no catalog data are made (fb303, session, unknown methods), so the service
// has no store behind it; the data calls are covered end to end by
// tests/integration/hms_thrift_test.py against the real binary.
#include "thrift/hms_server.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <thrift/TApplicationException.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TSocket.h>
#include <thrift/transport/TTransportException.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace almanac::hms {
namespace {

using apache::thrift::TApplicationException;
using apache::thrift::transport::TTransportException;

struct TestClient {
  std::shared_ptr<apache::thrift::transport::TSocket> socket;
  std::shared_ptr<apache::thrift::transport::TTransport> transport;
  std::unique_ptr<ThriftHiveMetastoreClient> hms;
};

TestClient Connect(int port, bool framed = false, bool compact = false) {
  TestClient c;
  c.socket = std::make_shared<apache::thrift::transport::TSocket>("127.0.0.1", port);
  c.socket->setRecvTimeout(10000);
  if (framed) {
    c.transport = std::make_shared<apache::thrift::transport::TFramedTransport>(c.socket);
  } else {
    c.transport = std::make_shared<apache::thrift::transport::TBufferedTransport>(c.socket);
  }
  std::shared_ptr<apache::thrift::protocol::TProtocol> protocol;
  if (compact) {
    protocol = std::make_shared<apache::thrift::protocol::TCompactProtocol>(c.transport);
  } else {
    protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(c.transport);
  }
  c.hms = std::make_unique<ThriftHiveMetastoreClient>(protocol);
  c.transport->open();
  return c;
}

class HmsServerTest : public ::testing::Test {
 protected:
  void StartServer(int max_connections,
                   const std::function<void(HmsServerOptions&)>& configure = nullptr) {
    HmsServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.max_connections = max_connections;
    options.metastore_uuid = "00000000-0000-4000-8000-000000000000";
    options.log = [this](HmsLogLevel, std::string_view event, const HmsLogFields&) {
      absl::MutexLock lock(&mu_);
      events_.emplace_back(event);
    };
    if (configure) configure(options);
    auto server = HmsServer::Start(&service_, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  int Count(std::string_view event) {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(std::count(events_.begin(), events_.end(), event));
  }

  // The server logs from its own threads into events_ until it is stopped,
  // so it is stopped here, before the members it writes to are destroyed
  // (members die in reverse order of declaration, events_ first).
  void TearDown() override { server_.reset(); }

  service::CatalogService service_{nullptr, {}};
  absl::Mutex mu_;
  std::vector<std::string> events_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<HmsServer> server_;
};

TEST_F(HmsServerTest, ServesEveryWireForm) {
  StartServer(10);
  EXPECT_GT(server_->port(), 0);
  for (bool framed : {false, true}) {
    for (bool compact : {false, true}) {
      TestClient c = Connect(server_->port(), framed, compact);
      EXPECT_EQ(c.hms->getStatus(), ::almanac::fb303::fb_status::ALIVE);
      std::string uuid;
      c.hms->get_metastore_db_uuid(uuid);
      EXPECT_EQ(uuid, "00000000-0000-4000-8000-000000000000");
      std::vector<std::string> groups;
      c.hms->set_ugi(groups, "alice", {"g1", "g2"});
      EXPECT_EQ(groups, (std::vector<std::string>{"g1", "g2"}));
    }
  }
}

TEST_F(HmsServerTest, UnservedMethodsAreUnknownAndTheConnectionStaysInStep) {
  StartServer(10);
  TestClient c = Connect(server_->port());
  // Never served: the expression is serialised Java (see SERVED_METHODS.md).
  PartitionsByExprResult response;
  try {
    c.hms->get_partitions_by_expr(response, PartitionsByExprRequest());
    FAIL() << "get_partitions_by_expr succeeded";
  } catch (const TApplicationException& e) {
    EXPECT_EQ(e.getType(), TApplicationException::UNKNOWN_METHOD);
    EXPECT_STREQ(e.what(), "method 'get_partitions_by_expr' is not supported by almanac");
  }
  EXPECT_EQ(c.hms->getStatus(), ::almanac::fb303::fb_status::ALIVE);
}

TEST_F(HmsServerTest, RefusesConnectionsBeyondTheLimit) {
  StartServer(2);
  TestClient a = Connect(server_->port());
  TestClient b = Connect(server_->port());
  EXPECT_EQ(a.hms->getStatus(), ::almanac::fb303::fb_status::ALIVE);
  EXPECT_EQ(b.hms->getStatus(), ::almanac::fb303::fb_status::ALIVE);
  TestClient refused = Connect(server_->port());
  EXPECT_THROW(refused.hms->getStatus(), TTransportException);
  EXPECT_EQ(Count("hms_connection_refused"), 1);
  // A slot frees when a client leaves.
  a.transport->close();
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (server_->active_connections() > 1 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  TestClient c = Connect(server_->port());
  EXPECT_EQ(c.hms->getStatus(), ::almanac::fb303::fb_status::ALIVE);
}

TEST_F(HmsServerTest, ShutdownClosesIdleConnectionsPromptly) {
  StartServer(10);
  TestClient idle = Connect(server_->port());
  EXPECT_EQ(idle.hms->getStatus(), ::almanac::fb303::fb_status::ALIVE);
  TestClient silent = Connect(server_->port());  // connected, never sends
  const absl::Time start = absl::Now();
  server_->Shutdown(absl::Now() + absl::Seconds(20));
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(server_->active_connections(), 0);
  EXPECT_THROW(idle.hms->getStatus(), TTransportException);
}

TEST_F(HmsServerTest, RejectsBadOptions) {
  HmsServerOptions options;
  options.listen_address = "nonsense";
  EXPECT_EQ(HmsServer::Start(&service_, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.listen_address = "127.0.0.1:0";
  options.max_message_bytes = 10;
  EXPECT_EQ(HmsServer::Start(&service_, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.max_message_bytes = 1 << 20;
  options.listen_address = "203.0.113.1:0";  // not a local address
  EXPECT_EQ(HmsServer::Start(&service_, options).status().code(),
            absl::StatusCode::kUnavailable);
}

// ---- SASL PLAIN ----

std::string SaslMessage(uint8_t status, std::string_view payload) {
  std::string out(1, static_cast<char>(status));
  const auto n = static_cast<uint32_t>(payload.size());
  for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<char>((n >> shift) & 0xff));
  out.append(payload);
  return out;
}

std::string PlainResponse(std::string_view user, std::string_view password) {
  std::string out(1, '\0');
  out.append(user);
  out.push_back('\0');
  out.append(password);
  return SaslMessage(5, out);
}

// Sends the negotiation bytes on `socket`; returns the server's answer as
// {status, payload}.
std::pair<int, std::string> Negotiate(apache::thrift::transport::TSocket& socket,
                                      const std::string& bytes) {
  socket.write(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  uint8_t header[5];
  socket.readAll(header, 5);
  const uint32_t n = (uint32_t{header[1]} << 24) | (uint32_t{header[2]} << 16) |
                     (uint32_t{header[3]} << 8) | header[4];
  std::string payload(n, '\0');
  if (n > 0) socket.readAll(reinterpret_cast<uint8_t*>(payload.data()), n);
  return {header[0], payload};
}

void UsePlain(HmsServerOptions& options) {
  options.authentication = HmsAuthentication::kPlain;
  options.negotiation_timeout = absl::Milliseconds(500);
  options.verify_password = [](std::string_view user, std::string_view password)
      -> absl::StatusOr<model::AuthenticatedUser> {
    if (user == "alice" && password == "pw") {
      return model::AuthenticatedUser{.name = "alice", .groups = {"analysts"}};
    }
    return absl::UnauthenticatedError("authentication failed");
  };
}

TEST_F(HmsServerTest, SaslPlainLogsInThenFramesEveryMessage) {
  StartServer(10, UsePlain);
  for (bool compact : {false, true}) {
    auto socket = std::make_shared<apache::thrift::transport::TSocket>("127.0.0.1",
                                                                       server_->port());
    socket->setRecvTimeout(10000);
    socket->open();
    auto [status, payload] =
        Negotiate(*socket, SaslMessage(1, "PLAIN") + PlainResponse("alice", "pw"));
    ASSERT_EQ(status, 5) << payload;
    auto framed = std::make_shared<apache::thrift::transport::TFramedTransport>(socket);
    std::shared_ptr<apache::thrift::protocol::TProtocol> protocol;
    if (compact) {
      protocol = std::make_shared<apache::thrift::protocol::TCompactProtocol>(framed);
    } else {
      protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(framed);
    }
    ThriftHiveMetastoreClient hms(protocol);
    EXPECT_EQ(hms.getStatus(), ::almanac::fb303::fb_status::ALIVE);
    std::vector<std::string> groups;
    hms.set_ugi(groups, "mallory", {"root"});  // answered, identity unchanged
    EXPECT_EQ(groups, (std::vector<std::string>{"root"}));
    EXPECT_EQ(hms.getStatus(), ::almanac::fb303::fb_status::ALIVE);
  }
  EXPECT_EQ(Count("hms_authentication_failed"), 0);
}

TEST_F(HmsServerTest, SaslPlainRefusals) {
  StartServer(10, UsePlain);
  struct Case {
    std::string bytes;
    int status;
    std::string message;
  };
  const Case cases[] = {
      {SaslMessage(1, "PLAIN") + PlainResponse("alice", "wrong"), 3, "authentication failed"},
      {SaslMessage(1, "PLAIN") + PlainResponse("bob", "pw"), 3, "authentication failed"},
      {SaslMessage(1, "GSSAPI") + SaslMessage(2, "x"), 3,
       "unsupported mechanism (only PLAIN is accepted)"},
      {SaslMessage(1, "PLAIN") + SaslMessage(5, "no-separators"), 3,
       "malformed PLAIN response (expected authzid NUL user NUL password)"},
      {std::string("\x01\x00\x10\x00\x00", 5), 4,
       "sasl message of 1048576 bytes exceeds the limit of 65536"},
  };
  for (const Case& c : cases) {
    apache::thrift::transport::TSocket socket("127.0.0.1", server_->port());
    socket.setRecvTimeout(10000);
    socket.open();
    auto [status, payload] = Negotiate(socket, c.bytes);
    EXPECT_EQ(status, c.status) << c.message;
    EXPECT_EQ(payload, c.message);
    // Then the server closes: a clean end of stream.
    uint8_t byte;
    EXPECT_EQ(socket.read(&byte, 1), 0u) << c.message;
  }
  // Plain Thrift on a SASL port is refused, and the server goes on.
  TestClient plain = Connect(server_->port());
  EXPECT_THROW(plain.hms->getStatus(), TTransportException);
  apache::thrift::transport::TSocket socket("127.0.0.1", server_->port());
  socket.setRecvTimeout(10000);
  socket.open();
  EXPECT_EQ(Negotiate(socket, SaslMessage(1, "PLAIN") + PlainResponse("alice", "pw")).first, 5);
}

TEST_F(HmsServerTest, StalledNegotiationTimesOutAndShutdownIsPrompt) {
  StartServer(10, UsePlain);
  apache::thrift::transport::TSocket stalled("127.0.0.1", server_->port());
  stalled.setRecvTimeout(10000);
  stalled.open();
  const std::string start = SaslMessage(1, "PLAIN");
  stalled.write(reinterpret_cast<const uint8_t*>(start.data()), start.size());
  // negotiation_timeout is 500 ms: the server gives up on its own.
  uint8_t byte;
  EXPECT_EQ(stalled.read(&byte, 1), 0u);
  apache::thrift::transport::TSocket waiting("127.0.0.1", server_->port());
  waiting.open();
  waiting.write(reinterpret_cast<const uint8_t*>(start.data()), start.size());
  const absl::Time begin = absl::Now();
  server_->Shutdown(absl::Now() + absl::Seconds(20));
  EXPECT_LT(absl::Now() - begin, absl::Seconds(5));
  EXPECT_EQ(server_->active_connections(), 0);
}

TEST_F(HmsServerTest, SaslOnAServerWithoutAuthenticationIsTold) {
  StartServer(10);
  apache::thrift::transport::TSocket socket("127.0.0.1", server_->port());
  socket.setRecvTimeout(10000);
  socket.open();
  auto [status, payload] =
      Negotiate(socket, SaslMessage(1, "PLAIN") + PlainResponse("alice", "pw"));
  EXPECT_EQ(status, 3);
  EXPECT_EQ(payload, "sasl authentication is not enabled on this metastore");
}

TEST_F(HmsServerTest, RejectsBadAuthenticationOptions) {
  HmsServerOptions options;
  options.listen_address = "127.0.0.1:0";
  options.authentication = HmsAuthentication::kPlain;  // no verifier
  EXPECT_EQ(HmsServer::Start(&service_, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.authentication = HmsAuthentication::kNone;
  options.tls_cert_file = "/nonexistent/cert.pem";  // no key
  EXPECT_EQ(HmsServer::Start(&service_, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.tls_key_file = "/nonexistent/key.pem";
  auto missing = HmsServer::Start(&service_, options);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("cannot load the TLS certificate"),
            std::string::npos);
}

}  // namespace
}  // namespace almanac::hms
