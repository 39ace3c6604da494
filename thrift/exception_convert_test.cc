#include "thrift/exception_convert.h"

#include <thrift/TApplicationException.h>

#include "gtest/gtest.h"
#include "hive_metastore_types.h"

namespace almanac::hms {
namespace {

using K = ExceptionKind;

TEST(ChooseExceptionTest, MapsEachCodeToItsPreferredDeclaredKind) {
  const DeclaredExceptions all = {K::kMeta,          K::kNoSuchObject,     K::kAlreadyExists,
                                  K::kInvalidObject, K::kInvalidOperation, K::kUnknownDB,
                                  K::kUnknownTable,  K::kInvalidInput};
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, all), K::kNoSuchObject);
  EXPECT_EQ(ChooseException(absl::StatusCode::kAlreadyExists, all), K::kAlreadyExists);
  EXPECT_EQ(ChooseException(absl::StatusCode::kInvalidArgument, all), K::kInvalidObject);
  EXPECT_EQ(ChooseException(absl::StatusCode::kFailedPrecondition, all), K::kInvalidOperation);
  EXPECT_EQ(ChooseException(absl::StatusCode::kAborted, all), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kUnavailable, all), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kInternal, all), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kUnimplemented, all), K::kMeta);
}

TEST(ChooseExceptionTest, FallsBackToMetaWhenTheMethodDoesNotDeclareTheKind) {
  // get_table declares MetaException and NoSuchObjectException only.
  const DeclaredExceptions get_table = {K::kMeta, K::kNoSuchObject};
  EXPECT_EQ(ChooseException(absl::StatusCode::kAlreadyExists, get_table), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kInvalidArgument, get_table), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kFailedPrecondition, get_table), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, get_table), K::kNoSuchObject);
  // alter_table declares InvalidOperationException and MetaException.
  const DeclaredExceptions alter_table = {K::kInvalidOperation, K::kMeta};
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, alter_table), K::kInvalidOperation);
  EXPECT_EQ(ChooseException(absl::StatusCode::kAlreadyExists, alter_table), K::kMeta);
  EXPECT_EQ(ChooseException(absl::StatusCode::kFailedPrecondition, alter_table),
            K::kInvalidOperation);
}

TEST(ChooseExceptionTest, UsesTheOlderNotFoundFormsWhenNoSuchObjectIsNotDeclared) {
  const DeclaredExceptions get_fields = {K::kMeta, K::kUnknownTable, K::kUnknownDB};
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, get_fields), K::kUnknownTable);
  const DeclaredExceptions by_name_req = {K::kMeta, K::kInvalidOperation, K::kUnknownDB};
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, by_name_req), K::kUnknownDB);
  const DeclaredExceptions stats = {K::kNoSuchObject, K::kMeta, K::kInvalidInput};
  EXPECT_EQ(ChooseException(absl::StatusCode::kInvalidArgument, stats), K::kInvalidInput);
}

TEST(ThrowStatusTest, ThrowsTheChosenTypeWithTheMessage) {
  try {
    ThrowStatus(absl::NotFoundError("table 'a.b' not found"), {K::kMeta, K::kNoSuchObject});
    FAIL() << "no exception";
  } catch (const NoSuchObjectException& e) {
    EXPECT_EQ(e.message, "table 'a.b' not found");
  }
  EXPECT_THROW(ThrowStatus(absl::AlreadyExistsError("x"), {K::kAlreadyExists, K::kMeta}),
               AlreadyExistsException);
  EXPECT_THROW(ThrowStatus(absl::InvalidArgumentError("x"), {K::kInvalidObject, K::kMeta}),
               InvalidObjectException);
  EXPECT_THROW(ThrowStatus(absl::FailedPreconditionError("x"), {K::kInvalidOperation, K::kMeta}),
               InvalidOperationException);
  EXPECT_THROW(ThrowStatus(absl::NotFoundError("x"), {K::kMeta, K::kUnknownTable}),
               UnknownTableException);
  EXPECT_THROW(ThrowStatus(absl::NotFoundError("x"), {K::kMeta, K::kUnknownDB}),
               UnknownDBException);
  EXPECT_THROW(ThrowStatus(absl::InvalidArgumentError("x"), {K::kMeta, K::kInvalidInput}),
               InvalidInputException);
  try {
    ThrowStatus(absl::AlreadyExistsError("database 'd' already exists"),
                {K::kInvalidOperation, K::kMeta});
    FAIL() << "no exception";
  } catch (const MetaException& e) {
    EXPECT_EQ(e.message, "database 'd' already exists");
  }
}

TEST(ThrowStatusTest, MethodsWithoutDeclaredExceptionsGetAnApplicationException) {
  try {
    ThrowStatus(absl::NotFoundError("database 'd' not found"), {});
    FAIL() << "no exception";
  } catch (const apache::thrift::TApplicationException& e) {
    EXPECT_EQ(e.getType(), apache::thrift::TApplicationException::INTERNAL_ERROR);
    EXPECT_STREQ(e.what(), "database 'd' not found");
  }
}

// ---- lock calls ----
TEST(ThrowStatusTest, LockCallsGetTheirOwnExceptions) {
  const DeclaredExceptions check_lock = {K::kNoSuchTxn, K::kNoSuchLock};
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, check_lock), K::kNoSuchLock);
  EXPECT_EQ(ChooseException(absl::StatusCode::kNotFound, {K::kNoSuchTxn}), K::kNoSuchTxn);
  try {
    ThrowStatus(absl::NotFoundError("lock 7 not found"), {K::kNoSuchLock, K::kTxnOpen});
    FAIL() << "no exception";
  } catch (const NoSuchLockException& e) {
    EXPECT_EQ(e.message, "lock 7 not found");
  }
  // Nothing declared fits and MetaException is not declared either.
  try {
    ThrowStatus(absl::AbortedError("database file is busy"), {K::kNoSuchLock, K::kTxnOpen});
    FAIL() << "no exception";
  } catch (const apache::thrift::TApplicationException& e) {
    EXPECT_EQ(e.getType(), apache::thrift::TApplicationException::INTERNAL_ERROR);
    EXPECT_STREQ(e.what(), "database file is busy");
  }
  EXPECT_EQ(ExceptionKindName(K::kNoSuchLock), "NoSuchLockException");
  EXPECT_EQ(ExceptionKindName(K::kNoSuchTxn), "NoSuchTxnException");
  EXPECT_EQ(ExceptionKindName(K::kTxnOpen), "TxnOpenException");
}
// ---- end lock calls ----

TEST(ThrowStatusTest, PermissionDeniedIsAConfigValSecurityExceptionWhereDeclared) {
  // get_config_value declares only ConfigValSecurityException.
  EXPECT_EQ(ChooseException(absl::StatusCode::kPermissionDenied, {K::kConfigValSecurity}),
            K::kConfigValSecurity);
  EXPECT_EQ(ChooseException(absl::StatusCode::kPermissionDenied, {K::kMeta, K::kNoSuchObject}),
            K::kMeta);
}

TEST(ThrowStatusTest, RemembersWhatItThrewForTheCallLog) {
  ClearLastThrown();
  EXPECT_FALSE(TakeLastThrown().has_value());
  EXPECT_THROW(ThrowStatus(absl::NotFoundError("table 'a.b' not found"),
                           {K::kMeta, K::kNoSuchObject}),
               NoSuchObjectException);
  std::optional<ThrownException> thrown = TakeLastThrown();
  ASSERT_TRUE(thrown.has_value());
  EXPECT_EQ(thrown->type, "NoSuchObjectException");
  EXPECT_EQ(thrown->message, "table 'a.b' not found");
  EXPECT_FALSE(TakeLastThrown().has_value());  // taken once
  EXPECT_THROW(ThrowStatus(absl::InternalError("broken"), {}),
               apache::thrift::TApplicationException);
  EXPECT_EQ(TakeLastThrown()->type, "TApplicationException");
}

TEST(ThrowIfErrorTest, DoesNothingForOk) {
  EXPECT_NO_THROW(ThrowIfError(absl::OkStatus(), {K::kMeta}));
}

TEST(ExceptionKindNameTest, NamesEveryKind) {
  EXPECT_EQ(ExceptionKindName(K::kMeta), "MetaException");
  EXPECT_EQ(ExceptionKindName(K::kNoSuchObject), "NoSuchObjectException");
  EXPECT_EQ(ExceptionKindName(K::kConfigValSecurity), "ConfigValSecurityException");
}

}  // namespace
}  // namespace almanac::hms
