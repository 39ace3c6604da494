// The metastore's database UUID (get_metastore_db_uuid): generated once and
// kept in "<data_dir>/metastore_uuid" so that it survives restarts. The
// catalog store has no place for it yet; when it gets one this moves there.
//
// Thread safety: call once at start-up.
#ifndef ALMANAC_THRIFT_METASTORE_UUID_H_
#define ALMANAC_THRIFT_METASTORE_UUID_H_

#include <string>

#include "absl/status/statusor.h"

namespace almanac::hms {

// Reads the UUID from the file, creating the file with a new random
// (version 4) UUID when it does not exist. FailedPrecondition when the file
// cannot be read or written; DataLoss when it holds something else.
absl::StatusOr<std::string> LoadOrCreateMetastoreUuid(const std::string& data_dir);

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_METASTORE_UUID_H_
