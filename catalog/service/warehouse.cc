#include "catalog/service/warehouse.h"

#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

namespace fs = std::filesystem;

absl::Status FromErrorCode(const std::error_code& ec, std::string_view what) {
  return absl::InternalError(absl::StrCat(AbslView(what), ": ", ec.message()));
}

class LocalWarehouse : public Warehouse {
 public:
  absl::Status MakeDirectory(std::string_view location) override {
    ASSIGN_OR_RETURN(std::string path, LocalPath(location));
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec) {
      if (fs::exists(path) && !fs::is_directory(path)) {
        return absl::FailedPreconditionError(
            absl::StrCat("cannot create directory '", AbslView(location),
                         "': a file of that name exists"));
      }
      return FromErrorCode(ec, absl::StrCat("cannot create directory '", AbslView(location), "'"));
    }
    return absl::OkStatus();
  }

  absl::Status MoveDirectory(std::string_view from, std::string_view to) override {
    ASSIGN_OR_RETURN(std::string from_path, LocalPath(from));
    ASSIGN_OR_RETURN(std::string to_path, LocalPath(to));
    const std::string what =
        absl::StrCat("cannot move directory '", AbslView(from), "' to '", AbslView(to), "'");
    std::error_code ec;
    if (!fs::exists(from_path, ec)) {
      if (ec) return FromErrorCode(ec, what);
      return absl::NotFoundError(absl::StrCat("directory '", AbslView(from), "' does not exist"));
    }
    if (fs::exists(to_path, ec)) {
      return absl::AlreadyExistsError(
          absl::StrCat(what, ": '", AbslView(to), "' already exists"));
    }
    if (LocationIsUnder(to_path, from_path)) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": the target lies inside the source"));
    }
    fs::create_directories(fs::path(to_path).parent_path(), ec);
    if (ec) return FromErrorCode(ec, what);
    fs::rename(from_path, to_path, ec);
    if (!ec) return absl::OkStatus();
    if (ec != std::errc::cross_device_link) return FromErrorCode(ec, what);
    // Another file system: copy, then delete the source. A failure half-way
    // leaves the source intact and removes the partial copy.
    fs::copy(from_path, to_path, fs::copy_options::recursive, ec);
    if (ec) {
      std::error_code ignored;
      fs::remove_all(to_path, ignored);
      return FromErrorCode(ec, what);
    }
    fs::remove_all(from_path, ec);
    if (ec) return FromErrorCode(ec, absl::StrCat(what, " (copied; the source remains)"));
    return absl::OkStatus();
  }

  absl::Status DeleteRecursively(std::string_view location) override {
    ASSIGN_OR_RETURN(std::string path, LocalPath(location));
    if (fs::path(path) == fs::path(path).root_path()) {
      return absl::InvalidArgumentError(
          absl::StrCat("refusing to delete the file-system root '", AbslView(location), "'"));
    }
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec) return FromErrorCode(ec, absl::StrCat("cannot delete '", AbslView(location), "'"));
    return absl::OkStatus();
  }
};

// "file:" URIs: file:/p, file:///p and file://localhost/p name the same
// local path; another authority is a remote host.
absl::StatusOr<std::string> StripFileScheme(std::string_view location) {
  std::string_view rest = location.substr(5);  // after "file:"
  if (absl::StartsWith(AbslView(rest), "//")) {
    rest.remove_prefix(2);
    const size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    if (!authority.empty() && !absl::EqualsIgnoreCase(AbslView(authority), "localhost")) {
      return absl::UnimplementedError(absl::StrCat("location '", AbslView(location),
                                                   "' names a remote host; almanac manages "
                                                   "local data only"));
    }
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  }
  return std::string(rest);
}

// Characters a URI scheme may hold (RFC 3986): a scheme is present when they
// are followed by ':' before any '/'.
bool HasOtherScheme(std::string_view location, std::string_view* scheme) {
  const size_t colon = location.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  const size_t slash = location.find('/');
  if (slash != std::string_view::npos && slash < colon) return false;
  for (char c : location.substr(0, colon)) {
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  *scheme = location.substr(0, colon);
  return true;
}

}  // namespace

absl::StatusOr<std::string> LocalPath(std::string_view location) {
  if (location.empty()) return absl::InvalidArgumentError("empty location");
  std::string path;
  std::string_view scheme;
  if (absl::StartsWithIgnoreCase(AbslView(location), "file:")) {
    ASSIGN_OR_RETURN(path, StripFileScheme(location));
  } else if (HasOtherScheme(location, &scheme)) {
    return absl::UnimplementedError(
        absl::StrCat("location '", AbslView(location), "' uses scheme '", AbslView(scheme),
                     "'; almanac manages data of local (file:) locations only"));
  } else {
    path = std::string(location);
  }
  if (path.empty() || path[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("location '", AbslView(location), "' is not an absolute path"));
  }
  std::string normal = fs::path(path).lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

bool LocationIsUnder(std::string_view location, std::string_view dir) {
  if (location.empty() || dir.empty()) return false;
  absl::StatusOr<std::string> a = LocalPath(location);
  absl::StatusOr<std::string> b = LocalPath(dir);
  std::string child;
  std::string parent;
  if (a.ok() && b.ok()) {
    child = *std::move(a);
    parent = *std::move(b);
  } else if (absl::IsUnimplemented(a.status()) && absl::IsUnimplemented(b.status())) {
    child = std::string(location);
    parent = std::string(dir);
    while (child.size() > 1 && child.back() == '/') child.pop_back();
    while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  } else {
    return false;
  }
  if (child == parent) return true;
  if (parent == "/") return child.size() > 1 && child[0] == '/';
  return absl::StartsWith(child, parent) && child[parent.size()] == '/';
}

std::unique_ptr<Warehouse> NewLocalWarehouse() { return std::make_unique<LocalWarehouse>(); }

}  // namespace almanac::service
