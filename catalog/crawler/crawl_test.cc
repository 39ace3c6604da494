// A crawl over real files in a temporary folder, into a real SQLite catalog
// through the service: tables, partitions, a second run, a schema change, a
// broken file, exclusions and cancellation.
#include "catalog/crawler/crawl.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <zlib.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "catalog/classifiers/builtin.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::crawler {
namespace {

namespace fs = std::filesystem;

class CrawlTest : public service::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(classifiers::RegisterBuiltinClassifiers(builtins_).ok());
    data_ = dir_ / "data";
  }

  void Write(const std::string& rel, const std::string& text) {
    fs::path p = data_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  model::CrawlRun Crawl(model::CrawlerDefinition def, const std::atomic<bool>* cancel = nullptr) {
    CrawlEnvironment env;
    env.catalog = service_.get();
    env.builtins = &builtins_;
    env.fs = fs_.get();
    env.cancel = cancel;
    model::CrawlRun run;
    run.id = absl::StrCat("run-", ++runs_);
    run.crawler = def.name;
    run.status = "RUNNING";
    return RunCrawl(env, def, run);
  }

  model::CrawlerDefinition Definition(std::vector<std::string> exclusions = {}) {
    model::CrawlerDefinition def;
    def.name = "nightly";
    def.principal = "crawler-bot";
    def.database = "lake";
    def.targets.push_back({"file://" + data_.string(), std::move(exclusions), 0});
    return def;
  }

  model::RequestContext reader_{.principal = "reader"};
  classifiers::ClassifierRegistry builtins_;
  std::unique_ptr<FileSystem> fs_ = NewLocalFileSystem();
  fs::path data_;
  int runs_ = 0;
};

TEST_F(CrawlTest, FoldersBecomeTablesAndPartitionsAndARecrawlOnlyAddsWhatIsNew) {
  Write("sales/year=2023/part-0.csv", "id,name,amount\n1,apple,2.5\n2,pear,3.0\n");
  Write("sales/year=2024/part-0.csv", "id,name,amount\n3,plum,1.5\n4,fig,4.0\n");
  Write("sales/_SUCCESS", "");
  Write("sales/year=2024/.part-0.csv.crc", "garbage");
  Write("events/dt=1/e.json", "{\"user\": \"a\", \"n\": 1}\n{\"user\": \"b\", \"n\": 2}\n");
  Write("events/dt=2/e.json", "{\"user\": \"c\", \"n\": 3}\n");
  Write("broken/x.parquet", "PAR1 this is not a parquet footer PAR1");

  model::CrawlRun run = Crawl(Definition());
  EXPECT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.files_seen, 5);  // the marker and checksum files are skipped
  EXPECT_EQ(run.tables_created, 2);
  EXPECT_EQ(run.partitions_added, 4);
  ASSERT_EQ(run.error_count, 1);
  EXPECT_NE(run.errors[0].path.find("broken/x.parquet"), std::string::npos);

  auto sales = service_->tables().GetTable(reader_, "lake", "sales");
  ASSERT_TRUE(sales.ok()) << sales.status();
  ASSERT_EQ(sales->sd.columns.size(), 3u);
  EXPECT_EQ(sales->sd.columns[0].name, "id");
  EXPECT_EQ(sales->sd.columns[0].type, "bigint");
  EXPECT_EQ(sales->sd.columns[2].type, "double");
  ASSERT_EQ(sales->partition_keys.size(), 1u);
  EXPECT_EQ(sales->partition_keys[0].name, "year");
  EXPECT_EQ(sales->table_type, model::TableType::kExternal);
  EXPECT_EQ(sales->parameters["classification"], "csv");
  EXPECT_EQ(sales->parameters["skip.header.line.count"], "1");
  EXPECT_EQ(sales->parameters["UPDATED_BY_CRAWLER"], "nightly");
  EXPECT_EQ(sales->parameters["CRAWL_RUN_ID"], "run-1");
  EXPECT_EQ(sales->parameters["recordCount"], "4");
  EXPECT_EQ(sales->parameters["objectCount"], "2");
  EXPECT_EQ(sales->sd.location, "file:" + (data_ / "sales").string());
  EXPECT_EQ(sales->owner, "crawler-bot");
  auto events = service_->tables().GetTable(reader_, "lake", "events");
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ(events->parameters["classification"], "json");

  // Same files: nothing changes. A new partition: added, nothing duplicated.
  Write("sales/year=2025/part-0.csv", "id,name,amount\n5,kiwi,0.5\n6,lime,1.0\n");
  run = Crawl(Definition());
  EXPECT_EQ(run.status, "SUCCEEDED");
  EXPECT_EQ(run.tables_created, 0);
  EXPECT_EQ(run.tables_updated, 0);
  EXPECT_EQ(run.tables_unchanged, 2);
  EXPECT_EQ(run.partitions_added, 1);
  EXPECT_EQ(*Count("lake", "sales"), 3);

  // A new column: the table is updated, a new version says who and which run.
  Write("sales/year=2026/part-0.csv",
        "id,name,amount,store\n7,date,9.5,north\n8,yuzu,2.0,south\n");
  run = Crawl(Definition());
  EXPECT_EQ(run.tables_updated, 1);
  sales = service_->tables().GetTable(reader_, "lake", "sales");
  ASSERT_TRUE(sales.ok());
  ASSERT_EQ(sales->sd.columns.size(), 4u);
  EXPECT_EQ(sales->sd.columns[3].name, "store");
  auto versions = service_->versions().ListTableVersions(reader_, {"lake", "sales"}, "", 10);
  ASSERT_TRUE(versions.ok()) << versions.status();
  ASSERT_EQ(versions->versions.size(), 2u);
  EXPECT_EQ(versions->versions[0].principal, "crawler-bot");
  EXPECT_EQ(versions->versions[0].request_id, "crawl:nightly:run-3");
}

TEST_F(CrawlTest, ExclusionsAndOtherPeoplesTablesAreRespected) {
  Write("sales/a.csv", "id,name\n1,x\n2,y\n");
  Write("tmp/b.csv", "id,name\n1,x\n2,y\n");
  CreateDatabase("lake");
  // Someone else's table of the name the crawler would use.
  model::Table mine;
  mine.database = "lake";
  mine.name = "sales";
  mine.sd.columns = {{"c", "int", ""}};
  ASSERT_TRUE(service_->tables().CreateTable(ctx_, mine).ok());
  model::CrawlRun run = Crawl(Definition({"tmp/**"}));
  EXPECT_EQ(run.status, "SUCCEEDED");
  EXPECT_EQ(run.files_seen, 1);
  EXPECT_EQ(run.tables_created, 0);
  ASSERT_EQ(run.error_count, 1);
  EXPECT_NE(run.errors[0].message.find("not made by this crawler"), std::string::npos);
  auto sales = service_->tables().GetTable(reader_, "lake", "sales");
  ASSERT_TRUE(sales.ok());
  EXPECT_EQ(sales->sd.columns[0].name, "c");
}

TEST_F(CrawlTest, AMissingTargetFailsTheRunAndCancelStopsIt) {
  model::CrawlerDefinition def = Definition();
  def.targets[0].url = "file://" + (dir_ / "nowhere").string();
  model::CrawlRun run = Crawl(def);
  EXPECT_EQ(run.status, "FAILED");
  EXPECT_EQ(run.message, "no target could be read (see the errors)");
  ASSERT_EQ(run.errors.size(), 1u);

  Write("a/x.csv", "id,name\n1,x\n2,y\n");
  std::atomic<bool> cancel{true};
  run = Crawl(Definition(), &cancel);
  EXPECT_EQ(run.status, "CANCELLED");
  EXPECT_FALSE(service_->tables().GetTable(reader_, "lake", "data").ok());
}

}  // namespace
}  // namespace almanac::crawler

namespace almanac::crawler {
namespace {

// Removes each file just before it is opened: a file that vanishes between
// the walk and its sampling, as on a busy folder.
class VanishingFileSystem : public FileSystem {
 public:
  explicit VanishingFileSystem(const FileSystem* real) : real_(real) {}
  absl::StatusOr<std::vector<DirEntry>> List(const std::string& path) const override {
    return real_->List(path);
  }
  absl::StatusOr<std::unique_ptr<classifiers::RandomAccessFile>> Open(
      const std::string& path) const override {
    if (path.find("vanish") != std::string::npos) std::filesystem::remove(path);
    return real_->Open(path);
  }
  absl::StatusOr<std::string> FolderId(const std::string& path) const override {
    return real_->FolderId(path);
  }

 private:
  const FileSystem* real_;
};

TEST_F(CrawlTest, BadFilesAreRecordedAndTheRunCarriesOn) {
  Write("t/good.csv", "id,name\n1,x\n2,y\n3,z\n");
  Write("t/empty.csv", "");
  Write("t/vanish.csv", "id,name\n1,x\n2,y\n");
  // A 100 MB single line: sampled (10 MB at most), never read whole.
  {
    std::ofstream big(data_ / "t" / "huge.json");
    big << "{\"payload\": \"";
    std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 100; ++i) big << chunk;
    big << "\"}\n";
  }
  // A symbolic link back up the tree.
  std::filesystem::create_directory_symlink(data_, data_ / "t" / "loop");
  VanishingFileSystem vanishing(fs_.get());
  CrawlEnvironment env;
  env.catalog = service_.get();
  env.builtins = &builtins_;
  env.fs = &vanishing;
  model::CrawlRun run;
  run.id = "bad-inputs";
  run.crawler = "nightly";
  run = RunCrawl(env, Definition(), run);
  EXPECT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.tables_created, 1);
  std::map<std::string, std::string> errors;
  for (const model::CrawlFileError& e : run.errors) {
    errors[std::filesystem::path(e.path).filename().string()] = e.message;
  }
  EXPECT_TRUE(errors.count("empty.csv")) << "a zero-byte file has no schema";
  EXPECT_NE(errors["vanish.csv"].find("cannot open"), std::string::npos) << errors["vanish.csv"];
  EXPECT_NE(errors["loop"].find("symbolic link loop"), std::string::npos) << errors["loop"];
  EXPECT_TRUE(errors.count("huge.json"));
  auto t = service_->tables().GetTable(reader_, "lake", "t");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->sd.columns.size(), 2u);
  EXPECT_EQ(t->sd.columns[0].type, "bigint");
}

}  // namespace
}  // namespace almanac::crawler

namespace almanac::crawler {
namespace {

TEST_F(CrawlTest, CustomClassifiersComeFirstInTheCrawlersOrder) {
  Write("app/2024.log", "2024-01-01 INFO started 17\n2024-01-02 WARN slow 250\n");
  Write("app/2025.log", "2025-03-04 ERROR failed 3\n");
  model::ClassifierDefinition grok;
  grok.name = "applog";
  grok.kind = "GROK";
  grok.grok.classification = "app_log";
  grok.grok.grok_pattern = "%{DAY_STAMP:day} %{LOGLEVEL:level} %{WORD:event} %{INT:took:int}";
  grok.grok.custom_patterns = "DAY_STAMP %{YEAR}-%{MONTHNUM}-%{MONTHDAY}";
  ASSERT_TRUE(service_->crawlers().CreateClassifier(ctx_, grok).ok());
  model::CrawlerDefinition def = Definition();
  def.classifiers = {"applog"};
  model::CrawlRun run = Crawl(def);
  EXPECT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.tables_created, 1);
  auto app = service_->tables().GetTable(reader_, "lake", "app");
  ASSERT_TRUE(app.ok()) << app.status();
  EXPECT_EQ(app->parameters["classification"], "app_log");
  ASSERT_EQ(app->sd.columns.size(), 4u);
  EXPECT_EQ(app->sd.columns[3].name, "took");
  EXPECT_EQ(app->sd.columns[3].type, "int");
  EXPECT_EQ(app->sd.serde.serialization_library, "org.apache.hadoop.hive.serde2.RegexSerDe");

  // A crawler naming a classifier that was deleted since fails, saying so.
  def.classifiers = {"gone"};
  model::CrawlRun failed = Crawl(def);
  EXPECT_EQ(failed.status, "FAILED");
  EXPECT_NE(failed.message.find("custom classifier 'gone'"), std::string::npos) << failed.message;
}

}  // namespace
}  // namespace almanac::crawler

namespace almanac::crawler {
namespace {

TEST_F(CrawlTest, CompressedFilesAreClassifiedByContentAndTheTableSaysHow) {
  std::filesystem::create_directories(data_ / "logs" / "dt=1");
  const std::string path = (data_ / "logs" / "dt=1" / "events.json.gz").string();
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  const std::string text = "{\"user\": \"a\", \"n\": 1}\n{\"user\": \"b\", \"n\": 2}\n";
  ASSERT_EQ(gzwrite(gz, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  model::CrawlRun run = Crawl(Definition());
  EXPECT_EQ(run.status, "SUCCEEDED") << run.message;
  auto logs = service_->tables().GetTable(reader_, "lake", "logs");
  ASSERT_TRUE(logs.ok()) << logs.status();
  EXPECT_EQ(logs->parameters["classification"], "json");
  EXPECT_EQ(logs->parameters["compressionType"], "gzip");
  EXPECT_EQ(logs->parameters["recordCount"], "2");
}

}  // namespace
}  // namespace almanac::crawler

namespace almanac::crawler {
namespace {

TEST_F(CrawlTest, SchemaChangeAndDeletePoliciesAsGlueDefinesThem) {
  // Four columns, so that one more keeps 80% in common (over Glue's 70%).
  Write("sales/dt=1/a.csv", "id,name,price,qty\n1,x,1.5,2\n2,y,2.5,3\n");
  Write("sales/dt=2/a.csv", "id,name,price,qty\n3,z,1.5,2\n4,w,2.5,3\n");
  Write("old/a.csv", "id,name\n1,x\n2,y\n");
  model::CrawlerDefinition def = Definition();
  ASSERT_EQ(Crawl(def).tables_created, 2);

  // LOG: a new column is recorded, not applied; gone folders are logged.
  def.update_behavior = "LOG";
  def.delete_behavior = "LOG";
  Write("sales/dt=3/a.csv", "id,name,price,qty,extra\n5,v,1.5,2,q\n6,u,2.5,3,r\n");
  std::filesystem::remove_all(data_ / "sales" / "dt=1");
  std::filesystem::remove_all(data_ / "old");
  model::CrawlRun run = Crawl(def);
  EXPECT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.tables_updated, 0);
  EXPECT_EQ(run.partitions_added, 1);
  ASSERT_EQ(run.notes.size(), 3u) << absl::StrJoin(run.notes, "; ");
  EXPECT_NE(run.notes[0].find("column extra string added (not applied: update behavior LOG)"),
            std::string::npos) << run.notes[0];
  EXPECT_EQ(service_->tables().GetTable(reader_, "lake", "sales")->sd.columns.size(), 4u);
  EXPECT_EQ(*Count("lake", "sales"), 3);
  EXPECT_TRUE(service_->tables().GetTable(reader_, "lake", "old").ok());

  // DEPRECATE_IN_DATABASE (Glue's default): marked, kept.
  def.update_behavior = "UPDATE_IN_DATABASE";
  def.delete_behavior = "DEPRECATE_IN_DATABASE";
  run = Crawl(def);
  EXPECT_EQ(run.tables_updated, 1);
  EXPECT_EQ(run.tables_deleted, 1);
  EXPECT_EQ(run.partitions_deleted, 1);
  auto old = service_->tables().GetTable(reader_, "lake", "old");
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->parameters["DEPRECATED_BY_CRAWLER"], run.id);
  auto gone = service_->partitions().GetPartition(reader_, "lake", "sales", {"1"});
  ASSERT_TRUE(gone.ok()) << gone.status();
  EXPECT_EQ(gone->parameters["DEPRECATED_BY_CRAWLER"], run.id);

  // DELETE_FROM_DATABASE: dropped (the data was gone already).
  def.delete_behavior = "DELETE_FROM_DATABASE";
  run = Crawl(def);
  EXPECT_EQ(run.tables_deleted, 1);
  EXPECT_EQ(run.partitions_deleted, 1);
  EXPECT_EQ(service_->tables().GetTable(reader_, "lake", "old").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(*Count("lake", "sales"), 2);
}

TEST_F(CrawlTest, AStoppedRunEndsCancelled) {
  Write("t/a.csv", "id,name\n1,x\n2,y\n");
  std::atomic<bool> cancel{false};
  CrawlEnvironment env;
  env.catalog = service_.get();
  env.builtins = &builtins_;
  env.fs = fs_.get();
  env.cancel = &cancel;
  // The stop arrives while the run reports its progress.
  env.progress = [&](const model::CrawlRun&) { cancel.store(true); };
  model::CrawlRun run;
  run.id = "stopped";
  run.crawler = "nightly";
  run = RunCrawl(env, Definition(), run);
  EXPECT_EQ(run.status, "CANCELLED");
  EXPECT_EQ(run.tables_created, 0);
}

// Runs `def` as the server does: a run the service records (so that a
// later run sees it), the crawl on this thread.
class RecordedCrawlTest : public CrawlTest {
 protected:
  void SetUp() override {
    CrawlTest::SetUp();
    service_->crawlers().SetLauncher(
        [this](const model::CrawlerDefinition& d, const model::CrawlRun& r) {
          CrawlEnvironment env;
          env.catalog = service_.get();
          env.builtins = &builtins_;
          env.fs = fs_.get();
          last_ = RunCrawl(env, d, r);
          return service_->crawlers()
              .RecordCrawl(model::RequestContext::Internal("crawler"), last_)
              .status();
        });
  }

  model::CrawlRun Start(const std::string& name) {
    auto started = service_->crawlers().StartCrawler(ctx_, name);
    EXPECT_TRUE(started.ok()) << started.status();
    return last_;
  }

  model::CrawlRun last_;
};

TEST_F(RecordedCrawlTest, NewFoldersOnlyReadsWhatAppearedSinceTheLastSuccess) {
  model::CrawlerDefinition def = Definition();
  def.recrawl_policy = "CRAWL_NEW_FOLDERS_ONLY";
  def.update_behavior = "LOG";
  def.delete_behavior = "LOG";
  ASSERT_TRUE(service_->crawlers().CreateCrawler(ctx_, def).ok());
  Write("sales/year=2023/part-0.csv", "id,name,amount\n1,apple,2.5\n2,pear,3.0\n");
  Write("sales/year=2024/part-0.csv", "id,name,amount\n3,plum,1.5\n4,fig,4.0\n");
  Write("flat/a.json", "{\"k\": 1}\n");

  // The first run reads everything.
  model::CrawlRun run = Start("nightly");
  ASSERT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.files_seen, 3);
  EXPECT_EQ(run.tables_created, 2);
  EXPECT_EQ(run.partitions_added, 2);
  ASSERT_FALSE(run.notes.empty());
  EXPECT_NE(run.notes.back().find("no earlier successful run"), std::string::npos);

  // A new partition; an old one rewritten with another column; the
  // unpartitioned table's file changed; a partition folder deleted.
  Write("sales/year=2025/part-0.csv", "id,name,amount\n5,kiwi,0.5\n6,lime,1.0\n");
  Write("sales/year=2023/part-0.csv", "id,name,amount,extra\n1,apple,2.5,x\n2,pear,3.0,y\n");
  Write("flat/a.json", "{\"k\": 1, \"other\": \"x\"}\n");
  fs::remove_all(data_ / "sales" / "year=2024");
  run = Start("nightly");
  ASSERT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.files_seen, 1);  // year=2025's file only
  EXPECT_EQ(run.partitions_added, 1);
  EXPECT_EQ(run.tables_created, 0);
  EXPECT_EQ(run.tables_updated, 0);
  EXPECT_EQ(run.tables_unchanged, 2);
  EXPECT_EQ(run.tables_deleted + run.partitions_deleted, 0);  // no deletions seen
  ASSERT_FALSE(run.notes.empty());
  EXPECT_EQ(run.notes.back(), "CRAWL_NEW_FOLDERS_ONLY: 2 folder(s) registered by an earlier run "
                              "were not read again");
  auto sales = service_->tables().GetTable(reader_, "lake", "sales");
  ASSERT_TRUE(sales.ok());
  EXPECT_EQ(sales->sd.columns.size(), 3u);  // the old folder's new column was not read
  EXPECT_EQ(*Count("lake", "sales"), 3);    // 2023, the deleted 2024, 2025
  auto flat = service_->tables().GetTable(reader_, "lake", "flat");
  ASSERT_TRUE(flat.ok());
  EXPECT_EQ(flat->sd.columns.size(), 1u);

  // A new folder whose schema differs: logged against the table, the
  // partition still added as the table stands.
  Write("sales/year=2026/part-0.csv", "id,name,amount,store\n7,date,9.5,north\n8,yuzu,2.0,south\n");
  run = Start("nightly");
  ASSERT_EQ(run.status, "SUCCEEDED") << run.message;
  EXPECT_EQ(run.files_seen, 1);
  EXPECT_EQ(run.partitions_added, 1);
  EXPECT_EQ(run.tables_updated, 0);
  bool logged = false;
  for (const std::string& n : run.notes) {
    logged = logged || (n.find("lake.sales") != std::string::npos &&
                        n.find("column store string added") != std::string::npos &&
                        n.find("not applied: update behavior LOG") != std::string::npos);
  }
  EXPECT_TRUE(logged) << absl::StrJoin(run.notes, "\n");
  auto p2026 = service_->partitions().GetPartition(reader_, "lake", "sales", {"2026"});
  ASSERT_TRUE(p2026.ok()) << p2026.status();
  EXPECT_EQ(p2026->sd.columns.size(), 3u);
  // Nothing but the first run changed the table: one version.
  auto versions = service_->versions().ListTableVersions(reader_, {"lake", "sales"}, "", 10);
  ASSERT_TRUE(versions.ok()) << versions.status();
  EXPECT_EQ(versions->versions.size(), 1u);
}

TEST_F(RecordedCrawlTest, PartitionsKeepTheirOwnSchemaOrInheritTheTables) {
  Write("t/dt=1/a.csv", "id,name,amount\n1,x,1.5\n2,y,2.5\n");
  Write("t/dt=2/a.csv", "id,name,amount,extra\n1,x,1.5,5\n2,y,2.5,6\n");
  for (const std::string mode : {"OWN", "INHERIT_FROM_TABLE"}) {
    SCOPED_TRACE(mode);
    model::CrawlerDefinition def = Definition();
    def.name = "c_" + mode;
    def.database = "db_" + absl::AsciiStrToLower(mode);
    def.partition_schema = mode;
    ASSERT_TRUE(service_->crawlers().CreateCrawler(ctx_, def).ok());
    model::CrawlRun run = Start(def.name);
    ASSERT_EQ(run.status, "SUCCEEDED") << run.message;
    auto t = service_->tables().GetTable(reader_, def.database, "t");
    ASSERT_TRUE(t.ok()) << t.status();
    ASSERT_EQ(t->sd.columns.size(), 4u);
    auto p1 = service_->partitions().GetPartition(reader_, def.database, "t", {"1"});
    auto p2 = service_->partitions().GetPartition(reader_, def.database, "t", {"2"});
    ASSERT_TRUE(p1.ok() && p2.ok());
    EXPECT_EQ(p1->sd.columns.size(), mode == "OWN" ? 3u : 4u);
    EXPECT_EQ(p2->sd.columns.size(), 4u);
    EXPECT_EQ(p2->sd.columns[3].name, "extra");
    EXPECT_EQ(p2->sd.columns[3].type, "bigint");
  }
}

}  // namespace
}  // namespace almanac::crawler
