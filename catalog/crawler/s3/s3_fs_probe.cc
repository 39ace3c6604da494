// Test driver for tests/integration/s3_file_system_test.py: the S3 file
// system configured from the environment, printing JSON on stdout.
//
//   s3_fs_probe list s3://bucket/prefix        every file under it, recursively
//   s3_fs_probe read s3://bucket/key OFF LEN   {"size": N, "hex": "..."}
//   s3_fs_probe tail s3://bucket/key LEN       the last LEN bytes
//
// A failure prints {"code": "UNAVAILABLE", "message": ...} and exits 2.
#include <cstdio>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "catalog/crawler/s3/s3_file_system.h"
#include "catalog/crawler/s3/sigv4.h"
#include "nlohmann/json.hpp"

namespace {

using almanac::crawler::FileSystem;

absl::Status Walk(const FileSystem &fs, const std::string &path,
                  nlohmann::json *out) {
  absl::StatusOr<std::vector<almanac::crawler::DirEntry>> entries =
      fs.List(path);
  if (!entries.ok())
    return entries.status();
  for (const auto &e : *entries) {
    const std::string child = path + (path.back() == '/' ? "" : "/") + e.name;
    if (e.is_dir) {
      absl::Status s = Walk(fs, child, out);
      if (!s.ok())
        return s;
    } else {
      out->push_back({{"path", child}, {"size", e.size}, {"mtime", e.mtime}});
    }
  }
  return absl::OkStatus();
}

int Fail(const absl::Status &status) {
  nlohmann::json j = {{"code", absl::StatusCodeToString(status.code())},
                      {"message", std::string(status.message())}};
  std::cout << j.dump() << "\n";
  std::cerr << "error: " << status << "\n";
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::cerr << "usage: s3_fs_probe list|read|tail s3://bucket/path [args]\n";
    return 64;
  }
  const std::string verb = argv[1], path = argv[2];
  absl::StatusOr<std::unique_ptr<FileSystem>> fs =
      almanac::crawler::s3::NewS3FileSystem(almanac::crawler::s3::S3Config());
  if (!fs.ok())
    return Fail(fs.status());
  if (verb == "list") {
    nlohmann::json files = nlohmann::json::array();
    absl::Status s = Walk(**fs, path, &files);
    if (!s.ok())
      return Fail(s);
    std::cout << nlohmann::json({{"files", files}}).dump() << "\n";
    return 0;
  }
  auto file = (*fs)->Open(path);
  if (!file.ok())
    return Fail(file.status());
  int64_t offset = 0, length = 0;
  if (verb == "read" && argc == 5 && absl::SimpleAtoi(argv[3], &offset) &&
      absl::SimpleAtoi(argv[4], &length)) {
  } else if (verb == "tail" && argc == 4 &&
             absl::SimpleAtoi(argv[3], &length)) {
    offset = std::max<int64_t>(0, (*file)->Size() - length);
  } else {
    std::cerr << "bad arguments\n";
    return 64;
  }
  auto bytes = (*file)->ReadAt(offset, length);
  if (!bytes.ok())
    return Fail(bytes.status());
  std::cout << nlohmann::json({{"size", (*file)->Size()},
                               {"hex", almanac::crawler::s3::Hex(*bytes)}})
                   .dump()
            << "\n";
  return 0;
}
