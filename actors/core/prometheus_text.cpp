// actors/core/prometheus_text.cpp
// The Prometheus text helpers: label escaping and line formatting.
#include "actors/core/prometheus_text.hpp"

#include <spdlog/fmt/fmt.h>

namespace dash::actors {

std::string prometheus_label(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void prometheus_help(std::string& out, const char* name, const char* type,
                     const char* text) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, text, name, type);
}

void prometheus_sample(std::string& out, const std::string& name,
                       const std::string& labels, std::uint64_t value) {
  out += name;
  if (!labels.empty())
    out += '{' + labels + '}';
  out += fmt::format(" {}\n", value);
}

void prometheus_scalar(std::string& out, const char* name, const char* type,
                       const char* text, std::uint64_t value) {
  prometheus_help(out, name, type, text);
  prometheus_sample(out, name, "", value);
}

} // namespace dash::actors
