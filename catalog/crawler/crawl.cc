#include "catalog/crawler/crawl.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "catalog/classifiers/sample_reader.h"
#include "catalog/crawler/layout.h"
#include "common/absl_view.h"
#include "common/glob.h"

namespace almanac::crawler {
namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kPartitionBatch = 100;

// Spark's and Glue's hidden and marker files: _SUCCESS, _temporary,
// _committed_*, .crc checksums, dot files.
bool Hidden(const std::string& name) {
  return name.empty() || name[0] == '.' || name[0] == '_' || absl::EndsWith(name, ".crc") ||
         absl::EndsWith(name, "$folder$");
}

bool IsS3(const std::string& path) { return absl::StartsWith(path, "s3://"); }

// A target URL to the path its file system takes: /data/x for file:
// URLs, the URL itself (s3://bucket/prefix) for S3.
std::string PathOfUrl(const std::string& url) {
  std::string path = url;
  if (absl::StartsWith(path, "file://")) {
    path.erase(0, 7);
  } else if (absl::StartsWith(path, "file:")) {
    path.erase(0, 5);
  }
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// Where a table or partition of `path` is: file:/data/x, or s3://bucket/x.
std::string LocationOf(const std::string& path) { return IsS3(path) ? path : "file:" + path; }

std::string LastComponent(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a.back() == '/' ? a + b : absl::StrCat(a, "/", b);
}

// One file waiting to be sampled.
struct Pending {
  FileInfo* info;
  std::string path;  // absolute, or an s3:// URL
  const FileSystem* fs;
  std::string etag;  // as listed (S3), for OpenListed
};

class Run {
 public:
  Run(const CrawlEnvironment& env, const model::CrawlerDefinition& def, model::CrawlRun run)
      : env_(env), def_(def), run_(std::move(run)), ctx_(CrawlContext(def, run_.id)) {}

  model::CrawlRun Go() {
    std::vector<std::unique_ptr<classifiers::Classifier>> owned;
    for (const std::string& name : def_.classifiers) {
      auto d = env_.catalog->crawlers().GetClassifier(model::RequestContext::Internal("crawler"),
                                                       name);
      if (!d.ok()) return Fail(absl::StrCat("custom classifier '", name, "': ", d.status().message()));
      auto c = classifiers::MakeCustomClassifier(*d);
      if (!c.ok()) return Fail(absl::StrCat("custom classifier '", name, "': ", c.status().message()));
      custom_.push_back(c->get());
      owned.push_back(*std::move(c));
    }
    struct Target {
      std::string path;
      FolderNode root;
      bool ok = false;
      const FileSystem* s3 = nullptr;  // its S3 connection
    };
    if (!LoadKnownFolders()) return run_;
    std::vector<Target> targets(def_.targets.size());
    for (size_t i = 0; i < def_.targets.size(); ++i) {
      targets[i].path = PathOfUrl(def_.targets[i].url);
      std::vector<Glob> exclusions;
      for (const std::string& g : def_.targets[i].exclusions) {
        auto glob = Glob::Compile(g);
        if (glob.ok()) exclusions.push_back(*std::move(glob));
      }
      absl::flat_hash_set<std::string> visited;
      targets[i].s3 = S3For(def_.targets[i]);
      current_s3_ = targets[i].s3;
      const FileSystem* fs = FileSystemFor(targets[i].path);
      if (fs == nullptr) {
        Error(def_.targets[i].url,
              def_.targets[i].connection_name.empty()
                  ? "S3 is not configured on this server (see the README)"
                  : absl::StrCat("this server has no S3 connection '",
                                 def_.targets[i].connection_name,
                                 "' (see --s3-connections-file in the README)"));
        continue;
      }
      auto id = fs->FolderId(targets[i].path);
      if (!id.ok()) {
        Error(def_.targets[i].url, std::string(id.status().message()));
        continue;
      }
      visited.insert(*id);
      // A target whose own folder cannot be listed was not read at all.
      targets[i].ok = Walk(targets[i].path, "", exclusions, def_.targets[i].sample_size, 0,
                           &visited, &targets[i].root);
    }
    if (std::none_of(targets.begin(), targets.end(), [](const Target& t) { return t.ok; })) {
      return Fail("no target could be read (see the errors)");
    }
    Sample();
    if (Cancelled()) return Cancel();
    if (!EnsureDatabase()) return run_;
    LayoutOptions options{.partition_threshold = def_.partition_threshold,
                          .combine_compatible_schemas = def_.combine_compatible_schemas,
                          .table_prefix = def_.table_prefix,
                          .partition_columns = def_.partition_schema == "OWN"};
    for (const Target& target : targets) {
      if (!target.ok) continue;
      current_s3_ = target.s3;
      Layout layout = PlanTables(target.root, LastComponent(target.path), options);
      for (model::CrawlFileError& e : layout.skipped) Error(Join(target.path, e.path), e.message);
      std::set<std::string> planned;
      for (const PlannedTable& t : layout.tables) {
        if (Cancelled()) return Cancel();
        planned.insert(t.name);
        WriteTable(target.path, t);
        Report(false);
      }
      if (Cancelled()) return Cancel();
      // A crawl of new folders only did not look at the others: it cannot
      // tell that one is gone (Glue's incremental crawls detect no deletions).
      if (!incremental_) HandleDeletedTables(target.path, planned);
    }
    if (incremental_) {
      Note(absl::StrCat("CRAWL_NEW_FOLDERS_ONLY: ", known_skipped_.load(),
                        " folder(s) registered by an earlier run were not read again"));
    }
    run_.status = "SUCCEEDED";
    return run_;
  }

 private:
  // The S3 file system of the target being walked or written.
  const FileSystem* FileSystemFor(const std::string& path) const {
    return IsS3(path) ? current_s3_ : env_.fs;
  }

  const FileSystem* S3For(const model::CrawlerTarget& target) const {
    if (target.connection_name.empty()) return env_.s3;
    auto it = env_.s3_connections.find(target.connection_name);
    return it == env_.s3_connections.end() ? nullptr : it->second;
  }

  bool Cancelled() const { return env_.cancel != nullptr && env_.cancel->load(); }

  model::CrawlRun Fail(std::string message) {
    run_.status = "FAILED";
    run_.message = std::move(message);
    return run_;
  }

  model::CrawlRun Cancel() {
    run_.status = "CANCELLED";
    run_.message = "stopped at a file boundary";
    return run_;
  }

  void Error(std::string path, std::string message) {
    std::lock_guard<std::mutex> lock(mu_);
    ++run_.error_count;
    if (run_.errors.size() < 1000) run_.errors.push_back({std::move(path), std::move(message)});
  }

  // Tells the service where the run stands, at most about once a second
  // (always when `force`).
  void Report(bool force) {
    if (!env_.progress) return;
    const absl::Time now = absl::Now();
    model::CrawlRun copy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!force && now - last_report_ < absl::Seconds(1)) return;
      last_report_ = now;
      copy = run_;
    }
    env_.progress(copy);
  }

  // False when folder `abs` itself could not be listed.
  bool Walk(const std::string& abs, const std::string& rel, const std::vector<Glob>& exclusions,
            int64_t sample_size, int depth, absl::flat_hash_set<std::string>* visited,
            FolderNode* node) {
    if (Cancelled()) return true;
    node->rel_path = rel;
    if (auto known = known_.empty() ? known_.end() : known_.find(LocationOf(abs));
        known != known_.end()) {
      // Registered by an earlier run: not listed or read again; it stands
      // in the plan as one file of the schema it was registered with.
      FileInfo f;
      f.name = "(registered earlier)";
      f.inference = known->second.inference;
      f.compression = known->second.compression;
      f.record_count = 0;
      node->files.push_back(std::move(f));
      known_skipped_.fetch_add(1);
      return true;
    }
    const FileSystem* fs = FileSystemFor(abs);
    auto entries = fs->List(abs);
    if (!entries.ok()) {
      Error(abs, std::string(entries.status().message()));
      return false;
    }
    int64_t sampled = 0;
    std::vector<std::string> etags;  // of node->files, in order
    for (const DirEntry& e : *entries) {
      if (Hidden(e.name)) continue;
      const std::string child_rel = Join(rel, e.name);
      const std::string child_abs = Join(abs, e.name);
      bool excluded = false;
      for (const Glob& g : exclusions) {
        excluded = excluded || g.Matches(child_rel) || (e.is_dir && g.Matches(child_rel + "/"));
      }
      if (excluded) continue;
      if (e.is_dir) {
        if (depth + 1 > kMaxDepth) {
          Error(child_abs, absl::StrCat("deeper than ", kMaxDepth, " folders; not crawled"));
          continue;
        }
        if (!visited->insert(e.id).second) {
          Error(child_abs, "a symbolic link loop (this folder was crawled already); not crawled");
          continue;
        }
        FolderNode child;
        child.name = e.name;
        Walk(child_abs, child_rel, exclusions, sample_size, depth + 1, visited, &child);
        node->children.push_back(std::move(child));
        continue;
      }
      FileInfo f;
      f.name = e.name;
      f.size = e.size;
      f.sampled = sample_size <= 0 || sampled < sample_size;
      sampled += f.sampled ? 1 : 0;
      node->files.push_back(std::move(f));
      etags.push_back(e.etag);
      ++run_.files_seen;
      run_.bytes_seen += e.size;
    }
    for (size_t i = 0; i < node->files.size(); ++i) {
      FileInfo& f = node->files[i];
      if (f.sampled) pending_.push_back({&f, Join(abs, f.name), fs, std::move(etags[i])});
    }
    Report(false);
    return true;
  }

  void Classify(const Pending& p) {
    DirEntry listed;
    listed.name = p.info->name;
    listed.size = p.info->size;
    listed.etag = p.etag;
    auto file = p.fs->OpenListed(p.path, listed);
    if (!file.ok()) {
      Error(p.path, std::string(file.status().message()));
      return;
    }
    auto sample = classifiers::ReadSample(*std::move(file), IsS3(p.path) ? p.path : "file://" + p.path);
    if (!sample.ok()) {
      Error(p.path, std::string(sample.status().message()));
      return;
    }
    auto got = classifiers::ChooseClassification(custom_, *env_.builtins, sample->sample());
    if (!got.ok()) {
      Error(p.path, std::string(got.status().message()));
      return;
    }
    if (got->classification == classifiers::kUnknownClassification) {
      Error(p.path, "no classifier recognised the file (classification UNKNOWN)");
      return;
    }
    if (got->columns.empty()) {
      Error(p.path, absl::StrCat("classified ", got->classification, " but no columns inferred"));
      return;
    }
    p.info->compression = std::string(classifiers::CompressionName(sample->sample().compression));
    p.info->record_count = got->record_count;
    p.info->sampled_records = got->sampled_records;
    p.info->sampled_bytes = got->sampled_bytes;
    p.info->inference = Intern(*std::move(got));
  }

  // One shared copy per distinct inference (counts aside).
  std::shared_ptr<const classifiers::Inference> Intern(classifiers::Inference inference) {
    inference.record_count.reset();
    inference.sampled_records = inference.sampled_bytes = 0;
    std::string key = absl::StrCat(inference.classification, "\x1f", inference.input_format, "\x1f",
                                   inference.output_format, "\x1f",
                                   inference.serde.serialization_library);
    for (const model::Column& c : inference.columns) absl::StrAppend(&key, "\x1f", c.name, ":", c.type);
    for (const auto& [k, v] : inference.serde.parameters) absl::StrAppend(&key, "\x1e", k, "=", v);
    for (const auto& [k, v] : inference.table_parameters) absl::StrAppend(&key, "\x1d", k, "=", v);
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = interned_[key];
    if (slot == nullptr) slot = std::make_shared<const classifiers::Inference>(std::move(inference));
    return slot;
  }

  void Sample() {
    std::atomic<size_t> next{0};
    std::atomic<int> done{0};
    const bool remote = std::any_of(pending_.begin(), pending_.end(),
                                    [](const Pending& p) { return IsS3(p.path); });
    const int workers = std::max(1, remote ? std::max(env_.workers, env_.remote_workers)
                                           : env_.workers);
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&] {
        while (!Cancelled()) {
          const size_t i = next.fetch_add(1);
          if (i >= pending_.size()) break;
          Classify(pending_[i]);
        }
        done.fetch_add(1);
      });
    }
    while (done.load() < workers) {
      absl::SleepFor(absl::Milliseconds(50));
      Report(false);
    }
    for (std::thread& t : threads) t.join();
  }

  bool EnsureDatabase() {
    auto db = env_.catalog->databases().GetDatabase(ctx_, def_.database);
    if (db.ok()) return true;
    if (!absl::IsNotFound(db.status())) {
      Fail(absl::StrCat("cannot read database '", def_.database, "': ", db.status().message()));
      return false;
    }
    model::Database d;
    d.name = def_.database;
    d.description = absl::StrCat("created by crawler ", def_.name);
    auto created = env_.catalog->databases().CreateDatabase(ctx_, d);
    if (!created.ok() && !absl::IsAlreadyExists(created.status())) {
      Fail(absl::StrCat("cannot create database '", def_.database, "': ",
                        created.status().message()));
      return false;
    }
    return true;
  }

  model::Table BuildTable(const std::string& root, const PlannedTable& t) {
    model::Table table;
    table.database = def_.database;
    table.name = t.name;
    table.owner = ctx_.principal;
    table.table_type = model::TableType::kExternal;
    table.sd.columns = t.columns;
    table.sd.location = LocationOf(Join(root, t.rel_path));
    table.sd.input_format = t.format.input_format;
    table.sd.output_format = t.format.output_format;
    table.sd.serde = t.format.serde;
    table.partition_keys = t.partition_keys;
    table.parameters = t.format.table_parameters;
    auto& p = table.parameters;
    p["EXTERNAL"] = "TRUE";
    p["classification"] = t.format.classification;
    p["compressionType"] = t.compression;
    p["typeOfData"] = "file";
    p["objectCount"] = absl::StrCat(t.object_count);
    p["sizeKey"] = absl::StrCat(t.size_bytes);
    p["recordCount"] = absl::StrCat(t.record_count);
    p["averageRecordSize"] = absl::StrCat(t.record_count > 0 ? t.size_bytes / t.record_count : 0);
    p["UPDATED_BY_CRAWLER"] = def_.name;
    p["CRAWL_RUN_ID"] = run_.id;
    // Hive (and Spark through it) reads a partition with the partition's own
    // parameters and its SerDe's, not the table's: a header to skip goes in
    // the SerDe parameters too, which every partition copies.
    if (auto skip = p.find("skip.header.line.count"); skip != p.end()) {
      table.sd.serde.parameters[skip->first] = skip->second;
    }
    return table;
  }

  // Whether what a crawl decides about a table differs from the stored one
  // (statistics and run ids aside).
  static bool SameShape(const model::Table& a, const model::Table& b) {
    return a.sd.columns == b.sd.columns && a.partition_keys == b.partition_keys &&
           a.sd.location == b.sd.location && a.sd.input_format == b.sd.input_format &&
           a.sd.output_format == b.sd.output_format && a.sd.serde == b.sd.serde;
  }

  void WriteTable(const std::string& root, const PlannedTable& planned) {
    model::Table table = BuildTable(root, planned);
    const std::string display = absl::StrCat(def_.database, ".", table.name);
    auto existing = env_.catalog->tables().GetTable(ctx_, def_.database, table.name);
    if (existing.ok()) {
      auto by = existing->parameters.find("UPDATED_BY_CRAWLER");
      if (by == existing->parameters.end() || by->second != def_.name) {
        Error(table.sd.location, absl::StrCat("table ", display,
                                              " exists and was not made by this crawler; "
                                              "left alone"));
        return;
      }
      if (SameShape(*existing, table)) {
        std::lock_guard<std::mutex> lock(mu_);
        ++run_.tables_unchanged;
      } else if (def_.update_behavior == "LOG") {
        Note(absl::StrCat("table ", display, ": ", ShapeChange(*existing, table),
                          " (not applied: update behavior LOG)"));
        // New partitions still come, read as the table stands.
        table = *existing;
        std::lock_guard<std::mutex> lock(mu_);
        ++run_.tables_unchanged;
      } else {
        model::Table updated = table;
        updated.create_time = existing->create_time;
        updated.owner = existing->owner;
        updated.owner_type = existing->owner_type;
        service::UpdateTableOptions options;
        // Partitions follow the table's new columns, unless they keep their own.
        options.cascade = def_.partition_schema != "OWN";
        auto done = env_.catalog->tables().UpdateTable(ctx_, updated, options);
        if (!done.ok()) {
          Error(table.sd.location, absl::StrCat("cannot update table ", display, ": ",
                                                done.status().message()));
          return;
        }
        std::lock_guard<std::mutex> lock(mu_);
        ++run_.tables_updated;
      }
    } else if (absl::IsNotFound(existing.status())) {
      auto created = env_.catalog->tables().CreateTable(ctx_, table);
      if (!created.ok()) {
        Error(table.sd.location, absl::StrCat("cannot create table ", display, ": ",
                                              created.status().message()));
        return;
      }
      std::lock_guard<std::mutex> lock(mu_);
      ++run_.tables_created;
    } else {
      Error(table.sd.location, absl::StrCat("cannot read table ", display, ": ",
                                            existing.status().message()));
      return;
    }
    // Partitions: the new ones only (existing are skipped by the service).
    std::vector<model::Partition> batch;
    auto flush = [&]() -> bool {
      if (batch.empty()) return true;
      auto added = env_.catalog->partitions().AddPartitions(ctx_, def_.database, table.name,
                                                            std::move(batch), true);
      batch.clear();
      if (!added.ok()) {
        Error(table.sd.location, absl::StrCat("cannot add partitions to ", display, ": ",
                                              added.status().message()));
        return false;
      }
      std::lock_guard<std::mutex> lock(mu_);
      run_.partitions_added += static_cast<int64_t>(added->size());
      return true;
    };
    std::set<std::string> planned_locations;
    for (const PlannedPartition& pp : planned.partitions) {
      planned_locations.insert(LocationOf(Join(root, pp.rel_path)));
    }
    if (!planned.partition_keys.empty() && !incremental_) {
      HandleDeletedPartitions(table, planned_locations);
    }
    for (const PlannedPartition& pp : planned.partitions) {
      model::Partition part;
      part.database = def_.database;
      part.table = table.name;
      part.values = pp.values;
      part.sd = table.sd;
      part.sd.location = LocationOf(Join(root, pp.rel_path));
      if (def_.partition_schema == "OWN" && !pp.columns.empty()) {
        part.sd.columns = pp.columns;
        SetSerdePaths(pp.columns, &part.sd.serde);
      }
      part.parameters = {{"UPDATED_BY_CRAWLER", def_.name}, {"CRAWL_RUN_ID", run_.id}};
      batch.push_back(std::move(part));
      if (batch.size() >= kPartitionBatch && !flush()) return;
    }
    flush();
  }

  // CRAWL_NEW_FOLDERS_ONLY after a successful run: the folders of this
  // crawler's tables and partitions, each with what it was registered as.
  // The first run of such a crawler (no earlier success) reads everything.
  // False when the run failed reading the catalog.
  bool LoadKnownFolders() {
    if (def_.recrawl_policy != "CRAWL_NEW_FOLDERS_ONLY") return true;
    auto succeeded = env_.catalog->crawlers().LastSucceededCrawl(
        model::RequestContext::Internal("crawler"), def_.name);
    if (!succeeded.ok()) {
      Fail(absl::StrCat("cannot read the crawler's runs: ", succeeded.status().message()));
      return false;
    }
    if (!succeeded->has_value()) {
      Note("CRAWL_NEW_FOLDERS_ONLY: no earlier successful run, so every folder is read");
      return true;
    }
    incremental_ = true;
    auto names = env_.catalog->tables().ListAllTableNames(ctx_, def_.database, "");
    if (absl::IsNotFound(names.status())) return true;  // the database is gone: all new
    if (!names.ok()) {
      Fail(absl::StrCat("cannot list the tables of '", def_.database, "': ",
                        names.status().message()));
      return false;
    }
    if (names->empty()) return true;
    auto tables = env_.catalog->tables().GetTables(ctx_, def_.database, *names);
    if (!tables.ok()) {
      Fail(absl::StrCat("cannot read the tables of '", def_.database, "': ",
                        tables.status().message()));
      return false;
    }
    for (const model::Table& t : *tables) {
      auto by = t.parameters.find("UPDATED_BY_CRAWLER");
      if (by == t.parameters.end() || by->second != def_.name) continue;
      Known known;
      known.inference = InferenceOf(t);
      auto c = t.parameters.find("compressionType");
      known.compression = c == t.parameters.end() ? "none" : c->second;
      if (t.partition_keys.empty()) {
        known_[t.sd.location] = known;
        continue;
      }
      absl::Status scanned = env_.catalog->partitions().ScanPartitions(
          ctx_, t.database, t.name, {}, [&](model::Partition&& p) {
            known_[p.sd.location] = known;
            return true;
          });
      if (!scanned.ok()) {
        Fail(absl::StrCat("cannot read the partitions of ", t.database, ".", t.name, ": ",
                          scanned.message()));
        return false;
      }
    }
    return true;
  }

  // What a registered table's files were inferred as, rebuilt from the table.
  static std::shared_ptr<const classifiers::Inference> InferenceOf(const model::Table& t) {
    auto inference = std::make_shared<classifiers::Inference>();
    auto c = t.parameters.find("classification");
    inference->classification = c == t.parameters.end() ? "unknown" : c->second;
    inference->certainty = 1.0;
    inference->columns = t.sd.columns;
    inference->serde = t.sd.serde;
    inference->input_format = t.sd.input_format;
    inference->output_format = t.sd.output_format;
    static constexpr const char* kCrawlerOwn[] = {
        "EXTERNAL", "classification", "compressionType", "typeOfData", "objectCount", "sizeKey",
        "recordCount", "averageRecordSize", "UPDATED_BY_CRAWLER", "CRAWL_RUN_ID",
        "DEPRECATED_BY_CRAWLER", "transient_lastDdlTime"};
    for (const auto& [k, v] : t.parameters) {
      if (std::find(std::begin(kCrawlerOwn), std::end(kCrawlerOwn), k) != std::end(kCrawlerOwn)) {
        continue;
      }
      inference->table_parameters[k] = v;
    }
    return inference;
  }

  void Note(std::string note) {
    std::lock_guard<std::mutex> lock(mu_);
    if (run_.notes.size() < 1000) run_.notes.push_back(std::move(note));
  }

  // One line on what differs between the stored table and the crawl's.
  static std::string ShapeChange(const model::Table& from, const model::Table& to) {
    std::vector<std::string> parts;
    std::map<std::string, std::string> before, after;
    for (const model::Column& c : from.sd.columns) before[c.name] = c.type;
    for (const model::Column& c : to.sd.columns) after[c.name] = c.type;
    for (const auto& [name, type] : after) {
      auto it = before.find(name);
      if (it == before.end()) {
        parts.push_back(absl::StrCat("column ", name, " ", type, " added"));
      } else if (it->second != type) {
        parts.push_back(absl::StrCat("column ", name, " ", it->second, " -> ", type));
      }
    }
    for (const auto& [name, type] : before) {
      if (!after.count(name)) parts.push_back(absl::StrCat("column ", name, " gone"));
    }
    if (from.partition_keys != to.partition_keys) parts.push_back("partition keys changed");
    if (from.sd.serde != to.sd.serde || from.sd.input_format != to.sd.input_format) {
      parts.push_back("format changed");
    }
    if (from.sd.location != to.sd.location) parts.push_back("location changed");
    return parts.empty() ? "changed" : absl::StrJoin(parts, ", ");
  }

  // Whether the folder behind `location` (file:/...) is gone.
  bool FolderGone(const std::string& location) const {
    const std::string path = PathOfUrl(location);
    const FileSystem* fs = FileSystemFor(path);
    if (fs == nullptr) return false;
    auto id = fs->FolderId(path);
    return absl::IsNotFound(id.status());
  }

  // Tables this crawler made under `root` that the crawl did not plan and
  // whose folder is gone: the delete behavior decides.
  void HandleDeletedTables(const std::string& root, const std::set<std::string>& planned) {
    auto names = env_.catalog->tables().ListAllTableNames(ctx_, def_.database, "");
    if (!names.ok()) return;
    std::vector<std::string> candidates;
    for (const std::string& n : *names) {
      if (!planned.count(n)) candidates.push_back(n);
    }
    if (candidates.empty()) return;
    auto tables = env_.catalog->tables().GetTables(ctx_, def_.database, candidates);
    if (!tables.ok()) return;
    const std::string prefix = LocationOf(root);
    for (model::Table& t : *tables) {
      auto by = t.parameters.find("UPDATED_BY_CRAWLER");
      if (by == t.parameters.end() || by->second != def_.name) continue;
      if (t.sd.location != prefix && !absl::StartsWith(t.sd.location, prefix + "/")) continue;
      if (!FolderGone(t.sd.location)) continue;
      const std::string display = absl::StrCat(def_.database, ".", t.name);
      if (def_.delete_behavior == "LOG") {
        Note(absl::StrCat("table ", display, ": its folder is gone (not applied: delete behavior LOG)"));
        continue;
      }
      if (def_.delete_behavior == "DELETE_FROM_DATABASE") {
        absl::Status s = env_.catalog->tables().DropTable(ctx_, def_.database, t.name, false);
        if (!s.ok()) {
          Error(t.sd.location, absl::StrCat("cannot drop table ", display, ": ", s.message()));
          continue;
        }
      } else {
        if (t.parameters.count("DEPRECATED_BY_CRAWLER")) continue;  // marked before
        t.parameters["DEPRECATED_BY_CRAWLER"] = run_.id;
        auto s = env_.catalog->tables().UpdateTable(ctx_, t);
        if (!s.ok()) {
          Error(t.sd.location, absl::StrCat("cannot deprecate table ", display, ": ",
                                            s.status().message()));
          continue;
        }
      }
      std::lock_guard<std::mutex> lock(mu_);
      ++run_.tables_deleted;
    }
  }

  // Partitions of `table` whose folder is gone and that the crawl did not
  // plan: the delete behavior decides.
  void HandleDeletedPartitions(const model::Table& table,
                               const std::set<std::string>& planned_locations) {
    std::vector<model::Partition> gone;
    absl::Status scanned = env_.catalog->partitions().ScanPartitions(
        ctx_, table.database, table.name, {}, [&](model::Partition&& p) {
          if (!planned_locations.count(p.sd.location) && FolderGone(p.sd.location)) {
            gone.push_back(std::move(p));
          }
          return true;
        });
    if (!scanned.ok() || gone.empty()) return;
    const std::string display = absl::StrCat(table.database, ".", table.name);
    if (def_.delete_behavior == "LOG") {
      for (const model::Partition& p : gone) {
        Note(absl::StrCat("partition ", display, " ", absl::StrJoin(p.values, "/"),
                          ": its folder is gone (not applied: delete behavior LOG)"));
      }
      return;
    }
    if (def_.delete_behavior == "DELETE_FROM_DATABASE") {
      for (const model::Partition& p : gone) {
        auto dropped = env_.catalog->partitions().DropPartitions(ctx_, table.database, table.name,
                                                                  {p.values}, true, false);
        if (!dropped.ok()) {
          Error(p.sd.location, absl::StrCat("cannot drop a partition of ", display, ": ",
                                            dropped.status().message()));
          continue;
        }
        std::lock_guard<std::mutex> lock(mu_);
        run_.partitions_deleted += static_cast<int64_t>(dropped->size());
      }
      return;
    }
    std::vector<model::Partition> marked;
    for (model::Partition& p : gone) {
      if (p.parameters.count("DEPRECATED_BY_CRAWLER")) continue;
      p.parameters["DEPRECATED_BY_CRAWLER"] = run_.id;
      marked.push_back(std::move(p));
    }
    if (marked.empty()) return;
    const int64_t n = static_cast<int64_t>(marked.size());
    absl::Status s = env_.catalog->partitions().UpdatePartitions(ctx_, table.database, table.name,
                                                                 std::move(marked));
    if (!s.ok()) {
      Error(table.sd.location, absl::StrCat("cannot deprecate partitions of ", display, ": ",
                                            s.message()));
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    run_.partitions_deleted += n;
  }

  const CrawlEnvironment& env_;
  const model::CrawlerDefinition& def_;
  model::CrawlRun run_;
  const model::RequestContext ctx_;
  std::vector<const classifiers::Classifier*> custom_;
  std::vector<Pending> pending_;
  struct Known {
    std::shared_ptr<const classifiers::Inference> inference;
    std::string compression;
  };
  // CRAWL_NEW_FOLDERS_ONLY: registered folders by location (file:/..., s3://...).
  absl::flat_hash_map<std::string, Known> known_;
  bool incremental_ = false;
  const FileSystem* current_s3_ = nullptr;
  std::atomic<int64_t> known_skipped_{0};
  absl::flat_hash_map<std::string, std::shared_ptr<const classifiers::Inference>> interned_;
  std::mutex mu_;
  absl::Time last_report_ = absl::InfinitePast();
};

}  // namespace

model::RequestContext CrawlContext(const model::CrawlerDefinition& definition,
                                   const std::string& run_id) {
  model::RequestContext ctx;
  std::string principal = definition.principal;
  // arn:aws:iam::ACCOUNT:user/NAME names the user NAME.
  if (absl::StartsWith(principal, "arn:") && principal.find(":user/") != std::string::npos) {
    principal = principal.substr(principal.find(":user/") + 6);
  }
  ctx.principal = principal.empty() ? "anonymous" : principal;
  ctx.front_end = model::FrontEnd::kInternal;
  ctx.request_id = absl::StrCat("crawl:", definition.name, ":", run_id);
  ctx.authenticated = true;
  return ctx;
}

model::CrawlRun RunCrawl(const CrawlEnvironment& env, const model::CrawlerDefinition& definition,
                         model::CrawlRun run) {
  Run r(env, definition, std::move(run));
  return r.Go();
}

}  // namespace almanac::crawler
