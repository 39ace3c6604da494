// Custom CSV classifier specs: validation, and what the options do on
// small in-memory files.
#include "catalog/classifiers/csv/custom_csv.h"

#include <string>

#include "gtest/gtest.h"

namespace almanac::classifiers::csv {
namespace {

model::ClassifierDefinition Definition(model::CsvClassifierSpec spec) {
  model::ClassifierDefinition d;
  d.name = "mycsv";
  d.kind = "CSV";
  d.csv = std::move(spec);
  return d;
}

// The error MakeCustomCsvClassifier gives for `spec`, or "ok".
std::string Error(model::CsvClassifierSpec spec) {
  auto made = MakeCustomCsvClassifier(Definition(std::move(spec)));
  if (made.ok()) return "ok";
  EXPECT_EQ(made.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(made.status().message());
}

TEST(CustomCsvSpec, DefaultsAreValid) { EXPECT_EQ(Error({}), "ok"); }

TEST(CustomCsvSpec, DelimiterAndQuote) {
  model::CsvClassifierSpec s;
  s.delimiter = std::string("::");
  EXPECT_EQ(Error(s), "classifier 'mycsv': delimiter must be one ASCII character, got '::'");
  s.delimiter = std::string("");
  EXPECT_EQ(Error(s), "classifier 'mycsv': delimiter must be one ASCII character, got ''");
  s.delimiter = std::string("\xC2\xA7");
  EXPECT_NE(Error(s).find("delimiter must be one ASCII character"), std::string::npos);
  s.delimiter = std::string("\n");
  EXPECT_EQ(Error(s), "classifier 'mycsv': delimiter must not be a line break or NUL");
  s.delimiter = std::string(";");
  s.quote_symbol = std::string("''");
  EXPECT_EQ(Error(s), "classifier 'mycsv': quote_symbol must be one ASCII character, got ''''");
  s.quote_symbol = std::string(";");
  EXPECT_EQ(Error(s), "classifier 'mycsv': quote_symbol must differ from the delimiter");
  s.quote_symbol = std::string("'");
  EXPECT_EQ(Error(s), "ok");
}

TEST(CustomCsvSpec, HeaderMode) {
  model::CsvClassifierSpec s;
  s.contains_header = std::string("MAYBE");
  EXPECT_EQ(Error(s),
            "classifier 'mycsv': contains_header 'MAYBE' is not a header mode (modes: PRESENT, "
            "ABSENT, UNKNOWN)");
  for (const char* mode : {"PRESENT", "ABSENT", "UNKNOWN"}) {
    s.contains_header = std::string(mode);
    EXPECT_EQ(Error(s), "ok") << mode;
  }
}

TEST(CustomCsvSpec, ExplicitHeader) {
  model::CsvClassifierSpec s;
  s.header = {"Id", "id"};
  EXPECT_EQ(Error(s), "classifier 'mycsv': header names column 'id' twice");
  s.header = {"id", ""};
  EXPECT_EQ(Error(s), "classifier 'mycsv': header has an empty column name");
  s.header = {"Id", "Full Name"};
  EXPECT_EQ(Error(s), "ok");
  EXPECT_EQ(CsvOptionsFromSpec("x", s)->header_names,
            (std::vector<std::string>{"id", "full_name"}));
}

TEST(CustomCsvSpec, DataTypes) {
  model::CsvClassifierSpec s;
  s.custom_datatypes = {"INT", "VARCHAR"};
  EXPECT_EQ(Error(s),
            "classifier 'mycsv': custom_datatypes unknown data type 'VARCHAR' (types: BINARY, "
            "BOOLEAN, DATE, DECIMAL, DOUBLE, FLOAT, INT, LONG, SHORT, STRING, TIMESTAMP)");
  s.custom_datatypes = {};
  s.custom_datatype_configured = true;
  EXPECT_EQ(Error(s),
            "classifier 'mycsv': custom_datatypes is empty while custom_datatype_configured is "
            "set");
  s.custom_datatypes = {"INT", "STRING"};
  ASSERT_EQ(Error(s), "ok");
  absl::StatusOr<CsvOptions> o = CsvOptionsFromSpec("x", s);
  EXPECT_TRUE(o->types.rich);
  EXPECT_TRUE(o->types.allowed.Has(DataType::kInt));
  EXPECT_FALSE(o->types.allowed.Has(DataType::kLong));
}

TEST(CustomCsvSpec, Options) {
  model::CsvClassifierSpec s;
  s.delimiter = std::string("|");
  s.disable_value_trimming = true;
  s.allow_single_column = true;
  absl::StatusOr<CsvOptions> o = CsvOptionsFromSpec("x", s);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->delimiters, std::vector<char>{'|'});
  EXPECT_FALSE(o->trim);
  EXPECT_TRUE(o->allow_single_column);
  EXPECT_TRUE(o->require_consistent);
  EXPECT_FALSE(o->types.rich);
}

}  // namespace
}  // namespace almanac::classifiers::csv
