// Status -> Hive Metastore exception mapping for the Thrift front end.
//
// One table says which Thrift exception each absl::StatusCode prefers (in
// order); a method passes the exception kinds its IDL declaration lists, and
// the first preferred kind the method declares is thrown. A kind the method
// does not declare is never thrown: a client's generated code would not know
// how to read it and would report a protocol error instead of the message.
// Anything without a declared match becomes MetaException, which every served
// method declares. The Status message becomes the exception's `message`.
//
// Stateless; thread-safe.
#ifndef ALMANAC_THRIFT_EXCEPTION_CONVERT_H_
#define ALMANAC_THRIFT_EXCEPTION_CONVERT_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace almanac::hms {

// The exception types of hive_metastore.thrift that the handler may throw.
enum class ExceptionKind {
  kMeta,
  kNoSuchObject,
  kAlreadyExists,
  kInvalidObject,
  kInvalidOperation,
  kUnknownDB,
  kUnknownTable,
  kInvalidInput,
  kConfigValSecurity,
  // Lock calls.
  kNoSuchLock,
  kNoSuchTxn,
  kTxnOpen,
};

using DeclaredExceptions = std::initializer_list<ExceptionKind>;

// The exception a method declaring `declared` reports `code` as. kMeta when
// nothing declared fits (also when `declared` is empty: the caller then must
// not throw a typed exception at all; see ThrowStatus).
ExceptionKind ChooseException(absl::StatusCode code, DeclaredExceptions declared);

// "MetaException", "NoSuchObjectException", ... (for logs and tests).
std::string_view ExceptionKindName(ExceptionKind kind);

// Throws the Thrift exception ChooseException() picks, carrying the status
// message. `status` must not be OK. When `declared` is empty (a method that
// declares no exceptions, such as get_table_objects_by_name) a
// TApplicationException(INTERNAL_ERROR) is thrown instead, which every client
// can read; likewise when nothing declared fits and the method does not
// declare MetaException either (the lock calls).
[[noreturn]] void ThrowStatus(const absl::Status& status, DeclaredExceptions declared);

// The exception ThrowStatus last threw on the calling thread, for the log line
// of a failed call: its type name ("NoSuchObjectException",
// "TApplicationException") and message. HmsProcessor clears it before each
// call (a connection is served by one thread) and takes it after.
struct ThrownException {
  std::string type;
  std::string message;
};
std::optional<ThrownException> TakeLastThrown();
void ClearLastThrown();

// Convenience: does nothing for OK, else ThrowStatus.
inline void ThrowIfError(const absl::Status& status, DeclaredExceptions declared) {
  if (!status.ok()) ThrowStatus(status, declared);
}

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_EXCEPTION_CONVERT_H_
