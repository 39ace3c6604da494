// SqliteCrawlers: custom classifiers, crawler definitions and crawl runs
// (the CrawlerWriter of storage/crawlers.h) over the tables of migration
// 0009, one object per transaction over its SqliteTransactionCore.
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_CRAWLERS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_CRAWLERS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/crawlers.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"

namespace almanac::storage::sqlite {

class SqliteCrawlers final : public CrawlerWriter {
 public:
  explicit SqliteCrawlers(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteCrawlers(const SqliteCrawlers&) = delete;
  SqliteCrawlers& operator=(const SqliteCrawlers&) = delete;

  absl::StatusOr<model::ClassifierDefinition> GetClassifier(std::string_view name) override;
  absl::StatusOr<std::vector<model::ClassifierDefinition>> ListClassifiers() override;
  absl::StatusOr<model::CrawlerDefinition> GetCrawler(std::string_view name) override;
  absl::StatusOr<std::vector<model::CrawlerDefinition>> ListCrawlers() override;
  absl::StatusOr<std::vector<model::CrawlRun>> ListCrawlRuns(std::string_view crawler,
                                                             int64_t limit) override;
  absl::StatusOr<model::CrawlRun> GetCrawlRun(std::string_view id) override;
  absl::StatusOr<std::optional<model::CrawlRun>> RunningCrawl(std::string_view crawler) override;
  absl::StatusOr<std::vector<model::CrawlRun>> AllRunningCrawls() override;
  absl::StatusOr<std::optional<model::CrawlRun>> LastSucceededCrawl(
      std::string_view crawler) override;

  absl::Status CreateClassifier(const model::ClassifierDefinition& classifier) override;
  absl::Status UpdateClassifier(const model::ClassifierDefinition& classifier) override;
  absl::Status DeleteClassifier(std::string_view name) override;
  absl::Status CreateCrawler(const model::CrawlerDefinition& crawler) override;
  absl::Status UpdateCrawler(const model::CrawlerDefinition& crawler) override;
  absl::Status SetScheduleHandled(std::string_view name, int64_t until) override;
  absl::Status DeleteCrawler(std::string_view name) override;
  absl::Status AddCrawlRun(const model::CrawlRun& run) override;
  absl::Status UpdateCrawlRun(const model::CrawlRun& run) override;

 private:
  absl::Status RunChanging(const std::string& sql, const std::function<void(Statement&)>& bind,
                           const std::string& not_found);
  absl::StatusOr<std::vector<model::CrawlRun>> QueryRuns(const std::string& where,
                                                         const std::function<void(Statement&)>& bind);

  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_CRAWLERS_H_
