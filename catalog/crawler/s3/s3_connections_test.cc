#include "catalog/crawler/s3/s3_connections.h"

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/model/names.h"
#include "gtest/gtest.h"

namespace almanac::crawler::s3 {
namespace {

std::string Describe(const std::string& name, const S3Config& c) {
  const char* addressing = c.addressing == AddressingStyle::kPath          ? "path"
                           : c.addressing == AddressingStyle::kVirtualHost ? "virtual"
                                                                           : "auto";
  return absl::StrCat(name, " endpoint=", c.endpoint, " region=", c.region,
                      " key=", c.access_key_id,
                      " secret=", c.secret_access_key.empty() ? "unset" : "set",
                      " token=", c.session_token.empty() ? "unset" : "set",
                      " addressing=", addressing);
}

struct Case {
  std::string name;
  std::vector<std::string> file;
  std::vector<std::string> expected;
  int line = 0;
};

// catalog/crawler/s3/testdata/connections_cases.txt; its header explains the format.
std::vector<Case> LoadCases() {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  const std::string path =
      std::string(root ? root : ".") + "/catalog/crawler/s3/testdata/connections_cases.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<Case> cases;
  std::string line;
  bool in_file = false;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.rfind("== ", 0) == 0) {
      cases.push_back({line.substr(3), {}, {}, line_no});
      in_file = true;
    } else if (cases.empty()) {
      continue;  // the header
    } else if (in_file && line == "--") {
      in_file = false;
    } else if (in_file) {
      cases.back().file.push_back(line);
    } else if (!line.empty()) {
      cases.back().expected.push_back(line);
    }
  }
  return cases;
}

TEST(S3ConnectionsTest, Cases) {
  std::vector<Case> cases = LoadCases();
  ASSERT_GE(cases.size(), 10u);
  for (const Case& c : cases) {
    SCOPED_TRACE(absl::StrCat("connections_cases.txt:", c.line, ": ", c.name));
    auto parsed = ParseS3Connections(absl::StrJoin(c.file, "\n"));
    std::vector<std::string> got;
    if (!parsed.ok()) {
      EXPECT_TRUE(absl::IsInvalidArgument(parsed.status()));
      got.push_back(absl::StrCat("error: ", parsed.status().message()));
    } else {
      for (const auto& [name, config] : *parsed) got.push_back(Describe(name, config));
    }
    EXPECT_EQ(absl::StrJoin(got, "\n"), absl::StrJoin(c.expected, "\n"));
    // No message repeats a value from the file (it may be a secret).
    if (!parsed.ok()) {
      for (const std::string& l : c.file) {
        const size_t eq = l.find('=');
        if (eq == std::string::npos || l.find("addressing_style") != std::string::npos) continue;
        const std::string value = l.substr(eq + 1);
        if (value.size() > 3) {
          EXPECT_EQ(parsed.status().message().find(value.substr(1)), std::string::npos) << value;
        }
      }
    }
  }
}

TEST(S3ConnectionsTest, Names) {
  EXPECT_TRUE(model::ValidConnectionName("lake-prod_2.eu"));
  EXPECT_FALSE(model::ValidConnectionName(""));
  EXPECT_FALSE(model::ValidConnectionName("a/b"));
  EXPECT_FALSE(model::ValidConnectionName(std::string(256, 'a')));
}

}  // namespace
}  // namespace almanac::crawler::s3
