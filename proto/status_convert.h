// Conversion between absl::Status (what every Almanac layer returns) and
// grpc::Status (what the gRPC wire carries). The canonical codes of the two
// libraries are the same set, so the mapping is one to one and the message is
// passed through unchanged: a client sees exactly the server's
// "table 'sales.orders' not found". Stateless functions; thread-safe.
#ifndef ALMANAC_PROTO_STATUS_CONVERT_H_
#define ALMANAC_PROTO_STATUS_CONVERT_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace almanac::proto {

// Server side: the status a handler returns to its client.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Client side (CLI, tests): the status a call ended with. A code outside the
// canonical set (a misbehaving peer) becomes Unknown.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace almanac::proto

#endif  // ALMANAC_PROTO_STATUS_CONVERT_H_
