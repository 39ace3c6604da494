// The server side of Thrift's SASL negotiation (the framing of Java Thrift's
// TSaslClientTransport / TSaslServerTransport, which Hive's metastore client
// uses with metastore.client.auth.mode=PLAIN), for the PLAIN mechanism only.
//
// Every negotiation message is one status byte (START=1, OK=2, BAD=3,
// ERROR=4, COMPLETE=5), a 4-byte big-endian payload length and the payload.
// The client sends START with the mechanism name, then OK or COMPLETE with
// the PLAIN response `authzid NUL user NUL password`; the server answers
// COMPLETE, or BAD / ERROR with a short message, and then closes. After
// COMPLETE every message travels in 4-byte length frames (PLAIN negotiates no
// security layer), which TFramedTransport reads and writes.
//
// Nothing here logs; the caller logs the outcome. No message sent or returned
// contains the password.
//
// Thread safety: stateless functions; one transport per call.
#ifndef ALMANAC_THRIFT_SASL_PLAIN_H_
#define ALMANAC_THRIFT_SASL_PLAIN_H_

#include <thrift/transport/TTransport.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/model/authenticated_user.h"

namespace almanac::hms {

// Checks a user's password. Unauthenticated for a wrong password or an
// unknown user (the same answer for both); any other error is a server
// problem. Must be thread-safe.
using PasswordVerifier = std::function<absl::StatusOr<model::AuthenticatedUser>(
    std::string_view user, std::string_view password)>;

enum class SaslStatus : uint8_t { kStart = 1, kOk = 2, kBad = 3, kError = 4, kComplete = 5 };

// What the client is told when it fails to authenticate (the same text for an
// unknown user and a wrong password).
inline constexpr char kSaslAuthenticationFailed[] = "authentication failed";

// Runs the server side of a PLAIN negotiation over `transport`, which must
// not have delivered any of the client's bytes yet. Messages longer than
// `max_message_bytes` are refused.
//
// Returns the verified user after answering COMPLETE. Otherwise the client
// has been answered BAD or ERROR when it could be, and the status gives the
// reason for the server's log: Unauthenticated (wrong password or unknown
// user), PermissionDenied (an authorization identity other than the user),
// InvalidArgument (not START first, a mechanism other than PLAIN, a malformed
// or oversized message), Unavailable (the client went away or the transport
// failed), or the verifier's own error. `claimed_user` receives the user name
// the client sent (empty before the PLAIN response), for the log.
absl::StatusOr<model::AuthenticatedUser> NegotiateSaslPlain(
    apache::thrift::transport::TTransport& transport, uint32_t max_message_bytes,
    const PasswordVerifier& verify, std::string* claimed_user);

// Sends one negotiation message and flushes. Throws TTransportException as
// the transport does.
void WriteSaslMessage(apache::thrift::transport::TTransport& transport, SaslStatus status,
                      std::string_view payload);

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_SASL_PLAIN_H_
