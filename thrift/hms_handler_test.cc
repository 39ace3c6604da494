// Guards for HmsHandler that need no server: the handler derives from the
// generated ThriftHiveMetastoreNull, whose methods all return an empty
// success. A method added to the served list (served_methods.cc) without an
// override in the handler would therefore answer every call with nothing and
// no error. This test reads the handler headers as text and fails, naming the
// method, when a served method has no `override` declaration.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "thrift/served_methods.h"

namespace almanac::hms {
namespace {

std::string SourceDir() {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  return root != nullptr ? root : ".";
}

// Names of the functions a header declares with `override`: the text is
// split into declarations at ';' after comments are removed, and a
// declaration's name is the identifier before its first '('.
std::set<std::string> OverriddenNames(const std::string& header_text) {
  const std::string code = std::regex_replace(header_text, std::regex("//[^\n]*"), "");
  std::set<std::string> names;
  std::istringstream declarations(code);
  const std::regex name(R"(([A-Za-z_][A-Za-z_0-9]*)\s*\()");
  std::smatch match;
  for (std::string decl; std::getline(declarations, decl, ';');) {
    if (!std::regex_search(decl, std::regex(R"(\)\s*(const\s*)?override\s*$)"))) continue;
    if (std::regex_search(decl, match, name)) names.insert(match[1]);
  }
  return names;
}

// Every thrift/hms_handler*.h, concatenated.
std::string HandlerHeaders() {
  std::string text;
  for (const auto& entry : std::filesystem::directory_iterator(SourceDir() + "/thrift")) {
    const std::string file = entry.path().filename().string();
    if (file.rfind("hms_handler", 0) != 0 || entry.path().extension() != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream s;
    s << in.rdbuf();
    text += s.str();
    text += "\n";
  }
  return text;
}

TEST(HmsHandlerTest, ParserFindsOverridesAcrossLinesAndSkipsComments) {
  const std::set<std::string> names = OverriddenNames(
      "  // void commented(int x) override;\n"
      "  void one(const std::string& a) override;\n"
      "  void two(std::vector<std::string>& _return,\n"
      "           const std::string& db) override;\n"
      "  void not_an_override(int x);\n"
      "  int64_t three() override;\n");
  EXPECT_EQ(names, (std::set<std::string>{"one", "two", "three"}));
}

TEST(HmsHandlerTest, EveryServedMethodIsOverridden) {
  const std::string headers = HandlerHeaders();
  ASSERT_FALSE(headers.empty()) << "no thrift/hms_handler*.h under " << SourceDir();
  const std::set<std::string> overridden = OverriddenNames(headers);
  for (std::string_view method : ServedMethods()) {
    EXPECT_TRUE(overridden.contains(std::string(method)))
        << "served method '" << method
        << "' has no override in thrift/hms_handler*.h: ThriftHiveMetastoreNull would answer "
           "it with an empty success";
  }
}

}  // namespace
}  // namespace almanac::hms
