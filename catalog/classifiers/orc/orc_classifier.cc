#include "catalog/classifiers/orc/orc_classifier.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/orc/orc_decompress.h"
#include "catalog/classifiers/orc/orc_types.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
#include "orc_tail.pb.h"

namespace almanac::classifiers::orc {
namespace {

constexpr std::string_view kMagic = "ORC";
// The specification's default when a PostScript names no block size.
constexpr uint64_t kDefaultBlockSize = 256 << 10;

absl::Status Loss(const FileSample& sample, std::string_view what) {
  return absl::DataLossError(absl::StrCat("'", sample.path, "': ", AbslView(what)));
}

absl::StatusOr<std::string> ReadExactly(const FileSample& sample, int64_t offset, int64_t length) {
  ASSIGN_OR_RETURN(std::string bytes, sample.file->ReadAt(offset, length));
  if (static_cast<int64_t>(bytes.size()) != length) {
    return Loss(sample, absl::StrCat("read ", bytes.size(), " bytes at offset ", offset, " where ",
                                     length, " were expected (did the file shrink?)"));
  }
  return bytes;
}

OrcType ToType(const wire::Type& t) {
  OrcType out;
  out.kind = t.has_kind() ? t.kind() : kStruct;
  out.subtypes.assign(t.subtypes().begin(), t.subtypes().end());
  out.field_names.assign(t.field_names().begin(), t.field_names().end());
  if (t.has_maximum_length()) out.maximum_length = t.maximum_length();
  if (t.has_precision()) out.precision = t.precision();
  if (t.has_scale()) out.scale = t.scale();
  return out;
}

}  // namespace

absl::StatusOr<std::optional<Inference>> OrcClassifier::Classify(const FileSample& sample) const {
  if (sample.file == nullptr || sample.compression != Compression::kNone) return std::nullopt;
  const int64_t size = sample.file->Size();
  if (size < static_cast<int64_t>(kMagic.size())) return std::nullopt;
  ASSIGN_OR_RETURN(std::string head, sample.file->ReadAt(0, kMagic.size()));
  if (head != kMagic) return std::nullopt;

  // The header, at least one byte of PostScript, and its length byte.
  const int64_t header = static_cast<int64_t>(kMagic.size());
  if (size < header + 2) {
    return Loss(sample, absl::StrCat("orc file of ", size, " bytes is too short for a tail"));
  }
  ASSIGN_OR_RETURN(std::string last, ReadExactly(sample, size - 1, 1));
  const int64_t ps_length = static_cast<unsigned char>(last[0]);
  if (ps_length == 0) return Loss(sample, "orc postscript length is 0");
  if (ps_length > size - header - 1) {
    return Loss(sample,
                absl::StrCat("orc postscript length ", ps_length, " exceeds the file size ", size));
  }
  const int64_t ps_offset = size - 1 - ps_length;
  ASSIGN_OR_RETURN(std::string ps_bytes, ReadExactly(sample, ps_offset, ps_length));
  wire::PostScript ps;
  if (!ps.ParseFromString(ps_bytes)) return Loss(sample, "orc postscript does not parse");
  if (ps.has_magic() && ps.magic() != kMagic) {
    return Loss(sample, "orc postscript does not carry the magic 'ORC'");
  }
  if (!ps.has_footer_length()) return Loss(sample, "orc postscript has no footer length");
  const uint64_t footer_length = ps.footer_length();
  if (footer_length > static_cast<uint64_t>(ps_offset - header)) {
    return Loss(sample,
                absl::StrCat("orc footer length ", footer_length, " exceeds the file size ", size));
  }
  if (footer_length > static_cast<uint64_t>(kMaxFooterBytes)) {
    return Loss(sample, absl::StrCat("orc footer length ", footer_length, " exceeds the limit of ",
                                     kMaxFooterBytes, " bytes"));
  }
  const int64_t footer_offset = ps_offset - static_cast<int64_t>(footer_length);
  ASSIGN_OR_RETURN(std::string stored,
                   ReadExactly(sample, footer_offset, static_cast<int64_t>(footer_length)));

  const uint32_t codec = ps.has_compression() ? ps.compression() : kNone;
  const uint64_t block_size =
      ps.has_compression_block_size() ? ps.compression_block_size() : kDefaultBlockSize;
  absl::StatusOr<std::string> footer_bytes =
      Decompress(codec, stored, block_size, kMaxDecompressedFooterBytes);
  if (!footer_bytes.ok()) {
    std::string what = absl::StrCat("orc footer (", CompressionKindName(codec),
                                    "): ", footer_bytes.status().message());
    if (footer_bytes.status().code() == absl::StatusCode::kUnimplemented) {
      return absl::UnimplementedError(absl::StrCat("'", sample.path, "': ", what));
    }
    return Loss(sample, what);
  }
  wire::Footer footer;
  if (!footer.ParseFromString(*footer_bytes)) return Loss(sample, "orc footer does not parse");
  if (footer.has_number_of_rows() &&
      footer.number_of_rows() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return Loss(sample, absl::StrCat("orc row count ", footer.number_of_rows(), " is not valid"));
  }

  std::vector<OrcType> types;
  types.reserve(footer.types_size());
  for (const wire::Type& t : footer.types()) types.push_back(ToType(t));
  ASSIGN_OR_RETURN(std::vector<model::Column> columns, ColumnsFromTypes(types, sample.path));

  Inference inference;
  inference.classification = "orc";
  inference.certainty = 1.0;
  inference.columns = std::move(columns);
  inference.serde.serialization_library = "org.apache.hadoop.hive.ql.io.orc.OrcSerde";
  inference.serde.parameters["serialization.format"] = "1";
  inference.input_format = "org.apache.hadoop.hive.ql.io.orc.OrcInputFormat";
  inference.output_format = "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat";
  if (footer.has_number_of_rows()) {
    inference.record_count = static_cast<int64_t>(footer.number_of_rows());
  }
  return inference;
}

std::unique_ptr<Classifier> MakeOrcClassifier() { return std::make_unique<OrcClassifier>(); }

}  // namespace almanac::classifiers::orc
