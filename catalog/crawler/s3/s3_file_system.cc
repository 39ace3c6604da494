#include "catalog/crawler/s3/s3_file_system.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "catalog/crawler/s3/s3_xml.h"
#include "common/absl_view.h"
#include "common/status_macros.h"

namespace almanac::crawler::s3 {
namespace {

std::string Url(const S3Path &p) {
  return absl::StrCat("s3://", p.bucket, "/", p.key);
}

class S3File : public classifiers::RandomAccessFile {
public:
  S3File(std::shared_ptr<const S3Client> client, S3Path path, int64_t size,
         std::string etag)
      : client_(std::move(client)), path_(std::move(path)), size_(size),
        etag_(std::move(etag)) {}

  int64_t Size() const override { return size_; }

  // An object this small is fetched whole by its first read, and every
  // read after that (the sample after the magic bytes, a footer after the
  // head) is served from it: one request an object instead of two to four,
  // which is what a crawl of many small files waits on.
  static constexpr int64_t kWholeObjectBytes = 256 << 10;

  absl::StatusOr<std::string> ReadAt(int64_t offset,
                                     int64_t length) const override {
    if (size_ > kWholeObjectBytes && offset >= 0 && length >= 0 && offset <= size_) {
      return Fetch(offset, length);
    }
    if (offset < 0 || length < 0 || offset > size_) return Fetch(offset, length);
    std::lock_guard<std::mutex> lock(mu_);
    if (!whole_.has_value()) {
      ASSIGN_OR_RETURN(std::string all, Fetch(0, size_));
      whole_ = std::move(all);
    }
    const int64_t end = std::min(size_, offset + length);
    if (end <= offset) return std::string();
    return whole_->substr(static_cast<size_t>(offset), static_cast<size_t>(end - offset));
  }

private:
  absl::StatusOr<std::string> Fetch(int64_t offset, int64_t length) const {
    if (offset < 0 || length < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("negative read of '", Url(path_), "'"));
    }
    if (offset > size_) {
      return absl::OutOfRangeError(
          absl::StrCat("read at ", offset, " past the end of '", Url(path_),
                       "' (", size_, " bytes)"));
    }
    const int64_t end = std::min(size_, offset + length); // exclusive
    if (end <= offset)
      return std::string();
    Params headers = {{"Range", absl::StrCat("bytes=", offset, "-", end - 1)}};
    // The object must be the one whose size Open() saw.
    if (!etag_.empty())
      headers.emplace_back("If-Match", etag_);
    absl::StatusOr<HttpResponse> response =
        client_->Send("GET", path_.bucket, path_.key, {}, headers);
    if (!response.ok()) {
      const absl::StatusCode code = response.status().code();
      if (code == absl::StatusCode::kOutOfRange ||
          code == absl::StatusCode::kNotFound ||
          code == absl::StatusCode::kInvalidArgument) {
        // Gone, shrunk or replaced (412) since it was opened.
        return absl::UnavailableError(
            absl::StrCat(response.status().message(),
                         " (the object changed during the crawl)"));
      }
      return response.status();
    }
    std::string body = std::move(response->body);
    if (response->status == 200) {
      // A server that ignored the Range sent the whole object.
      if (static_cast<int64_t>(body.size()) < end) {
        return absl::UnavailableError(
            absl::StrCat("'", Url(path_), "' shrank during the crawl"));
      }
      return body.substr(static_cast<size_t>(offset),
                         static_cast<size_t>(end - offset));
    }
    if (static_cast<int64_t>(body.size()) > end - offset)
      body.resize(end - offset);
    return body;
  }

  std::shared_ptr<const S3Client> client_;
  S3Path path_;
  int64_t size_;
  std::string etag_;
  mutable std::mutex mu_;
  mutable std::optional<std::string> whole_;  // objects up to kWholeObjectBytes
};

class S3FileSystem : public FileSystem {
public:
  explicit S3FileSystem(std::shared_ptr<const S3Client> client)
      : client_(std::move(client)) {}

  absl::StatusOr<std::vector<DirEntry>>
  List(const std::string &path) const override {
    ASSIGN_OR_RETURN(S3Path p, ParseS3Path(path));
    std::string prefix = p.key;
    if (!prefix.empty() && prefix.back() != '/')
      prefix.push_back('/');
    std::vector<DirEntry> out;
    bool marker_seen = false;
    std::string token;
    do {
      Params query = {
          {"list-type", "2"}, {"delimiter", "/"}, {"prefix", prefix}};
      if (!token.empty())
        query.emplace_back("continuation-token", token);
      ASSIGN_OR_RETURN(HttpResponse response,
                       client_->Send("GET", p.bucket, "", query, {}));
      absl::StatusOr<ListPage> page = ParseListObjectsV2(response.body);
      if (!page.ok()) {
        return absl::DataLossError(
            absl::StrCat("listing '", path, "': ", page.status().message()));
      }
      for (ListedObject &object : page->objects) {
        if (object.key == prefix)
          marker_seen = true;
        if (object.key.size() <= prefix.size() ||
            absl::EndsWith(object.key, "/"))
          continue;
        DirEntry entry;
        entry.name = object.key.substr(prefix.size());
        entry.size = object.size;
        entry.mtime = object.mtime;
        entry.etag = std::move(object.etag);
        out.push_back(std::move(entry));
      }
      for (const std::string &common : page->common_prefixes) {
        if (common.size() <= prefix.size() + 1)
          continue; // "prefix//"
        DirEntry entry;
        entry.name =
            common.substr(prefix.size(), common.size() - prefix.size() - 1);
        entry.is_dir = true;
        entry.id = absl::StrCat("s3://", p.bucket, "/",
                                common.substr(0, common.size() - 1));
        out.push_back(std::move(entry));
      }
      if (page->truncated && page->next_continuation_token.empty()) {
        return absl::DataLossError(
            absl::StrCat("listing '", path,
                         "': truncated page without a continuation token"));
      }
      token = page->truncated ? page->next_continuation_token : "";
    } while (!token.empty());
    // S3 lists a missing prefix as empty; a folder that does not exist is
    // NotFound as on a local disk (a bucket root or a marked folder is not).
    if (out.empty() && !prefix.empty() && !marker_seen) {
      return absl::NotFoundError(
          absl::StrCat("folder '", path, "' not found (no key under it)"));
    }
    std::sort(out.begin(), out.end(), [](const DirEntry &a, const DirEntry &b) {
      return a.name < b.name;
    });
    return out;
  }

  absl::StatusOr<std::unique_ptr<classifiers::RandomAccessFile>>
  Open(const std::string &path) const override {
    ASSIGN_OR_RETURN(S3Path p, ParseS3Path(path));
    if (p.key.empty() || absl::EndsWith(p.key, "/")) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", path, "' is a folder, not an object"));
    }
    ASSIGN_OR_RETURN(HttpResponse head,
                     client_->Send("HEAD", p.bucket, p.key, {}, {}));
    int64_t size = 0;
    if (!absl::SimpleAtoi(head.Header("content-length"), &size) || size < 0) {
      return absl::DataLossError(
          absl::StrCat("no size in the HEAD response for '", path, "'"));
    }
    std::unique_ptr<classifiers::RandomAccessFile> file =
        std::make_unique<S3File>(client_, std::move(p), size,
                                 head.Header("etag"));
    return file;
  }

  absl::StatusOr<std::unique_ptr<classifiers::RandomAccessFile>>
  OpenListed(const std::string &path, const DirEntry &listed) const override {
    // Without a listed ETag the reads could not insist on the listed
    // object (If-Match): ask with a HEAD as Open does.
    if (listed.etag.empty() || listed.is_dir)
      return Open(path);
    ASSIGN_OR_RETURN(S3Path p, ParseS3Path(path));
    if (p.key.empty() || absl::EndsWith(p.key, "/")) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", path, "' is a folder, not an object"));
    }
    std::unique_ptr<classifiers::RandomAccessFile> file =
        std::make_unique<S3File>(client_, std::move(p), listed.size,
                                 listed.etag);
    return file;
  }

  absl::StatusOr<std::string> FolderId(const std::string &path) const override {
    ASSIGN_OR_RETURN(S3Path p, ParseS3Path(path));
    while (!p.key.empty() && p.key.back() == '/')
      p.key.pop_back();
    return absl::StrCat("s3://", p.bucket, p.key.empty() ? "" : "/", p.key);
  }

private:
  std::shared_ptr<const S3Client> client_;
};

} // namespace

absl::StatusOr<S3Path> ParseS3Path(std::string_view path) {
  if (!absl::StartsWith(AbslView(path), "s3://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", AbslView(path), "' is not an s3:// path"));
  }
  std::string_view rest = path.substr(5);
  S3Path out;
  const size_t slash = rest.find('/');
  out.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos)
    out.key = std::string(rest.substr(slash + 1));
  if (out.bucket.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", AbslView(path), "' names no bucket"));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<FileSystem>>
NewS3FileSystem(const S3Config &config) {
  ASSIGN_OR_RETURN(S3Config resolved, ResolveS3Config(config));
  return NewS3FileSystem(std::make_shared<const S3Client>(std::move(resolved),
                                                          NewCurlTransport()));
}

std::unique_ptr<FileSystem>
NewS3FileSystem(std::shared_ptr<const S3Client> client) {
  return std::make_unique<S3FileSystem>(std::move(client));
}

} // namespace almanac::crawler::s3
