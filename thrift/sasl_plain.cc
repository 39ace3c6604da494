#include "thrift/sasl_plain.h"

#include <thrift/transport/TTransportException.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace almanac::hms {
namespace {

using apache::thrift::transport::TTransport;
using apache::thrift::transport::TTransportException;

struct SaslMessage {
  uint8_t status = 0;
  std::string payload;
};

// Reads one message. InvalidArgument for an unknown status byte or a length
// over the limit (nothing more is read then); throws TTransportException
// when the client goes away.
absl::StatusOr<SaslMessage> ReadSaslMessage(TTransport& transport, uint32_t max_bytes) {
  uint8_t header[5];
  transport.readAll(header, sizeof(header));
  SaslMessage message;
  message.status = header[0];
  if (message.status < static_cast<uint8_t>(SaslStatus::kStart) ||
      message.status > static_cast<uint8_t>(SaslStatus::kComplete)) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid sasl status byte ", static_cast<int>(message.status)));
  }
  const uint32_t length = (uint32_t{header[1]} << 24) | (uint32_t{header[2]} << 16) |
                          (uint32_t{header[3]} << 8) | uint32_t{header[4]};
  if (length > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("sasl message of ", length, " bytes exceeds the limit of ", max_bytes));
  }
  message.payload.resize(length);
  if (length > 0) {
    transport.readAll(reinterpret_cast<uint8_t*>(message.payload.data()), length);
  }
  return message;
}

// Overwrites a string holding a password before it is freed.
void Wipe(std::string& secret) {
  std::fill(secret.begin(), secret.end(), '\0');
  secret.clear();
}

absl::StatusOr<model::AuthenticatedUser> Negotiate(TTransport& transport, uint32_t max_bytes,
                                                   const PasswordVerifier& verify,
                                                   std::string* claimed_user) {
  absl::StatusOr<SaslMessage> start = ReadSaslMessage(transport, max_bytes);
  if (!start.ok()) {
    WriteSaslMessage(transport, SaslStatus::kError, std::string(start.status().message()));
    return start.status();
  }
  if (start->status != static_cast<uint8_t>(SaslStatus::kStart)) {
    WriteSaslMessage(transport, SaslStatus::kError, "expected a sasl START message");
    return absl::InvalidArgumentError(
        absl::StrCat("expected a sasl START message, got status ", start->status));
  }
  if (start->payload != "PLAIN") {
    // The client's text is not echoed: it is not ours to print.
    WriteSaslMessage(transport, SaslStatus::kBad, "unsupported mechanism (only PLAIN is accepted)");
    return absl::InvalidArgumentError(absl::StrCat("unsupported sasl mechanism of ",
                                                   start->payload.size(), " bytes (only PLAIN)"));
  }
  absl::StatusOr<SaslMessage> response = ReadSaslMessage(transport, max_bytes);
  if (!response.ok()) {
    WriteSaslMessage(transport, SaslStatus::kError, std::string(response.status().message()));
    return response.status();
  }
  if (response->status != static_cast<uint8_t>(SaslStatus::kOk) &&
      response->status != static_cast<uint8_t>(SaslStatus::kComplete)) {
    Wipe(response->payload);
    WriteSaslMessage(transport, SaslStatus::kError, "expected the PLAIN response");
    return absl::InvalidArgumentError("expected the sasl PLAIN response after START");
  }
  std::vector<std::string> parts = absl::StrSplit(response->payload, '\0');
  Wipe(response->payload);
  if (parts.size() != 3 || parts[1].empty()) {
    for (std::string& part : parts) Wipe(part);
    WriteSaslMessage(transport, SaslStatus::kBad,
                     "malformed PLAIN response (expected authzid NUL user NUL password)");
    return absl::InvalidArgumentError("malformed sasl PLAIN response");
  }
  *claimed_user = parts[1];
  if (!parts[0].empty() && parts[0] != parts[1]) {
    Wipe(parts[2]);
    WriteSaslMessage(transport, SaslStatus::kBad, kSaslAuthenticationFailed);
    return absl::PermissionDeniedError(
        "the authorization identity differs from the user (acting as another user is not "
        "supported)");
  }
  absl::StatusOr<model::AuthenticatedUser> user = verify(parts[1], parts[2]);
  Wipe(parts[2]);
  if (!user.ok()) {
    WriteSaslMessage(transport, SaslStatus::kBad, kSaslAuthenticationFailed);
    return user.status();
  }
  WriteSaslMessage(transport, SaslStatus::kComplete, "");
  return user;
}

}  // namespace

void WriteSaslMessage(TTransport& transport, SaslStatus status, std::string_view payload) {
  std::string out;
  out.reserve(5 + payload.size());
  const auto length = static_cast<uint32_t>(payload.size());
  out.push_back(static_cast<char>(status));
  out.push_back(static_cast<char>((length >> 24) & 0xff));
  out.push_back(static_cast<char>((length >> 16) & 0xff));
  out.push_back(static_cast<char>((length >> 8) & 0xff));
  out.push_back(static_cast<char>(length & 0xff));
  out.append(payload);
  transport.write(reinterpret_cast<const uint8_t*>(out.data()), static_cast<uint32_t>(out.size()));
  transport.flush();
}

absl::StatusOr<model::AuthenticatedUser> NegotiateSaslPlain(TTransport& transport,
                                                            uint32_t max_message_bytes,
                                                            const PasswordVerifier& verify,
                                                            std::string* claimed_user) {
  claimed_user->clear();
  try {
    return Negotiate(transport, max_message_bytes, verify, claimed_user);
  } catch (const TTransportException& e) {
    if (e.getType() == TTransportException::END_OF_FILE) {
      return absl::UnavailableError("client closed the connection during sasl negotiation");
    }
    if (e.getType() == TTransportException::INTERRUPTED) {
      return absl::UnavailableError("shutting down during sasl negotiation");
    }
    if (e.getType() == TTransportException::TIMED_OUT) {
      return absl::UnavailableError("sasl negotiation timed out");
    }
    return absl::UnavailableError(
        absl::StrCat("transport failed during sasl negotiation: ", e.what()));
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("sasl negotiation failed: ", e.what()));
  }
}

}  // namespace almanac::hms
