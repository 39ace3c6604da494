#include "storage/sqlite/read_cache.h"

#include <utility>

namespace almanac::storage::sqlite {

void ReadCache::Validate(uint32_t data_version) {
  if (version_ == data_version) return;
  if (version_.has_value()) ++invalidations_;
  Clear();
  version_ = data_version;
}

void ReadCache::Clear() {
  tables_.clear();
  sds_.clear();
  table_names_.clear();
  partition_names_.clear();
  names_held_ = 0;
  partitions_.clear();
  partitions_held_ = 0;
  filtered_misses_.clear();
}

const TableRef* ReadCache::FindTable(const std::string& key) const {
  auto it = tables_.find(key);
  return it == tables_.end() ? nullptr : &it->second;
}

void ReadCache::PutTable(std::string key, const TableRef& table) {
  if (tables_.size() >= kMaxTables) tables_.clear();
  tables_.insert_or_assign(std::move(key), table);
}

std::shared_ptr<const model::StorageDescriptor> ReadCache::FindSd(int64_t id) const {
  auto it = sds_.find(id);
  return it == sds_.end() ? nullptr : it->second;
}

void ReadCache::PutSd(int64_t id, std::shared_ptr<const model::StorageDescriptor> sd) {
  if (sds_.size() >= kMaxSds) sds_.clear();
  sds_.insert_or_assign(id, std::move(sd));
}

std::shared_ptr<const NameList> ReadCache::FindTableNames(int64_t db_id) const {
  auto it = table_names_.find(db_id);
  return it == table_names_.end() ? nullptr : it->second;
}

std::shared_ptr<const NameList> ReadCache::FindPartitionNames(int64_t table_id) const {
  auto it = partition_names_.find(table_id);
  return it == partition_names_.end() ? nullptr : it->second;
}

void ReadCache::ReserveNames(size_t count) {
  if (names_held_ + count > kMaxNames) {
    table_names_.clear();
    partition_names_.clear();
    names_held_ = 0;
  }
  names_held_ += count;
}

void ReadCache::PutNames(
    absl::flat_hash_map<int64_t, std::shared_ptr<const NameList>>* lists, int64_t id,
    NameList names) {
  if (names.size() > kMaxNames || lists->contains(id)) return;
  ReserveNames(names.size());
  lists->emplace(id, std::make_shared<const NameList>(std::move(names)));
}

void ReadCache::PutTableNames(int64_t db_id, NameList names) {
  PutNames(&table_names_, db_id, std::move(names));
}

void ReadCache::PutPartitionNames(int64_t table_id, NameList names) {
  PutNames(&partition_names_, table_id, std::move(names));
}

std::shared_ptr<const PartitionList> ReadCache::FindPartitions(int64_t table_id) const {
  auto it = partitions_.find(table_id);
  return it == partitions_.end() ? nullptr : it->second;
}

void ReadCache::PutPartitions(int64_t table_id, PartitionList partitions) {
  const size_t count = partitions.partitions.size();
  if (count > kMaxPartitions || partitions_.contains(table_id)) return;
  if (partitions_held_ + count > kMaxPartitions) {
    partitions_.clear();
    partitions_held_ = 0;
  }
  partitions_held_ += count;
  partitions_.emplace(table_id, std::make_shared<const PartitionList>(std::move(partitions)));
}

int64_t ReadCache::CountFilteredMiss(int64_t table_id) {
  if (filtered_misses_.size() >= kMaxTables) filtered_misses_.clear();
  int64_t& misses = filtered_misses_[table_id];
  if (misses < 0) return -1;
  return misses++;
}

void ReadCache::MarkTooLarge(int64_t table_id) { filtered_misses_[table_id] = -1; }

}  // namespace almanac::storage::sqlite
