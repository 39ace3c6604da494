#include "catalog/crawler/layout.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/crawler/schema_merge.h"
#include "catalog/model/names.h"
#include "common/absl_view.h"

namespace almanac::crawler {
namespace {

constexpr char kOpenCsvSerDe[] = "org.apache.hadoop.hive.serde2.OpenCSVSerde";

std::string Param(const model::Parameters& p, const std::string& key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

// Files of one format can share a table; the classification and, for text,
// the delimiter and header decide.
std::string FormatKey(const classifiers::Inference& i) {
  std::string delim = Param(i.serde.parameters, "field.delim");
  if (delim.empty()) delim = Param(i.serde.parameters, "separatorChar");
  return absl::StrCat(i.classification, "|", delim, "|",
                      Param(i.table_parameters, "skip.header.line.count"));
}

std::string Join(const std::string& a, const std::string& b) {
  return a.empty() ? b : absl::StrCat(a, "/", b);
}

struct Unit {
  enum Kind { kEmpty, kCandidate, kSplit } kind = kEmpty;
  int depth = 0;
  std::string format_key;
  std::vector<model::Column> columns;
  bool lossy = false;
  const classifiers::Inference* representative = nullptr;
  const FolderNode* node = nullptr;
};

class Planner {
 public:
  Planner(const LayoutOptions& options, Layout* out) : options_(options), out_(out) {}

  Unit Analyze(const FolderNode& node) {
    std::vector<Unit> children;
    for (const FolderNode& child : node.children) {
      Unit u = Analyze(child);
      if (u.kind != Unit::kEmpty) children.push_back(std::move(u));
    }
    Unit files = AnalyzeFiles(node, /*report=*/children.empty());
    if (children.empty()) return files;
    if (files.kind != Unit::kEmpty) {
      for (const FileInfo& f : node.files) {
        if (f.inference != nullptr || !f.sampled) {
          Skip(Join(node.rel_path, f.name), "a data file beside folders: a table holds "
                                            "either files or partition folders at one level");
        }
      }
    }
    Unit merged;
    if (Mergeable(children, &merged)) {
      merged.kind = Unit::kCandidate;
      merged.node = &node;
      return merged;
    }
    for (const Unit& u : children) {
      if (u.kind == Unit::kCandidate) Materialize(u, u.node->name);
    }
    Unit split;
    split.kind = Unit::kSplit;
    return split;
  }

  void Materialize(const Unit& unit, const std::string& folder_name) {
    PlannedTable t;
    std::string name = absl::StrCat(options_.table_prefix, TableNameForFolder(folder_name));
    if (name.empty()) name = "table";
    if (!used_names_.insert(name).second) {
      // Glue adds a hash of the location when two folders give one name.
      uint64_t h = 1469598103934665603ULL;
      for (unsigned char c : unit.node->rel_path) h = (h ^ c) * 1099511628211ULL;
      name = absl::StrCat(name, "_", absl::Hex(h & 0xffffffff, absl::kZeroPad8));
      used_names_.insert(name);
    }
    t.name = name;
    t.rel_path = unit.node->rel_path;
    t.format = *unit.representative;
    t.format.columns.clear();
    const bool open_csv = t.format.serde.serialization_library == kOpenCsvSerDe;
    t.columns = HiveColumns(unit.columns, open_csv);
    absl::flat_hash_set<std::string> seen;
    for (const model::Column& c : t.columns) seen.insert(c.name);
    SetSerdePaths(t.columns, &t.format.serde);
    // Partition levels and values.
    std::vector<std::vector<std::string>> level_names(unit.depth);
    std::vector<std::pair<std::vector<std::string>, const FolderNode*>> leaves;
    CollectLeaves(*unit.node, unit.depth, {}, &leaves);
    for (const auto& [names, leaf] : leaves) {
      for (int i = 0; i < unit.depth; ++i) level_names[i].push_back(names[i]);
    }
    std::vector<bool> keyed(unit.depth, false);
    for (int i = 0; i < unit.depth; ++i) {
      std::string key;
      bool same = !level_names[i].empty();
      for (const std::string& n : level_names[i]) {
        const size_t eq = n.find('=');
        if (eq == std::string::npos || eq == 0) {
          same = false;
          break;
        }
        std::string k = absl::AsciiStrToLower(n.substr(0, eq));
        if (key.empty()) key = k;
        same = same && k == key;
      }
      std::string key_name = same ? TableNameForFolder(key) : absl::StrCat("partition_", i);
      // A key may not repeat a data column or an earlier key.
      while (seen.contains(key_name)) key_name = absl::StrCat(key_name, "_", i);
      seen.insert(key_name);
      keyed[i] = same;
      t.partition_keys.push_back({key_name, "string", ""});
    }
    // Statistics and partitions.
    int64_t sampled_records = 0, sampled_bytes = 0, estimated_size = 0;
    std::string compression;
    for (const auto& [names, leaf] : leaves) {
      bool any = false;
      for (const FileInfo& f : leaf->files) {
        if (f.sampled && f.inference == nullptr) continue;
        if (f.inference != nullptr && FormatKey(*f.inference) != unit.format_key) continue;
        any = true;
        ++t.object_count;
        t.size_bytes += f.size;
        if (compression.empty()) compression = f.compression;
        if (f.record_count.has_value()) {
          t.record_count += *f.record_count;
        } else {
          estimated_size += f.size;
          sampled_records += f.sampled_records;
          sampled_bytes += f.sampled_bytes;
        }
      }
      if (!any || unit.depth == 0) continue;
      PlannedPartition p;
      p.rel_path = leaf->rel_path;
      if (options_.partition_columns) {
        std::vector<model::Column> own;
        for (const FileInfo& f : leaf->files) {
          if (f.inference == nullptr || FormatKey(*f.inference) != unit.format_key) continue;
          own = MergeColumns(own, f.inference->columns).columns;
        }
        p.columns = HiveColumns(own, open_csv);
      }
      for (int i = 0; i < unit.depth; ++i) {
        const std::string& n = names[i];
        p.values.push_back(keyed[i] ? model::UnescapePartitionComponent(n.substr(n.find('=') + 1))
                                    : n);
      }
      t.partitions.push_back(std::move(p));
    }
    if (estimated_size > 0 && sampled_bytes > 0) {
      t.record_count += static_cast<int64_t>(static_cast<double>(estimated_size) *
                                             sampled_records / sampled_bytes);
    }
    t.compression = compression.empty() ? "none" : compression;
    out_->tables.push_back(std::move(t));
  }

 private:
  void Skip(std::string path, std::string why) {
    out_->skipped.push_back({std::move(path), std::move(why)});
  }

  // The files directly in `node`: the most common format (earliest on a
  // tie) makes the candidate; the others are reported when `report`.
  Unit AnalyzeFiles(const FolderNode& node, bool report) {
    std::map<std::string, int> counts;
    std::vector<std::string> order;
    for (const FileInfo& f : node.files) {
      if (f.inference == nullptr) continue;
      const std::string key = FormatKey(*f.inference);
      if (counts[key]++ == 0) order.push_back(key);
    }
    Unit u;
    if (order.empty()) return u;
    std::string best = order[0];
    for (const std::string& k : order) {
      if (counts[k] > counts[best]) best = k;
    }
    u.kind = Unit::kCandidate;
    u.node = &node;
    u.format_key = best;
    for (const FileInfo& f : node.files) {
      if (f.inference == nullptr) continue;
      if (FormatKey(*f.inference) != best) {
        if (report) {
          Skip(Join(node.rel_path, f.name),
               absl::StrCat("its format (", f.inference->classification,
                            ") differs from the folder's other files"));
        }
        continue;
      }
      MergeResult m = MergeColumns(u.columns, f.inference->columns);
      u.columns = std::move(m.columns);
      u.lossy = u.lossy || m.lossy;
      if (u.representative == nullptr || Prefer(*f.inference, *u.representative)) {
        u.representative = f.inference.get();
      }
    }
    return u;
  }

  static bool Prefer(const classifiers::Inference& a, const classifiers::Inference& b) {
    const bool a_open = a.serde.serialization_library == kOpenCsvSerDe;
    const bool b_open = b.serde.serialization_library == kOpenCsvSerDe;
    if (a_open != b_open) return a_open;  // quoted data anywhere needs the CSV SerDe
    return a.columns.size() > b.columns.size();
  }

  bool Mergeable(const std::vector<Unit>& children, Unit* merged) {
    for (const Unit& u : children) {
      if (u.kind != Unit::kCandidate || u.depth != children[0].depth ||
          u.format_key != children[0].format_key) {
        return false;
      }
    }
    // One plain folder alone at a level is a dataset folder, not a
    // partition: data/sales/ makes table sales, not data with partition_0.
    if (children.size() == 1 && children[0].node->name.find('=') == std::string::npos) {
      return false;
    }
    merged->depth = children[0].depth + 1;
    merged->format_key = children[0].format_key;
    std::set<std::vector<std::string>> distinct;
    for (const Unit& u : children) {
      MergeResult m = MergeColumns(merged->columns, u.columns);
      merged->columns = std::move(m.columns);
      merged->lossy = merged->lossy || m.lossy || u.lossy;
      if (merged->representative == nullptr || Prefer(*u.representative, *merged->representative)) {
        merged->representative = u.representative;
      }
      std::vector<std::string> names;
      for (const model::Column& c : u.columns) names.push_back(absl::AsciiStrToLower(c.name));
      std::sort(names.begin(), names.end());
      distinct.insert(std::move(names));
    }
    if (options_.combine_compatible_schemas && !merged->lossy) return true;
    if (static_cast<int>(distinct.size()) > kMaxSchemaGroups) return false;
    for (const Unit& u : children) {
      if (Coverage(u.columns, merged->columns) + 1e-9 < options_.partition_threshold) return false;
    }
    return true;
  }

  // Columns as Hive keeps them: lower-case names, the first of a clash
  // kept; every column a string under OpenCSVSerde (it reads no other type).
  static std::vector<model::Column> HiveColumns(const std::vector<model::Column>& columns,
                                                bool open_csv) {
    std::vector<model::Column> out;
    absl::flat_hash_set<std::string> seen;
    for (const model::Column& c : columns) {
      model::Column col = c;
      col.name = absl::AsciiStrToLower(col.name);
      if (!seen.insert(col.name).second) continue;
      if (open_csv) col.type = "string";
      out.push_back(std::move(col));
    }
    return out;
  }

  static void CollectLeaves(const FolderNode& node, int depth, std::vector<std::string> names,
                            std::vector<std::pair<std::vector<std::string>, const FolderNode*>>* out) {
    if (depth == 0) {
      out->emplace_back(std::move(names), &node);
      return;
    }
    for (const FolderNode& child : node.children) {
      std::vector<std::string> next = names;
      next.push_back(child.name);
      CollectLeaves(child, depth - 1, std::move(next), out);
    }
  }

  const LayoutOptions& options_;
  Layout* out_;
  absl::flat_hash_set<std::string> used_names_;
};

}  // namespace

void SetSerdePaths(const std::vector<model::Column>& columns, model::SerDeInfo* serde) {
  auto paths = serde->parameters.find("paths");
  if (paths == serde->parameters.end()) return;
  paths->second = absl::StrJoin(columns, ",", [](std::string* o, const model::Column& c) {
    absl::StrAppend(o, c.name);
  });
}

std::string TableNameForFolder(std::string_view folder) {
  std::string out;
  out.reserve(folder.size());
  for (char c : folder) {
    const unsigned char u = static_cast<unsigned char>(c);
    out.push_back(absl::ascii_isalnum(u) ? static_cast<char>(absl::ascii_tolower(u)) : '_');
  }
  return out;
}

Layout PlanTables(const FolderNode& root, const std::string& root_name,
                  const LayoutOptions& options) {
  Layout layout;
  Planner planner(options, &layout);
  Unit top = planner.Analyze(root);
  if (top.kind == Unit::kCandidate) planner.Materialize(top, root_name);
  return layout;
}

}  // namespace almanac::crawler
