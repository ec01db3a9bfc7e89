// http/url.hpp
// Small pieces of URL handling the routes share: hex digits of percent
// escapes and one decoded query parameter.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dash::http {

/// The value of hex digit `c`, or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// The decoded value ('+' and %XX) of query parameter `name` in `target`
/// (path and query), or nullopt when it is absent.
std::optional<std::string> query_param(std::string_view target,
                                       std::string_view name);

} // namespace dash::http
