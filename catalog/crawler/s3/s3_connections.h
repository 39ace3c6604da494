// Named S3 connections for crawler targets (Glue's S3Target.ConnectionName):
// a file in the shape of the AWS SDKs' shared config, one section per
// connection, read by the server at start (`--s3-connections-file`):
//
//   # comments start with # or ;
//   [default]                 # s3:// targets that name no connection
//   endpoint_url = http://127.0.0.1:9000
//   region = eu-west-1
//   aws_access_key_id = AKIA...
//   aws_secret_access_key = ...
//   aws_session_token = ...   # temporary credentials only
//   addressing_style = path   # auto (default), path or virtual
//
// Each section's fields are filled from the environment where missing, as
// ResolveS3Config does. Errors name the line and the key, never a value
// (a value may be a secret).
//
// Pure functions; thread-safe.
#ifndef ALMANAC_CATALOG_CRAWLER_S3_S3_CONNECTIONS_H_
#define ALMANAC_CATALOG_CRAWLER_S3_S3_CONNECTIONS_H_

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/crawler/s3/s3_config.h"

namespace almanac::crawler::s3 {

// The connection an s3:// target without a connection name uses.
inline constexpr char kDefaultConnection[] = "default";

// Parses the file's text into connection name -> explicit config (not yet
// resolved over the environment). InvalidArgument naming the line for a
// malformed line, an unknown key, a repeated section or key, a bad
// addressing style or connection name, or a key outside a section.
absl::StatusOr<std::map<std::string, S3Config>> ParseS3Connections(std::string_view text);

}  // namespace almanac::crawler::s3

#endif  // ALMANAC_CATALOG_CRAWLER_S3_S3_CONNECTIONS_H_
