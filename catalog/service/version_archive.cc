#include "catalog/service/version_archive.h"

#include <optional>
#include <string>
#include <variant>

#include "absl/strings/str_cat.h"
#include "catalog/versions/table_diff.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

model::TableVersionInfo InfoFor(const model::RequestContext& ctx, int64_t time,
                                std::string summary) {
  return model::TableVersionInfo{.time = time,
                                 .principal = ctx.principal,
                                 .front_end = ctx.front_end,
                                 .request_id = ctx.request_id,
                                 .summary = std::move(summary)};
}

std::string WithNote(const std::string& note, std::string summary) {
  if (note.empty()) return summary;
  return absl::StrCat(note, ": ", summary);
}

}  // namespace

absl::Status VersionArchive::BeforeCommit(storage::WriteTransaction& txn,
                                          const model::RequestContext& ctx,
                                          absl::Span<const model::ChangeRecord> changes) {
  for (const model::ChangeRecord& c : changes) {
    switch (c.kind) {
      case model::ChangeKind::kCreateTable: {
        const auto& after = std::get<model::Table>(c.after);
        RETURN_IF_ERROR(txn.versions()
                            .AppendVersion(after.database, after.name,
                                           InfoFor(ctx, after.update_time,
                                                   c.note.empty() ? "created" : c.note),
                                           after, max_versions_)
                            .status());
        break;
      }
      case model::ChangeKind::kAlterTable: {
        const auto& before = std::get<model::Table>(c.before);
        const auto& after = std::get<model::Table>(c.after);
        const model::TableVersionInfo info = InfoFor(
            ctx, after.update_time,
            WithNote(c.note, versions::Summarize(versions::DiffTables(before, after))));
        ASSIGN_OR_RETURN(std::optional<model::TableHistory> history,
                         txn.versions().LiveHistory(after.database, after.name));
        if (!history.has_value()) {
          // Its history begins now: keep the definition this change replaced.
          RETURN_IF_ERROR(txn.versions()
                              .AppendVersion(after.database, after.name,
                                             InfoFor(model::RequestContext::Internal("versions"),
                                                     before.update_time,
                                                     "definition before its history began"),
                                             before, max_versions_)
                              .status());
        }
        if (c.archive) {
          RETURN_IF_ERROR(
              txn.versions().AppendVersion(after.database, after.name, info, after, max_versions_)
                  .status());
        } else {
          RETURN_IF_ERROR(
              txn.versions().ReplaceLatestVersion(after.database, after.name, info, after).status());
        }
        break;
      }
      case model::ChangeKind::kDropTable: {
        const auto& before = std::get<model::Table>(c.before);
        RETURN_IF_ERROR(txn.versions().RecordDrop(InfoFor(ctx, now_(), "dropped"), before));
        break;
      }
      default:
        break;
    }
  }
  return absl::OkStatus();
}

}  // namespace almanac::service
