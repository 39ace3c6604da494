#include "catalog/classifiers/parquet/parquet_classifier.h"

#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TCompactProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/parquet/parquet_schema.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
#include "parquet_footer_types.h"

namespace almanac::classifiers::parquet {
namespace {

constexpr std::string_view kMagic = "PAR1";
constexpr std::string_view kEncryptedMagic = "PARE";
// Magic, footer, footer length, magic: the least a file with an (empty)
// footer can hold.
constexpr int64_t kMinFileBytes = 4 + 4 + 4;
// At most this many elements in any list of the footer (schema elements,
// key/value pairs): each schema element decodes to a few hundred bytes, so
// the bound keeps a hostile footer's list count from becoming gigabytes.
constexpr int32_t kMaxListElements = 200000;

absl::Status Loss(const FileSample& sample, std::string_view what) {
  return absl::DataLossError(absl::StrCat("'", sample.path, "': ", AbslView(what)));
}

uint32_t LittleEndian32(std::string_view b) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[3])) << 24;
}

// Reads exactly `length` bytes at `offset`; a short read means the file
// shrank under us, which is the file's loss.
absl::StatusOr<std::string> ReadExactly(const FileSample& sample, int64_t offset, int64_t length) {
  ASSIGN_OR_RETURN(std::string bytes, sample.file->ReadAt(offset, length));
  if (static_cast<int64_t>(bytes.size()) != length) {
    return Loss(sample, absl::StrCat("read ", bytes.size(), " bytes at offset ", offset, " where ",
                                     length, " were expected (did the file shrink?)"));
  }
  return bytes;
}

absl::StatusOr<wire::FileMetaData> DecodeFooter(const FileSample& sample, std::string& footer) {
  using apache::thrift::TConfiguration;
  using apache::thrift::protocol::TCompactProtocolT;
  using apache::thrift::transport::TMemoryBuffer;
  wire::FileMetaData metadata;
  try {
    // The message size bounds every list and string the protocol reads by
    // what the footer can actually hold.
    auto config = std::make_shared<TConfiguration>(static_cast<int>(footer.size()));
    auto buffer = std::make_shared<TMemoryBuffer>(reinterpret_cast<uint8_t*>(footer.data()),
                                                  static_cast<uint32_t>(footer.size()),
                                                  TMemoryBuffer::OBSERVE, config);
    TCompactProtocolT<TMemoryBuffer> protocol(buffer, static_cast<int32_t>(footer.size()),
                                              kMaxListElements);
    metadata.read(&protocol);
  } catch (const apache::thrift::TException& e) {
    return Loss(sample, absl::StrCat("parquet footer does not decode: ", e.what()));
  } catch (const std::exception& e) {
    return Loss(sample, absl::StrCat("parquet footer does not decode: ", e.what()));
  }
  return metadata;
}

SchemaNode ToNode(const wire::SchemaElement& e) {
  SchemaNode n;
  n.name = e.name;
  if (e.__isset.type) n.type = e.type;
  n.type_length = e.type_length;
  if (e.__isset.repetition_type) n.repetition = e.repetition_type;
  if (e.__isset.num_children) n.num_children = e.num_children;
  if (e.__isset.converted_type) n.converted_type = e.converted_type;
  if (e.__isset.scale) n.scale = e.scale;
  if (e.__isset.precision) n.precision = e.precision;
  if (!e.__isset.logicalType) return n;
  const wire::LogicalType& l = e.logicalType;
  const auto& set = l.__isset;
  if (set.STRING) {
    n.logical = Logical::kString;
  } else if (set.MAP) {
    n.logical = Logical::kMap;
  } else if (set.LIST) {
    n.logical = Logical::kList;
  } else if (set.ENUM) {
    n.logical = Logical::kEnum;
  } else if (set.DECIMAL) {
    n.logical = Logical::kDecimal;
    // The logical annotation is the newer statement of the same facts.
    if (l.DECIMAL.__isset.precision) n.precision = l.DECIMAL.precision;
    if (l.DECIMAL.__isset.scale) n.scale = l.DECIMAL.scale;
  } else if (set.DATE) {
    n.logical = Logical::kDate;
  } else if (set.TIME) {
    n.logical = Logical::kTime;
  } else if (set.TIMESTAMP) {
    n.logical = Logical::kTimestamp;
  } else if (set.INTEGER) {
    n.logical = Logical::kInteger;
    n.bit_width = l.INTEGER.bitWidth;
    n.is_signed = !l.INTEGER.__isset.isSigned || l.INTEGER.isSigned;
  } else if (set.UNKNOWN) {
    n.logical = Logical::kUnknown;
  } else if (set.JSON) {
    n.logical = Logical::kJson;
  } else if (set.BSON) {
    n.logical = Logical::kBson;
  } else if (set.UUID) {
    n.logical = Logical::kUuid;
  } else if (set.FLOAT16) {
    n.logical = Logical::kFloat16;
  } else if (set.VARIANT || set.GEOMETRY || set.GEOGRAPHY) {
    n.logical = Logical::kOther;
  }
  return n;
}

}  // namespace

absl::StatusOr<std::optional<Inference>> ParquetClassifier::Classify(
    const FileSample& sample) const {
  if (sample.file == nullptr || sample.compression != Compression::kNone) return std::nullopt;
  const int64_t size = sample.file->Size();
  if (size < static_cast<int64_t>(kMagic.size())) return std::nullopt;
  ASSIGN_OR_RETURN(std::string head, sample.file->ReadAt(0, kMagic.size()));
  if (head != kMagic) return std::nullopt;

  if (size < kMinFileBytes) {
    return Loss(sample, absl::StrCat("parquet file of ", size,
                                     " bytes is too short for a footer (at least ", kMinFileBytes,
                                     " bytes)"));
  }
  ASSIGN_OR_RETURN(std::string tail, ReadExactly(sample, size - 8, 8));
  std::string_view trailing = std::string_view(tail).substr(4);
  if (trailing == kEncryptedMagic) {
    return Loss(sample, "parquet footer is encrypted (PARE), which is not supported");
  }
  if (trailing != kMagic) {
    return Loss(sample, "parquet file does not end with the magic 'PAR1' (cut short?)");
  }
  const int64_t footer_length = LittleEndian32(tail);
  if (footer_length > size - kMinFileBytes) {
    return Loss(sample, absl::StrCat("parquet footer length ", footer_length,
                                     " exceeds the file size ", size));
  }
  if (footer_length > kMaxFooterBytes) {
    return Loss(sample, absl::StrCat("parquet footer length ", footer_length,
                                     " exceeds the limit of ", kMaxFooterBytes, " bytes"));
  }
  ASSIGN_OR_RETURN(std::string footer,
                   ReadExactly(sample, size - 8 - footer_length, footer_length));
  ASSIGN_OR_RETURN(wire::FileMetaData metadata, DecodeFooter(sample, footer));
  if (!metadata.__isset.schema || metadata.schema.empty()) {
    return Loss(sample, "parquet footer has no schema");
  }
  if (!metadata.__isset.num_rows || metadata.num_rows < 0) {
    return Loss(sample, "parquet footer has no valid row count");
  }

  std::vector<SchemaNode> nodes;
  nodes.reserve(metadata.schema.size());
  for (const wire::SchemaElement& e : metadata.schema) nodes.push_back(ToNode(e));
  ASSIGN_OR_RETURN(std::vector<model::Column> columns, ColumnsFromSchema(nodes, sample.path));

  Inference inference;
  inference.classification = "parquet";
  inference.certainty = 1.0;
  inference.columns = std::move(columns);
  inference.serde.serialization_library =
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
  inference.serde.parameters["serialization.format"] = "1";
  inference.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  inference.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  inference.record_count = metadata.num_rows;
  return inference;
}

std::unique_ptr<Classifier> MakeParquetClassifier() {
  return std::make_unique<ParquetClassifier>();
}

}  // namespace almanac::classifiers::parquet
