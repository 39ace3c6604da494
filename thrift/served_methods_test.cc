#include "thrift/served_methods.h"

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace almanac::hms {
namespace {

std::string ReadSourceFile(const std::string& relative) {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  std::ifstream in(std::string(root != nullptr ? root : ".") + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The methods SERVED_METHODS.md lists under its "Served" heading, written as
// "- `name`" lines.
std::set<std::string> DocumentedServed() {
  const std::string doc = ReadSourceFile("thrift/SERVED_METHODS.md");
  const size_t begin = doc.find("## Served");
  const size_t end = doc.find("## Not served");
  std::set<std::string> names;
  if (begin == std::string::npos || end == std::string::npos) return names;
  std::istringstream section(doc.substr(begin, end - begin));
  // Only lines that are exactly "- `name`"; the notes mention other words.
  std::regex item("- `([A-Za-z_0-9]+)`");
  std::smatch match;
  for (std::string line; std::getline(section, line);) {
    if (std::regex_match(line, match, item)) names.insert(match[1]);
  }
  return names;
}

// Method names declared by a service in an IDL file.
std::set<std::string> DeclaredMethods(const std::string& idl) {
  const std::string text = ReadSourceFile(idl);
  const size_t service = text.find("\nservice ");
  std::set<std::string> names;
  std::regex method(R"(\n\s+(?:oneway\s+)?[A-Za-z_0-9<>, .]+?\s+([A-Za-z_0-9]+)\()");
  const std::string body = text.substr(service);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), method);
       it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

TEST(ServedMethodsTest, SortedAndUnique) {
  const auto& methods = ServedMethods();
  for (size_t i = 1; i < methods.size(); ++i) EXPECT_LT(methods[i - 1], methods[i]);
  EXPECT_TRUE(IsServed("get_table"));
  EXPECT_TRUE(IsServed("set_ugi"));
  EXPECT_FALSE(IsServed("get_partitions_by_expr"));
  EXPECT_FALSE(IsServed("truncate_table"));
  EXPECT_TRUE(IsServed("lock"));  // locks
  EXPECT_FALSE(IsServed("no_such_method"));
}

TEST(ServedMethodsTest, EveryServedMethodIsDeclaredInTheIdl) {
  std::set<std::string> declared = DeclaredMethods("thrift/hive_metastore.thrift");
  const std::set<std::string> fb303 = DeclaredMethods("thrift/fb303.thrift");
  declared.insert(fb303.begin(), fb303.end());
  ASSERT_GT(declared.size(), 100u);
  for (std::string_view m : ServedMethods()) {
    EXPECT_TRUE(declared.contains(std::string(m))) << m << " is served but not declared";
  }
}

TEST(ServedMethodsTest, DocumentationListsExactlyTheServedMethods) {
  const std::set<std::string> documented = DocumentedServed();
  std::set<std::string> served;
  for (std::string_view m : ServedMethods()) served.insert(std::string(m));
  for (const std::string& m : served) {
    EXPECT_TRUE(documented.contains(m)) << m << " missing from SERVED_METHODS.md";
  }
  for (const std::string& m : documented) {
    EXPECT_TRUE(served.contains(m)) << m << " documented as served but is not";
  }
}

}  // namespace
}  // namespace almanac::hms
