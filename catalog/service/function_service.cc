#include "catalog/service/function_service.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/name_pattern.h"
#include "catalog/service/service_internal.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

absl::Status ValidateFunctionName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("invalid function name '': must not be empty");
  if (name.size() > 128) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid function name '", AbslView(name), "': longer than 128 characters"));
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_';
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid function name '", AbslView(name), "': only letters, digits and '_' are allowed"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status NormalizeFunction(model::Function* f) {
  RETURN_IF_ERROR(model::ValidateDatabaseName(f->database));
  RETURN_IF_ERROR(ValidateFunctionName(f->name));
  f->database = model::ToLowerName(f->database);
  f->name = model::ToLowerName(f->name);
  const std::string display = absl::StrCat(f->database, ".", f->name);
  if (f->class_name.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("function '", display, "' has no class name"));
  }
  for (const model::ResourceUri& r : f->resources) {
    if (r.uri.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("function '", display, "' has a resource without a uri"));
    }
  }
  return absl::OkStatus();
}

bool FunctionService::Visible(const model::RequestContext& ctx, const model::Function& f) {
  return !core_->gate().filters_listed_items() ||
         core_->gate().Visible(ctx, actions::kGetUserDefinedFunction,
                               core_->arns().Function(f.database, f.name));
}

absl::StatusOr<model::Function> FunctionService::CreateFunction(const model::RequestContext& ctx,
                                                                model::Function function) {
  ASSIGN_OR_RETURN(WriteScope txn,
                   core_->gate().Write(ctx, actions::kCreateUserDefinedFunction,
                                       core_->arns().Function(function.database, function.name)));
  RETURN_IF_ERROR(NormalizeFunction(&function));
  function.create_time = core_->NowSeconds();
  if (function.owner_name.empty()) {
    function.owner_name = ctx.principal;
    function.owner_type = model::PrincipalType::kUser;
  }
  RETURN_IF_ERROR(txn->functions().CreateFunction(function));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kCreateFunction,
                                 .object = absl::StrCat(function.database, ".", function.name),
                                 .after = function});
  RETURN_IF_ERROR(txn.Commit());
  return function;
}

absl::StatusOr<model::Function> FunctionService::GetFunction(const model::RequestContext& ctx,
                                                             std::string_view db,
                                                             std::string_view name) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetUserDefinedFunction,
                                                     core_->arns().Function(db, name)));
  return txn->functions().GetFunction(model::ToLowerName(db), model::ToLowerName(name));
}

absl::StatusOr<std::vector<std::string>> FunctionService::ListFunctionNames(
    const model::RequestContext& ctx, std::string_view db, std::string_view pattern) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetUserDefinedFunctions,
                                                     core_->arns().Database(db)));
  ASSIGN_OR_RETURN(std::vector<model::Function> functions,
                   txn->functions().ListFunctions(model::ToLowerName(db)));
  const NamePattern matcher(model::ToLowerName(pattern));
  std::vector<std::string> names;
  for (model::Function& f : functions) {
    if (!matcher.Matches(f.name) || !Visible(ctx, f)) continue;
    names.push_back(std::move(f.name));
  }
  return names;
}

absl::StatusOr<std::vector<model::Function>> FunctionService::ListAllFunctions(
    const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetUserDefinedFunctions,
                                                     core_->arns().Catalog()));
  ASSIGN_OR_RETURN(std::vector<model::Function> functions, txn->functions().ListFunctions(""));
  if (!core_->gate().filters_listed_items()) return functions;
  std::vector<model::Function> visible;
  for (model::Function& f : functions) {
    if (Visible(ctx, f)) visible.push_back(std::move(f));
  }
  return visible;
}

absl::Status FunctionService::UpdateFunction(const model::RequestContext& ctx,
                                             std::string_view db, std::string_view name,
                                             model::Function function) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kUpdateUserDefinedFunction,
                                                       core_->arns().Function(db, name)));
  RETURN_IF_ERROR(NormalizeFunction(&function));
  const std::string d = model::ToLowerName(db);
  const std::string n = model::ToLowerName(name);
  ASSIGN_OR_RETURN(model::Function existing, txn->functions().GetFunction(d, n));
  function.create_time = existing.create_time;
  if (function.owner_name.empty()) {
    function.owner_name = existing.owner_name;
    function.owner_type = existing.owner_type;
  }
  RETURN_IF_ERROR(txn->functions().UpdateFunction(d, n, function));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kAlterFunction,
                                 .object = absl::StrCat(d, ".", n),
                                 .before = std::move(existing),
                                 .after = std::move(function)});
  return txn.Commit();
}

absl::Status FunctionService::DropFunction(const model::RequestContext& ctx, std::string_view db,
                                           std::string_view name) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeleteUserDefinedFunction,
                                                       core_->arns().Function(db, name)));
  const std::string d = model::ToLowerName(db);
  const std::string n = model::ToLowerName(name);
  ASSIGN_OR_RETURN(model::Function existing, txn->functions().GetFunction(d, n));
  RETURN_IF_ERROR(txn->functions().DeleteFunction(d, n));
  txn.Record(model::ChangeRecord{.kind = model::ChangeKind::kDropFunction,
                                 .object = absl::StrCat(d, ".", n),
                                 .before = std::move(existing)});
  return txn.Commit();
}

}  // namespace almanac::service
