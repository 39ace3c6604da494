// Writes what java_regex_check (JavaRegexCheck.java) verifies: for each
// built-in pattern of testdata/patterns.txt, and for each built-in log
// classifier's pattern against each line of the given log files, one line
// `regex TAB groups TAB re2-matches(0|1) TAB text`. Java must compile every
// regex (Hive's RegexSerDe reads input.regex with java.util.regex), find
// the same number of groups, and agree with RE2 on every line.
//
// Usage: classifier_grok_dump_regexes OUT patterns.txt LOG...
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog/classifiers/grok/grok_compiler.h"

namespace {

using almanac::classifiers::grok::CompiledGrok;

void Emit(std::ofstream& out, const CompiledGrok& g, const std::string& text) {
  out << g.regex() << '\t' << g.fields().size() << '\t' << (g.FullMatch(text) ? 1 : 0) << '\t'
      << text << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: " << argv[0] << " OUT patterns.txt LOG...\n";
    return 2;
  }
  std::ofstream out(argv[1]);
  std::ifstream patterns(argv[2]);
  std::string line;
  while (std::getline(patterns, line)) {
    if (line.size() < 3 || line[0] == '#') continue;
    const size_t space = line.find(' ', 2);
    auto g = CompiledGrok::Compile(absl::StrCat("%{", line.substr(2, space - 2), "}"), "");
    if (!g.ok()) {
      std::cerr << line << ": " << g.status() << "\n";
      return 1;
    }
    Emit(out, *g, line.substr(space + 1));
  }
  // The compiler's rewrites of what Java reads differently from RE2.
  struct Rewrite {
    const char* pattern;
    const char* custom;
    const char* text;
  };
  const Rewrite kRewrites[] = {
      {"%{F:f}", "F [[a&&b[:digit:]]+ {\"k\": x{2}}", "[&9 {\"k\": xx}"},
      {"%{F:f}", "F [[a&&b[:digit:]]+ {\"k\": x{2}}", "c {\"k\": x}"},
      {"(a|b)(?<tag>[a-z]+) %{INT:n}(?:-%{INT:n})? (?P<word>\\w+) (?>x|y)", "", "bxyz 1-2 w y"},
      {"\\Q%{x}(\\E%{INT:n}", "", "%{x}(5"},
      {"%{W:w}", "W [[:alpha:][:punct:]]+[[:space:]]*", "ab!~ \t"},
  };
  for (const Rewrite& r : kRewrites) {
    auto g = CompiledGrok::Compile(r.pattern, r.custom);
    if (!g.ok()) {
      std::cerr << r.pattern << ": " << g.status() << "\n";
      return 1;
    }
    Emit(out, *g, r.text);
  }
  for (const char* pattern : {"%{COMBINEDAPACHELOG}", "%{COMMONAPACHELOG}", "%{LINUXKERNELLOG}"}) {
    auto g = CompiledGrok::Compile(pattern, "");
    if (!g.ok()) {
      std::cerr << pattern << ": " << g.status() << "\n";
      return 1;
    }
    for (int i = 3; i < argc; ++i) {
      std::ifstream log(argv[i]);
      while (std::getline(log, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        Emit(out, *g, line);
      }
    }
  }
  return out.good() ? 0 : 1;
}
