// Helpers shared by the table-driven policy tests: the catalog's action list
// and reading a testdata file. Tests only.
#ifndef ALMANAC_CATALOG_POLICY_TESTDATA_UTIL_H_
#define ALMANAC_CATALOG_POLICY_TESTDATA_UTIL_H_

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace almanac::policy::testing {

// The actions the test catalog declares (a subset of Glue's plus Almanac's own).
inline std::vector<std::string> KnownActions() {
  return {"glue:GetTable",
          "glue:GetTables",
          "glue:CreateTable",
          "glue:UpdateTable",
          "glue:DeleteTable",
          "glue:GetTableVersions",
          "glue:GetDatabase",
          "glue:GetDatabases",
          "glue:CreateDatabase",
          "glue:UpdateDatabase",
          "glue:DeleteDatabase",
          "glue:GetPartition",
          "glue:GetPartitions",
          "glue:CreatePartition",
          "glue:BatchCreatePartition",
          "glue:DeletePartition",
          "glue:GetUserDefinedFunction",
          "glue:CreateUserDefinedFunction",
          "glue:GetConnection",
          "glue:PutResourcePolicy",
          "glue:GetResourcePolicy",
          "almanac:Lock",
          "almanac:Unlock",
          "almanac:ReadAudit"};
}

inline std::string TestdataPath(const std::string& name) {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  return std::string(root ? root : ".") + "/catalog/policy/testdata/" + name;
}

inline std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace almanac::policy::testing

#endif  // ALMANAC_CATALOG_POLICY_TESTDATA_UTIL_H_
