// http/responses.cpp
// Reply builders shared by every route.
#include "http/responses.hpp"

#include <boost/json.hpp>

#include "http/header_text.hpp"
#include "http/static_file.hpp"

namespace dash::http {

reply json_error(int status, std::string_view code, std::string_view message,
                 std::string_view request_id) {
  boost::json::object o{{"error", code},
                        {"message", message},
                        {"request_id", request_id}};
  reply r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::make_shared<const std::string>(boost::json::serialize(o));
  return r;
}

reply json_reply(std::string body) {
  reply r;
  r.content_type = "application/json";
  r.body = std::make_shared<const std::string>(std::move(body));
  return r;
}

reply html_reply(std::string body) {
  reply r;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::make_shared<const std::string>(std::move(body));
  return r;
}

reply no_content() {
  reply r;
  r.status = 204;
  return r;
}

namespace {

/// Calls `f(item)` for each comma-separated item of a header value.
template <class F>
void for_each_item(std::string_view list, F f) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim_ows(list.substr(0, comma));
    if (!item.empty())
      f(item);
    if (comma == std::string_view::npos)
      break;
    list.remove_prefix(comma + 1);
  }
}

/// RFC 9110 weak comparison of If-None-Match against `etag`.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  bool match = false;
  for_each_item(if_none_match, [&](std::string_view tag) {
    if (tag == "*")
      match = true;
    if (tag.substr(0, 2) == "W/")
      tag.remove_prefix(2);
    if (tag == etag)
      match = true;
  });
  return match;
}

/// Whether Accept-Encoding allows gzip (a q of 0 refuses it).
bool accepts_gzip(std::string_view accept_encoding) {
  bool gzip = false;
  bool star = false;
  bool gzip_named = false;
  for_each_item(accept_encoding, [&](std::string_view item) {
    auto semi = item.find(';');
    auto coding = trim_ows(item.substr(0, semi));
    bool refused = false;
    if (semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      auto q = params.find("q=");
      if (q != std::string_view::npos) {
        auto value = trim_ows(params.substr(q + 2));
        refused = value.find_first_not_of("0.") == std::string_view::npos;
      }
    }
    if (coding == "gzip" || coding == "x-gzip") {
      gzip_named = true;
      gzip = !refused;
    } else if (coding == "*") {
      star = !refused;
    }
  });
  return gzip_named ? gzip : star;
}

} // namespace

reply file_reply(const static_file& f, const request_view& req,
                 bool immutable) {
  reply r;
  auto body = f.bytes();
  auto etag = f.etag();
  bool gzip = false;
  if (accepts_gzip(req.accept_encoding))
    if (auto z = f.gzipped()) {
      body = std::move(z);
      etag.insert(etag.size() - 1, "-gz"); // another representation
      gzip = true;
    }
  r.header("ETag", etag);
  r.header("Cache-Control", immutable ? "public, max-age=31536000, immutable"
                                      : "no-cache");
  r.header("Vary", "Accept-Encoding");
  if (!req.if_none_match.empty() && etag_matches(req.if_none_match, etag)) {
    r.status = 304;
    return r;
  }
  r.content_type = f.content_type();
  r.body = std::move(body);
  if (gzip)
    r.header("Content-Encoding", "gzip");
  return r;
}

int status_of(errc e) {
  switch (e) {
    case errc::none:
      return 200;
    case errc::bad_request:
      return 400;
    case errc::unknown_callback:
      return 404;
    case errc::forbidden:
      return 403;
    case errc::unavailable:
    case errc::overloaded:
      return 503;
    case errc::timeout:
      return 504;
    case errc::callback_failed:
    case errc::worker_lost:
    case errc::internal:
      return 500;
  }
  return 500;
}

} // namespace dash::http
