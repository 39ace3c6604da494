// ResourceArns: the Glue-style ARNs that name what a call acts on, for the
// gate (catalog/service/gate.h) and the policies it will evaluate:
//   arn:aws:glue:REGION:ACCOUNT:catalog
//   arn:aws:glue:REGION:ACCOUNT:database/DB
//   arn:aws:glue:REGION:ACCOUNT:table/DB/TABLE
//   arn:aws:glue:REGION:ACCOUNT:userDefinedFunction/DB/FUNCTION
// Names are lower-cased, as the catalog stores them, so a policy written for
// "Sales/Orders" and a call naming "sales.orders" meet on one spelling. The
// region and account come from configuration; the defaults are Glue's
// documentation placeholders, so a policy copied from AWS needs only those two
// settings changed.
//
// Immutable after construction; thread-safe.
#ifndef ALMANAC_CATALOG_MODEL_RESOURCE_ARN_H_
#define ALMANAC_CATALOG_MODEL_RESOURCE_ARN_H_

#include <string>
#include <string_view>

namespace almanac::model {

inline constexpr char kDefaultRegion[] = "us-east-1";
inline constexpr char kDefaultAccount[] = "123456789012";

class ResourceArns {
 public:
  ResourceArns() : ResourceArns(kDefaultRegion, kDefaultAccount) {}
  ResourceArns(std::string_view region, std::string_view account);

  const std::string& Catalog() const { return catalog_; }
  std::string Database(std::string_view db) const;
  std::string Table(std::string_view db, std::string_view table) const;
  std::string Function(std::string_view db, std::string_view function) const;
  // Glue's schema registry ARNs: registry/NAME and schema/REGISTRY/NAME
  // (names kept as given: registry names are case-sensitive).
  std::string Registry(std::string_view registry) const;
  std::string Schema(std::string_view registry, std::string_view schema) const;
  // Glue's crawler ARN, crawler/NAME (the name as given).
  std::string Crawler(std::string_view crawler) const;

  const std::string& region() const { return region_; }
  const std::string& account() const { return account_; }

 private:
  std::string region_;
  std::string account_;
  std::string prefix_;   // "arn:aws:glue:REGION:ACCOUNT:"
  std::string catalog_;  // prefix_ + "catalog"
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_RESOURCE_ARN_H_
