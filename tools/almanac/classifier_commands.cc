// `almanac classifier create|update|ls|show|rm`: custom classifiers (Glue's
// grok, XML, JSON and CSV kinds) over gRPC. Every verb takes --json. The
// server compiles a definition when it is stored and refuses one the
// crawler could not use, naming the problem.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

// The flags of `create` and `update`; `update` starts from the stored
// definition and replaces what a flag gives.
struct ClassifierFlags {
  std::string name;
  std::string kind;
  std::string classification;
  std::string grok_pattern;
  std::string custom_patterns_file;
  std::string custom_patterns;
  std::string row_tag;
  std::string json_path;
  std::string delimiter;
  std::string quote;
  std::string header;
  std::string columns;
  bool no_trim = false;
  bool allow_single_column = false;
  std::string custom_datatypes;
  std::vector<std::string> given;  // the flags given, as spelled
};

bool Given(const ClassifierFlags& f, const std::string& flag) {
  return std::find(f.given.begin(), f.given.end(), flag) != f.given.end();
}

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

// The kind each per-kind flag belongs to.
struct KindFlag {
  const char* flag;
  const char* kinds;  // the kinds it applies to, lower case, for the message
};
constexpr KindFlag kKindFlags[] = {
    {"--classification", "grok xml"},
    {"--grok-pattern", "grok"},
    {"--custom-patterns-file", "grok"},
    {"--custom-patterns", "grok"},
    {"--row-tag", "xml"},
    {"--json-path", "json"},
    {"--delimiter", "csv"},
    {"--quote", "csv"},
    {"--header", "csv"},
    {"--columns", "csv"},
    {"--no-trim", "csv"},
    {"--allow-single-column", "csv"},
    {"--custom-datatypes", "csv"},
};

// Fills `c` (whose kind is set) from the flags.
absl::Status ApplyFlags(const ClassifierFlags& f, v1::Classifier* c) {
  const std::string kind = absl::AsciiStrToLower(c->kind());
  if (kind != "grok" && kind != "xml" && kind != "json" && kind != "csv") {
    return UsageError(absl::StrCat("unknown --kind '", c->kind(), "' (grok, xml, json, csv)"));
  }
  for (const KindFlag& k : kKindFlags) {
    if (!Given(f, k.flag)) continue;
    std::vector<std::string> kinds = absl::StrSplit(k.kinds, ' ');
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      return UsageError(absl::StrCat(k.flag, " applies to --kind ", absl::StrJoin(kinds, " or "),
                                     ", not ", kind));
    }
  }
  if (Given(f, "--custom-patterns-file") && Given(f, "--custom-patterns")) {
    return UsageError("give --custom-patterns-file or --custom-patterns, not both");
  }
  c->set_name(f.name);
  if (kind == "grok") {
    v1::GrokClassifier* g = c->mutable_grok();
    if (Given(f, "--classification")) g->set_classification(f.classification);
    if (Given(f, "--grok-pattern")) g->set_grok_pattern(f.grok_pattern);
    if (Given(f, "--custom-patterns")) g->set_custom_patterns(f.custom_patterns);
    if (Given(f, "--custom-patterns-file")) {
      ASSIGN_OR_RETURN(std::string text,
                       ReadTextFile(f.custom_patterns_file, "--custom-patterns-file"));
      g->set_custom_patterns(text);
    }
  } else if (kind == "xml") {
    v1::XmlClassifier* x = c->mutable_xml();
    if (Given(f, "--classification")) x->set_classification(f.classification);
    if (Given(f, "--row-tag")) x->set_row_tag(f.row_tag);
  } else if (kind == "json") {
    v1::JsonClassifier* j = c->mutable_json();
    if (Given(f, "--json-path")) j->set_json_path(f.json_path);
  } else {
    v1::CsvClassifier* v = c->mutable_csv();
    if (Given(f, "--delimiter")) v->set_delimiter(f.delimiter);
    if (Given(f, "--quote")) v->set_quote_symbol(f.quote);
    if (Given(f, "--header")) v->set_contains_header(absl::AsciiStrToUpper(f.header));
    if (Given(f, "--columns")) {
      v->clear_header();
      for (const std::string& col : SplitList(f.columns)) v->add_header(col);
    }
    if (Given(f, "--no-trim")) v->set_disable_value_trimming(f.no_trim);
    if (Given(f, "--allow-single-column")) v->set_allow_single_column(f.allow_single_column);
    if (Given(f, "--custom-datatypes")) {
      v->clear_custom_datatypes();
      for (const std::string& t : SplitList(f.custom_datatypes)) {
        v->add_custom_datatypes(absl::AsciiStrToUpper(t));
      }
      v->set_custom_datatype_configured(v->custom_datatypes_size() > 0);
    }
  }
  return absl::OkStatus();
}

std::string Detail(const v1::Classifier& c) {
  switch (c.spec_case()) {
    case v1::Classifier::kGrok:
      return absl::StrCat(c.grok().classification(), ": ", c.grok().grok_pattern());
    case v1::Classifier::kXml:
      return absl::StrCat(c.xml().classification(), ": <", c.xml().row_tag(), ">");
    case v1::Classifier::kJson:
      return c.json().json_path();
    case v1::Classifier::kCsv:
      return absl::StrCat("delimiter '", c.csv().delimiter(), "', header ",
                          c.csv().contains_header());
    case v1::Classifier::SPEC_NOT_SET:
      break;
  }
  return "-";
}

void PrintClassifier(const v1::Classifier& c) {
  std::printf("classifier      %s\nkind            %s\n", c.name().c_str(), c.kind().c_str());
  switch (c.spec_case()) {
    case v1::Classifier::kGrok:
      std::printf("classification  %s\ngrok pattern    %s\n", c.grok().classification().c_str(),
                  c.grok().grok_pattern().c_str());
      if (!c.grok().custom_patterns().empty()) {
        std::printf("custom patterns\n");
        for (absl::string_view line :
             absl::StrSplit(c.grok().custom_patterns(), '\n', absl::SkipEmpty())) {
          std::printf("  %s\n", std::string(line).c_str());
        }
      }
      break;
    case v1::Classifier::kXml:
      std::printf("classification  %s\nrow tag         %s\n", c.xml().classification().c_str(),
                  c.xml().row_tag().c_str());
      break;
    case v1::Classifier::kJson:
      std::printf("json path       %s\n", c.json().json_path().c_str());
      break;
    case v1::Classifier::kCsv: {
      const v1::CsvClassifier& v = c.csv();
      std::printf("delimiter       %s\nquote           %s\nheader          %s\n",
                  v.delimiter().c_str(), v.quote_symbol().c_str(), v.contains_header().c_str());
      std::printf("columns         %s\n",
                  v.header().empty() ? "-" : absl::StrJoin(v.header(), ",").c_str());
      std::printf("trim values     %s\nsingle column   %s\n",
                  v.disable_value_trimming() ? "no" : "yes",
                  v.allow_single_column() ? "allowed" : "not allowed");
      std::printf("custom types    %s\n", v.custom_datatype_configured()
                                              ? absl::StrJoin(v.custom_datatypes(), ",").c_str()
                                              : "-");
      break;
    }
    case v1::Classifier::SPEC_NOT_SET:
      break;
  }
  std::printf("version         %lld\ncreated         %s\nupdated         %s\n",
              static_cast<long long>(c.version()), FormatTime(c.create_time()).c_str(),
              FormatTime(c.update_time()).c_str());
}

absl::StatusOr<v1::Classifier> GetClassifier(const ClientOptions& o, const std::string& name) {
  v1::GetClassifierRequest request;
  request.set_name(name);
  v1::GetClassifierResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::GetClassifier, request, &response));
  return response.classifier();
}

void PrintDefined(const ClientOptions& o, const v1::Classifier& c, const char* verb) {
  if (o.json) {
    PrintJson(MessageToJson(c));
  } else {
    std::printf("%s %s classifier %s (version %lld)\n", verb, c.kind().c_str(), c.name().c_str(),
                static_cast<long long>(c.version()));
  }
}

absl::Status ClassifierCreate(const ClientOptions& o, const ClassifierFlags& f) {
  v1::CreateClassifierRequest request;
  request.mutable_classifier()->set_kind(f.kind);
  RETURN_IF_ERROR(ApplyFlags(f, request.mutable_classifier()));
  v1::CreateClassifierResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::CreateClassifier, request, &response));
  PrintDefined(o, response.classifier(), "created");
  return absl::OkStatus();
}

absl::Status ClassifierUpdate(const ClientOptions& o, const ClassifierFlags& f) {
  ASSIGN_OR_RETURN(v1::Classifier current, GetClassifier(o, f.name));
  v1::UpdateClassifierRequest request;
  if (!f.kind.empty() && absl::AsciiStrToUpper(f.kind) != current.kind()) {
    // Sent as asked: the server refuses a change of kind, saying so.
    request.mutable_classifier()->set_kind(f.kind);
  } else {
    *request.mutable_classifier() = current;
  }
  RETURN_IF_ERROR(ApplyFlags(f, request.mutable_classifier()));
  v1::UpdateClassifierResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::UpdateClassifier, request, &response));
  PrintDefined(o, response.classifier(), "updated");
  return absl::OkStatus();
}

absl::Status ClassifierList(const ClientOptions& o) {
  v1::ListClassifiersResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::ListClassifiers,
                                        v1::ListClassifiersRequest(), &response));
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const v1::Classifier& c : response.classifiers()) out.push_back(MessageToJson(c));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::Classifier& c : response.classifiers()) {
    rows.push_back(
        {c.name(), c.kind(), absl::StrCat(c.version()), FormatTime(c.update_time()), Detail(c)});
  }
  PrintTable({"CLASSIFIER", "KIND", "VERSION", "UPDATED", "DEFINITION"}, rows);
  return absl::OkStatus();
}

absl::Status ClassifierShow(const ClientOptions& o, const std::string& name) {
  ASSIGN_OR_RETURN(v1::Classifier c, GetClassifier(o, name));
  if (o.json) {
    PrintJson(MessageToJson(c));
  } else {
    PrintClassifier(c);
  }
  return absl::OkStatus();
}

absl::Status ClassifierRemove(const ClientOptions& o, const std::string& name) {
  v1::DeleteClassifierRequest request;
  request.set_name(name);
  v1::DeleteClassifierResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::DeleteClassifier, request, &response));
  if (o.json) {
    PrintJson({{"deleted", name}});
  } else {
    std::printf("deleted classifier %s\n", name.c_str());
  }
  return absl::OkStatus();
}

void AddDefinitionFlags(CLI::App* cmd, ClassifierFlags* f, bool create) {
  cmd->add_option("NAME", f->name, "Classifier name")->required();
  CLI::Option* kind =
      cmd->add_option("--kind", f->kind,
                      create ? "grok, xml, json or csv" : "grok, xml, json or csv (cannot change)");
  if (create) kind->required();
  cmd->add_option("--classification", f->classification,
                  "grok, xml: the classification its tables get (e.g. apache-log)");
  cmd->add_option("--grok-pattern", f->grok_pattern,
                  "grok: the pattern, e.g. '%{IP:client} %{WORD:verb}'");
  cmd->add_option("--custom-patterns-file", f->custom_patterns_file,
                  "grok: a file of 'NAME regex' lines the pattern may use (- for stdin)");
  cmd->add_option("--custom-patterns", f->custom_patterns, "grok: the same lines given inline");
  cmd->add_option("--row-tag", f->row_tag, "xml: the element that is one record, e.g. row");
  cmd->add_option("--json-path", f->json_path, "json: where the records are, e.g. '$[*]'");
  cmd->add_option("--delimiter", f->delimiter, "csv: one character (default ,)");
  cmd->add_option("--quote", f->quote, "csv: one character (default \")");
  cmd->add_option("--header", f->header, "csv: present, absent or unknown (default unknown)");
  cmd->add_option("--columns", f->columns, "csv: column names a,b,c");
  cmd->add_flag("--no-trim,!--trim", f->no_trim, "csv: keep the spaces around values");
  cmd->add_flag("--allow-single-column,!--no-allow-single-column", f->allow_single_column,
                "csv: accept files of one column");
  cmd->add_option("--custom-datatypes", f->custom_datatypes,
                  "csv: the only types columns may get, e.g. INT,STRING (others: string)");
}

void NoteGiven(CLI::App* cmd, ClassifierFlags* f) {
  f->given.clear();
  for (const KindFlag& k : kKindFlags) {
    if (cmd->count(k.flag) > 0) f->given.push_back(k.flag);
  }
}

}  // namespace

void RegisterClassifierCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* classifier = app->add_subcommand(
      "classifier", "Custom classifiers the crawlers try before the built-in ones");
  classifier->require_subcommand(1);

  auto cf = std::make_shared<ClassifierFlags>();
  CLI::App* create =
      classifier->add_subcommand("create",
                                 "Define a classifier (the server refuses one it cannot "
                                 "compile, saying why)");
  AddDefinitionFlags(create, cf.get(), /*create=*/true);
  create->callback([=] {
    NoteGiven(create, cf.get());
    *exit_code = ReportError(ClassifierCreate(*client, *cf));
  });

  auto uf = std::make_shared<ClassifierFlags>();
  CLI::App* update =
      classifier->add_subcommand("update",
                                 "Change a classifier: each flag given replaces that part, the "
                                 "rest stays; "
                                 "the version goes up by one");
  AddDefinitionFlags(update, uf.get(), /*create=*/false);
  update->callback([=] {
    NoteGiven(update, uf.get());
    *exit_code = ReportError(ClassifierUpdate(*client, *uf));
  });

  CLI::App* ls = classifier->add_subcommand("ls", "List custom classifiers");
  ls->callback([=] { *exit_code = ReportError(ClassifierList(*client)); });

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = classifier->add_subcommand("show", "A classifier's definition");
  show->add_option("NAME", *show_name, "Classifier name")->required();
  show->callback([=] { *exit_code = ReportError(ClassifierShow(*client, *show_name)); });

  auto rm_name = std::make_shared<std::string>();
  CLI::App* rm =
      classifier->add_subcommand("rm", "Delete a classifier (refused while a crawler uses it)");
  rm->add_option("NAME", *rm_name, "Classifier name")->required();
  rm->callback([=] { *exit_code = ReportError(ClassifierRemove(*client, *rm_name)); });
}

}  // namespace almanac::tools
