// Model objects with every field set to a non-default value, for round-trip
// tests of the codecs that carry them (storage JSON, Thrift, protobuf). When a
// field is added to the model, set it here and every codec's test covers it.
// Test-only; header-only; stateless.
#ifndef ALMANAC_CATALOG_MODEL_TESTING_SAMPLE_OBJECTS_H_
#define ALMANAC_CATALOG_MODEL_TESTING_SAMPLE_OBJECTS_H_

#include "catalog/model/database.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::model::testing {

inline StorageDescriptor FullStorageDescriptor() {
  StorageDescriptor sd;
  sd.columns = {{.name = "id", .type = "bigint", .comment = "row id"},
                {.name = "tags", .type = "map<string,array<int>>", .comment = ""}};
  sd.location = "file:/warehouse/sales.db/orders";
  sd.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
  sd.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
  sd.compressed = true;
  sd.num_buckets = 4;
  sd.serde = {.name = "pq",
              .serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
              .parameters = {{"serialization.format", "1"}}};
  sd.bucket_columns = {"id"};
  sd.sort_columns = {{.column = "id", .order = 0}};
  sd.parameters = {{"k", "v"}, {"empty", ""}};
  sd.skewed.column_names = {"tags"};
  sd.skewed.column_values = {{"a", "b"}, {"c"}};
  sd.skewed.value_locations = {{{"a", "b"}, "file:/skew/ab"}};
  sd.stored_as_sub_directories = true;
  return sd;
}

inline Database FullDatabase() {
  return Database{.name = "sales",
                  .description = "sales data",
                  .location = "file:/warehouse/sales.db",
                  .managed_location = "file:/managed/sales.db",
                  .parameters = {{"owner_team", "finance"}},
                  .owner_name = "admins",
                  .owner_type = PrincipalType::kRole,
                  .create_time = 1700000000};
}

}  // namespace almanac::model::testing

#endif  // ALMANAC_CATALOG_MODEL_TESTING_SAMPLE_OBJECTS_H_
