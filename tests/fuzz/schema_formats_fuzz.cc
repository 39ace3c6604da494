// libFuzzer target for the schema registry's formats: the first byte picks
// Avro, JSON Schema or Protobuf, the rest is parsed as a definition. What
// parses must hold up everywhere the registry uses it, and keep three
// invariants whose failure is a bug:
//   - a schema is compatible with itself, in both directions;
//   - its diff against itself is empty;
//   - its canonical text parses to the same canonical text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats/schema_formats.h"

namespace {

using almanac::formats::Direction;
using almanac::formats::SchemaFormat;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > 64 * 1024) return 0;
  const SchemaFormat format = data[0] % 3 == 0   ? SchemaFormat::kAvro
                              : data[0] % 3 == 1 ? SchemaFormat::kJson
                                                 : SchemaFormat::kProtobuf;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto parsed = almanac::formats::ParseSchema(format, text);
  if (!parsed.ok()) return 0;
  const auto& schema = **parsed;
  (void)schema.ToHiveColumns();
  (void)schema.Fields();
  Check(almanac::formats::CheckCompatibility(schema, schema, Direction::kNewReadsOld).empty(),
        "a schema reads its own data (backward)");
  Check(almanac::formats::CheckCompatibility(schema, schema, Direction::kOldReadsNew).empty(),
        "a schema reads its own data (forward)");
  Check(almanac::formats::DiffSchemas(schema, schema).empty(), "empty self-diff");
  auto again = almanac::formats::ParseSchema(format, schema.canonical());
  Check(again.ok(), "the canonical text parses");
  Check((*again)->canonical() == schema.canonical(), "the canonical text is a fixed point");
  return 0;
}
