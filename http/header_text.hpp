// http/header_text.hpp
// Reading header field values: the optional whitespace (spaces and tabs,
// RFC 9110's OWS) around a value or a list item.
#pragma once

#include <string_view>

namespace dash::http {

/// `s` without leading and trailing spaces and tabs.
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

} // namespace dash::http
