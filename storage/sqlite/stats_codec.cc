#include "storage/sqlite/stats_codec.h"

#include <optional>
#include <type_traits>
#include <utility>

#include "absl/strings/escaping.h"
#include "nlohmann/json.hpp"
#include "storage/sqlite/str_cat.h"

namespace almanac::storage::sqlite {
namespace {

using nlohmann::json;

// Family tags, in the order of model::ColumnStatisticsData's alternatives.
constexpr const char* kKinds[] = {"boolean", "long",    "double", "string",
                                  "binary",  "decimal", "date",   "timestamp"};

struct CorruptBody {};  // thrown inside decoding only, caught at the boundary

std::string Bytes(const json& j, const char* key) {
  std::string out;
  if (!absl::Base64Unescape(j.at(key).get<std::string>(), &out)) throw CorruptBody{};
  return out;
}

json DecimalToJson(const model::StatsDecimal& d) {
  return json{{"unscaled", absl::Base64Escape(d.unscaled)}, {"scale", d.scale}};
}

model::StatsDecimal DecimalFromJson(const json& j) {
  model::StatsDecimal d;
  d.unscaled = Bytes(j, "unscaled");
  d.scale = j.at("scale").get<int16_t>();
  return d;
}

template <typename T>
json BoundToJson(const T& v) {
  if constexpr (std::is_same_v<T, model::StatsDecimal>) {
    return DecimalToJson(v);
  } else {
    return json(v);
  }
}

template <typename T>
std::optional<T> BoundFromJson(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if constexpr (std::is_same_v<T, model::StatsDecimal>) {
    return DecimalFromJson(*it);
  } else {
    return it->get<T>();
  }
}

template <typename T>
void RangeToJson(const model::RangeColumnStats<T>& s, json* out) {
  if (s.low.has_value()) (*out)["low"] = BoundToJson(*s.low);
  if (s.high.has_value()) (*out)["high"] = BoundToJson(*s.high);
  (*out)["num_nulls"] = s.num_nulls;
  (*out)["num_dvs"] = s.num_dvs;
  (*out)["bit_vectors"] = absl::Base64Escape(s.bit_vectors);
  (*out)["histogram"] = absl::Base64Escape(s.histogram);
}

template <typename T>
void RangeFromJson(const json& j, model::RangeColumnStats<T>* s) {
  s->low = BoundFromJson<T>(j, "low");
  s->high = BoundFromJson<T>(j, "high");
  s->num_nulls = j.at("num_nulls").get<int64_t>();
  s->num_dvs = j.at("num_dvs").get<int64_t>();
  s->bit_vectors = Bytes(j, "bit_vectors");
  s->histogram = Bytes(j, "histogram");
}

json DataToJson(const model::BooleanColumnStats& s) {
  return json{{"num_trues", s.num_trues},
              {"num_falses", s.num_falses},
              {"num_nulls", s.num_nulls},
              {"bit_vectors", absl::Base64Escape(s.bit_vectors)}};
}
json DataToJson(const model::StringColumnStats& s) {
  return json{{"max_col_len", s.max_col_len},
              {"avg_col_len", s.avg_col_len},
              {"num_nulls", s.num_nulls},
              {"num_dvs", s.num_dvs},
              {"bit_vectors", absl::Base64Escape(s.bit_vectors)}};
}
json DataToJson(const model::BinaryColumnStats& s) {
  return json{{"max_col_len", s.max_col_len},
              {"avg_col_len", s.avg_col_len},
              {"num_nulls", s.num_nulls},
              {"bit_vectors", absl::Base64Escape(s.bit_vectors)}};
}
template <typename T>
json DataToJson(const model::RangeColumnStats<T>& s) {
  json out = json::object();
  RangeToJson(s, &out);
  return out;
}

void DataFromJson(const json& j, model::BooleanColumnStats* s) {
  s->num_trues = j.at("num_trues").get<int64_t>();
  s->num_falses = j.at("num_falses").get<int64_t>();
  s->num_nulls = j.at("num_nulls").get<int64_t>();
  s->bit_vectors = Bytes(j, "bit_vectors");
}
void DataFromJson(const json& j, model::StringColumnStats* s) {
  s->max_col_len = j.at("max_col_len").get<int64_t>();
  s->avg_col_len = j.at("avg_col_len").get<double>();
  s->num_nulls = j.at("num_nulls").get<int64_t>();
  s->num_dvs = j.at("num_dvs").get<int64_t>();
  s->bit_vectors = Bytes(j, "bit_vectors");
}
void DataFromJson(const json& j, model::BinaryColumnStats* s) {
  s->max_col_len = j.at("max_col_len").get<int64_t>();
  s->avg_col_len = j.at("avg_col_len").get<double>();
  s->num_nulls = j.at("num_nulls").get<int64_t>();
  s->bit_vectors = Bytes(j, "bit_vectors");
}
template <typename T>
void DataFromJson(const json& j, model::RangeColumnStats<T>* s) {
  RangeFromJson(j, s);
}

// Builds alternative I when its tag matches `kind`.
template <size_t I = 0>
bool DecodeAlternative(std::string_view kind, const json& j, model::ColumnStatisticsData* out) {
  if constexpr (I == std::variant_size_v<model::ColumnStatisticsData>) {
    return false;
  } else {
    if (kind == kKinds[I]) {
      std::variant_alternative_t<I, model::ColumnStatisticsData> value;
      DataFromJson(j, &value);
      *out = std::move(value);
      return true;
    }
    return DecodeAlternative<I + 1>(kind, j, out);
  }
}

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(StrCat(what, " is corrupt in the catalog database"));
}

}  // namespace

std::string ColumnStatsDataToJson(const model::ColumnStatisticsData& data) {
  json out = std::visit([](const auto& s) { return DataToJson(s); }, data);
  out["kind"] = kKinds[data.index()];
  return out.dump();
}

absl::StatusOr<model::ColumnStatisticsData> ColumnStatsDataFromJson(std::string_view body,
                                                                    std::string_view what) {
  try {
    json j = json::parse(body);
    model::ColumnStatisticsData data;
    if (!DecodeAlternative(j.at("kind").get<std::string>(), j, &data)) return Corrupt(what);
    return data;
  } catch (const json::exception&) {
    return Corrupt(what);
  } catch (const CorruptBody&) {
    return Corrupt(what);
  }
}

std::string FunctionBodyToJson(const model::Function& function) {
  json resources = json::array();
  for (const model::ResourceUri& r : function.resources) {
    resources.push_back(json::array({static_cast<int>(r.type), r.uri}));
  }
  return json{{"type", static_cast<int>(function.type)}, {"resources", std::move(resources)}}
      .dump();
}

absl::Status FunctionBodyFromJson(std::string_view body, std::string_view what,
                                  model::Function* function) {
  try {
    json j = json::parse(body);
    function->type = static_cast<model::FunctionType>(j.at("type").get<int>());
    function->resources.clear();
    for (const json& r : j.at("resources")) {
      function->resources.push_back(
          {static_cast<model::ResourceType>(r.at(0).get<int>()), r.at(1).get<std::string>()});
    }
    return absl::OkStatus();
  } catch (const json::exception&) {
    return Corrupt(what);
  }
}

}  // namespace almanac::storage::sqlite
