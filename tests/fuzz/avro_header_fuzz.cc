// Arbitrary bytes as a whole file: through ReadSample (compression
// detection and bounded decompression of every codec) and through the avro
// classifier (container header, schema mapping, block walk). Neither may
// crash, read out of bounds or allocate from a length in the input beyond
// their caps; errors are fine.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "catalog/classifiers/avro/avro_classifier.h"
#include "catalog/classifiers/avro/avro_hive_types.h"
#include "catalog/classifiers/sample_reader.h"
#include "catalog/classifiers/testing/memory_file.h"

using almanac::classifiers::FileSample;
using almanac::classifiers::testing::MemoryFile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  // A small limit so that both the limit and the end of the stream are
  // reached often.
  auto sample =
      almanac::classifiers::ReadSample(std::make_unique<MemoryFile>(bytes), "fuzz://sample", 4096);
  if (sample.ok() && sample->sample().content.size() > 4096) __builtin_trap();

  MemoryFile file(bytes);
  FileSample raw;
  raw.path = "fuzz://x.avro";
  raw.file = &file;
  (void)almanac::classifiers::avro::AvroClassifier().Classify(raw);
  // The schema mapper alone, on the same bytes as JSON text.
  (void)almanac::classifiers::avro::AvroSchemaToColumns(bytes);
  return 0;
}
