#include "thrift/exception_convert.h"

#include <string>
#include <vector>

#include <thrift/TApplicationException.h>

#include "absl/algorithm/container.h"
#include "hive_metastore_types.h"

namespace almanac::hms {
namespace {

struct Rule {
  absl::StatusCode code;
  // Preferred exceptions, best first. The first one the method declares wins.
  std::vector<ExceptionKind> preferred;
};

// The whole mapping. UnknownTable/UnknownDB come after NoSuchObject because
// Hive reports a missing object through them only in the get_fields/get_schema
// family and get_table_objects_by_name_req, which declare no NoSuchObject.
// InvalidInput is the statistics calls' form of a malformed request. The
// alter calls declare neither NoSuchObject nor UnknownTable, and Hive reports
// altering a missing table or partition as InvalidOperationException.
const std::vector<Rule>& Rules() {
  static const auto* rules = new std::vector<Rule>{
      {absl::StatusCode::kNotFound,
       {ExceptionKind::kNoSuchObject, ExceptionKind::kUnknownTable, ExceptionKind::kUnknownDB,
        ExceptionKind::kInvalidOperation, ExceptionKind::kNoSuchLock, ExceptionKind::kNoSuchTxn}},
      {absl::StatusCode::kAlreadyExists, {ExceptionKind::kAlreadyExists}},
      {absl::StatusCode::kInvalidArgument,
       {ExceptionKind::kInvalidObject, ExceptionKind::kInvalidInput}},
      {absl::StatusCode::kFailedPrecondition, {ExceptionKind::kInvalidOperation}},
      // get_config_value's refusal of a key that may hold a secret.
      {absl::StatusCode::kPermissionDenied, {ExceptionKind::kConfigValSecurity}},
  };
  return *rules;
}

thread_local std::optional<ThrownException> last_thrown;

void Remember(std::string_view type, const std::string& message) {
  last_thrown = ThrownException{std::string(type), message};
}

template <typename E>
[[noreturn]] void Throw(ExceptionKind kind, std::string message) {
  Remember(ExceptionKindName(kind), message);
  E e;
  e.__set_message(std::move(message));
  throw e;
}

}  // namespace

ExceptionKind ChooseException(absl::StatusCode code, DeclaredExceptions declared) {
  for (const Rule& rule : Rules()) {
    if (rule.code != code) continue;
    for (ExceptionKind kind : rule.preferred) {
      if (absl::c_linear_search(declared, kind)) return kind;
    }
  }
  return ExceptionKind::kMeta;
}

std::string_view ExceptionKindName(ExceptionKind kind) {
  switch (kind) {
    case ExceptionKind::kMeta:
      return "MetaException";
    case ExceptionKind::kNoSuchObject:
      return "NoSuchObjectException";
    case ExceptionKind::kAlreadyExists:
      return "AlreadyExistsException";
    case ExceptionKind::kInvalidObject:
      return "InvalidObjectException";
    case ExceptionKind::kInvalidOperation:
      return "InvalidOperationException";
    case ExceptionKind::kUnknownDB:
      return "UnknownDBException";
    case ExceptionKind::kUnknownTable:
      return "UnknownTableException";
    case ExceptionKind::kInvalidInput:
      return "InvalidInputException";
    case ExceptionKind::kConfigValSecurity:
      return "ConfigValSecurityException";
    case ExceptionKind::kNoSuchLock:
      return "NoSuchLockException";
    case ExceptionKind::kNoSuchTxn:
      return "NoSuchTxnException";
    case ExceptionKind::kTxnOpen:
      return "TxnOpenException";
  }
  return "MetaException";
}

void ThrowStatus(const absl::Status& status, DeclaredExceptions declared) {
  std::string message(status.message());
  if (message.empty()) message = absl::StatusCodeToString(status.code());
  if (declared.size() == 0) {
    Remember("TApplicationException", message);
    throw apache::thrift::TApplicationException(
        apache::thrift::TApplicationException::INTERNAL_ERROR, message);
  }
  const ExceptionKind kind = ChooseException(status.code(), declared);
  if (kind == ExceptionKind::kMeta && !absl::c_linear_search(declared, ExceptionKind::kMeta)) {
    Remember("TApplicationException", message);
    throw apache::thrift::TApplicationException(
        apache::thrift::TApplicationException::INTERNAL_ERROR, message);
  }
  switch (kind) {
    case ExceptionKind::kNoSuchObject:
      Throw<NoSuchObjectException>(kind, std::move(message));
    case ExceptionKind::kAlreadyExists:
      Throw<AlreadyExistsException>(kind, std::move(message));
    case ExceptionKind::kInvalidObject:
      Throw<InvalidObjectException>(kind, std::move(message));
    case ExceptionKind::kInvalidOperation:
      Throw<InvalidOperationException>(kind, std::move(message));
    case ExceptionKind::kUnknownDB:
      Throw<UnknownDBException>(kind, std::move(message));
    case ExceptionKind::kUnknownTable:
      Throw<UnknownTableException>(kind, std::move(message));
    case ExceptionKind::kInvalidInput:
      Throw<InvalidInputException>(kind, std::move(message));
    case ExceptionKind::kConfigValSecurity:
      Throw<ConfigValSecurityException>(kind, std::move(message));
    case ExceptionKind::kNoSuchLock:
      Throw<NoSuchLockException>(kind, std::move(message));
    case ExceptionKind::kNoSuchTxn:
      Throw<NoSuchTxnException>(kind, std::move(message));
    case ExceptionKind::kTxnOpen:
      Throw<TxnOpenException>(kind, std::move(message));
    case ExceptionKind::kMeta:
      break;
  }
  Throw<MetaException>(kind, std::move(message));
}

std::optional<ThrownException> TakeLastThrown() {
  std::optional<ThrownException> out = std::move(last_thrown);
  last_thrown.reset();
  return out;
}

void ClearLastThrown() { last_thrown.reset(); }

}  // namespace almanac::hms
