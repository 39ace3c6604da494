// The "registry" suite (issue 13), two parts (--parts):
//
// check: the compatibility check the registry makes for a _ALL mode, in
// process (no server), for each format: a schema of --fields fields with
// --versions earlier versions (version k adds one field, compatible under
// BACKWARD_ALL), checked against all of them. Reported: parsing the
// candidate, the check against the already-parsed versions (what the
// server's parsed-version cache makes the common case), and the cold cost
// that also parses every earlier version. Median of --rounds rounds.
//
// register: registrations per second over gRPC against a real `almanac
// serve` (SQLite file, one writer): --registrations new versions of a
// 50-field Avro schema under BACKWARD, each adding a field with a default,
// one client in sequence; then the same definitions again (each found
// identical, nothing written).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "formats/compatibility.h"
#include "formats/schema_formats.h"
#include "tools/bench/bench_client.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/suite_env.h"
#include "tools/bench/suites.h"

namespace almanac::bench {
namespace {

namespace v1 = almanac::v1;
using formats::SchemaFormat;

// The definition of version `v` (0-based) of a `fields`-field schema: the
// first `fields` fields plus `v` more, each added one per version.
std::string Definition(SchemaFormat format, int fields, int v) {
  std::string out;
  const int n = fields + v;
  switch (format) {
    case SchemaFormat::kAvro:
      out = R"({"type": "record", "name": "Wide", "namespace": "bench", "fields": [)";
      for (int i = 0; i < n; ++i) {
        // Added fields are strings with a default, so each version reads the last.
        const char* type = i >= fields  ? R"("string", "default": "x")"
                           : i % 3 == 0 ? R"("long")"
                           : i % 3 == 1 ? R"("string")"
                                        : R"("double")";
        absl::StrAppend(&out, i ? ", " : "", R"({"name": "f)", i, R"(", "type": )", type, "}");
      }
      return out + "]}";
    case SchemaFormat::kJson:
      out = R"({"type": "object", "additionalProperties": false, "properties": {)";
      for (int i = 0; i < n; ++i) {
        const char* type = i % 3 == 0 ? "integer" : i % 3 == 1 ? "string" : "number";
        absl::StrAppend(&out, i ? ", " : "", "\"f", i, R"(": {"type": ")", type,
                        R"(", "description": "field )", i, "\"}");
      }
      return out + R"(}, "required": ["f0", "f1"]})";
    case SchemaFormat::kProtobuf:
      out = "syntax = \"proto3\";\npackage bench;\nmessage Wide {\n";
      for (int i = 0; i < n; ++i) {
        const char* type = i % 3 == 0 ? "int64" : i % 3 == 1 ? "string" : "double";
        absl::StrAppend(&out, "  ", type, " f", i, " = ", i + 1, ";\n");
      }
      return out + "}\n";
  }
  return out;
}

absl::Duration Median(std::vector<absl::Duration> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

absl::Status RunCheck(const RegistryOptions& options) {
  Table table({"format", "fields", "versions", "definition", "parse candidate",
               "check vs parsed (ALL)", "cold: parse all + check", "verdict"});
  for (SchemaFormat format : {SchemaFormat::kAvro, SchemaFormat::kJson, SchemaFormat::kProtobuf}) {
    std::vector<std::string> texts;
    for (int v = 0; v <= options.versions; ++v) {
      texts.push_back(Definition(format, options.fields, v));
    }
    std::vector<std::unique_ptr<formats::ParsedSchema>> prior;
    for (int v = 0; v < options.versions; ++v) {
      auto parsed = formats::ParseSchema(format, texts[v]);
      if (!parsed.ok()) return parsed.status();
      prior.push_back(*std::move(parsed));
    }
    std::vector<formats::PriorVersion> priors;
    for (size_t i = 0; i < prior.size(); ++i) {
      priors.push_back({static_cast<int64_t>(i + 1), prior[i].get()});
    }
    std::vector<absl::Duration> parse, check, cold;
    size_t reasons = 0;
    for (int r = 0; r < options.rounds; ++r) {
      Stopwatch sw;
      auto candidate = formats::ParseSchema(format, texts.back());
      if (!candidate.ok()) return candidate.status();
      parse.push_back(sw.Elapsed());
      sw.Reset();
      auto found = formats::EvaluateCompatibility(formats::CompatibilityMode::kBackwardAll, priors,
                                                  **candidate);
      if (!found.ok()) return found.status();
      check.push_back(sw.Elapsed());
      reasons = found->size();
      sw.Reset();
      std::vector<std::unique_ptr<formats::ParsedSchema>> fresh;
      std::vector<formats::PriorVersion> fresh_priors;
      for (int v = 0; v < options.versions; ++v) {
        auto parsed = formats::ParseSchema(format, texts[v]);
        if (!parsed.ok()) return parsed.status();
        fresh.push_back(*std::move(parsed));
        fresh_priors.push_back({v + 1, fresh.back().get()});
      }
      auto again = formats::ParseSchema(format, texts.back());
      auto found_cold = formats::EvaluateCompatibility(formats::CompatibilityMode::kBackwardAll,
                                                       fresh_priors, **again);
      if (!found_cold.ok()) return found_cold.status();
      cold.push_back(sw.Elapsed());
    }
    table.AddRow({std::string(formats::SchemaFormatName(format)), absl::StrCat(options.fields),
                  absl::StrCat(options.versions), FormatBytes(texts.back().size()),
                  FormatLatency(Median(parse)), FormatLatency(Median(check)),
                  FormatLatency(Median(cold)),
                  reasons == 0 ? "compatible" : absl::StrCat(reasons, " reasons")});
  }
  std::printf("check: BACKWARD_ALL against every earlier version, median of %d rounds\n%s\n",
              options.rounds, table.ToString().c_str());
  return absl::OkStatus();
}

absl::Status Call(const grpc::Status& s, const std::string& what) { return FromGrpc(s, what); }

absl::Status RunRegister(const EnvOptions& env_options, const RegistryOptions& options) {
  absl::StatusOr<std::unique_ptr<SuiteEnv>> opened = SuiteEnv::Open(env_options);
  if (!opened.ok()) return opened.status();
  std::unique_ptr<Stub> stub = MakeStub((*opened)->address(), /*own_connection=*/false);
  {
    grpc::ClientContext ctx;
    v1::CreateRegistryRequest request;
    request.set_name("bench");
    v1::CreateRegistryResponse response;
    absl::Status s = Call(stub->CreateRegistry(&ctx, request, &response), "CreateRegistry");
    if (!s.ok()) return s;
  }
  {
    grpc::ClientContext ctx;
    v1::CreateSchemaRequest request;
    request.set_registry("bench");
    request.set_name("wide");
    request.set_data_format("AVRO");
    request.set_compatibility("BACKWARD");
    request.set_definition(Definition(SchemaFormat::kAvro, 50, 0));
    v1::CreateSchemaResponse response;
    absl::Status s = Call(stub->CreateSchema(&ctx, request, &response), "CreateSchema");
    if (!s.ok()) return s;
  }
  Table table({"calls", "what", "total", "per second", "mean"});
  for (bool repeat : {false, true}) {
    Stopwatch sw;
    for (int i = 1; i <= options.registrations; ++i) {
      grpc::ClientContext ctx;
      v1::RegisterSchemaVersionRequest request;
      request.set_registry("bench");
      request.set_schema("wide");
      request.set_definition(Definition(SchemaFormat::kAvro, 50, i));
      v1::RegisterSchemaVersionResponse response;
      absl::Status s =
          Call(stub->RegisterSchemaVersion(&ctx, request, &response), "RegisterSchemaVersion");
      if (!s.ok()) return s;
      if (response.existing() != repeat) {
        return absl::InternalError(absl::StrCat("version ", i, ": existing is ",
                                                response.existing()));
      }
    }
    absl::Duration total = sw.Elapsed();
    table.AddRow({absl::StrCat(options.registrations),
                  repeat ? "same definitions again (found identical)" : "new versions",
                  FormatLatency(total),
                  FormatDouble(options.registrations / absl::ToDoubleSeconds(total), 0),
                  FormatLatency(total / options.registrations)});
  }
  std::printf("register: 50-field Avro schema, BACKWARD, one client over gRPC\n%s\n",
              table.ToString().c_str());

  // The _ALL check at its target size through the server: a 500-field Avro
  // schema under BACKWARD_ALL whose history grows to 100 versions, then a
  // restart (the server warms its parsed-version cache at start) and more.
  auto register_all = [&](Stub* s, int from, int to) -> absl::StatusOr<absl::Duration> {
    Stopwatch sw;
    for (int i = from; i < to; ++i) {
      grpc::ClientContext ctx;
      v1::RegisterSchemaVersionRequest request;
      request.set_registry("bench");
      request.set_schema("wide_all");
      request.set_definition(Definition(SchemaFormat::kAvro, options.fields, i));
      v1::RegisterSchemaVersionResponse response;
      absl::Status st =
          Call(s->RegisterSchemaVersion(&ctx, request, &response), "RegisterSchemaVersion");
      if (!st.ok()) return st;
    }
    return sw.Elapsed();
  };
  {
    grpc::ClientContext ctx;
    v1::CreateSchemaRequest request;
    request.set_registry("bench");
    request.set_name("wide_all");
    request.set_data_format("AVRO");
    request.set_compatibility("BACKWARD_ALL");
    request.set_definition(Definition(SchemaFormat::kAvro, options.fields, 0));
    v1::CreateSchemaResponse response;
    absl::Status st = Call(stub->CreateSchema(&ctx, request, &response), "CreateSchema");
    if (!st.ok()) return st;
  }
  Table all({"calls", "what", "total", "mean per registration"});
  absl::StatusOr<absl::Duration> grow = register_all(stub.get(), 1, options.versions);
  if (!grow.ok()) return grow.status();
  all.AddRow({absl::StrCat(options.versions - 1),
              absl::StrCat("versions 2..", options.versions, " (each checked against all before)"),
              FormatLatency(*grow), FormatLatency(*grow / (options.versions - 1))});
  const int more = 10;
  absl::StatusOr<absl::Duration> last = register_all(stub.get(), options.versions,
                                                     options.versions + more);
  if (!last.ok()) return last.status();
  all.AddRow({absl::StrCat(more), absl::StrCat("versions ", options.versions + 1, "..",
                                               options.versions + more, ", warm"),
              FormatLatency(*last), FormatLatency(*last / more)});
  if ((*opened)->spawned()) {
    if (auto files = (*opened)->CheckpointedFiles(); !files.ok()) return files.status();
    stub = MakeStub((*opened)->address(), /*own_connection=*/false);
    absl::SleepFor(absl::Seconds(2));  // the start-up warming runs in the background
    absl::StatusOr<absl::Duration> after =
        register_all(stub.get(), options.versions + more, options.versions + 2 * more);
    if (!after.ok()) return after.status();
    all.AddRow({absl::StrCat(more), "the next ones, after a restart", FormatLatency(*after),
                FormatLatency(*after / more)});
  }
  std::printf("register: %d-field Avro schema, BACKWARD_ALL from version 1, over gRPC\n%s\n",
              options.fields, all.ToString().c_str());
  return absl::OkStatus();
}

}  // namespace

absl::Status RunRegistry(const EnvOptions& env, const RegistryOptions& options) {
  for (const std::string& part : options.parts) {
    absl::Status s;
    if (part == "check") {
      s = RunCheck(options);
    } else if (part == "register") {
      s = RunRegister(env, options);
    } else {
      s = absl::InvalidArgumentError(absl::StrCat("unknown part '", part, "'"));
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace almanac::bench
