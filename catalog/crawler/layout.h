// From a walked folder tree with each sampled file classified to the tables
// a crawl registers: which folders are tables, which folder levels are
// partitions, the merged schema, and each table's statistics. Pure logic,
// as Glue's crawler decides it:
//
// - A folder holding files is a table candidate; its files of the most
//   common format make its schema (merged, schema_merge.h); files of another
//   format are left out and reported.
// - A folder holding folders is one table whose folder levels are
//   partitions when every child is a table candidate of the same format and
//   depth, there are at most kMaxSchemaGroups distinct schemas among them,
//   and each child's schema covers at least `partition_threshold` of the
//   merged one (Glue: 70%); with `combine_compatible_schemas`, compatible
//   schemas (merged without a fallback to string) are combined whatever the
//   coverage. Otherwise each child candidate becomes a table of its own,
//   named after its folder; so does a plain (not key=value) folder that is
//   alone at its level (data/sales/ gives table sales).
// - Files beside folders at a level that is partitioned are left out and
//   reported (a Hive table cannot hold both).
// - Partition keys are `key` for `key=value` folders (the same key across
//   the level), `partition_N` otherwise, all typed string.
//
// Thread-safe: pure functions.
#ifndef ALMANAC_CATALOG_CRAWLER_LAYOUT_H_
#define ALMANAC_CATALOG_CRAWLER_LAYOUT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/classifiers/classifier.h"
#include "catalog/model/crawler.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::crawler {

inline constexpr int kMaxSchemaGroups = 5;

struct FileInfo {
  std::string name;
  int64_t size = 0;
  // Set when the file was sampled and classified (not UNKNOWN, no error).
  // Shared: the files of one dataset mostly infer the same thing, and a
  // crawl of 100,000 files keeps one copy of it, not 100,000. Its counts
  // (record_count, sampled_*) are the file's own fields below.
  std::shared_ptr<const classifiers::Inference> inference;
  std::optional<int64_t> record_count;
  int64_t sampled_records = 0;
  int64_t sampled_bytes = 0;
  std::string compression;  // Glue's compressionType: "none", "gzip", ...
  // Whether the file was read (a folder's files past the crawler's sample
  // size are not, and count as the folder's format). A sampled file
  // without an inference was unreadable or UNKNOWN and is left out.
  bool sampled = true;
};

struct FolderNode {
  std::string name;      // the folder's own name ("" for a target's root)
  std::string rel_path;  // relative to the target root, "" for the root
  std::vector<FileInfo> files;
  std::vector<FolderNode> children;
};

struct PlannedPartition {
  std::vector<std::string> values;
  std::string rel_path;
  // The partition's own schema (its files' columns merged, as the table's
  // are); filled only with LayoutOptions::partition_columns.
  std::vector<model::Column> columns;
};

struct PlannedTable {
  std::string name;      // prefix + folder name, Hive-safe
  std::string rel_path;  // the table's root folder
  classifiers::Inference format;  // classification, SerDe, formats, parameters
  std::vector<model::Column> columns;
  std::vector<model::Column> partition_keys;
  std::vector<PlannedPartition> partitions;
  std::string compression = "none";
  int64_t object_count = 0;
  int64_t size_bytes = 0;
  int64_t record_count = 0;  // exact where the formats said, else estimated
};

struct LayoutOptions {
  double partition_threshold = 0.7;
  bool combine_compatible_schemas = false;
  std::string table_prefix;
  // Whether each planned partition gets its own columns (the crawler's
  // partition schema OWN; with INHERIT_FROM_TABLE they take the table's).
  bool partition_columns = false;
};

struct Layout {
  std::vector<PlannedTable> tables;
  std::vector<model::CrawlFileError> skipped;  // rel paths of files left out, and why
};

// Plans the tables of one target whose root folder is `root` and whose
// last path component is `root_name` (the table name when the whole target
// is one table).
Layout PlanTables(const FolderNode& root, const std::string& root_name,
                  const LayoutOptions& options);

// Sets the SerDe's "paths" parameter (the JSON SerDe's list of column
// names), where the format has one, to `columns`' names.
void SetSerdePaths(const std::vector<model::Column>& columns, model::SerDeInfo* serde);

// Glue's table name for a folder: lower case, characters other than letters,
// digits and '_' replaced by '_'.
std::string TableNameForFolder(std::string_view folder);

}  // namespace almanac::crawler

#endif  // ALMANAC_CATALOG_CRAWLER_LAYOUT_H_
