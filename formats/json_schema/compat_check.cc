#include "formats/json_schema/compat_check.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/absl_view.h"

namespace almanac::formats::json_schema {
namespace {

using Json = nlohmann::ordered_json;

const SchemaNode& Anything() {
  static const SchemaNode* const kAnything = [] {
    auto* n = new SchemaNode;
    n->accepts_anything = true;
    return n;
  }();
  return *kAnything;
}

std::string Short(const Json& value) {
  std::string s = value.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

std::string Join(const std::string& path, absl::string_view name) {
  return path.empty() ? std::string(name) : absl::StrCat(path, ".", name);
}

std::string Subject(const std::string& path) {
  return path.empty() ? std::string("the top-level schema") : absl::StrCat("property '", path, "'");
}

std::string BranchName(const SchemaNode* b) {
  if (!b->ref.empty()) return absl::StrCat("$ref ", b->ref);
  return DescribeTypes(EffectiveTypes(b));
}

std::string LowerText(const std::optional<Bound>& b) {
  if (!b) return "none";
  return absl::StrCat(b->exclusive ? "> " : ">= ", b->value);
}
std::string UpperText(const std::optional<Bound>& b) {
  if (!b) return "none";
  return absl::StrCat(b->exclusive ? "< " : "<= ", b->value);
}
std::string CountText(const std::optional<int64_t>& c) {
  return c ? absl::StrCat(*c) : std::string("none");
}

// The patternProperties schema covering `name`, if any.
const SchemaNode* PatternFor(const SchemaNode* n, const std::string& name) {
  for (size_t i = 0; i < n->pattern_properties.size(); ++i) {
    if (n->PatternMatches(i, name)) return n->pattern_properties[i].second;
  }
  return nullptr;
}

const Json* Keyword(const SchemaNode* n, const char* key) {
  if (n->json == nullptr || !n->json->is_object()) return nullptr;
  auto it = n->json->find(key);
  return it == n->json->end() ? nullptr : &*it;
}

struct PairHash {
  size_t operator()(const std::pair<const SchemaNode*, const SchemaNode*>& p) const {
    return std::hash<const void*>()(p.first) * 31 + std::hash<const void*>()(p.second);
  }
};

class Checker {
 public:
  Checker(bool writer_is_old, bool same_draft)
      : backward_(writer_is_old), same_draft_(same_draft) {}

  std::vector<Incompatibility> Run(const SchemaNode* writer, const SchemaNode* reader) {
    std::vector<Incompatibility> found;
    Compare(writer, reader, "", &found);
    // A definition reached from several places reports once.
    std::vector<Incompatibility> unique;
    absl::flat_hash_set<std::string> seen;
    for (Incompatibility& i : found) {
      if (seen.insert(i.message).second) unique.push_back(std::move(i));
    }
    return unique;
  }

 private:
  using Out = std::vector<Incompatibility>;

  // Words for the side whose data flows and the side that reads it.
  absl::string_view DataSide() const { return backward_ ? "old data" : "new data"; }
  absl::string_view ReaderSide() const { return backward_ ? "the new schema" : "the old schema"; }
  // The change in old-to-new order, from the writer's and the reader's value.
  std::string FromTo(absl::string_view writer, absl::string_view reader) const {
    return backward_ ? absl::StrCat("from ", writer, " to ", reader)
                     : absl::StrCat("from ", reader, " to ", writer);
  }
  // The reader is stricter than the writer.
  absl::string_view Tightening() const {
    return backward_ ? ", a tightening that old data may violate"
                     : ", a loosening that lets new data violate the old schema";
  }

  void Report(const std::string& path, std::string message, Out* out) const {
    out->push_back({path, absl::StrCat(Subject(path), ": ", message)});
  }
  void ReportWhole(const std::string& path, std::string message, Out* out) const {
    out->push_back({path, std::move(message)});
  }

  bool Accepts(const SchemaNode* w, const SchemaNode* r, const std::string& path) {
    Out scratch;
    Compare(w, r, path, &scratch, /*branch=*/true);
    return scratch.empty();
  }

  // Identical subtrees without references: nothing to check (the common
  // case of a mostly unchanged schema, kept cheap).
  bool Identical(const SchemaNode* w, const SchemaNode* r) const {
    return same_draft_ && w->json != nullptr && r->json != nullptr && !w->contains_ref &&
           !r->contains_ref && w->ref.empty() && r->ref.empty() && *w->json == *r->json;
  }

  // `branch`: the pair sits under a combinator, where trial comparisons may
  // meet it again, so it is memoised (otherwise nested oneOfs would cost
  // exponential time).
  void Compare(const SchemaNode* w_raw, const SchemaNode* r_raw, const std::string& path, Out* out,
               bool branch = false) {
    if (Identical(w_raw, r_raw)) return;
    const SchemaNode* w = Deref(w_raw);
    const SchemaNode* r = Deref(r_raw);
    if (r->accepts_anything || w->boolean_schema == false) return;
    if (w == w_raw && r == r_raw && !branch) {
      // Cycles and sharing pass through a $ref or a combinator, so only pairs
      // reached through one are memoised.
      CompareNow(w, r, path, out);
      return;
    }
    auto key = std::make_pair(w, r);
    auto [it, inserted] = memo_.try_emplace(key);
    if (!inserted) {
      // In progress: assume compatible (recursive schemas); done: reuse.
      if (!it->second.in_progress) {
        out->insert(out->end(), it->second.issues.begin(), it->second.issues.end());
      }
      return;
    }
    it->second.in_progress = true;
    Out found;
    CompareNow(w, r, path, &found);
    Memo& m = memo_[key];
    m.in_progress = false;
    m.issues = found;
    out->insert(out->end(), found.begin(), found.end());
  }

  static const std::vector<const SchemaNode*>* SumOf(const SchemaNode* n) {
    if (!n->one_of.empty()) return &n->one_of;
    if (!n->any_of.empty()) return &n->any_of;
    return nullptr;
  }
  static absl::string_view SumName(const SchemaNode* n) {
    return !n->one_of.empty() ? "oneOf" : "anyOf";
  }

  void CompareNow(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    if (r->boolean_schema == false) {
      Report(path,
             absl::StrCat("schema changed ", FromTo("a schema", "false"), ": ", DataSide(),
                          " is rejected by ", ReaderSide()),
             out);
      return;
    }
    const auto* w_sum = SumOf(w);
    const auto* r_sum = SumOf(r);
    // The writer's data is one of its branches: each must be readable.
    if (w_sum != nullptr && r_sum == nullptr && !w->base_constraints) {
      for (const SchemaNode* b : *w_sum) Compare(b, r, path, out, /*branch=*/true);
      return;
    }
    // The writer's data satisfies all its allOf branches: one that the reader
    // accepts is enough.
    if (!w->all_of.empty() && r->all_of.empty() && r_sum == nullptr) {
      Out base;
      CompareBase(w, r, path, &base);
      if (base.empty()) return;
      for (const SchemaNode* b : w->all_of) {
        if (Accepts(b, r, path)) return;
      }
      out->insert(out->end(), base.begin(), base.end());
      return;
    }
    for (size_t i = 0; i < r->all_of.size(); ++i) {
      bool matched = false;
      for (const SchemaNode* b : w->all_of) matched = matched || Accepts(b, r->all_of[i], path);
      if (!matched) Compare(w, r->all_of[i], path, out, /*branch=*/true);
    }
    if (r_sum != nullptr) {
      absl::string_view r_name = SumName(r);
      if (w_sum != nullptr) {
        for (size_t i = 0; i < w_sum->size(); ++i) {
          bool matched = false;
          for (const SchemaNode* rb : *r_sum) {
            if (Accepts((*w_sum)[i], rb, path)) {
              matched = true;
              break;
            }
          }
          if (matched) continue;
          std::string branch =
              absl::StrCat(SumName(w), " branch ", i + 1, " (", BranchName((*w_sum)[i]), ")");
          Report(path,
                 backward_ ? absl::StrCat("the new ", r_name, " has no branch that accepts old ",
                                          branch, ": a branch was removed or narrowed")
                           : absl::StrCat("new ", branch, " is accepted by no branch of the old ",
                                          r_name, ": a branch was added or widened"),
                 out);
        }
      } else {
        bool matched = false;
        for (const SchemaNode* rb : *r_sum) {
          if (Accepts(w, rb, path)) {
            matched = true;
            break;
          }
        }
        if (!matched) {
          Report(path,
                 backward_ ? absl::StrCat("changed to a ", r_name,
                                          " none of whose branches accepts old "
                                          "data (",
                                          DescribeTypes(EffectiveTypes(w)), ")")
                           : absl::StrCat("changed from a ", r_name, " to a schema (",
                                          DescribeTypes(EffectiveTypes(w)),
                                          ") whose data no branch of the old ", r_name, " accepts"),
                 out);
        }
      }
    }
    CompareBase(w, r, path, out);
  }

  // The keywords of `r` itself (not its combinators) against `w`.
  void CompareBase(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    TypeSet wt = EffectiveTypes(w);
    if (r->has_type) {
      TypeSet extra = wt & ~r->types;
      if (extra != 0) {
        bool narrowing = (r->types & ~wt) == 0;
        std::string change =
            absl::StrCat("type changed ", FromTo(DescribeTypes(wt), DescribeTypes(r->types)));
        if (narrowing) {
          Report(
              path,
              absl::StrCat(change, backward_ ? ", a narrowing that old data cannot be read with"
                                             : ", a widening that the old schema cannot read new "
                                               "data with"),
              out);
        } else {
          Report(path,
                 absl::StrCat(change, ": ", DataSide(), " of type ", DescribeTypes(extra),
                              " is rejected by ", ReaderSide()),
                 out);
        }
      }
    }
    CompareValues(w, r, path, out);
    if (wt & (kInteger | kNumber)) CompareNumbers(w, r, path, out);
    if (wt & kString) CompareStrings(w, r, path, out);
    if (wt & kArray) CompareArrays(w, r, path, out);
    if (wt & kObject) CompareObjects(w, r, path, out);
    if (r->not_schema != nullptr) {
      const Json* rn = Keyword(r, "not");
      const Json* wn = Keyword(w, "not");
      if (wn == nullptr || *wn != *rn) {
        Report(path,
               absl::StrCat("'not' changed ", FromTo(wn ? Short(*wn) : "none", Short(*rn)),
                            Tightening()),
               out);
      }
    }
    if (r->has_conditional) {
      for (const char* key : {"if", "then", "else"}) {
        const Json* rc = Keyword(r, key);
        const Json* wc = Keyword(w, key);
        if ((rc == nullptr) != (wc == nullptr) || (rc != nullptr && *rc != *wc)) {
          Report(path,
                 absl::StrCat("if/then/else changed ('", key, "' ",
                              FromTo(wc ? Short(*wc) : "none", rc ? Short(*rc) : "none"), ")",
                              Tightening()),
                 out);
          break;
        }
      }
    }
  }

  void CompareValues(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    if (!r->enum_values) return;
    auto list = [](const std::vector<Json>& values) {
      std::vector<std::string> parts;
      for (const Json& v : values) parts.push_back(Short(v));
      return absl::StrJoin(parts, ", ");
    };
    absl::string_view r_kw = r->is_const ? "const" : "enum";
    if (!w->enum_values) {
      Report(path,
             absl::StrCat(r_kw, " changed ", FromTo("none", list(*r->enum_values)), Tightening()),
             out);
      return;
    }
    std::vector<Json> missing;
    for (const Json& v : *w->enum_values) {
      bool found = false;
      for (const Json& e : *r->enum_values) found = found || e == v;
      if (!found) missing.push_back(v);
    }
    if (missing.empty()) return;
    if (r->is_const && w->is_const) {
      Report(
          path,
          absl::StrCat("const changed ", FromTo(list(*w->enum_values), list(*r->enum_values)), ": ",
                       DataSide(), " holding ", list(missing), " is rejected by ", ReaderSide()),
          out);
    } else if (backward_) {
      Report(path, absl::StrCat(r_kw, " lost values ", list(missing), ": old data may hold them"),
             out);
    } else {
      Report(path,
             absl::StrCat(w->is_const ? "const" : "enum", " gained values ", list(missing),
                          ", which the old schema rejects"),
             out);
    }
  }

  void CompareLower(absl::string_view kw, const std::optional<Bound>& w,
                    const std::optional<Bound>& r, const std::string& path, Out* out) {
    if (!r) return;
    bool ok =
        w && (w->value > r->value || (w->value == r->value && (w->exclusive || !r->exclusive)));
    if (!ok) {
      Report(path, absl::StrCat(kw, " changed ", FromTo(LowerText(w), LowerText(r)), Tightening()),
             out);
    }
  }
  void CompareUpper(absl::string_view kw, const std::optional<Bound>& w,
                    const std::optional<Bound>& r, const std::string& path, Out* out) {
    if (!r) return;
    bool ok =
        w && (w->value < r->value || (w->value == r->value && (w->exclusive || !r->exclusive)));
    if (!ok) {
      Report(path, absl::StrCat(kw, " changed ", FromTo(UpperText(w), UpperText(r)), Tightening()),
             out);
    }
  }
  void CompareMin(absl::string_view kw, const std::optional<int64_t>& w,
                  const std::optional<int64_t>& r, const std::string& path, Out* out) {
    if (r && *r > 0 && (!w || *w < *r)) {
      Report(path, absl::StrCat(kw, " changed ", FromTo(CountText(w), CountText(r)), Tightening()),
             out);
    }
  }
  void CompareMax(absl::string_view kw, const std::optional<int64_t>& w,
                  const std::optional<int64_t>& r, const std::string& path, Out* out) {
    if (r && (!w || *w > *r)) {
      Report(path, absl::StrCat(kw, " changed ", FromTo(CountText(w), CountText(r)), Tightening()),
             out);
    }
  }

  void CompareNumbers(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    CompareLower("minimum", w->lower, r->lower, path, out);
    CompareUpper("maximum", w->upper, r->upper, path, out);
    if (r->multiple_of) {
      bool ok = false;
      auto divides = [](double m, double by) {
        double q = m / by;
        return std::abs(q - std::round(q)) < 1e-9 && std::round(q) >= 1;
      };
      if (w->multiple_of) {
        ok = divides(*w->multiple_of, *r->multiple_of);
      } else if ((EffectiveTypes(w) & ~kInteger) == 0) {
        ok = divides(1, *r->multiple_of);  // every integer is a multiple of 0.5
      }
      if (!ok) {
        Report(path,
               absl::StrCat("multipleOf changed ",
                            FromTo(w->multiple_of ? absl::StrCat(*w->multiple_of) : "none",
                                   absl::StrCat(*r->multiple_of)),
                            Tightening()),
               out);
      }
    }
  }

  void CompareStrings(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    CompareMin("minLength", w->min_length, r->min_length, path, out);
    CompareMax("maxLength", w->max_length, r->max_length, path, out);
    if (r->pattern && w->pattern != r->pattern) {
      std::string wp = w->pattern ? absl::StrCat("'", *w->pattern, "'") : "none";
      std::string rp = absl::StrCat("'", *r->pattern, "'");
      Report(path,
             w->pattern ? absl::StrCat("pattern changed ", FromTo(wp, rp), ": ", DataSide(),
                                       " matching ", wp, " may not match ", rp)
                        : absl::StrCat("pattern changed ", FromTo(wp, rp), Tightening()),
             out);
    }
  }

  // The writer's schema for array position `i`, or nullptr when the writer's
  // arrays never have that position.
  static const SchemaNode* WriterItem(const SchemaNode* w, size_t i) {
    if (w->max_items && static_cast<int64_t>(i) >= *w->max_items) return nullptr;
    if (!w->has_tuple) return w->items != nullptr ? w->items : &Anything();
    if (i < w->tuple_items.size()) return w->tuple_items[i];
    switch (w->additional_items) {
      case Extras::kFalse:
        return nullptr;
      case Extras::kSchema:
        return w->additional_items_schema;
      default:
        return &Anything();
    }
  }

  void CompareArrays(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    if (!r->has_tuple && r->items != nullptr) {
      std::string item = absl::StrCat(path, "[]");
      if (!w->has_tuple) {
        Compare(w->items != nullptr ? w->items : &Anything(), r->items, item, out);
      } else {
        for (size_t i = 0; i < w->tuple_items.size(); ++i) {
          Compare(w->tuple_items[i], r->items, absl::StrCat(path, "[", i, "]"), out);
        }
        if (const SchemaNode* rest = WriterItem(w, w->tuple_items.size())) {
          Compare(rest, r->items, item, out);
        }
      }
    } else if (r->has_tuple) {
      for (size_t i = 0; i < r->tuple_items.size(); ++i) {
        if (const SchemaNode* wi = WriterItem(w, i)) {
          Compare(wi, r->tuple_items[i], absl::StrCat(path, "[", i, "]"), out);
        }
      }
      size_t n = r->tuple_items.size();
      const SchemaNode* rest = WriterItem(w, n);
      // Past the reader's tuple, only items beyond the writer's own tuple
      // are unchecked so far.
      bool writer_has_more = rest != nullptr;
      if (r->additional_items == Extras::kFalse && writer_has_more) {
        Report(path,
               absl::StrCat("arrays longer than ", n, " items are rejected by ", ReaderSide(),
                            " (additionalItems false) but ", DataSide(), " may have them"),
               out);
      } else if (r->additional_items == Extras::kSchema && writer_has_more) {
        for (size_t i = n; w->has_tuple && i < w->tuple_items.size(); ++i) {
          Compare(w->tuple_items[i], r->additional_items_schema, absl::StrCat(path, "[", i, "]"),
                  out);
        }
        if (const SchemaNode* beyond =
                WriterItem(w, std::max(n, w->has_tuple ? w->tuple_items.size() : n))) {
          Compare(beyond, r->additional_items_schema, absl::StrCat(path, "[]"), out);
        }
      }
    }
    CompareMin("minItems", w->min_items, r->min_items, path, out);
    CompareMax("maxItems", w->max_items, r->max_items, path, out);
    if (r->unique_items && !w->unique_items) {
      Report(path, absl::StrCat("uniqueItems changed ", FromTo("false", "true"), Tightening()),
             out);
    }
  }

  void CompareObjects(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    // Properties the reader names and the writer does not. Versions mostly
    // keep their properties in order, so position is tried before the index.
    for (size_t i = 0; i < r->properties.size(); ++i) {
      const auto& [name, rp] = r->properties[i];
      const SchemaNode* wp = i < w->properties.size() && w->properties[i].first == name
                                 ? w->properties[i].second
                                 : w->Property(name);
      if (wp != nullptr && Identical(wp, rp)) continue;
      std::string child = Join(path, name);
      if (wp != nullptr) {
        Compare(wp, rp, child, out);
        continue;
      }
      const SchemaNode* extra = PatternFor(w, name);
      if (extra == nullptr && w->additional_properties == Extras::kSchema) {
        extra = w->additional_properties_schema;
      }
      if (extra != nullptr) {
        Compare(extra, rp, child, out);
      } else if (w->IsOpen() && !Deref(rp)->accepts_anything) {
        ReportWhole(child,
                    backward_
                        ? absl::StrCat("property '", child,
                                       "' added to an open object: old data "
                                       "may already hold '",
                                       name, "' with another type")
                        : absl::StrCat("property '", child,
                                       "' removed from an open object: new "
                                       "data may hold '",
                                       name,
                                       "' with any value, which the old schema's definition of "
                                       "it rejects"),
                    out);
      }
    }
    // Properties the writer names and the reader does not.
    for (size_t i = 0; i < w->properties.size(); ++i) {
      const auto& [name, wp] = w->properties[i];
      if (i < r->properties.size() && r->properties[i].first == name) continue;
      if (r->Property(name) != nullptr) continue;
      std::string child = Join(path, name);
      if (const SchemaNode* pattern = PatternFor(r, name)) {
        Compare(wp, pattern, child, out);
      } else if (r->additional_properties == Extras::kFalse) {
        if (Deref(wp)->boolean_schema == false) continue;
        ReportWhole(child,
                    backward_
                        ? absl::StrCat("property '", child,
                                       "' removed from a closed object: old "
                                       "data holding '",
                                       name, "' is rejected by the new schema")
                        : absl::StrCat("property '", child,
                                       "' added to an object the old schema "
                                       "closes (additionalProperties false): new data holding '",
                                       name, "' is rejected by the old schema"),
                    out);
      } else if (r->additional_properties == Extras::kSchema) {
        Compare(wp, r->additional_properties_schema, child, out);
      }
    }
    // Names the reader requires.
    for (const std::string& name : r->required) {
      if (w->IsRequired(name)) continue;
      const SchemaNode* rp = r->Property(name);
      if (rp != nullptr && (rp->has_default || Deref(rp)->has_default)) continue;
      std::string child = Join(path, name);
      bool existed = w->Property(name) != nullptr;
      std::string message;
      if (backward_) {
        message = existed ? absl::StrCat("property '", child,
                                         "' became required: old data may "
                                         "lack it (a default would make it acceptable)")
                          : absl::StrCat("required property '", child,
                                         "' added without a "
                                         "default: old data lacks it");
      } else {
        message = existed ? absl::StrCat("property '", child,
                                         "' is no longer required: new data "
                                         "may lack it, which the old schema requires")
                          : absl::StrCat("required property '", child,
                                         "' removed: new data "
                                         "lacks it, which the old schema requires");
      }
      ReportWhole(child, std::move(message), out);
    }
    CompareExtras(w, r, path, out);
    CompareMin("minProperties", w->min_properties, r->min_properties, path, out);
    CompareMax("maxProperties", w->max_properties, r->max_properties, path, out);
    if (const Json* rd = Keyword(r, "dependencies")) {
      const Json* wd = Keyword(w, "dependencies");
      for (auto it = rd->begin(); it != rd->end(); ++it) {
        const Json* same = nullptr;
        if (wd != nullptr) {
          auto found = wd->find(it.key());
          if (found != wd->end()) same = &*found;
        }
        if (same != nullptr && same->is_array() && it.value().is_array()) {
          // A property-list dependency may demand fewer names, not more.
          bool subset = true;
          for (const Json& name : it.value()) {
            subset = subset && std::find(same->begin(), same->end(), name) != same->end();
          }
          if (subset) continue;
        }
        if (same == nullptr || *same != it.value()) {
          Report(
              path,
              absl::StrCat("dependencies of '", it.key(), "' changed ",
                           FromTo(same ? Short(*same) : "none", Short(it.value())), Tightening()),
              out);
        }
      }
    }
  }

  static std::string ExtrasText(const SchemaNode* n) {
    switch (n->additional_properties) {
      case Extras::kAbsent:
      case Extras::kTrue:
        return "true";
      case Extras::kFalse:
        return "false";
      case Extras::kSchema:
        return "a schema";
    }
    return "?";
  }

  void CompareExtras(const SchemaNode* w, const SchemaNode* r, const std::string& path, Out* out) {
    // patternProperties the reader adds constrain names an open writer leaves free.
    for (size_t ri = 0; ri < r->pattern_properties.size(); ++ri) {
      const auto& [pattern, rs] = r->pattern_properties[ri];
      const SchemaNode* ws = nullptr;
      for (const auto& [wpat, s] : w->pattern_properties) {
        if (wpat == pattern) ws = s;
      }
      if (ws == nullptr) {
        // The pattern also applies to the properties the writer names.
        for (const auto& [name, wp] : w->properties) {
          if (r->PatternMatches(ri, name)) Compare(wp, rs, Join(path, name), out);
        }
      }
      if (ws != nullptr) {
        Compare(ws, rs, absl::StrCat(path, path.empty() ? "" : ".", "/", pattern, "/"), out);
      } else if (w->additional_properties == Extras::kSchema) {
        Compare(w->additional_properties_schema, rs,
                absl::StrCat(path, path.empty() ? "" : ".", "/", pattern, "/"), out);
      } else if (w->IsOpen() && !Deref(rs)->accepts_anything) {
        Report(path,
               absl::StrCat("patternProperties '", pattern, "' ",
                            backward_ ? "added to an open object: old data may hold matching "
                                        "names with other values"
                                      : "removed from an open object: new data may hold matching "
                                        "names with values the old schema rejects"),
               out);
      }
    }
    Extras rk = r->additional_properties;
    Extras wk = w->additional_properties;
    // Names the writer admits through a pattern the reader lacks meet the
    // reader's additionalProperties (another reader pattern may cover them;
    // regular expressions are not compared, so this errs on the strict side).
    for (const auto& [pattern, ws] : w->pattern_properties) {
      bool shared = false;
      for (const auto& [rpat, rs] : r->pattern_properties) shared = shared || rpat == pattern;
      if (shared || rk == Extras::kAbsent || rk == Extras::kTrue) continue;
      if (rk == Extras::kSchema) {
        Compare(ws, r->additional_properties_schema,
                absl::StrCat(path, path.empty() ? "" : ".", "/", pattern, "/"), out);
      } else if (Deref(ws)->boolean_schema != false) {
        Report(path,
               absl::StrCat("patternProperties '", pattern, "' ",
                            backward_ ? "removed from an object the new schema closes: old data "
                                        "may hold names matching it, which the new schema rejects"
                                      : "added to an object the old schema closes: new data may "
                                        "hold names matching it, which the old schema rejects"),
               out);
      }
    }
    if (rk == Extras::kAbsent || rk == Extras::kTrue || wk == Extras::kFalse) return;
    if (rk == Extras::kFalse) {
      Report(path,
             absl::StrCat("additionalProperties changed ", FromTo(ExtrasText(w), "false"), ": ",
                          DataSide(), " may hold properties ", ReaderSide(), " does not declare"),
             out);
      return;
    }
    // The reader constrains unnamed properties with a schema.
    if (wk == Extras::kSchema) {
      Compare(w->additional_properties_schema, r->additional_properties_schema,
              absl::StrCat(path, path.empty() ? "*" : ".*"), out);
    } else {
      Report(
          path,
          absl::StrCat("additionalProperties changed ", FromTo("true", "a schema"), Tightening()),
          out);
    }
  }

  struct Memo {
    bool in_progress = false;
    Out issues;
  };
  bool backward_;
  bool same_draft_;
  absl::flat_hash_map<std::pair<const SchemaNode*, const SchemaNode*>, Memo, PairHash> memo_;
};

}  // namespace

std::vector<Incompatibility> CheckModels(const SchemaModel& writer, const SchemaModel& reader,
                                         bool writer_is_old) {
  return Checker(writer_is_old, writer.draft() == reader.draft()).Run(writer.root(), reader.root());
}

}  // namespace almanac::formats::json_schema
