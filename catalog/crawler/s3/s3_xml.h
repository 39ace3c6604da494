// Parsing of the two S3 XML documents the file system reads: a
// ListObjectsV2 result page and an error body (<Error><Code>...). Over
// expat, so entities and CDATA in keys come out decoded.
//
// Pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_CRAWLER_S3_S3_XML_H_
#define ALMANAC_CATALOG_CRAWLER_S3_S3_XML_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace almanac::crawler::s3 {

struct ListedObject {
  std::string key;
  int64_t size = 0;
  int64_t mtime = 0; // seconds since the epoch
  std::string etag;  // as listed, quotes included ("\"9b2c...\""); may be empty
};

struct ListPage {
  std::vector<ListedObject> objects; // <Contents>
  std::vector<std::string>
      common_prefixes; // <CommonPrefixes><Prefix>, with the delimiter
  bool truncated = false;
  std::string next_continuation_token;
};

// DataLoss when `xml` is not well-formed or not a ListBucketResult, or a
// Size or LastModified does not parse.
absl::StatusOr<ListPage> ParseListObjectsV2(std::string_view xml);

struct S3ErrorBody {
  std::string code;    // "NoSuchKey"; empty when the body is no <Error>
  std::string message; // S3's human text
};
S3ErrorBody ParseErrorBody(std::string_view xml);

// "2009-10-12T17:50:30.000Z" -> seconds since the epoch; InvalidArgument
// otherwise.
absl::StatusOr<int64_t> ParseS3Time(std::string_view text);

} // namespace almanac::crawler::s3

#endif // ALMANAC_CATALOG_CRAWLER_S3_S3_XML_H_
