// SqliteFunctions: user-defined functions. A function row references its
// database by id (ON DELETE CASCADE); whether a database holding functions may
// be dropped is the service's decision, not storage's.
#include "storage/sqlite/sqlite_functions.h"

#include <utility>

#include "common/status_macros.h"
#include "storage/sqlite/stats_codec.h"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

std::string FunctionDisplay(std::string_view db, std::string_view name) {
  return StrCat("function '", db, ".", name, "'");
}

// Reads (db name, name, class_name, owner_name, owner_type, create_time, body).
absl::StatusOr<model::Function> DecodeFunctionRow(Statement& row) {
  model::Function f;
  f.database = std::string(row.Text(0));
  f.name = std::string(row.Text(1));
  f.class_name = std::string(row.Text(2));
  f.owner_name = std::string(row.Text(3));
  f.owner_type = static_cast<model::PrincipalType>(row.Int(4));
  f.create_time = row.Int(5);
  RETURN_IF_ERROR(FunctionBodyFromJson(row.Text(6), FunctionDisplay(f.database, f.name), &f));
  return f;
}

constexpr char kSelectFunctions[] =
    "SELECT d.name, f.name, f.class_name, f.owner_name, f.owner_type, f.create_time, f.body"
    " FROM functions f JOIN databases d ON d.id = f.db_id";

void BindFunction(Statement& stmt, int first, const model::Function& f) {
  stmt.BindText(first, f.name);
  stmt.BindText(first + 1, f.class_name);
  stmt.BindText(first + 2, f.owner_name);
  stmt.BindInt(first + 3, static_cast<int64_t>(f.owner_type));
  stmt.BindInt(first + 4, f.create_time);
  stmt.BindText(first + 5, FunctionBodyToJson(f));
}

}  // namespace

absl::StatusOr<model::Function> SqliteFunctions::GetFunction(std::string_view db,
                                                             std::string_view name) {
  ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(db));
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare(StrCat(kSelectFunctions, " WHERE f.db_id = ? AND f.name = ?")));
  stmt.BindInt(1, db_id);
  stmt.BindText(2, name);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return absl::NotFoundError(StrCat(FunctionDisplay(db, name), " not found"));
  return DecodeFunctionRow(stmt);
}

absl::StatusOr<std::vector<model::Function>> SqliteFunctions::ListFunctions(std::string_view db) {
  std::vector<model::Function> out;
  if (db.empty()) {
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare(StrCat(kSelectFunctions, " ORDER BY d.name, f.name")));
    while (true) {
      ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      ASSIGN_OR_RETURN(model::Function f, DecodeFunctionRow(stmt));
      out.push_back(std::move(f));
    }
    return out;
  }
  ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(db));
  ASSIGN_OR_RETURN(Statement stmt,
                   conn_->Prepare(StrCat(kSelectFunctions, " WHERE f.db_id = ? ORDER BY f.name")));
  stmt.BindInt(1, db_id);
  while (true) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ASSIGN_OR_RETURN(model::Function f, DecodeFunctionRow(stmt));
    out.push_back(std::move(f));
  }
  return out;
}

absl::Status SqliteFunctions::CreateFunction(const model::Function& function) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(function.database));
    ASSIGN_OR_RETURN(
        Statement stmt,
        conn_->Prepare("INSERT INTO functions (db_id, name, class_name, owner_name,"
                       " owner_type, create_time, body) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    stmt.BindInt(1, db_id);
    BindFunction(stmt, 2, function);
    absl::Status status = stmt.Run();
    if (!status.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(
          StrCat(FunctionDisplay(function.database, function.name), " already exists"));
    }
    return status;
  });
}

absl::Status SqliteFunctions::UpdateFunction(std::string_view db, std::string_view name,
                                             const model::Function& function) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(db));
    ASSIGN_OR_RETURN(int64_t new_db_id, core_.DatabaseId(function.database));
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("UPDATE functions SET name = ?, class_name = ?,"
                                    " owner_name = ?, owner_type = ?, create_time = ?, body = ?,"
                                    " db_id = ? WHERE db_id = ? AND name = ?"));
    BindFunction(stmt, 1, function);
    stmt.BindInt(7, new_db_id);
    stmt.BindInt(8, db_id);
    stmt.BindText(9, name);
    absl::Status status = stmt.Run();
    if (!status.ok() && IsUniqueViolation(stmt)) {
      return absl::AlreadyExistsError(
          StrCat(FunctionDisplay(function.database, function.name), " already exists"));
    }
    RETURN_IF_ERROR(status);
    if (conn_->Changes() == 0) {
      return absl::NotFoundError(StrCat(FunctionDisplay(db, name), " not found"));
    }
    return absl::OkStatus();
  });
}

absl::Status SqliteFunctions::DeleteFunction(std::string_view db, std::string_view name) {
  return core_.Atomically([&]() -> absl::Status {
    ASSIGN_OR_RETURN(int64_t db_id, core_.DatabaseId(db));
    ASSIGN_OR_RETURN(Statement stmt,
                     conn_->Prepare("DELETE FROM functions WHERE db_id = ? AND name = ?"));
    stmt.BindInt(1, db_id);
    stmt.BindText(2, name);
    RETURN_IF_ERROR(stmt.Run());
    if (conn_->Changes() == 0) {
      return absl::NotFoundError(StrCat(FunctionDisplay(db, name), " not found"));
    }
    return absl::OkStatus();
  });
}

}  // namespace almanac::storage::sqlite
