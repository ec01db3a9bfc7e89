// http/url.cpp
// Query parameters: the first `name=value` pair wins; a malformed escape
// is kept as it is.
#include "http/url.hpp"

namespace dash::http {

std::optional<std::string> query_param(std::string_view target,
                                       std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos)
    return std::nullopt;
  auto query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{}
                                          : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) != name)
      continue;
    auto raw = eq == std::string_view::npos ? std::string_view{}
                                            : pair.substr(eq + 1);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') {
        out += ' ';
      } else if (raw[i] == '%' && i + 2 < raw.size()
                 && hex_value(raw[i + 1]) >= 0 && hex_value(raw[i + 2]) >= 0) {
        out += static_cast<char>(hex_value(raw[i + 1]) * 16
                                 + hex_value(raw[i + 2]));
        i += 2;
      } else {
        out += raw[i];
      }
    }
    return out;
  }
  return std::nullopt;
}

} // namespace dash::http
