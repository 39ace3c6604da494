#include "thrift/statistics_convert.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "thrift/convert.h"

namespace almanac::hms {
namespace {

template <typename T, typename W>
void RangeFromThrift(const W& w, T* s) {
  s->num_nulls = w.numNulls;
  s->num_dvs = w.numDVs;
  if (w.__isset.bitVectors) s->bit_vectors = w.bitVectors;
  if (w.__isset.histogram) s->histogram = w.histogram;
}

template <typename T, typename W>
void RangeToThrift(const T& s, W* w) {
  w->__set_numNulls(s.num_nulls);
  w->__set_numDVs(s.num_dvs);
  if (!s.bit_vectors.empty()) w->__set_bitVectors(s.bit_vectors);
  if (!s.histogram.empty()) w->__set_histogram(s.histogram);
}

model::StatsDecimal FromThrift(const Decimal& d) { return {d.unscaled, d.scale}; }
Decimal ToThrift(const model::StatsDecimal& d) {
  Decimal w;
  w.__set_unscaled(d.unscaled);
  w.__set_scale(d.scale);
  return w;
}

absl::StatusOr<model::ColumnStatisticsData> DataFromThrift(const ColumnStatisticsData& w,
                                                           const std::string& column) {
  if (w.__isset.booleanStats) {
    const auto& b = w.booleanStats;
    model::BooleanColumnStats s{.num_trues = b.numTrues, .num_falses = b.numFalses,
                                .num_nulls = b.numNulls};
    if (b.__isset.bitVectors) s.bit_vectors = b.bitVectors;
    return s;
  }
  if (w.__isset.longStats) {
    model::LongColumnStats s;
    if (w.longStats.__isset.lowValue) s.low = w.longStats.lowValue;
    if (w.longStats.__isset.highValue) s.high = w.longStats.highValue;
    RangeFromThrift(w.longStats, &s);
    return s;
  }
  if (w.__isset.doubleStats) {
    model::DoubleColumnStats s;
    if (w.doubleStats.__isset.lowValue) s.low = w.doubleStats.lowValue;
    if (w.doubleStats.__isset.highValue) s.high = w.doubleStats.highValue;
    RangeFromThrift(w.doubleStats, &s);
    return s;
  }
  if (w.__isset.stringStats) {
    const auto& x = w.stringStats;
    model::StringColumnStats s{.max_col_len = x.maxColLen, .avg_col_len = x.avgColLen,
                               .num_nulls = x.numNulls, .num_dvs = x.numDVs};
    if (x.__isset.bitVectors) s.bit_vectors = x.bitVectors;
    return s;
  }
  if (w.__isset.binaryStats) {
    const auto& x = w.binaryStats;
    model::BinaryColumnStats s{.max_col_len = x.maxColLen, .avg_col_len = x.avgColLen,
                               .num_nulls = x.numNulls};
    if (x.__isset.bitVectors) s.bit_vectors = x.bitVectors;
    return s;
  }
  if (w.__isset.decimalStats) {
    model::DecimalColumnStats s;
    if (w.decimalStats.__isset.lowValue) s.low = FromThrift(w.decimalStats.lowValue);
    if (w.decimalStats.__isset.highValue) s.high = FromThrift(w.decimalStats.highValue);
    RangeFromThrift(w.decimalStats, &s);
    return s;
  }
  if (w.__isset.dateStats) {
    model::DateColumnStats s;
    if (w.dateStats.__isset.lowValue) s.low = w.dateStats.lowValue.daysSinceEpoch;
    if (w.dateStats.__isset.highValue) s.high = w.dateStats.highValue.daysSinceEpoch;
    RangeFromThrift(w.dateStats, &s);
    return s;
  }
  if (w.__isset.timestampStats) {
    model::TimestampColumnStats s;
    if (w.timestampStats.__isset.lowValue) s.low = w.timestampStats.lowValue.secondsSinceEpoch;
    if (w.timestampStats.__isset.highValue) {
      s.high = w.timestampStats.highValue.secondsSinceEpoch;
    }
    RangeFromThrift(w.timestampStats, &s);
    return s;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("statistics of column '", column, "' hold no data"));
}

struct DataToThrift {
  ColumnStatisticsData* w;
  void operator()(const model::BooleanColumnStats& s) {
    BooleanColumnStatsData x;
    x.__set_numTrues(s.num_trues);
    x.__set_numFalses(s.num_falses);
    x.__set_numNulls(s.num_nulls);
    if (!s.bit_vectors.empty()) x.__set_bitVectors(s.bit_vectors);
    w->__set_booleanStats(std::move(x));
  }
  void operator()(const model::LongColumnStats& s) {
    LongColumnStatsData x;
    if (s.low) x.__set_lowValue(*s.low);
    if (s.high) x.__set_highValue(*s.high);
    RangeToThrift(s, &x);
    w->__set_longStats(std::move(x));
  }
  void operator()(const model::DoubleColumnStats& s) {
    DoubleColumnStatsData x;
    if (s.low) x.__set_lowValue(*s.low);
    if (s.high) x.__set_highValue(*s.high);
    RangeToThrift(s, &x);
    w->__set_doubleStats(std::move(x));
  }
  void operator()(const model::StringColumnStats& s) {
    StringColumnStatsData x;
    x.__set_maxColLen(s.max_col_len);
    x.__set_avgColLen(s.avg_col_len);
    x.__set_numNulls(s.num_nulls);
    x.__set_numDVs(s.num_dvs);
    if (!s.bit_vectors.empty()) x.__set_bitVectors(s.bit_vectors);
    w->__set_stringStats(std::move(x));
  }
  void operator()(const model::BinaryColumnStats& s) {
    BinaryColumnStatsData x;
    x.__set_maxColLen(s.max_col_len);
    x.__set_avgColLen(s.avg_col_len);
    x.__set_numNulls(s.num_nulls);
    if (!s.bit_vectors.empty()) x.__set_bitVectors(s.bit_vectors);
    w->__set_binaryStats(std::move(x));
  }
  void operator()(const model::DecimalColumnStats& s) {
    DecimalColumnStatsData x;
    if (s.low) x.__set_lowValue(ToThrift(*s.low));
    if (s.high) x.__set_highValue(ToThrift(*s.high));
    RangeToThrift(s, &x);
    w->__set_decimalStats(std::move(x));
  }
  void operator()(const model::DateColumnStats& s) {
    DateColumnStatsData x;
    Date d;
    if (s.low) {
      d.__set_daysSinceEpoch(*s.low);
      x.__set_lowValue(d);
    }
    if (s.high) {
      d.__set_daysSinceEpoch(*s.high);
      x.__set_highValue(d);
    }
    RangeToThrift(s, &x);
    w->__set_dateStats(std::move(x));
  }
  void operator()(const model::TimestampColumnStats& s) {
    TimestampColumnStatsData x;
    Timestamp t;
    if (s.low) {
      t.__set_secondsSinceEpoch(*s.low);
      x.__set_lowValue(t);
    }
    if (s.high) {
      t.__set_secondsSinceEpoch(*s.high);
      x.__set_highValue(t);
    }
    RangeToThrift(s, &x);
    w->__set_timestampStats(std::move(x));
  }
};

}  // namespace

absl::StatusOr<model::ColumnStatisticsObj> FromThrift(const ColumnStatisticsObj& obj) {
  model::ColumnStatisticsObj out;
  out.column_name = obj.colName;
  out.column_type = obj.colType;
  absl::StatusOr<model::ColumnStatisticsData> data = DataFromThrift(obj.statsData, obj.colName);
  if (!data.ok()) return data.status();
  out.data = *std::move(data);
  return out;
}

ColumnStatisticsObj ToThrift(const model::ColumnStatisticsObj& obj) {
  ColumnStatisticsObj out;
  out.__set_colName(obj.column_name);
  out.__set_colType(obj.column_type);
  ColumnStatisticsData data;
  std::visit(DataToThrift{&data}, obj.data);
  out.__set_statsData(std::move(data));
  return out;
}

std::vector<ColumnStatisticsObj> ToThrift(const std::vector<model::ColumnStatisticsObj>& objs) {
  std::vector<ColumnStatisticsObj> out;
  out.reserve(objs.size());
  for (const model::ColumnStatisticsObj& o : objs) out.push_back(ToThrift(o));
  return out;
}

absl::StatusOr<model::ColumnStatistics> FromThrift(const ColumnStatistics& stats,
                                                   const std::string& engine) {
  model::ColumnStatistics out;
  const ColumnStatisticsDesc& d = stats.statsDesc;
  if (d.__isset.catName) {
    absl::Status catalog = CheckCatalog(d.catName);
    if (!catalog.ok()) return catalog;
  }
  absl::StatusOr<std::string> db = StripCatalog(d.dbName);
  if (!db.ok()) return db.status();
  out.desc.is_table_level = d.isTblLevel;
  out.desc.database = *db;
  out.desc.table = d.tableName;
  if (d.__isset.partName) out.desc.partition_name = d.partName;
  if (d.__isset.lastAnalyzed) out.desc.last_analyzed = d.lastAnalyzed;
  // The generated struct starts with engine = "hive" marked as set, so "hive"
  // there cannot be told from "not sent": the request-level engine wins then.
  const bool own = stats.__isset.engine && !stats.engine.empty() &&
                   stats.engine != model::kDefaultStatsEngine;
  out.engine = own ? stats.engine : (engine.empty() ? model::kDefaultStatsEngine : engine);
  for (const ColumnStatisticsObj& obj : stats.statsObj) {
    absl::StatusOr<model::ColumnStatisticsObj> o = FromThrift(obj);
    if (!o.ok()) return o.status();
    out.columns.push_back(*std::move(o));
  }
  return out;
}

ColumnStatistics ToThrift(const model::ColumnStatistics& stats) {
  ColumnStatistics out;
  ColumnStatisticsDesc d;
  d.__set_isTblLevel(stats.desc.is_table_level);
  d.__set_dbName(stats.desc.database);
  d.__set_tableName(stats.desc.table);
  if (!stats.desc.is_table_level) d.__set_partName(stats.desc.partition_name);
  d.__set_lastAnalyzed(stats.desc.last_analyzed);
  d.__set_catName(kHiveCatalog);
  out.__set_statsDesc(std::move(d));
  out.__set_statsObj(ToThrift(stats.columns));
  out.__set_engine(stats.engine);
  return out;
}

AggrStats ToThrift(const model::AggregateColumnStatistics& aggregate) {
  AggrStats out;
  out.__set_colStats(ToThrift(aggregate.columns));
  out.__set_partsFound(aggregate.partitions_found);
  return out;
}

absl::StatusOr<model::Function> FromThrift(const Function& function) {
  model::Function out;
  if (function.__isset.catName) {
    absl::Status catalog = CheckCatalog(function.catName);
    if (!catalog.ok()) return catalog;
  }
  absl::StatusOr<std::string> db = StripCatalog(function.dbName);
  if (!db.ok()) return db.status();
  out.database = *db;
  out.name = function.functionName;
  out.class_name = function.className;
  out.owner_name = function.ownerName;
  if (!function.ownerName.empty()) {
    absl::StatusOr<model::PrincipalType> owner = FromThrift(function.ownerType);
    if (!owner.ok()) return owner.status();
    out.owner_type = *owner;
  }
  out.create_time = function.createTime;
  // An unset type (0) is read as JAVA, the only kind there is.
  if (function.functionType != FunctionType::JAVA && static_cast<int>(function.functionType) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("function '", function.functionName,
                                                   "' has unknown function type ",
                                                   static_cast<int>(function.functionType)));
  }
  out.type = model::FunctionType::kJava;
  for (const ResourceUri& r : function.resourceUris) {
    if (r.resourceType < ResourceType::JAR || r.resourceType > ResourceType::ARCHIVE) {
      return absl::InvalidArgumentError(absl::StrCat("function '", function.functionName,
                                                     "' has unknown resource type ",
                                                     static_cast<int>(r.resourceType)));
    }
    out.resources.push_back({static_cast<model::ResourceType>(r.resourceType), r.uri});
  }
  return out;
}

Function ToThrift(const model::Function& function) {
  Function out;
  out.__set_functionName(function.name);
  out.__set_dbName(function.database);
  out.__set_className(function.class_name);
  out.__set_ownerName(function.owner_name);
  out.__set_ownerType(ToThrift(function.owner_type));
  out.__set_createTime(static_cast<int32_t>(function.create_time));
  out.__set_functionType(FunctionType::JAVA);
  std::vector<ResourceUri> resources;
  for (const model::ResourceUri& r : function.resources) {
    ResourceUri w;
    w.__set_resourceType(static_cast<ResourceType::type>(r.type));
    w.__set_uri(r.uri);
    resources.push_back(std::move(w));
  }
  out.__set_resourceUris(std::move(resources));
  out.__set_catName(kHiveCatalog);
  return out;
}

}  // namespace almanac::hms
