// http/responses.cpp
// Reply builders shared by every route.
#include "http/responses.hpp"

#include <boost/json.hpp>

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

reply file_reply(const static_file& f, const request_view& req,
                 bool immutable) {
  reply r;
  r.header("ETag", f.etag());
  r.header("Cache-Control", immutable ? "public, max-age=31536000, immutable"
                                      : "no-cache");
  r.header("Vary", "Accept-Encoding");
  if (!req.if_none_match.empty() && req.if_none_match == f.etag()) {
    r.status = 304;
    return r;
  }
  r.content_type = f.content_type();
  r.body = f.bytes();
  if (req.accept_encoding.find("gzip") != std::string_view::npos)
    if (auto z = f.gzipped()) {
      r.body = std::move(z);
      r.header("Content-Encoding", "gzip");
    }
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
