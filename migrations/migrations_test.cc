#include "migrations/migrations.h"

#include <string>

#include "gtest/gtest.h"

namespace almanac::migrations {
namespace {

TEST(MigrationsTest, VersionsAreConsecutiveFromOne) {
  const auto& all = AllMigrations();
  ASSERT_GE(all.size(), 2u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].version, static_cast<int>(i + 1));
  }
}

TEST(MigrationsTest, NamesCarryTheirVersion) {
  const auto& all = AllMigrations();
  EXPECT_EQ(all[0].name, "0001_initial.sql");
  for (const Migration& m : all) {
    char prefix[8];
    std::snprintf(prefix, sizeof(prefix), "%04d_", m.version);
    EXPECT_EQ(m.name.substr(0, 5), prefix) << m.name;
    EXPECT_EQ(m.name.substr(m.name.size() - 4), ".sql") << m.name;
  }
}

TEST(MigrationsTest, SqlIsEmbeddedVerbatim) {
  const auto& all = AllMigrations();
  EXPECT_NE(all[0].sql.find("CREATE TABLE partitions"), std::string_view::npos);
  EXPECT_NE(all[1].sql.find("CREATE TABLE notification_log"), std::string_view::npos);
  // The whole file, including its last line, survives embedding.
  EXPECT_EQ(all[0].sql.substr(0, 2), "--");
  EXPECT_EQ(all[0].sql.back(), '\n');
}

}  // namespace
}  // namespace almanac::migrations
