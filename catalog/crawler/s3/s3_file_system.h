// The crawler's FileSystem over S3 (and S3-compatible stores: MinIO, Ceph,
// moto) for paths "s3://bucket/prefix/...": a folder is a key prefix ending
// in '/', listed with ListObjectsV2 (delimiter '/', every page followed);
// a file is an object, opened with a HEAD for its size and read with ranged
// GETs only. Keys ending in '/' ("folder markers" some tools write) are not
// files. S3 has no links, so a folder's id is its path.
//
// Thread-safe: the crawl's workers share one instance.
#ifndef ALMANAC_CATALOG_CRAWLER_S3_S3_FILE_SYSTEM_H_
#define ALMANAC_CATALOG_CRAWLER_S3_S3_FILE_SYSTEM_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/crawler/file_system.h"
#include "catalog/crawler/s3/s3_client.h"
#include "catalog/crawler/s3/s3_config.h"

namespace almanac::crawler::s3 {

struct S3Path {
  std::string bucket;
  std::string key; // without a leading '/'; may be empty or end in '/'
};

// "s3://bucket/a/b" -> {bucket, "a/b"}; InvalidArgument for another scheme
// or no bucket.
absl::StatusOr<S3Path> ParseS3Path(std::string_view path);

// An S3 file system with `config` resolved over the environment
// (ResolveS3Config) and libcurl. InvalidArgument for a bad config.
absl::StatusOr<std::unique_ptr<FileSystem>>
NewS3FileSystem(const S3Config &config);

// Over a given client (tests: a fake transport).
std::unique_ptr<FileSystem>
NewS3FileSystem(std::shared_ptr<const S3Client> client);

} // namespace almanac::crawler::s3

#endif // ALMANAC_CATALOG_CRAWLER_S3_S3_FILE_SYSTEM_H_
