#include "catalog/classifiers/testing/classifier_cases.h"

#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "catalog/classifiers/builtin.h"
#include "catalog/classifiers/registry.h"
#include "catalog/classifiers/sample_reader.h"
#include "common/status_macros.h"

namespace almanac::classifiers::testing {
namespace {

using nlohmann::json;

std::string Str(const json& j, const char* key) {
  return j.contains(key) ? j.at(key).get<std::string>() : std::string();
}

std::vector<std::string> Strs(const json& j, const char* key) {
  std::vector<std::string> out;
  if (j.contains(key)) {
    for (const auto& v : j.at(key)) out.push_back(v.get<std::string>());
  }
  return out;
}

struct Check {
  std::string key;
  std::string value;
};

struct Case {
  int line = 0;
  std::string file;
  bool expect_error = false;
  std::string error;  // substring
  std::string classification;
  std::string certainty;  // as written, compared numerically
  std::string columns;    // rendered
  bool check_columns = false;
  std::vector<Check> checks;
  std::vector<const Classifier*> custom;
  std::vector<std::string> only;
};

std::string Render(const std::vector<model::Column>& columns) {
  return absl::StrJoin(columns, ", ", [](std::string* out, const model::Column& c) {
    absl::StrAppend(out, c.name, ":", c.type);
  });
}

std::string Lookup(const model::Parameters& p, const std::string& key) {
  auto it = p.find(key);
  return it == p.end() ? "<absent>" : it->second;
}

// What `inference` says for `key`, rendered as a case writes it.
std::string Actual(const Inference& inference, const std::string& key) {
  if (key == "serde") return inference.serde.serialization_library;
  if (key == "input") return inference.input_format;
  if (key == "output") return inference.output_format;
  if (key == "records") {
    return inference.record_count ? absl::StrCat(*inference.record_count) : "none";
  }
  if (absl::StartsWith(key, "serde.")) return Lookup(inference.serde.parameters, key.substr(6));
  if (absl::StartsWith(key, "table.")) return Lookup(inference.table_parameters, key.substr(6));
  return "<unknown check '" + key + "'>";
}

}  // namespace

absl::StatusOr<model::ClassifierDefinition> CustomDefinitionFromJson(const std::string& text) {
  try {
    json j = json::parse(text);
    model::ClassifierDefinition d;
    d.name = Str(j, "name");
    d.kind = Str(j, "kind");
    if (j.contains("grok")) {
      const json& g = j.at("grok");
      d.grok.classification = Str(g, "classification");
      d.grok.grok_pattern = Str(g, "grok_pattern");
      d.grok.custom_patterns = Str(g, "custom_patterns");
    }
    if (j.contains("xml")) {
      d.xml.classification = Str(j.at("xml"), "classification");
      d.xml.row_tag = Str(j.at("xml"), "row_tag");
    }
    if (j.contains("json")) d.json.json_path = Str(j.at("json"), "json_path");
    if (j.contains("csv")) {
      const json& c = j.at("csv");
      if (c.contains("delimiter")) d.csv.delimiter = Str(c, "delimiter");
      if (c.contains("quote_symbol")) d.csv.quote_symbol = Str(c, "quote_symbol");
      if (c.contains("contains_header")) d.csv.contains_header = Str(c, "contains_header");
      d.csv.header = Strs(c, "header");
      d.csv.disable_value_trimming = c.value("disable_value_trimming", false);
      d.csv.allow_single_column = c.value("allow_single_column", false);
      d.csv.custom_datatype_configured = c.value("custom_datatype_configured", false);
      d.csv.custom_datatypes = Strs(c, "custom_datatypes");
    }
    return d;
  } catch (const json::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat("bad custom classifier JSON: ", e.what()));
  }
}

absl::StatusOr<std::vector<std::string>> RunClassifierCases(const std::string& cases_file,
                                                            const std::string& generated_dir,
                                                            const std::string& static_dir,
                                                            int* cases_run) {
  std::ifstream in(cases_file);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", cases_file));
  ClassifierRegistry builtins;
  RETURN_IF_ERROR(RegisterBuiltinClassifiers(builtins));
  std::vector<std::unique_ptr<Classifier>> owned_custom;
  std::vector<const Classifier*> custom;
  std::vector<std::string> only;
  std::vector<Case> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty() || absl::StartsWith(line, "#")) continue;
    const std::string where = absl::StrCat(cases_file, ":", number);
    if (absl::StartsWith(line, "@custom ")) {
      std::string arg(absl::StripAsciiWhitespace(line.substr(8)));
      if (arg == "clear") {
        custom.clear();
        continue;
      }
      ASSIGN_OR_RETURN(model::ClassifierDefinition d, CustomDefinitionFromJson(arg));
      auto made = MakeCustomClassifier(d);
      if (!made.ok()) return absl::InvalidArgumentError(absl::StrCat(where, ": ", made.status().message()));
      custom.push_back(made->get());
      owned_custom.push_back(*std::move(made));
      continue;
    }
    if (absl::StartsWith(line, "@only ")) {
      only = absl::StrSplit(absl::StripAsciiWhitespace(line.substr(6)), ' ', absl::SkipEmpty());
      if (only.size() == 1 && only[0] == "all") only.clear();
      for (const std::string& name : only) {
        if (builtins.Find(name) == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(where, ": no built-in classifier '", name, "'"));
        }
      }
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t') {
      if (cases.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": check before any case"));
      std::string body(absl::StripAsciiWhitespace(line));
      std::pair<std::string, std::string> kv = absl::StrSplit(body, absl::MaxSplits(' ', 1));
      cases.back().checks.push_back({kv.first, std::string(absl::StripAsciiWhitespace(kv.second))});
      continue;
    }
    Case c;
    c.line = number;
    c.custom = custom;
    c.only = only;
    if (size_t bang = line.find(" !! "); bang != std::string::npos) {
      c.file = std::string(absl::StripAsciiWhitespace(line.substr(0, bang)));
      c.expect_error = true;
      c.error = std::string(absl::StripAsciiWhitespace(line.substr(bang + 4)));
    } else if (size_t arrow = line.find(" => "); arrow != std::string::npos) {
      c.file = std::string(absl::StripAsciiWhitespace(line.substr(0, arrow)));
      std::string rest(absl::StripAsciiWhitespace(line.substr(arrow + 4)));
      std::string head = rest;
      if (size_t bar = rest.find('|'); bar != std::string::npos) {
        head = std::string(absl::StripAsciiWhitespace(rest.substr(0, bar)));
        c.columns = std::string(absl::StripAsciiWhitespace(rest.substr(bar + 1)));
        c.check_columns = true;
      }
      std::vector<std::string> parts = absl::StrSplit(head, ' ', absl::SkipEmpty());
      if (parts.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": no classification"));
      c.classification = parts[0];
      if (parts.size() > 1) c.certainty = parts[1];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(where, ": expected 'FILE => ...' or 'FILE !! ...'"));
    }
    cases.push_back(std::move(c));
  }

  std::vector<std::string> failures;
  for (const Case& c : cases) {
    const std::string where = absl::StrCat(cases_file, ":", c.line, ": ", c.file);
    std::string path = absl::StrCat(generated_dir, "/", c.file);
    if (!std::ifstream(path)) path = absl::StrCat(static_dir, "/", c.file);
    // Builtins restricted by @only: a registry of borrowed pointers would
    // need ownership games; filter by wrapping the chooser instead.
    ClassifierRegistry restricted;
    const ClassifierRegistry* chosen = &builtins;
    struct Borrowed : Classifier {
      explicit Borrowed(const Classifier* c) : c_(c) {}
      std::string_view name() const override { return c_->name(); }
      absl::StatusOr<std::optional<Inference>> Classify(const FileSample& s) const override {
        return c_->Classify(s);
      }
      const Classifier* c_;
    };
    if (!c.only.empty()) {
      for (const std::string& name : c.only) {
        RETURN_IF_ERROR(restricted.Register(std::make_unique<Borrowed>(builtins.Find(name))));
      }
      chosen = &restricted;
    }
    Compression compression = Compression::kNone;
    absl::StatusOr<Inference> got = [&]() -> absl::StatusOr<Inference> {
      ASSIGN_OR_RETURN(std::unique_ptr<RandomAccessFile> file, OpenLocalFile(path));
      ASSIGN_OR_RETURN(OwnedSample sample, ReadSample(std::move(file), path));
      compression = sample.sample().compression;
      return ChooseClassification(c.custom, *chosen, sample.sample());
    }();
    if (c.expect_error) {
      if (got.ok()) {
        failures.push_back(absl::StrCat(where, ": expected an error containing '", c.error,
                                        "', got ", got->classification, " | ", Render(got->columns)));
      } else if (!absl::StrContains(got.status().message(), c.error)) {
        failures.push_back(absl::StrCat(where, ": expected an error containing '", c.error,
                                        "', got: ", got.status().ToString()));
      }
      continue;
    }
    if (!got.ok()) {
      failures.push_back(absl::StrCat(where, ": unexpected error: ", got.status().ToString()));
      continue;
    }
    if (got->classification != c.classification) {
      failures.push_back(absl::StrCat(where, ": classification ", got->classification,
                                      ", expected ", c.classification));
    }
    if (!c.certainty.empty()) {
      double want = 0;
      if (!absl::SimpleAtod(c.certainty, &want)) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": bad certainty '", c.certainty, "'"));
      }
      if (std::abs(want - got->certainty) > 1e-9) {
        failures.push_back(absl::StrCat(where, ": certainty ", got->certainty, ", expected ", want));
      }
    }
    if (c.check_columns && Render(got->columns) != c.columns) {
      failures.push_back(absl::StrCat(where, ": columns\n      got      ", Render(got->columns),
                                      "\n      expected ", c.columns));
    }
    for (const Check& check : c.checks) {
      const std::string actual = check.key == "compression"
                                     ? std::string(CompressionName(compression))
                                     : Actual(*got, check.key);
      if (actual != check.value) {
        failures.push_back(absl::StrCat(where, ": ", check.key, " is '", actual, "', expected '",
                                        check.value, "'"));
      }
    }
  }
  *cases_run = static_cast<int>(cases.size());
  return failures;
}

}  // namespace almanac::classifiers::testing
