#include "thrift/metastore_uuid.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace almanac::hms {
namespace {

constexpr char kFileName[] = "metastore_uuid";

std::string NewUuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  uint64_t hi = gen(), lo = gen();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // variant 1
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF,
                         lo >> 48, lo & 0xFFFFFFFFFFFFULL);
}

bool LooksLikeUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !absl::ascii_isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> LoadOrCreateMetastoreUuid(const std::string& data_dir) {
  const std::filesystem::path path = std::filesystem::path(data_dir) / kFileName;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      return absl::FailedPreconditionError(absl::StrCat("cannot read '", path.string(), "'"));
    }
    std::string uuid(absl::StripAsciiWhitespace(text.str()));
    if (!LooksLikeUuid(uuid)) {
      return absl::DataLossError(absl::StrCat("'", path.string(), "' does not hold a uuid"));
    }
    return uuid;
  }
  const std::string uuid = NewUuid();
  // Write then rename, so a crash never leaves a half-written file.
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << uuid << "\n";
    out.flush();
    if (!out) {
      return absl::FailedPreconditionError(absl::StrCat("cannot write '", tmp.string(), "'"));
    }
  }
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create '", path.string(), "': ", ec.message()));
  }
  return uuid;
}

}  // namespace almanac::hms
