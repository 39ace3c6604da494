// HmsProcessor's encoded partition replies (partition_encoder.h) against the
// generated processor, over a real catalog on SQLite: every call below is
// sent once to each, and the reply bytes must be identical, for successes
// (shared and differing storage descriptors, limits) and for the declared
// exceptions (a missing table, a filter that does not parse), on the binary
// protocol and on the compact one (which HmsProcessor leaves to the
// generated code).
#include "thrift/hms_processor.h"

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"
#include "thrift/hms_handler.h"

namespace almanac::hms {
namespace {

using apache::thrift::protocol::TProtocol;
using apache::thrift::transport::TMemoryBuffer;

class HmsProcessorTest : public service::ServiceTest {
 protected:
  void SetUp() override {
    service::ServiceTest::SetUp();
    shared_ = std::make_shared<HmsSharedState>();
    shared_->service = service_.get();
    handler_ = std::make_shared<HmsHandler>(shared_, "127.0.0.1:1");
    CreateDatabase("db");
    model::Table table = CreateTable(MakeTable("db", "t", {{"year", "string", ""},
                                                           {"region", "string", ""}}));
    std::vector<model::Partition> parts;
    for (const char* year : {"2021", "2022", "2023"}) {
      for (const char* region : {"eu", "us"}) {
        model::Partition p = MakePartition({year, region});
        p.parameters = {{"numFiles", "1"}};
        parts.push_back(p);
      }
    }
    // One partition elsewhere and one with a descriptor of its own.
    parts[1].sd = table.sd;
    parts[1].sd.location = "file:/elsewhere/region=us";
    parts[3].sd = table.sd;
    parts[3].sd.columns.push_back({"extra", "string", "added later"});
    parts[3].sd.location = "file:/wh/db.db/t/year=2022/region=us";
    auto added = service_->partitions().AddPartitions(ctx_, "db", "t", parts, false);
    ASSERT_TRUE(added.ok()) << added.status();
  }

  // The reply `processor` writes to the call `send` encodes.
  std::string Reply(apache::thrift::TProcessor& processor, bool compact,
                    const std::function<void(ThriftHiveMetastoreClient&)>& send) {
    auto in = std::make_shared<TMemoryBuffer>();
    auto out = std::make_shared<TMemoryBuffer>();
    std::shared_ptr<TProtocol> in_protocol, out_protocol;
    if (compact) {
      in_protocol = std::make_shared<apache::thrift::protocol::TCompactProtocol>(in);
      out_protocol = std::make_shared<apache::thrift::protocol::TCompactProtocol>(out);
    } else {
      in_protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(in);
      out_protocol = std::make_shared<apache::thrift::protocol::TBinaryProtocol>(out);
    }
    ThriftHiveMetastoreClient client(in_protocol);
    send(client);
    EXPECT_TRUE(processor.process(in_protocol, out_protocol, nullptr));
    return out->getBufferAsString();
  }

  void ExpectSameReply(const std::string& what,
                       const std::function<void(ThriftHiveMetastoreClient&)>& send) {
    HmsProcessor encoded(handler_, nullptr);
    ThriftHiveMetastoreProcessor generated(handler_);
    for (bool compact : {false, true}) {
      const std::string fast = Reply(encoded, compact, send);
      EXPECT_GT(fast.size(), 20u) << what;
      EXPECT_EQ(fast, Reply(generated, compact, send))
          << what << (compact ? " (compact)" : " (binary)");
    }
  }

  std::shared_ptr<HmsSharedState> shared_;
  std::shared_ptr<HmsHandler> handler_;
};

TEST_F(HmsProcessorTest, GetPartitionsRepliesAsTheGeneratedProcessor) {
  ExpectSameReply("all", [](auto& c) { c.send_get_partitions("db", "t", -1); });
  ExpectSameReply("first two", [](auto& c) { c.send_get_partitions("db", "t", 2); });
  ExpectSameReply("none", [](auto& c) { c.send_get_partitions("db", "t", 0); });
  ExpectSameReply("missing table", [](auto& c) { c.send_get_partitions("db", "nope", -1); });
  ExpectSameReply("missing database", [](auto& c) { c.send_get_partitions("nope", "t", -1); });
  ExpectSameReply("catalog name", [](auto& c) { c.send_get_partitions("@hive#db", "t", -1); });
}

TEST_F(HmsProcessorTest, OtherListingFormsReplyAsTheGeneratedProcessor) {
  ExpectSameReply("with auth", [](auto& c) {
    c.send_get_partitions_with_auth("db", "t", 3, "alice", {"analysts"});
  });
  ExpectSameReply("ps", [](auto& c) { c.send_get_partitions_ps("db", "t", {"2022"}, -1); });
  ExpectSameReply("ps wildcard", [](auto& c) {
    c.send_get_partitions_ps("db", "t", {"", "us"}, -1);
  });
  ExpectSameReply("ps with auth", [](auto& c) {
    c.send_get_partitions_ps_with_auth("db", "t", {"2023"}, 1, "alice", {});
  });
  ExpectSameReply("ps missing table", [](auto& c) {
    c.send_get_partitions_ps_with_auth("db", "nope", {"2023"}, -1, "alice", {});
  });
  PartitionsRequest req;
  req.__set_dbName("db");
  req.__set_tblName("t");
  ExpectSameReply("req", [&](auto& c) { c.send_get_partitions_req(req); });
  req.__set_catName("hive");
  req.__set_maxParts(4);
  ExpectSameReply("req with catalog and limit", [&](auto& c) { c.send_get_partitions_req(req); });
  req.__set_catName("spark");
  ExpectSameReply("req in another catalog", [&](auto& c) { c.send_get_partitions_req(req); });
  req.__set_catName("hive");
  req.__set_tblName("nope");
  ExpectSameReply("req missing table", [&](auto& c) { c.send_get_partitions_req(req); });

  GetPartitionsPsWithAuthRequest ps;
  ps.__set_dbName("db");
  ps.__set_tblName("t");
  ps.__set_partVals({"2021"});
  ExpectSameReply("ps req", [&](auto& c) { c.send_get_partitions_ps_with_auth_req(ps); });
  ps.__set_partNames({"year=2022/region=us", "year=2023/region=eu"});
  ExpectSameReply("ps req by names", [&](auto& c) { c.send_get_partitions_ps_with_auth_req(ps); });

  GetPartitionsByNamesRequest names;
  names.__set_db_name("db");
  names.__set_tbl_name("t");
  names.__set_names({"year=2021/region=us", "year=2023/region=us"});
  ExpectSameReply("by names req", [&](auto& c) { c.send_get_partitions_by_names_req(names); });
  names.__set_tbl_name("nope");
  ExpectSameReply("by names req missing table",
                  [&](auto& c) { c.send_get_partitions_by_names_req(names); });
}

TEST_F(HmsProcessorTest, GetPartitionsByFilterRepliesAsTheGeneratedProcessor) {
  ExpectSameReply("filter", [](auto& c) {
    c.send_get_partitions_by_filter("db", "t", "year >= \"2022\" and region = \"us\"", -1);
  });
  ExpectSameReply("no match", [](auto& c) {
    c.send_get_partitions_by_filter("db", "t", "year = \"1999\"", -1);
  });
  ExpectSameReply("bad filter", [](auto& c) {
    c.send_get_partitions_by_filter("db", "t", "year = = broken", -1);
  });
  ExpectSameReply("missing table", [](auto& c) {
    c.send_get_partitions_by_filter("db", "nope", "year = \"2021\"", -1);
  });
}

TEST_F(HmsProcessorTest, GetPartitionsByNamesRepliesAsTheGeneratedProcessor) {
  ExpectSameReply("names", [](auto& c) {
    c.send_get_partitions_by_names("db", "t",
                                   {"year=2022/region=us", "year=2021/region=eu", "year=3/region=x"});
  });
  ExpectSameReply("missing table", [](auto& c) {
    c.send_get_partitions_by_names("db", "nope", {"year=2022/region=us"});
  });
}

}  // namespace
}  // namespace almanac::hms
