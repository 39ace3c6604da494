// `almanac registry create|ls|show|rm` and `almanac schema create|ls|rm|
// register|check|set-compatibility|versions|show|diff|rm-version|validate`:
// the schema registry over gRPC. Every verb takes --json.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "tools/almanac/commands.h"

namespace almanac::tools {
namespace {

struct SchemaName {
  std::string registry;
  std::string schema;
};

absl::StatusOr<SchemaName> SplitSchemaName(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '/');
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
    return UsageError(absl::StrCat("'", text, "' is not REGISTRY/SCHEMA"));
  }
  return SchemaName{parts[0], parts[1]};
}

absl::StatusOr<int64_t> VersionOf(const std::string& text) {
  if (text.empty() || text == "latest") return 0;
  int64_t v = 0;
  if (!absl::SimpleAtoi(text, &v) || v < 1) {
    return UsageError(absl::StrCat("'", text, "' is not a version number (1, 2, ...) or latest"));
  }
  return v;
}

absl::Status ParseMetadata(const std::vector<std::string>& pairs,
                           google::protobuf::Map<std::string, std::string>* out) {
  for (const std::string& p : pairs) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      return UsageError(absl::StrCat("--metadata '", p, "' is not KEY=VALUE"));
    }
    (*out)[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return absl::OkStatus();
}

std::string MetadataText(const v1::SchemaVersion& v) {
  std::vector<std::string> pairs;
  for (const auto& [k, val] : v.metadata()) pairs.push_back(absl::StrCat(k, "=", val));
  std::sort(pairs.begin(), pairs.end());
  return pairs.empty() ? "-" : absl::StrJoin(pairs, ",");
}

void PrintSchema(const v1::RegistrySchema& s) {
  std::printf("schema        %s/%s\n", s.registry().c_str(), s.name().c_str());
  std::printf("arn           %s\n", s.arn().c_str());
  std::printf("format        %s\n", s.data_format().c_str());
  std::printf("compatibility %s (checkpoint: version %lld)\n", s.compatibility().c_str(),
              static_cast<long long>(s.checkpoint()));
  std::printf("versions      %lld (latest %lld)\n", static_cast<long long>(s.version_count()),
              static_cast<long long>(s.latest_version()));
  if (!s.description().empty()) std::printf("description   %s\n", s.description().c_str());
  std::printf("created       %s\nupdated       %s\n", FormatTime(s.create_time()).c_str(),
              FormatTime(s.update_time()).c_str());
}

void PrintReasons(const v1::CheckSchemaCompatibilityResponse& r) {
  for (const v1::CompatibilityReason& reason : r.reasons()) {
    std::printf("  - %s\n", reason.message().c_str());
  }
}

// ---- registries ----

absl::Status RegistryCreate(const ClientOptions& o, const std::string& name,
                            const std::string& description) {
  v1::CreateRegistryRequest request;
  request.set_name(name);
  request.set_description(description);
  v1::CreateRegistryResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::CreateRegistry, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response.registry()));
  } else {
    std::printf("created registry %s (%s)\n", name.c_str(), response.registry().arn().c_str());
  }
  return absl::OkStatus();
}

absl::Status RegistryList(const ClientOptions& o) {
  v1::ListRegistriesResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::ListRegistries,
                                        v1::ListRegistriesRequest(), &response));
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const v1::Registry& r : response.registries()) out.push_back(MessageToJson(r));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::Registry& r : response.registries()) {
    rows.push_back({r.name(), absl::StrCat(r.schema_count()), FormatTime(r.update_time()),
                    r.description()});
  }
  PrintTable({"REGISTRY", "SCHEMAS", "UPDATED", "DESCRIPTION"}, rows);
  return absl::OkStatus();
}

absl::Status SchemaList(const ClientOptions& o, const std::string& registry) {
  v1::ListSchemasRequest request;
  request.set_registry(registry);
  v1::ListSchemasResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::ListSchemas, request, &response));
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const v1::RegistrySchema& s : response.schemas()) out.push_back(MessageToJson(s));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::RegistrySchema& s : response.schemas()) {
    rows.push_back({s.name(), s.data_format(), s.compatibility(), absl::StrCat(s.latest_version()),
                    absl::StrCat(s.version_count()), FormatTime(s.update_time())});
  }
  PrintTable({"SCHEMA", "FORMAT", "COMPATIBILITY", "LATEST", "VERSIONS", "UPDATED"}, rows);
  return absl::OkStatus();
}

absl::Status RegistryShow(const ClientOptions& o, const std::string& name) {
  v1::GetRegistryRequest request;
  request.set_name(name);
  v1::GetRegistryResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::GetRegistry, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response.registry()));
    return absl::OkStatus();
  }
  const v1::Registry& r = response.registry();
  std::printf("registry    %s\narn         %s\ndescription %s\ncreated     %s\nupdated     %s\n\n",
              r.name().c_str(), r.arn().c_str(), r.description().empty() ? "-" : r.description().c_str(),
              FormatTime(r.create_time()).c_str(), FormatTime(r.update_time()).c_str());
  return SchemaList(o, name);
}

absl::Status RegistryRemove(const ClientOptions& o, const std::string& name, bool force) {
  v1::DeleteRegistryRequest request;
  request.set_name(name);
  request.set_force(force);
  v1::DeleteRegistryResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::DeleteRegistry, request, &response));
  if (o.json) {
    PrintJson({{"deleted", name}});
  } else {
    std::printf("deleted registry %s\n", name.c_str());
  }
  return absl::OkStatus();
}

// ---- schemas ----

struct CreateFlags {
  std::string name;
  std::string format;
  std::string compatibility = "BACKWARD";
  std::string file;
  std::string description;
  std::vector<std::string> metadata;
};

absl::Status SchemaCreate(const ClientOptions& o, const CreateFlags& f) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(f.name));
  v1::CreateSchemaRequest request;
  request.set_registry(n.registry);
  request.set_name(n.schema);
  request.set_data_format(f.format);
  request.set_compatibility(f.compatibility);
  request.set_description(f.description);
  if (!f.file.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadTextFile(f.file, "--file"));
    request.set_definition(text);
  }
  RETURN_IF_ERROR(ParseMetadata(f.metadata, request.mutable_metadata()));
  v1::CreateSchemaResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::CreateSchema, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response));
  } else {
    std::printf("created schema %s (%s, %s)", f.name.c_str(), response.schema().data_format().c_str(),
                response.schema().compatibility().c_str());
    if (response.has_version()) {
      std::printf(" with version 1 (%s)", response.version().id().c_str());
    }
    std::printf("\n");
  }
  return absl::OkStatus();
}

absl::Status SchemaRemove(const ClientOptions& o, const std::string& name, bool force) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  v1::DeleteSchemaRequest request;
  request.set_registry(n.registry);
  request.set_name(n.schema);
  request.set_force(force);
  v1::DeleteSchemaResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::DeleteSchema, request, &response));
  if (o.json) {
    PrintJson({{"deleted", name}});
  } else {
    std::printf("deleted schema %s\n", name.c_str());
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CheckSchemaCompatibilityResponse> Check(const ClientOptions& o,
                                                           const SchemaName& n,
                                                           const std::string& text) {
  v1::CheckSchemaCompatibilityRequest request;
  request.set_registry(n.registry);
  request.set_schema(n.schema);
  request.set_definition(text);
  v1::CheckSchemaCompatibilityResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::CheckSchemaCompatibility,
                                        request, &response));
  return response;
}

absl::Status SchemaRegister(const ClientOptions& o, const std::string& name,
                            const std::string& file, const std::vector<std::string>& metadata,
                            bool update_tables, int* exit_code) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(file, "--file"));
  v1::RegisterSchemaVersionRequest request;
  request.set_registry(n.registry);
  request.set_schema(n.schema);
  request.set_definition(text);
  request.set_update_tables(update_tables);
  RETURN_IF_ERROR(ParseMetadata(metadata, request.mutable_metadata()));
  v1::RegisterSchemaVersionResponse response;
  absl::Status s = CatalogClient(o).Call(&v1::CatalogService::Stub::RegisterSchemaVersion,
                                         request, &response);
  if (absl::IsFailedPrecondition(s)) {
    // A refusal by the mode: one reason per line, from the verdict in its
    // structured form (any other precondition falls through to the message).
    absl::StatusOr<v1::CheckSchemaCompatibilityResponse> verdict = Check(o, n, text);
    if (verdict.ok() && !verdict->compatible()) {
      if (o.json) {
        PrintJson(MessageToJson(*verdict));
      } else {
        std::fprintf(stderr, "almanac: %s refused the new version: it breaks %s compatibility\n",
                     name.c_str(), verdict->compatibility().c_str());
        for (const v1::CompatibilityReason& r : verdict->reasons()) {
          std::fprintf(stderr, "  - %s\n", r.message().c_str());
        }
      }
      *exit_code = ExitCodeFor(s);
      return absl::OkStatus();
    }
  }
  RETURN_IF_ERROR(s);
  if (o.json) {
    PrintJson(MessageToJson(response));
    return absl::OkStatus();
  }
  const v1::SchemaVersion& v = response.version();
  if (response.existing()) {
    std::printf("%s: the definition is version %lld already (%s); nothing registered\n",
                name.c_str(), static_cast<long long>(v.version()), v.id().c_str());
  } else {
    std::printf("registered %s version %lld (%s)\n", name.c_str(),
                static_cast<long long>(v.version()), v.id().c_str());
  }
  for (const std::string& t : response.tables_updated()) {
    std::printf("updated the columns of table %s\n", t.c_str());
  }
  return absl::OkStatus();
}

absl::Status SchemaCheck(const ClientOptions& o, const std::string& name, const std::string& file,
                         int* exit_code) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(file, "--file"));
  ASSIGN_OR_RETURN(v1::CheckSchemaCompatibilityResponse r, Check(o, n, text));
  if (o.json) {
    PrintJson(MessageToJson(r));
  } else if (r.identical_version() > 0) {
    std::printf("compatible: the definition is version %lld already\n",
                static_cast<long long>(r.identical_version()));
  } else if (r.compatible()) {
    std::vector<std::string> checked;
    for (int64_t v : r.checked_versions()) checked.push_back(absl::StrCat(v));
    std::printf("compatible (%s%s%s)\n", r.compatibility().c_str(),
                checked.empty() ? "" : ", checked against version ",
                absl::StrJoin(checked, ", ").c_str());
  } else {
    std::printf("NOT compatible under %s:\n", r.compatibility().c_str());
    PrintReasons(r);
  }
  if (!r.compatible()) *exit_code = kExitFailure;
  return absl::OkStatus();
}

absl::Status SchemaSetCompatibility(const ClientOptions& o, const std::string& name,
                                    const std::string& mode, int64_t checkpoint) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  v1::UpdateSchemaRequest request;
  request.set_registry(n.registry);
  request.set_name(n.schema);
  request.set_compatibility(mode);
  if (checkpoint > 0) request.set_checkpoint(checkpoint);
  v1::UpdateSchemaResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::UpdateSchema, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response.schema()));
  } else {
    std::printf("%s: compatibility %s, checkpoint version %lld\n", name.c_str(),
                response.schema().compatibility().c_str(),
                static_cast<long long>(response.schema().checkpoint()));
  }
  return absl::OkStatus();
}

absl::Status SchemaVersions(const ClientOptions& o, const std::string& name) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  v1::ListSchemaVersionsRequest request;
  request.set_registry(n.registry);
  request.set_schema(n.schema);
  v1::ListSchemaVersionsResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::ListSchemaVersions, request, &response));
  if (o.json) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const v1::SchemaVersion& v : response.versions()) out.push_back(MessageToJson(v));
    PrintJson(out);
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::SchemaVersion& v : response.versions()) {
    rows.push_back({absl::StrCat(v.version()), v.id(), v.status(), FormatTime(v.create_time()),
                    v.created_by(), MetadataText(v)});
  }
  PrintTable({"VERSION", "ID", "STATUS", "CREATED", "BY", "METADATA"}, rows);
  return absl::OkStatus();
}

absl::Status SchemaShow(const ClientOptions& o, const std::string& name,
                        const std::string& version, const std::string& id) {
  v1::GetSchemaVersionRequest request;
  if (!id.empty()) {
    request.set_id(id);
  } else {
    ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
    request.set_registry(n.registry);
    request.set_schema(n.schema);
    if (version.empty()) {
      // No version asked for: the schema itself, then its latest definition.
      v1::GetSchemaRequest sr;
      sr.set_registry(n.registry);
      sr.set_name(n.schema);
      v1::GetSchemaResponse schema;
      RETURN_IF_ERROR(
          CatalogClient(o).Call(&v1::CatalogService::Stub::GetSchema, sr, &schema));
      if (o.json) {
        PrintJson(MessageToJson(schema.schema()));
        return absl::OkStatus();
      }
      PrintSchema(schema.schema());
      if (schema.schema().latest_version() == 0) return absl::OkStatus();
      std::printf("\n");
    }
    ASSIGN_OR_RETURN(int64_t v, VersionOf(version));
    request.set_version(v);
  }
  v1::GetSchemaVersionResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::GetSchemaVersion, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response.version()));
    return absl::OkStatus();
  }
  const v1::SchemaVersion& v = response.version();
  std::printf("# %s/%s version %lld (%s), %s, created %s by %s, metadata %s\n",
              v.registry().c_str(), v.schema().c_str(), static_cast<long long>(v.version()),
              v.id().c_str(), v.status().c_str(), FormatTime(v.create_time()).c_str(),
              v.created_by().c_str(), MetadataText(v).c_str());
  std::printf("%s%s", v.definition().c_str(), absl::EndsWith(v.definition(), "\n") ? "" : "\n");
  return absl::OkStatus();
}

absl::Status SchemaDiff(const ClientOptions& o, const std::string& name, const std::string& from,
                        const std::string& to) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  v1::DiffSchemaVersionsRequest request;
  request.set_registry(n.registry);
  request.set_schema(n.schema);
  ASSIGN_OR_RETURN(int64_t f, VersionOf(from));
  ASSIGN_OR_RETURN(int64_t t, VersionOf(to));
  request.set_from_version(f);
  request.set_to_version(t);
  v1::DiffSchemaVersionsResponse response;
  RETURN_IF_ERROR(
      CatalogClient(o).Call(&v1::CatalogService::Stub::DiffSchemaVersions, request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response));
    return absl::OkStatus();
  }
  if (response.entries().empty()) {
    std::printf("no differences\n");
    return absl::OkStatus();
  }
  for (const v1::SchemaDiffEntry& e : response.entries()) {
    if (e.kind() == "added") {
      std::printf("+ %s: %s\n", e.path().c_str(), e.after().c_str());
    } else if (e.kind() == "removed") {
      std::printf("- %s: %s\n", e.path().c_str(), e.before().c_str());
    } else {
      std::printf("~ %s: %s -> %s\n", e.path().c_str(), e.before().c_str(), e.after().c_str());
    }
  }
  return absl::OkStatus();
}

absl::Status SchemaRemoveVersions(const ClientOptions& o, const std::string& name,
                                  const std::vector<std::string>& versions) {
  ASSIGN_OR_RETURN(SchemaName n, SplitSchemaName(name));
  v1::DeleteSchemaVersionsRequest request;
  request.set_registry(n.registry);
  request.set_schema(n.schema);
  for (const std::string& text : versions) {
    ASSIGN_OR_RETURN(int64_t v, VersionOf(text));
    if (v == 0) return UsageError("name the versions to delete by number");
    request.add_versions(v);
  }
  v1::DeleteSchemaVersionsResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::DeleteSchemaVersions, request,
                                        &response));
  if (o.json) {
    PrintJson({{"deleted_versions", versions}});
  } else {
    std::printf("deleted version%s %s of %s\n", versions.size() == 1 ? "" : "s",
                absl::StrJoin(versions, ", ").c_str(), name.c_str());
  }
  return absl::OkStatus();
}

absl::Status SchemaValidate(const ClientOptions& o, const std::string& format,
                            const std::string& file, int* exit_code) {
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(file, "--file"));
  v1::CheckSchemaVersionValidityRequest request;
  request.set_data_format(format);
  request.set_definition(text);
  v1::CheckSchemaVersionValidityResponse response;
  RETURN_IF_ERROR(CatalogClient(o).Call(&v1::CatalogService::Stub::CheckSchemaVersionValidity,
                                        request, &response));
  if (o.json) {
    PrintJson(MessageToJson(response));
  } else if (response.valid()) {
    std::printf("valid %s schema\n", format.c_str());
  } else {
    std::printf("invalid %s schema: %s\n", format.c_str(), response.error().c_str());
  }
  if (!response.valid()) *exit_code = kExitInvalidArgument;
  return absl::OkStatus();
}

// Runs `body`, whose own verdict (a non-zero `code`) wins over an ok status.
template <typename Body>
int Run(Body body) {
  int code = kExitOk;
  int status_code = ReportError(body(&code));
  return status_code != kExitOk ? status_code : code;
}

}  // namespace

void RegisterRegistryCommands(CLI::App* app, const ClientOptions* client, int* exit_code) {
  CLI::App* registry = app->add_subcommand("registry", "Schema registries");
  registry->require_subcommand(1);

  auto name = std::make_shared<std::string>();
  auto description = std::make_shared<std::string>();
  CLI::App* create = registry->add_subcommand("create", "Create a registry");
  create->add_option("NAME", *name, "Registry name")->required();
  create->add_option("--description", *description, "What it holds");
  create->callback([=] { *exit_code = ReportError(RegistryCreate(*client, *name, *description)); });

  CLI::App* ls = registry->add_subcommand("ls", "List registries");
  ls->callback([=] { *exit_code = ReportError(RegistryList(*client)); });

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = registry->add_subcommand("show", "A registry and its schemas");
  show->add_option("NAME", *show_name, "Registry name")->required();
  show->callback([=] { *exit_code = ReportError(RegistryShow(*client, *show_name)); });

  auto rm_name = std::make_shared<std::string>();
  auto rm_force = std::make_shared<bool>(false);
  CLI::App* rm = registry->add_subcommand("rm", "Delete a registry");
  rm->add_option("NAME", *rm_name, "Registry name")->required();
  rm->add_flag("--force", *rm_force, "Also delete every schema and version in it");
  rm->callback([=] { *exit_code = ReportError(RegistryRemove(*client, *rm_name, *rm_force)); });

  CLI::App* schema = app->add_subcommand(
      "schema", "Schemas of the registry: versions, compatibility checks, diffs");
  schema->require_subcommand(1);

  auto cf = std::make_shared<CreateFlags>();
  CLI::App* screate = schema->add_subcommand(
      "create", "Create a schema (with --file, its first version)");
  screate->add_option("REGISTRY/SCHEMA", cf->name, "Where")->required();
  screate->add_option("--format", cf->format, "AVRO, JSON or PROTOBUF")->required();
  screate->add_option("--compatibility", cf->compatibility,
                      "NONE, DISABLED, BACKWARD, BACKWARD_ALL, FORWARD, FORWARD_ALL, FULL, "
                      "FULL_ALL")
      ->capture_default_str();
  screate->add_option("--file", cf->file, "The first version's definition (- for stdin)");
  screate->add_option("--description", cf->description, "What it describes");
  screate->add_option("--metadata", cf->metadata, "KEY=VALUE for the first version (repeatable)");
  screate->callback([=] { *exit_code = ReportError(SchemaCreate(*client, *cf)); });

  auto sls_registry = std::make_shared<std::string>();
  CLI::App* sls = schema->add_subcommand("ls", "List the schemas of a registry");
  sls->add_option("REGISTRY", *sls_registry, "Registry name")->required();
  sls->callback([=] { *exit_code = ReportError(SchemaList(*client, *sls_registry)); });

  auto srm_name = std::make_shared<std::string>();
  auto srm_force = std::make_shared<bool>(false);
  CLI::App* srm = schema->add_subcommand("rm", "Delete a schema");
  srm->add_option("REGISTRY/SCHEMA", *srm_name, "Which")->required();
  srm->add_flag("--force", *srm_force, "Required when it has versions: they are deleted too");
  srm->callback([=] { *exit_code = ReportError(SchemaRemove(*client, *srm_name, *srm_force)); });

  auto reg_name = std::make_shared<std::string>();
  auto reg_file = std::make_shared<std::string>();
  auto reg_meta = std::make_shared<std::vector<std::string>>();
  auto reg_tables = std::make_shared<bool>(false);
  CLI::App* reg = schema->add_subcommand(
      "register", "Register a new version; prints it, or exits 6 with every reason it breaks "
                  "the compatibility mode");
  reg->add_option("REGISTRY/SCHEMA", *reg_name, "Which")->required();
  reg->add_option("--file", *reg_file, "The definition (- for stdin)")->required();
  reg->add_option("--metadata", *reg_meta, "KEY=VALUE (repeatable, at most 10)");
  reg->add_flag("--update-tables", *reg_tables,
                "Re-derive the columns of tables that follow the latest version");
  reg->callback([=] {
    *exit_code = Run([&](int* code) {
      return SchemaRegister(*client, *reg_name, *reg_file, *reg_meta, *reg_tables, code);
    });
  });

  auto chk_name = std::make_shared<std::string>();
  auto chk_file = std::make_shared<std::string>();
  CLI::App* chk = schema->add_subcommand(
      "check", "The compatibility verdict and its reasons, registering nothing (exit 0 only "
               "when compatible, 1 when not)");
  chk->add_option("REGISTRY/SCHEMA", *chk_name, "Which")->required();
  chk->add_option("--file", *chk_file, "The definition (- for stdin)")->required();
  chk->callback([=] {
    *exit_code =
        Run([&](int* code) { return SchemaCheck(*client, *chk_name, *chk_file, code); });
  });

  auto sc_name = std::make_shared<std::string>();
  auto sc_mode = std::make_shared<std::string>();
  auto sc_checkpoint = std::make_shared<int64_t>(0);
  CLI::App* sc = schema->add_subcommand(
      "set-compatibility", "Change the mode (the checkpoint moves to the latest version unless "
                           "--checkpoint names one)");
  sc->add_option("REGISTRY/SCHEMA", *sc_name, "Which")->required();
  sc->add_option("MODE", *sc_mode, "NONE, DISABLED, BACKWARD, ... FULL_ALL")->required();
  sc->add_option("--checkpoint", *sc_checkpoint, "The version the _ALL modes check from");
  sc->callback([=] {
    *exit_code = ReportError(SchemaSetCompatibility(*client, *sc_name, *sc_mode, *sc_checkpoint));
  });

  auto sv_name = std::make_shared<std::string>();
  CLI::App* sv = schema->add_subcommand("versions", "List the versions of a schema");
  sv->add_option("REGISTRY/SCHEMA", *sv_name, "Which")->required();
  sv->callback([=] { *exit_code = ReportError(SchemaVersions(*client, *sv_name)); });

  auto sh_name = std::make_shared<std::string>();
  auto sh_version = std::make_shared<std::string>();
  auto sh_id = std::make_shared<std::string>();
  CLI::App* sh = schema->add_subcommand(
      "show", "A schema and its latest definition, or one version (--version N|latest, --id)");
  sh->add_option("REGISTRY/SCHEMA", *sh_name, "Which");
  sh->add_option("--version", *sh_version, "A version number or latest");
  sh->add_option("--id", *sh_id, "A version's UUID instead");
  sh->callback([=] {
    if (sh_name->empty() && sh_id->empty()) {
      *exit_code = ReportError(UsageError("name REGISTRY/SCHEMA or --id UUID"));
      return;
    }
    *exit_code = ReportError(SchemaShow(*client, *sh_name, *sh_version, *sh_id));
  });

  auto d_name = std::make_shared<std::string>();
  auto d_from = std::make_shared<std::string>();
  auto d_to = std::make_shared<std::string>("latest");
  CLI::App* diff = schema->add_subcommand("diff", "Field-level differences between two versions");
  diff->add_option("REGISTRY/SCHEMA", *d_name, "Which")->required();
  diff->add_option("FROM", *d_from, "A version number")->required();
  diff->add_option("TO", *d_to, "A version number or latest")->capture_default_str();
  diff->callback([=] { *exit_code = ReportError(SchemaDiff(*client, *d_name, *d_from, *d_to)); });

  auto rv_name = std::make_shared<std::string>();
  auto rv_versions = std::make_shared<std::vector<std::string>>();
  CLI::App* rv = schema->add_subcommand(
      "rm-version", "Delete versions (never the checkpoint; all or nothing)");
  rv->add_option("REGISTRY/SCHEMA", *rv_name, "Which")->required();
  rv->add_option("VERSION", *rv_versions, "Version numbers")->required();
  rv->callback([=] {
    *exit_code = ReportError(SchemaRemoveVersions(*client, *rv_name, *rv_versions));
  });

  auto va_format = std::make_shared<std::string>();
  auto va_file = std::make_shared<std::string>();
  CLI::App* va = schema->add_subcommand(
      "validate", "Syntax check of a definition, with where it is wrong (exit 5 when invalid)");
  va->add_option("--format", *va_format, "AVRO, JSON or PROTOBUF")->required();
  va->add_option("--file", *va_file, "The definition (- for stdin)")->required();
  va->callback([=] {
    *exit_code =
        Run([&](int* code) { return SchemaValidate(*client, *va_format, *va_file, code); });
  });
}

}  // namespace almanac::tools
