// Kills the real server with SIGKILL while a client writes batches of 1000
// partitions over gRPC, restarts it, and checks that every acknowledged batch
// is complete, that no batch is half-present, and that SQLite's own integrity
// check passes on the file.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "proto/almanac/v1/catalog.grpc.pb.h"
#include "tools/testing/server_process.h"

namespace almanac::testing {
namespace {

constexpr int kBatchSize = 1000;

std::unique_ptr<v1::CatalogService::Stub> Connect(const ServerProcess& server) {
  return v1::CatalogService::NewStub(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
}

grpc::Status AddBatch(v1::CatalogService::Stub& stub, int batch) {
  v1::BatchCreatePartitionsRequest request;
  request.set_database("crash");
  request.set_table("events");
  for (int item = 0; item < kBatchSize; ++item) {
    v1::Partition* p = request.add_partitions();
    p->set_database("crash");
    p->set_table("events");
    p->add_values(std::to_string(batch));
    p->add_values(std::to_string(item));
    p->mutable_sd()->set_location("file:/tmp/crash/events/batch=" + std::to_string(batch) +
                                  "/item=" + std::to_string(item));
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::BatchCreatePartitionsResponse response;
  return stub.BatchCreatePartitions(&context, request, &response);
}

int64_t CountBatch(v1::CatalogService::Stub& stub, int batch) {
  v1::CountPartitionsRequest request;
  request.set_database("crash");
  request.set_table("events");
  request.set_filter("batch = " + std::to_string(batch));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::CountPartitionsResponse response;
  grpc::Status status = stub.CountPartitions(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.count();
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  sqlite3_stmt* stmt = nullptr;
  std::string result;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      if (!result.empty()) result += "; ";
      result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

TEST(CrashTest, AcknowledgedBatchesSurviveSigkillAndNoBatchIsHalfPresent) {
  const std::string data_dir = MakeTempDir("almanac_crash_test_");
  ASSERT_FALSE(data_dir.empty());
  {
    auto server = ServerProcess::Start(ALMANAC_BINARY, data_dir);
    ASSERT_TRUE(server.ok()) << server.status();
    auto stub = Connect(**server);
    grpc::ClientContext c1, c2;
    v1::CreateDatabaseRequest db;
    db.mutable_database()->set_name("crash");
    v1::CreateDatabaseResponse db_response;
    ASSERT_TRUE(stub->CreateDatabase(&c1, db, &db_response).ok());
    v1::CreateTableRequest table;
    table.mutable_table()->set_database("crash");
    table.mutable_table()->set_name("events");
    auto* col = table.mutable_table()->mutable_sd()->add_columns();
    col->set_name("payload");
    col->set_type("string");
    auto* key = table.mutable_table()->add_partition_keys();
    key->set_name("batch");
    key->set_type("int");
    key = table.mutable_table()->add_partition_keys();
    key->set_name("item");
    key->set_type("int");
    v1::CreateTableResponse table_response;
    grpc::Status created = stub->CreateTable(&c2, table, &table_response);
    ASSERT_TRUE(created.ok()) << created.error_message();
    EXPECT_EQ((*server)->StopWith(SIGTERM), 0);
  }

  // Two kill rounds; batches continue numbering across them.
  std::vector<int> acknowledged;
  int next_batch = 0;
  for (int round = 0; round < 2; ++round) {
    auto server = ServerProcess::Start(ALMANAC_BINARY, data_dir);
    ASSERT_TRUE(server.ok()) << server.status();
    auto stub = Connect(**server);

    std::mutex mu;
    std::condition_variable cv;
    int acked_this_round = 0;
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      while (!stop.load()) {
        const int batch = next_batch++;
        grpc::Status status = AddBatch(*stub, batch);
        std::lock_guard<std::mutex> lock(mu);
        if (!status.ok()) return;  // the server died under us
        acknowledged.push_back(batch);
        ++acked_this_round;
        cv.notify_all();
      }
    });
    {
      std::unique_lock<std::mutex> lock(mu);
      // Three batches committed; the fourth is most likely in flight now.
      ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(120),
                              [&] { return acked_this_round >= 3; }));
    }
    EXPECT_EQ((*server)->StopWith(SIGKILL), 128 + SIGKILL);
    stop = true;
    writer.join();
  }

  auto server = ServerProcess::Start(ALMANAC_BINARY, data_dir);
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = Connect(**server);
  int64_t complete = 0;
  for (int batch = 0; batch < next_batch; ++batch) {
    const int64_t count = CountBatch(*stub, batch);
    const bool acked =
        std::find(acknowledged.begin(), acknowledged.end(), batch) != acknowledged.end();
    if (acked) {
      EXPECT_EQ(count, kBatchSize) << "acknowledged batch " << batch << " lost rows";
    } else {
      EXPECT_TRUE(count == 0 || count == kBatchSize)
          << "unacknowledged batch " << batch << " is half-present: " << count;
    }
    if (count == kBatchSize) ++complete;
  }
  EXPECT_GE(complete, static_cast<int64_t>(acknowledged.size()));
  EXPECT_EQ((*server)->StopWith(SIGTERM), 0);

  EXPECT_EQ(IntegrityCheck(data_dir + "/catalog.db"), "ok");
  RemoveTree(data_dir);
}

}  // namespace
}  // namespace almanac::testing
