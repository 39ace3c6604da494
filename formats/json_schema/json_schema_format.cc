#include "formats/json_schema/json_schema_format.h"

#include <utility>

#include "formats/json_schema/compat_check.h"
#include "formats/json_schema/hive_mapping.h"
#include "formats/json_schema/schema_model.h"

namespace almanac::formats::json_schema {
namespace {

// A parsed JSON Schema: the validated model and what the facade asks of it.
// Immutable; thread-safe.
class JsonSchema final : public ParsedSchema {
 public:
  explicit JsonSchema(std::unique_ptr<SchemaModel> model) : model_(std::move(model)) {}

  SchemaFormat format() const override { return SchemaFormat::kJson; }
  const std::string& canonical() const override { return model_->canonical(); }
  absl::StatusOr<std::vector<HiveColumn>> ToHiveColumns() const override {
    return HiveColumnsOf(*model_);
  }
  std::vector<SchemaField> Fields() const override { return FieldsOf(*model_); }

  const SchemaModel& model() const { return *model_; }

 private:
  std::unique_ptr<SchemaModel> model_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text) {
  auto model = BuildSchemaModel(text);
  if (!model.ok()) return model.status();
  return std::make_unique<JsonSchema>(*std::move(model));
}

std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction) {
  const auto* old_json = dynamic_cast<const JsonSchema*>(&old_schema);
  const auto* new_json = dynamic_cast<const JsonSchema*>(&new_schema);
  if (old_json == nullptr || new_json == nullptr) {
    return {{"", "both versions must be JSON Schema definitions parsed by the JSON format"}};
  }
  if (direction == Direction::kNewReadsOld) {
    return CheckModels(old_json->model(), new_json->model(), /*writer_is_old=*/true);
  }
  return CheckModels(new_json->model(), old_json->model(), /*writer_is_old=*/false);
}

}  // namespace almanac::formats::json_schema
