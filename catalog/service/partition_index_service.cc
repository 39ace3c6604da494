#include "catalog/service/partition_index_service.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "catalog/model/candidates.h"
#include "catalog/model/hive_type.h"
#include "catalog/model/key_value.h"
#include "catalog/model/names.h"
#include "catalog/service/actions.h"
#include "catalog/service/validation.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

constexpr int kMaxIndexesPerTable = 3;
constexpr int kMaxKeysPerIndex = 3;
constexpr size_t kMaxIndexNameLength = 255;

absl::Status ValidateIndexName(std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError("partition index name must not be empty");
  if (name.size() > kMaxIndexNameLength) {
    return absl::InvalidArgumentError(absl::StrCat("invalid partition index name '", AbslView(name),
                                                   "': longer than ", kMaxIndexNameLength,
                                                   " characters"));
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid partition index name '", AbslView(name),
                       "': only letters, digits, '_' and '-' are allowed"));
    }
  }
  return absl::OkStatus();
}

// Glue indexes keys of type string, numeric or date: types whose typed
// copies order the way their values do.
bool IndexableCategory(model::KeyCategory category) {
  switch (category) {
    case model::KeyCategory::kString:
    case model::KeyCategory::kIntegral:
    case model::KeyCategory::kFloating:
    case model::KeyCategory::kDecimal:
    case model::KeyCategory::kDate:
      return true;
    default:
      return false;
  }
}

absl::Status NormalizeIndexKeys(const model::Table& table, model::PartitionIndex* index) {
  const std::string qualified = QualifiedTableName(table.database, table.name);
  if (index->keys.empty() || static_cast<int>(index->keys.size()) > kMaxKeysPerIndex) {
    return absl::InvalidArgumentError(absl::StrCat("partition index '", index->name, "' has ",
                                                   index->keys.size(), " keys; 1..",
                                                   kMaxKeysPerIndex, " are allowed"));
  }
  std::set<std::string> seen;
  for (std::string& key : index->keys) {
    key = model::ToLowerName(key);
    const model::Column* column = nullptr;
    for (const model::Column& c : table.partition_keys) {
      if (c.name == key) column = &c;
    }
    if (column == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", key, "' is not a partition key of table '", qualified, "' ",
                       model::CandidateList("keys", key, table.partition_keys)));
    }
    if (!seen.insert(key).second) {
      return absl::InvalidArgumentError(absl::StrCat("partition index '", index->name,
                                                     "' names key '", key, "' twice"));
    }
    ASSIGN_OR_RETURN(model::HiveType type, model::HiveType::Parse(column->type));
    if (!IndexableCategory(model::CategoryOf(type))) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition key '", key, "' of type '", column->type,
                       "' cannot be indexed; only string, numeric and date keys can"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status PartitionIndexService::CreatePartitionIndex(const model::RequestContext& ctx,
                                                  std::string_view db,
                                                  std::string_view table_name,
                                                  model::PartitionIndex index) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kCreatePartitionIndex,
                                                       core_->arns().Table(db, table_name)));
  RETURN_IF_ERROR(ValidateIndexName(index.name));
  ASSIGN_OR_RETURN(model::Table table,
                   txn->tables().GetTable(model::ToLowerName(db), model::ToLowerName(table_name)));
  const std::string qualified = QualifiedTableName(table.database, table.name);
  RETURN_IF_ERROR(NormalizeIndexKeys(table, &index));
  ASSIGN_OR_RETURN(std::vector<model::PartitionIndex> existing,
                   txn->partitions().ListPartitionIndexes(table.database, table.name));
  for (const model::PartitionIndex& other : existing) {
    if (other.name == index.name) {
      return absl::AlreadyExistsError(absl::StrCat("partition index '", index.name,
                                                   "' of table '", qualified, "' already exists"));
    }
  }
  if (static_cast<int>(existing.size()) >= kMaxIndexesPerTable) {
    return absl::ResourceExhaustedError(absl::StrCat("table '", qualified, "' already has ",
                                                     kMaxIndexesPerTable, " partition indexes"));
  }
  index.state.clear();  // storage reports the state
  RETURN_IF_ERROR(txn->partitions().CreatePartitionIndex(table.database, table.name, index));
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kCreatePartitionIndex,
      .object = absl::StrCat(qualified, " index ", index.name),
      .table = std::make_shared<const model::Table>(std::move(table))});
  return txn.Commit();
}

absl::StatusOr<std::vector<model::PartitionIndex>> PartitionIndexService::ListPartitionIndexes(
    const model::RequestContext& ctx, std::string_view db, std::string_view table_name) {
  ASSIGN_OR_RETURN(ReadScope txn, core_->gate().Read(ctx, actions::kGetPartitionIndexes,
                                                     core_->arns().Table(db, table_name)));
  return txn->partitions().ListPartitionIndexes(model::ToLowerName(db), model::ToLowerName(table_name));
}

absl::Status PartitionIndexService::DropPartitionIndex(const model::RequestContext& ctx,
                                                std::string_view db, std::string_view table_name,
                                                std::string_view index_name) {
  ASSIGN_OR_RETURN(WriteScope txn, core_->gate().Write(ctx, actions::kDeletePartitionIndex,
                                                       core_->arns().Table(db, table_name)));
  const std::string lower_db = model::ToLowerName(db);
  const std::string lower_table = model::ToLowerName(table_name);
  RETURN_IF_ERROR(txn->partitions().DropPartitionIndex(lower_db, lower_table, index_name));
  txn.Record(model::ChangeRecord{
      .kind = model::ChangeKind::kDropPartitionIndex,
      .object = absl::StrCat(QualifiedTableName(lower_db, lower_table), " index ",
                             AbslView(index_name))});
  return txn.Commit();
}

}  // namespace almanac::service
