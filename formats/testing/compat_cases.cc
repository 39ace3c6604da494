#include "formats/testing/compat_cases.h"

#include <cstdlib>
#include <fstream>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/absl_view.h"

namespace almanac::formats::testing {
namespace {

bool IsHeader(const std::string& line) {
  return absl::StartsWith(line, "== ") || absl::StartsWith(line, "mode:") ||
         line == "old:" || line == "new:" || absl::StartsWith(line, "expect:") ||
         absl::StartsWith(line, "reason:");
}

std::string Trim(std::string_view s) { return std::string(absl::StripAsciiWhitespace(AbslView(s))); }

}  // namespace

std::string SourcePath(const std::string& relative) {
  const char* root = std::getenv("ALMANAC_SOURCE_DIR");
  return absl::StrCat(root != nullptr ? root : ".", "/", relative);
}

absl::StatusOr<std::vector<CompatCase>> ReadCompatCases(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);

  std::vector<CompatCase> cases;
  auto bad = [&](size_t i, std::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(path, ":", i + 1, ": ", AbslView(why)));
  };
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& line = lines[i];
    if (Trim(line).empty() || absl::StartsWith(line, "#")) {
      ++i;
      continue;
    }
    if (!absl::StartsWith(line, "== ")) return bad(i, "expected '== case name'");
    CompatCase c;
    c.name = Trim(line.substr(3));
    c.line = static_cast<int>(i + 1);
    ++i;
    while (i < lines.size() && !absl::StartsWith(lines[i], "== ")) {
      const std::string& h = lines[i];
      if (Trim(h).empty() || absl::StartsWith(h, "#")) {
        ++i;
        continue;
      }
      if (absl::StartsWith(h, "mode:")) {
        c.mode = Trim(h.substr(5));
        ++i;
      } else if (absl::StartsWith(h, "expect:")) {
        c.expect = Trim(h.substr(7));
        ++i;
      } else if (absl::StartsWith(h, "reason:")) {
        c.reasons.push_back(Trim(h.substr(7)));
        ++i;
      } else if (h == "old:" || h == "new:") {
        std::string body;
        size_t j = i + 1;
        while (j < lines.size() && !IsHeader(lines[j])) {
          absl::StrAppend(&body, lines[j], "\n");
          ++j;
        }
        // Trailing blank lines and comments between cases are not part of a body.
        if (h == "old:") {
          c.old_versions.push_back(body);
        } else {
          c.new_version = body;
        }
        i = j;
      } else {
        return bad(i, absl::StrCat("unexpected line '", h, "'"));
      }
    }
    if (c.mode.empty()) return bad(c.line - 1, "case has no 'mode:'");
    if (c.expect != "compatible" && c.expect != "incompatible" && c.expect != "parse error") {
      return bad(c.line - 1, "'expect:' must be compatible, incompatible or parse error");
    }
    if (c.expect != "compatible" && c.reasons.empty()) {
      return bad(c.line - 1, "an incompatible or parse-error case needs a 'reason:'");
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

CompatOutcome RunCompatCase(SchemaFormat format, const CompatCase& c) {
  CompatOutcome out;
  std::vector<std::unique_ptr<ParsedSchema>> olds;
  for (size_t k = 0; k < c.old_versions.size(); ++k) {
    auto parsed = ParseSchema(format, c.old_versions[k]);
    if (!parsed.ok()) {
      out.verdict = "bad case";
      out.reasons.push_back(absl::StrCat("old version ", k + 1,
                                         " does not parse: ", parsed.status().message()));
      return out;
    }
    olds.push_back(*std::move(parsed));
  }
  auto candidate = ParseSchema(format, c.new_version);
  if (!candidate.ok()) {
    out.verdict = "parse error";
    out.reasons.push_back(std::string(candidate.status().message()));
    return out;
  }
  auto mode = ParseCompatibilityMode(c.mode);
  if (!mode.ok()) {
    out.verdict = "bad case";
    out.reasons.push_back(std::string(mode.status().message()));
    return out;
  }
  std::vector<PriorVersion> prior;
  for (size_t k = 0; k < olds.size(); ++k) {
    prior.push_back({static_cast<int64_t>(k + 1), olds[k].get()});
  }
  auto found = EvaluateCompatibility(*mode, prior, **candidate);
  if (!found.ok()) {
    out.verdict = "incompatible";
    out.reasons.push_back(std::string(found.status().message()));
    return out;
  }
  out.verdict = found->empty() ? "compatible" : "incompatible";
  for (const VersionIncompatibility& f : *found) out.reasons.push_back(DescribeIncompatibility(f));
  return out;
}

std::string MismatchOf(const CompatCase& c, const CompatOutcome& outcome) {
  std::string got = absl::StrCat("got ", outcome.verdict, ":\n    ",
                                 absl::StrJoin(outcome.reasons, "\n    "));
  if (outcome.verdict != c.expect) return absl::StrCat("expected ", c.expect, ", ", got);
  for (const std::string& want : c.reasons) {
    bool seen = false;
    for (const std::string& r : outcome.reasons) seen = seen || absl::StrContains(r, want);
    if (!seen) return absl::StrCat("no reason contains '", want, "'; ", got);
  }
  return "";
}

}  // namespace almanac::formats::testing
