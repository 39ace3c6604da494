#include "formats/json_schema/json_schema_format.h"

#include "gtest/gtest.h"

namespace almanac::formats {
namespace {
TEST(JsonSchemaFormat, Placeholder) {}
}  // namespace
}  // namespace almanac::formats
