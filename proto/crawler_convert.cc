#include "proto/crawler_convert.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"

namespace almanac::proto {
namespace {

void CopyStrings(const google::protobuf::RepeatedPtrField<std::string>& from,
                 std::vector<std::string>* to) {
  to->assign(from.begin(), from.end());
}

}  // namespace

v1::Classifier ToProto(const model::ClassifierDefinition& c) {
  v1::Classifier out;
  out.set_name(c.name);
  out.set_kind(c.kind);
  if (c.kind == "GROK") {
    v1::GrokClassifier* g = out.mutable_grok();
    g->set_classification(c.grok.classification);
    g->set_grok_pattern(c.grok.grok_pattern);
    g->set_custom_patterns(c.grok.custom_patterns);
  } else if (c.kind == "XML") {
    v1::XmlClassifier* x = out.mutable_xml();
    x->set_classification(c.xml.classification);
    x->set_row_tag(c.xml.row_tag);
  } else if (c.kind == "JSON") {
    out.mutable_json()->set_json_path(c.json.json_path);
  } else if (c.kind == "CSV") {
    v1::CsvClassifier* v = out.mutable_csv();
    v->set_delimiter(c.csv.delimiter);
    v->set_quote_symbol(c.csv.quote_symbol);
    v->set_contains_header(c.csv.contains_header);
    for (const std::string& h : c.csv.header) v->add_header(h);
    v->set_disable_value_trimming(c.csv.disable_value_trimming);
    v->set_allow_single_column(c.csv.allow_single_column);
    v->set_custom_datatype_configured(c.csv.custom_datatype_configured);
    for (const std::string& t : c.csv.custom_datatypes) v->add_custom_datatypes(t);
  }
  out.set_create_time(c.create_time);
  out.set_update_time(c.update_time);
  out.set_version(c.version);
  return out;
}

model::ClassifierDefinition FromProto(const v1::Classifier& c) {
  model::ClassifierDefinition out;
  out.name = c.name();
  switch (c.spec_case()) {
    case v1::Classifier::kGrok:
      out.kind = "GROK";
      out.grok.classification = c.grok().classification();
      out.grok.grok_pattern = c.grok().grok_pattern();
      out.grok.custom_patterns = c.grok().custom_patterns();
      break;
    case v1::Classifier::kXml:
      out.kind = "XML";
      out.xml.classification = c.xml().classification();
      out.xml.row_tag = c.xml().row_tag();
      break;
    case v1::Classifier::kJson:
      out.kind = "JSON";
      out.json.json_path = c.json().json_path();
      break;
    case v1::Classifier::kCsv: {
      out.kind = "CSV";
      const v1::CsvClassifier& v = c.csv();
      if (!v.delimiter().empty()) out.csv.delimiter = v.delimiter();
      if (!v.quote_symbol().empty()) out.csv.quote_symbol = v.quote_symbol();
      if (!v.contains_header().empty()) {
        out.csv.contains_header = absl::AsciiStrToUpper(v.contains_header());
      }
      CopyStrings(v.header(), &out.csv.header);
      out.csv.disable_value_trimming = v.disable_value_trimming();
      out.csv.allow_single_column = v.allow_single_column();
      out.csv.custom_datatype_configured = v.custom_datatype_configured();
      CopyStrings(v.custom_datatypes(), &out.csv.custom_datatypes);
      break;
    }
    case v1::Classifier::SPEC_NOT_SET:
      // No spec: the service refuses the kind, naming it.
      out.kind = c.kind();
      break;
  }
  return out;
}

v1::Crawler ToProto(const model::CrawlerDefinition& c, const model::ResourceArns& arns) {
  v1::Crawler out;
  out.set_name(c.name);
  out.set_arn(arns.Crawler(c.name));
  out.set_description(c.description);
  out.set_principal(c.principal);
  for (const model::CrawlerTarget& t : c.targets) {
    v1::CrawlerTarget* pt = out.add_targets();
    pt->set_url(t.url);
    for (const std::string& e : t.exclusions) pt->add_exclusions(e);
    pt->set_sample_size(t.sample_size);
    pt->set_connection_name(t.connection_name);
  }
  out.set_database(c.database);
  out.set_table_prefix(c.table_prefix);
  for (const std::string& name : c.classifiers) out.add_classifiers(name);
  out.set_combine_compatible_schemas(c.combine_compatible_schemas);
  out.set_partition_threshold(c.partition_threshold);
  out.set_create_time(c.create_time);
  out.set_update_time(c.update_time);
  out.set_version(c.version);
  out.set_recrawl_policy(c.recrawl_policy);
  out.set_update_behavior(c.update_behavior);
  out.set_delete_behavior(c.delete_behavior);
  out.set_schedule(c.schedule);
  out.set_partition_schema(c.partition_schema);
  return out;
}

model::CrawlerDefinition FromProto(const v1::Crawler& c) {
  model::CrawlerDefinition out;
  out.name = c.name();
  out.description = c.description();
  out.principal = c.principal();
  for (const v1::CrawlerTarget& pt : c.targets()) {
    model::CrawlerTarget t;
    t.url = pt.url();
    CopyStrings(pt.exclusions(), &t.exclusions);
    t.sample_size = pt.sample_size();
    t.connection_name = pt.connection_name();
    out.targets.push_back(std::move(t));
  }
  out.database = c.database();
  out.table_prefix = c.table_prefix();
  CopyStrings(c.classifiers(), &out.classifiers);
  out.combine_compatible_schemas = c.combine_compatible_schemas();
  if (c.partition_threshold() != 0.0) out.partition_threshold = c.partition_threshold();
  if (!c.recrawl_policy().empty()) out.recrawl_policy = c.recrawl_policy();
  if (!c.update_behavior().empty()) out.update_behavior = c.update_behavior();
  if (!c.delete_behavior().empty()) out.delete_behavior = c.delete_behavior();
  out.schedule = c.schedule();
  if (!c.partition_schema().empty()) out.partition_schema = c.partition_schema();
  return out;
}

v1::CrawlRun ToProto(const model::CrawlRun& r) {
  v1::CrawlRun out;
  out.set_id(r.id);
  out.set_crawler(r.crawler);
  out.set_status(r.status);
  out.set_start_time(r.start_time);
  out.set_end_time(r.end_time);
  out.set_files_seen(r.files_seen);
  out.set_bytes_seen(r.bytes_seen);
  out.set_tables_created(r.tables_created);
  out.set_tables_updated(r.tables_updated);
  out.set_tables_unchanged(r.tables_unchanged);
  out.set_partitions_added(r.partitions_added);
  out.set_message(r.message);
  for (const model::CrawlFileError& e : r.errors) {
    v1::CrawlFileError* pe = out.add_errors();
    pe->set_path(e.path);
    pe->set_message(e.message);
  }
  out.set_error_count(r.error_count);
  out.set_tables_deleted(r.tables_deleted);
  out.set_partitions_deleted(r.partitions_deleted);
  for (const std::string& n : r.notes) out.add_notes(n);
  out.set_stop_requested(r.stop_requested);
  out.set_server(r.owner);
  return out;
}

v1::CrawlerInfo ToProto(const service::CrawlerInfo& info, const model::ResourceArns& arns) {
  v1::CrawlerInfo out;
  *out.mutable_crawler() = ToProto(info.definition, arns);
  out.set_state(info.state);
  if (info.last_run.has_value()) *out.mutable_last_run() = ToProto(*info.last_run);
  out.set_next_scheduled_run(info.next_scheduled_run.value_or(0));
  return out;
}

}  // namespace almanac::proto
