// HmsHandler: user-defined functions (FunctionService).
#include <string>
#include <utility>
#include <vector>

#include "catalog/service/function_service.h"
#include "thrift/convert.h"
#include "thrift/exception_convert.h"
#include "thrift/hms_handler.h"
#include "thrift/statistics_convert.h"

namespace almanac::hms {
namespace {
using K = ExceptionKind;
}  // namespace

void HmsHandler::create_function(const Function& func) {
  static constexpr DeclaredExceptions kDeclared = {K::kAlreadyExists, K::kInvalidObject, K::kMeta,
                                                   K::kNoSuchObject};
  auto ctx = Context();
  auto f = FromThrift(func);
  ThrowIfError(f.status(), kDeclared);
  ThrowIfError(shared_->service->functions().CreateFunction(ctx, *std::move(f)).status(),
               kDeclared);
}

void HmsHandler::drop_function(const std::string& dbName, const std::string& funcName) {
  static constexpr DeclaredExceptions kDeclared = {K::kNoSuchObject, K::kMeta};
  auto ctx = Context();
  auto db = StripCatalog(dbName);
  ThrowIfError(db.status(), kDeclared);
  ThrowIfError(shared_->service->functions().DropFunction(ctx, *db, funcName), kDeclared);
}

void HmsHandler::alter_function(const std::string& dbName, const std::string& funcName,
                                const Function& newFunc) {
  static constexpr DeclaredExceptions kDeclared = {K::kInvalidOperation, K::kMeta};
  auto ctx = Context();
  auto db = StripCatalog(dbName);
  ThrowIfError(db.status(), kDeclared);
  auto f = FromThrift(newFunc);
  ThrowIfError(f.status(), kDeclared);
  ThrowIfError(shared_->service->functions().UpdateFunction(ctx, *db, funcName, *std::move(f)),
               kDeclared);
}

void HmsHandler::get_functions(std::vector<std::string>& _return, const std::string& dbName,
                               const std::string& pattern) {
  static constexpr DeclaredExceptions kDeclared = {K::kMeta};
  auto ctx = Context();
  auto db = StripCatalog(dbName);
  ThrowIfError(db.status(), kDeclared);
  auto names = shared_->service->functions().ListFunctionNames(ctx, *db, pattern);
  ThrowIfError(names.status(), kDeclared);
  _return = *std::move(names);
}

void HmsHandler::get_function(Function& _return, const std::string& dbName,
                              const std::string& funcName) {
  static constexpr DeclaredExceptions kDeclared = {K::kMeta, K::kNoSuchObject};
  auto ctx = Context();
  auto db = StripCatalog(dbName);
  ThrowIfError(db.status(), kDeclared);
  auto f = shared_->service->functions().GetFunction(ctx, *db, funcName);
  ThrowIfError(f.status(), kDeclared);
  _return = ToThrift(*f);
}

void HmsHandler::get_all_functions(GetAllFunctionsResponse& _return) {
  static constexpr DeclaredExceptions kDeclared = {K::kMeta};
  auto ctx = Context();
  auto all = shared_->service->functions().ListAllFunctions(ctx);
  ThrowIfError(all.status(), kDeclared);
  std::vector<Function> out;
  out.reserve(all->size());
  for (const model::Function& f : *all) out.push_back(ToThrift(f));
  _return.__set_functions(std::move(out));
}

}  // namespace almanac::hms
