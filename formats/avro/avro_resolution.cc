#include "formats/avro/avro_resolution.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::formats::avro {
namespace {

// Whether a writer's `w` value can be promoted to the reader's `r`.
bool Promotes(Kind w, Kind r) {
  switch (w) {
    case Kind::kInt:
      return r == Kind::kLong || r == Kind::kFloat || r == Kind::kDouble;
    case Kind::kLong:
      return r == Kind::kFloat || r == Kind::kDouble;
    case Kind::kFloat:
      return r == Kind::kDouble;
    case Kind::kString:
      return r == Kind::kBytes;
    case Kind::kBytes:
      return r == Kind::kString;
    default:
      return false;
  }
}

bool IsPrimitive(Kind k) { return static_cast<int>(k) <= static_cast<int>(Kind::kString); }

std::string LastPart(const std::string &full) {
  size_t dot = full.rfind('.');
  return dot == std::string::npos ? full : full.substr(dot + 1);
}

// The reader's name or one of its aliases names the writer's type.
bool NamesMatch(const Node &r, const Node &w) {
  if (r.name == w.name) return true;
  for (const std::string &alias : r.aliases) {
    if (alias == w.full_name || LastPart(alias) == w.name) return true;
  }
  return false;
}

// The specification's shallow "match" used to pick a union branch.
bool Matches(const Node &r, const Node &w) {
  if (r.kind == Kind::kUnion || w.kind == Kind::kUnion) return true;
  if (IsPrimitive(w.kind) && IsPrimitive(r.kind))
    return r.kind == w.kind || Promotes(w.kind, r.kind);
  if (r.kind != w.kind) return false;
  switch (r.kind) {
    case Kind::kRecord:
    case Kind::kEnum:
      return NamesMatch(r, w);
    case Kind::kFixed:
      return NamesMatch(r, w) && r.size == w.size;
    case Kind::kArray:
    case Kind::kMap:
      return Matches(*r.items, *w.items);
    default:
      return false;
  }
}

std::string Q(std::string_view s) { return absl::StrCat("'", AbslView(s), "'"); }

// A location, built on the stack as the resolution descends and spelled out
// only when a reason is reported (so a clean check allocates no path strings).
struct Path {
  const Path *parent;
  std::string_view segment;  // a field name, or "[]" / "{}"
};

std::string Render(const Path *p) {
  if (p == nullptr) return "";
  std::string head = Render(p->parent);
  bool suffix = p->segment == "[]" || p->segment == "{}";
  if (head.empty() || suffix) return absl::StrCat(head, AbslView(p->segment));
  return absl::StrCat(head, ".", AbslView(p->segment));
}

class Resolver {
 public:
  explicit Resolver(Direction direction) : backward_(direction == Direction::kNewReadsOld) {}

  void Resolve(const Node &r, const Node &w, const Path *path) {
    if (w.kind == Kind::kUnion) {
      for (const Node *b : w.branches) {
        if (r.kind == Kind::kUnion) {
          const Node *rb = FirstMatch(r, *b);
          if (rb == nullptr) {
            Report(path, backward_ ? absl::StrCat("union branch ", TypeLabel(*b), " removed (now ",
                                                  TypeLabel(r), "), so old data holding a ",
                                                  TypeLabel(*b), " cannot be read")
                                   : absl::StrCat("union branch ", TypeLabel(*b), " added (was ",
                                                  TypeLabel(r),
                                                  "), which readers of the old schema "
                                                  "cannot read"));
          } else {
            Resolve(*rb, *b, path);
          }
        } else if (!Matches(r, *b)) {
          Report(path, backward_
                           ? absl::StrCat(Changed(w, r), ", which cannot read old data holding a ",
                                          TypeLabel(*b))
                           : absl::StrCat(Changed(r, w), ", whose ", TypeLabel(*b),
                                          " branch readers of the old schema cannot read"));
        } else {
          Resolve(r, *b, path);
        }
      }
      return;
    }
    if (r.kind == Kind::kUnion) {
      const Node *rb = FirstMatch(r, w);
      if (rb == nullptr) {
        Report(path, backward_ ? absl::StrCat(Changed(w, r), ", which has no branch for ",
                                              TypeLabel(w), ", so old data cannot be read")
                               : absl::StrCat(Changed(r, w),
                                              ", which readers of the old schema cannot read (no "
                                              "branch of the old union reads it)"));
      } else {
        Resolve(*rb, w, path);
      }
      return;
    }
    if (IsNamed(r.kind) && r.kind == w.kind && !NamesMatch(r, w)) {
      std::string kind(KindName(r.kind));
      const Node &o = Old(r, w);
      const Node &n = New(r, w);
      Report(path, backward_ ? absl::StrCat(kind, " renamed from ", Q(o.full_name), " to ",
                                            Q(n.full_name), " without an alias ", Q(o.name),
                                            " in the new schema, so old data cannot be read")
                             : absl::StrCat(kind, " renamed from ", Q(o.full_name), " to ",
                                            Q(n.full_name),
                                            ", which readers of the old schema cannot "
                                            "read (the old schema has no alias ",
                                            Q(n.name), ")"));
      return;
    }
    if (r.kind == Kind::kFixed && w.kind == Kind::kFixed && r.size != w.size) {
      Report(path, absl::StrCat("fixed ", Q(New(r, w).full_name), ": size changed from ",
                                Old(r, w).size, " to ", New(r, w).size, " bytes, ", Cannot()));
      return;
    }
    // Arrays and maps resolve their items below, so that a reason names the
    // items' path rather than the whole container.
    bool containers = (r.kind == Kind::kArray || r.kind == Kind::kMap) && r.kind == w.kind;
    if (!containers && !Matches(r, w)) {
      const Node &o = Old(r, w);
      const Node &n = New(r, w);
      bool narrowing = IsPrimitive(o.kind) && IsPrimitive(n.kind) && Promotes(n.kind, o.kind);
      Report(path,
             backward_
                 ? absl::StrCat(Changed(o, n), narrowing ? ", a narrowing that old data cannot be "
                                                           "read with"
                                                         : ", which cannot read old data")
                 : absl::StrCat(Changed(o, n), ", which readers of the old schema cannot read"));
      return;
    }
    switch (r.kind) {
      case Kind::kRecord:
        if (memo_.insert({&r, &w}).second) ResolveRecord(r, w, path);
        return;
      case Kind::kEnum:
        if (memo_.insert({&r, &w}).second) ResolveEnum(r, w, path);
        return;
      case Kind::kArray:
      case Kind::kMap: {
        Path items{path, r.kind == Kind::kArray ? "[]" : "{}"};
        Resolve(*r.items, *w.items, &items);
        return;
      }
      default:
        break;
    }
    if (r.logical_type == "decimal" && w.logical_type == "decimal" &&
        (r.precision != w.precision || r.scale != w.scale)) {
      const Node &o = Old(r, w);
      const Node &n = New(r, w);
      Report(path,
             absl::StrCat("decimal changed from (", o.precision, ",", o.scale, ") to (",
                          n.precision, ",", n.scale,
                          "); decimals resolve only with equal precision and scale, ", Cannot()));
    }
  }

  std::vector<Incompatibility> Take() { return std::move(out_); }

 private:
  const Node &Old(const Node &r, const Node &w) const { return backward_ ? w : r; }
  const Node &New(const Node &r, const Node &w) const { return backward_ ? r : w; }
  std::string Cannot() const {
    return backward_ ? "so old data cannot be read" : "which readers of the old schema cannot read";
  }
  static std::string Changed(const Node &from, const Node &to) {
    return absl::StrCat("type changed from ", TypeLabel(from), " to ", TypeLabel(to));
  }

  static const Node *FirstMatch(const Node &reader_union, const Node &w) {
    for (const Node *b : reader_union.branches) {
      if (Matches(*b, w)) return b;
    }
    return nullptr;
  }

  void ResolveRecord(const Node &r, const Node &w, const Path *path) {
    for (const Field &rf : r.fields) {
      auto it = w.field_by_name.find(rf.name);
      for (size_t k = 0; it == w.field_by_name.end() && k < rf.aliases.size(); ++k) {
        it = w.field_by_name.find(rf.aliases[k]);
      }
      Path here{path, rf.name};
      if (it != w.field_by_name.end()) {
        Resolve(*rf.type, *w.fields[it->second].type, &here);
      } else if (!rf.default_value) {
        Report(&here, backward_ ? "added without a default, so old data (which lacks "
                                  "it) cannot be read"
                                : "removed, and the old schema gives it no default, "
                                  "so readers of the "
                                  "old schema cannot read new data (which lacks it)");
      }
    }
  }

  void ResolveEnum(const Node &r, const Node &w, const Path *path) {
    if (r.enum_default) return;
    for (const std::string &s : w.symbols) {
      if (r.symbol_index.contains(s)) continue;
      Report(path, backward_ ? absl::StrCat("enum ", Q(r.full_name), ": symbol ", Q(s),
                                            " removed and the new enum has no default, so old data "
                                            "holding it cannot be read")
                             : absl::StrCat("enum ", Q(r.full_name), ": symbol ", Q(s),
                                            " added and the old enum has no default, so readers of "
                                            "the old schema cannot read it"));
    }
  }

  void Report(const Path *where, std::string body) {
    std::string path = Render(where);
    if (path.empty()) {
      out_.push_back({path, std::move(body)});
    } else {
      out_.push_back({path, absl::StrCat("field ", Q(path), ": ", body)});
    }
  }

  bool backward_;
  absl::flat_hash_set<std::pair<const Node *, const Node *>> memo_;
  std::vector<Incompatibility> out_;
};

}  // namespace

std::vector<Incompatibility> Resolve(const Node &reader, const Node &writer, Direction direction) {
  Resolver resolver(direction);
  resolver.Resolve(reader, writer, nullptr);
  return resolver.Take();
}

}  // namespace almanac::formats::avro
