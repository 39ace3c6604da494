// In-process tests of HmsServer's connection handling. Only calls that need
// no catalog data are made (fb303, session, unknown methods), so the service
// has no store behind it; the data calls are covered end to end by
// tests/integration/hms_thrift_test.py against the real binary.
#include "thrift/hms_server.h"

#include <algorithm>
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
  void StartServer(int max_connections) {
    HmsServerOptions options;
    options.listen_address = "127.0.0.1:0";
    options.max_connections = max_connections;
    options.metastore_uuid = "00000000-0000-4000-8000-000000000000";
    options.log = [this](HmsLogLevel, std::string_view event, const HmsLogFields&) {
      absl::MutexLock lock(&mu_);
      events_.emplace_back(event);
    };
    auto server = HmsServer::Start(&service_, options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  int Count(std::string_view event) {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(std::count(events_.begin(), events_.end(), event));
  }

  service::CatalogService service_{nullptr, {}};
  std::unique_ptr<HmsServer> server_;
  absl::Mutex mu_;
  std::vector<std::string> events_ ABSL_GUARDED_BY(mu_);
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

}  // namespace
}  // namespace almanac::hms
