// http/responses.hpp
// The one place replies are built: JSON errors with actionable messages,
// JSON and HTML bodies, static files with caching, and error-to-status.
#pragma once

#include <string>
#include <string_view>

#include "http/exchange.hpp"
#include "model/errors.hpp"

namespace dash::http {

class static_file;

/// `{"error": code, "message": message, "request_id": id}` with `status`.
reply json_error(int status, std::string_view code, std::string_view message,
                 std::string_view request_id);
/// 200 application/json.
reply json_reply(std::string body);
/// 200 text/html.
reply html_reply(std::string body);
/// 204 No Content.
reply no_content();
/// A static file: gzip when accepted, ETag, 304 when unchanged, and a year
/// of caching when the URL was fingerprinted (immutable content).
reply file_reply(const static_file& f, const request_view& req,
                 bool immutable);
/// The HTTP status for an error code.
int status_of(errc e);

} // namespace dash::http
