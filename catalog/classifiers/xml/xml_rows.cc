#include "catalog/classifiers/xml/xml_rows.h"

#include <expat.h>

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::classifiers::xml {
namespace {

using json::HiveName;
using json::InferredType;
using json::Kind;

// Text longer than this is a string whatever it holds (no number is this
// long), so only this much of an element's text is kept.
constexpr size_t kMaxTextKept = 256;

std::string_view LocalName(std::string_view qualified) {
  size_t colon = qualified.rfind(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

bool IsNamespaceDeclaration(std::string_view attribute) {
  return attribute == "xmlns" || attribute.substr(0, 6) == "xmlns:";
}

// An element open inside a row.
struct Element {
  struct Child {
    std::string name;      // Hive name
    std::string original;  // as written, for the XPath
    InferredType type;     // merged over its occurrences here
    int64_t count = 0;
  };
  InferredType attributes = InferredType::Struct();
  std::vector<std::pair<std::string, std::string>> attribute_xpaths;  // Hive name, "@orig"
  std::vector<Child> children;
  absl::flat_hash_map<std::string, size_t> child_index;
  std::string text;  // the first kMaxTextKept bytes
  bool text_nonblank = false;
  bool text_long = false;

  void AddChild(std::string_view qualified, InferredType type) {
    std::string name = HiveName(LocalName(qualified));
    if (name.empty()) return;
    auto it = child_index.find(name);
    if (it == child_index.end()) {
      child_index.emplace(name, children.size());
      children.push_back({std::move(name), std::string(qualified), std::move(type), 1});
    } else {
      Child& child = children[it->second];
      child.type.Merge(std::move(type), /*promote_to_array=*/true);
      ++child.count;
    }
  }

  InferredType TextType() const {
    if (!text_nonblank) return InferredType(Kind::kNull);
    return text_long ? InferredType(Kind::kString) : InferredType::FromText(text);
  }

  // This element's type; consumes the element.
  InferredType Finish() {
    if (attribute_xpaths.empty() && children.empty()) return TextType();
    InferredType type = std::move(attributes);
    for (Child& child : children) {
      if (child.count > 1) {
        InferredType array = InferredType::Array();
        array.AddElement(std::move(child.type), true);
        type.AddField(child.name, std::move(array));
      } else {
        type.AddField(child.name, std::move(child.type));
      }
    }
    if (text_nonblank) type.AddField(kValueField, TextType());
    return type;
  }
};

// What the rows of one tag gave.
struct Candidate {
  std::string tag;
  InferredType type;
  absl::flat_hash_map<std::string, std::string> xpaths;
  bool has_attributes = false;
  int64_t rows = 0;
};

struct ParserFree {
  void operator()(XML_ParserStruct* p) const { XML_ParserFree(p); }
};

class Reader {
 public:
  Reader(const XmlRowsOptions& options, XML_Parser parser) : options_(options), parser_(parser) {}

  static void XMLCALL OnStart(void* self, const XML_Char* name, const XML_Char** attributes) {
    static_cast<Reader*>(self)->Start(name, attributes);
  }
  static void XMLCALL OnEnd(void* self, const XML_Char* name) {
    static_cast<Reader*>(self)->End(name);
  }
  static void XMLCALL OnText(void* self, const XML_Char* text, int length) {
    static_cast<Reader*>(self)->Text(std::string_view(text, static_cast<size_t>(length)));
  }

  bool stopped() const { return stopped_; }

  // The rows' candidate: the given tag's, or the most frequent (the first
  // seen on a tie) repeated child of the root.
  Candidate* Chosen() {
    Candidate* best = nullptr;
    for (Candidate& c : candidates_) {
      if (best == nullptr || c.rows > best->rows) best = &c;
    }
    if (best == nullptr) return nullptr;
    if (options_.row_tag.empty() && best->rows < 2) return nullptr;
    return best;
  }

 private:
  void Start(std::string_view name, const XML_Char** attributes) {
    if (stack_.empty()) {
      const bool row = options_.row_tag.empty() ? depth_ == 1 : name == options_.row_tag;
      if (!row) {
        ++depth_;
        return;
      }
    } else if (opaque_depth_ > 0 || stack_.size() >= static_cast<size_t>(json::kMaxNestingDepth)) {
      ++opaque_depth_;
      return;
    }
    Element e;
    for (const XML_Char** a = attributes; a[0] != nullptr; a += 2) {
      std::string_view attribute(a[0]);
      if (IsNamespaceDeclaration(attribute)) continue;
      std::string field =
          HiveName(absl::StrCat(AbslView(kAttributePrefix), AbslView(LocalName(attribute))));
      e.attributes.AddField(field, InferredType::FromText(a[1]));
      e.attribute_xpaths.emplace_back(std::move(field), absl::StrCat("@", AbslView(attribute)));
    }
    stack_.push_back(std::move(e));
  }

  void End(std::string_view name) {
    if (opaque_depth_ > 0) {
      if (--opaque_depth_ == 0) stack_.back().AddChild(name, InferredType(Kind::kString));
      return;
    }
    if (stack_.empty()) {
      --depth_;
      return;
    }
    Element e = std::move(stack_.back());
    stack_.pop_back();
    if (!stack_.empty()) {
      stack_.back().AddChild(name, e.Finish());
      return;
    }
    RowDone(name, std::move(e));
  }

  void Text(std::string_view text) {
    if (stack_.empty() || opaque_depth_ > 0) return;
    Element& e = stack_.back();
    if (!e.text_nonblank) {
      for (char c : text) {
        if (!absl::ascii_isspace(static_cast<unsigned char>(c))) {
          e.text_nonblank = true;
          break;
        }
      }
    }
    if (e.text.size() + text.size() > kMaxTextKept) {
      e.text_long = true;
      e.text.append(text.substr(0, kMaxTextKept - std::min(kMaxTextKept, e.text.size())));
    } else {
      e.text.append(text);
    }
  }

  void RowDone(std::string_view tag, Element row) {
    auto it = by_tag_.find(std::string(tag));
    if (it == by_tag_.end()) {
      it = by_tag_.emplace(std::string(tag), candidates_.size()).first;
      candidates_.push_back({std::string(tag), InferredType(Kind::kNull), {}, false, 0});
    }
    Candidate& c = candidates_[it->second];
    for (const auto& [field, xpath] : row.attribute_xpaths) c.xpaths.emplace(field, xpath);
    for (const Element::Child& child : row.children) c.xpaths.emplace(child.name, child.original);
    if (row.text_nonblank) c.xpaths.emplace(std::string(kValueField), "text()");
    c.has_attributes = c.has_attributes || !row.attribute_xpaths.empty();
    InferredType type = row.Finish();
    if (type.kind() != Kind::kStruct) {
      // A text-only row: its text is the one field.
      InferredType wrapped = InferredType::Struct();
      wrapped.AddField(kValueField, std::move(type));
      c.xpaths.emplace(std::string(kValueField), "text()");
      type = std::move(wrapped);
    }
    c.type.Merge(std::move(type), /*promote_to_array=*/true);
    ++c.rows;
    if (++total_rows_ >= options_.max_rows) {
      stopped_ = true;
      XML_StopParser(parser_, XML_FALSE);
    }
  }

  const XmlRowsOptions& options_;
  XML_Parser parser_;
  int64_t depth_ = 0;           // open elements outside any row
  std::vector<Element> stack_;  // open elements of the current row
  int64_t opaque_depth_ = 0;    // open elements nested too deep to type
  std::vector<Candidate> candidates_;
  absl::flat_hash_map<std::string, size_t> by_tag_;
  int64_t total_rows_ = 0;
  bool stopped_ = false;
};

}  // namespace

std::optional<XmlRows> ReadXmlRows(std::string_view content, bool complete,
                                   const XmlRowsOptions& options) {
  std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreate(nullptr));
  if (parser == nullptr) return std::nullopt;
  Reader reader(options, parser.get());
  XML_SetUserData(parser.get(), &reader);
  XML_SetElementHandler(parser.get(), &Reader::OnStart, &Reader::OnEnd);
  XML_SetCharacterDataHandler(parser.get(), &Reader::OnText);
  // XML_Parse takes an int length; samples are far below that, but feed in
  // pieces anyway so no cast can overflow.
  constexpr size_t kPiece = 1 << 20;
  size_t at = 0;
  do {
    const size_t n = std::min(kPiece, content.size() - at);
    const bool last = at + n == content.size();
    if (XML_Parse(parser.get(), content.data() + at, static_cast<int>(n),
                  complete && last ? XML_TRUE : XML_FALSE) != XML_STATUS_OK) {
      if (reader.stopped()) break;
      return std::nullopt;  // not well-formed before the sample's end
    }
    at += n;
  } while (at < content.size());

  Candidate* chosen = reader.Chosen();
  if (chosen == nullptr) return std::nullopt;
  XmlRows out;
  out.row_tag = chosen->tag;
  out.type = std::move(chosen->type);
  out.xpaths = std::move(chosen->xpaths);
  out.rows_have_attributes = chosen->has_attributes;
  out.rows = chosen->rows;
  out.stopped = reader.stopped();
  out.bytes = reader.stopped() ? static_cast<int64_t>(XML_GetCurrentByteIndex(parser.get()))
                               : static_cast<int64_t>(content.size());
  return out;
}

}  // namespace almanac::classifiers::xml
