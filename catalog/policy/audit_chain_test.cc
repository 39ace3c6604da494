#include "catalog/policy/audit_chain.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace almanac::policy {
namespace {

std::vector<model::AuditRecord> Chain(int n) {
  std::vector<model::AuditRecord> out;
  for (int i = 0; i < n; ++i) {
    model::AuditRecord r;
    r.time_us = 1700000000000000 + i;
    r.principal = i % 2 ? "alice" : "bob";
    r.action = "glue:UpdateTable";
    r.resource = "arn:aws:glue:us-east-1:123456789012:table/sales/orders";
    r.outcome = i % 3 ? "allowed" : "denied";
    r.detail = "alter_table sales.orders";
    ChainAuditRecord(out.empty() ? nullptr : &out.back(), r);
    out.push_back(r);
  }
  return out;
}

std::string Verify(const std::vector<model::AuditRecord>& records,
                   std::optional<std::string> head = std::nullopt, int64_t* bad = nullptr) {
  AuditChainVerifier v(std::move(head));
  for (const auto& r : records) {
    if (!v.Add(r)) break;
  }
  std::string problem = v.Finish();
  if (bad != nullptr) *bad = v.first_bad_seq();
  return problem;
}

TEST(AuditChainTest, IntactChainVerifies) {
  auto chain = Chain(10);
  EXPECT_EQ(chain[0].prev_hash, GenesisHash());
  EXPECT_EQ(chain[0].seq, 1);
  EXPECT_EQ(chain[9].seq, 10);
  EXPECT_EQ(Verify(chain), "");
  EXPECT_EQ(Verify(chain, chain.back().hash), "");
  EXPECT_EQ(Verify({}), "");
}

TEST(AuditChainTest, EditedRecordIsNamed) {
  auto chain = Chain(10);
  chain[4].principal = "mallory";
  int64_t bad = 0;
  EXPECT_EQ(Verify(chain, std::nullopt, &bad),
            "record 5: its hash does not match its contents (edited)");
  EXPECT_EQ(bad, 5);
}

TEST(AuditChainTest, EditedAndRehashedRecordBreaksTheNext) {
  auto chain = Chain(10);
  chain[4].detail = "nothing happened";
  chain[4].hash = AuditRecordHash(chain[4]);
  int64_t bad = 0;
  std::string problem = Verify(chain, std::nullopt, &bad);
  EXPECT_EQ(bad, 6);
  EXPECT_NE(problem.find("does not follow"), std::string::npos) << problem;
}

TEST(AuditChainTest, DeletedRecordIsDetected) {
  auto chain = Chain(10);
  chain.erase(chain.begin() + 3);
  int64_t bad = 0;
  EXPECT_EQ(Verify(chain, std::nullopt, &bad),
            "record 5: expected record 4 here (records before it were deleted or reordered)");
  EXPECT_EQ(bad, 5);
}

TEST(AuditChainTest, MiddleTruncationAndRenumberingAreDetected) {
  auto chain = Chain(10);
  chain.erase(chain.begin() + 3, chain.begin() + 7);
  // Renumber the rest so the seq gap does not show: the hashes still do.
  for (size_t i = 3; i < chain.size(); ++i) chain[i].seq = static_cast<int64_t>(i) + 1;
  int64_t bad = 0;
  std::string problem = Verify(chain, std::nullopt, &bad);
  EXPECT_EQ(bad, 4);
  EXPECT_NE(problem.find("does not follow"), std::string::npos) << problem;
}

TEST(AuditChainTest, ReorderedRecordsAreDetected) {
  auto chain = Chain(6);
  std::swap(chain[2], chain[3]);
  int64_t bad = 0;
  Verify(chain, std::nullopt, &bad);
  EXPECT_EQ(bad, 4);
}

TEST(AuditChainTest, CutOffEndNeedsTheHead) {
  auto chain = Chain(10);
  std::string head = chain.back().hash;
  chain.pop_back();
  EXPECT_EQ(Verify(chain), "");  // a shorter chain is still a chain
  std::string problem = Verify(chain, head);
  EXPECT_NE(problem.find("records were cut off the end"), std::string::npos) << problem;
}

TEST(AuditChainTest, FieldBoundariesAreUnambiguous) {
  model::AuditRecord a, b;
  a.principal = "ab";
  a.groups = "c";
  b.principal = "a";
  b.groups = "bc";
  ChainAuditRecord(nullptr, a);
  ChainAuditRecord(nullptr, b);
  EXPECT_NE(a.hash, b.hash);
}

TEST(AuditChainTest, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace almanac::policy
