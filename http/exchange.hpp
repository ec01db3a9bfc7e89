// http/exchange.hpp
// A request and its reply as the routes see them: plain values, no Beast,
// so routes are small, fast to compile and testable without sockets.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dash::http {

struct request_view {
  std::string_view method{}; ///< "GET", "POST", ...
  std::string_view target{}; ///< path and query, as sent
  std::string_view body{};
  std::string_view accept_encoding{};
  std::string_view if_none_match{};
  std::string_view cookie{};
  std::string request_id{};
  /// The client's address ("127.0.0.1"); empty when unknown.
  std::string_view remote{};
  /// Headers the CSRF and Origin checks read (empty when absent).
  std::string_view host{};
  std::string_view origin{};
  std::string_view referer{};
  std::string_view csrf_token{};       ///< the X-CSRFToken header
  std::string_view forwarded_proto{};  ///< X-Forwarded-Proto
  std::string_view forwarded_host{};   ///< X-Forwarded-Host
  /// Whether the connection itself is TLS.
  bool tls = false;
  /// Every header as "Name: value\r\n" lines, made only by the routes
  /// that need them (a callback's `ctx.headers()`); null in tests.
  std::function<std::string()> header_lines{};
};

struct reply {
  int status = 200;
  std::string content_type;
  std::shared_ptr<const std::string> body; ///< may be null (empty body)
  std::vector<std::pair<std::string, std::string>> headers;

  reply& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

/// How a route answers; may be called later, from another thread, once.
using respond_fn = std::function<void(reply)>;

} // namespace dash::http
