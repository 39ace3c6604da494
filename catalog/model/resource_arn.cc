#include "catalog/model/resource_arn.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace almanac::model {
namespace {

// Appends `name` lower-cased (catalog names are ASCII identifiers; anything
// else is kept as given).
void AppendLower(std::string* out, std::string_view name) {
  const size_t start = out->size();
  out->append(name.data(), name.size());
  for (size_t i = start; i < out->size(); ++i) (*out)[i] = absl::ascii_tolower((*out)[i]);
}

}  // namespace

ResourceArns::ResourceArns(std::string_view region, std::string_view account)
    : region_(region), account_(account) {
  prefix_ = "arn:aws:glue:";
  prefix_.append(region.data(), region.size());
  prefix_ += ':';
  prefix_.append(account.data(), account.size());
  prefix_ += ':';
  catalog_ = prefix_ + "catalog";
}

std::string ResourceArns::Database(std::string_view db) const {
  std::string arn;
  arn.reserve(prefix_.size() + 9 + db.size());
  arn = prefix_;
  arn += "database/";
  AppendLower(&arn, db);
  return arn;
}

std::string ResourceArns::Table(std::string_view db, std::string_view table) const {
  std::string arn;
  arn.reserve(prefix_.size() + 7 + db.size() + table.size());
  arn = prefix_;
  arn += "table/";
  AppendLower(&arn, db);
  arn += '/';
  AppendLower(&arn, table);
  return arn;
}

std::string ResourceArns::Function(std::string_view db, std::string_view function) const {
  std::string arn = prefix_;
  arn += "userDefinedFunction/";
  AppendLower(&arn, db);
  arn += '/';
  AppendLower(&arn, function);
  return arn;
}

std::string ResourceArns::Registry(std::string_view registry) const {
  std::string arn = prefix_;
  arn += "registry/";
  arn += registry;
  return arn;
}

std::string ResourceArns::Schema(std::string_view registry, std::string_view schema) const {
  std::string arn = prefix_;
  arn += "schema/";
  arn += registry;
  arn += '/';
  arn += schema;
  return arn;
}

std::string ResourceArns::Crawler(std::string_view crawler) const {
  std::string arn = prefix_;
  arn += "crawler/";
  arn += crawler;
  return arn;
}

}  // namespace almanac::model
