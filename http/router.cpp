// http/router.cpp
// Path and method dispatch for the routes in http/routes/.
#include "http/router.hpp"

#include <string>

#include "http/responses.hpp"
#include "http/routes/routes.hpp"

namespace dash::http {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

reply wrong_method(const request_view& req, std::string_view allowed) {
  auto r = json_error(405, "method_not_allowed",
                      std::string{req.method} + " is not allowed here; use "
                        + std::string{allowed},
                      req.request_id);
  r.header("Allow", std::string{allowed});
  return r;
}

bool is_get(const request_view& req) {
  return req.method == "GET" || req.method == "HEAD";
}

} // namespace

void route(const server_context& ctx, const request_view& req,
           respond_fn respond) {
  auto path = req.target.substr(0, req.target.find('?'));
  if (path == "/_dash-update-component") {
    if (req.method != "POST")
      return respond(wrong_method(req, "POST"));
    return routes::update_component(ctx, req, std::move(respond));
  }
  if (!is_get(req))
    return respond(wrong_method(req, "GET, HEAD"));
  if (path == "/_dash-layout")
    return respond(routes::layout(ctx, req));
  if (path == "/_dash-dependencies")
    return respond(routes::dependencies(ctx, req));
  constexpr std::string_view suites = "/_dash-component-suites/";
  if (starts_with(path, suites))
    return respond(
      routes::component_suites(ctx, req, path.substr(suites.size())));
  constexpr std::string_view assets = "/assets/";
  if (starts_with(path, assets))
    return respond(routes::assets(ctx, req, path.substr(assets.size())));
  if (path == "/_favicon.ico")
    return respond(routes::favicon(ctx, req));
  if (starts_with(path, "/_dash-") || starts_with(path, "/_reload-hash"))
    return respond(json_error(404, "not_found",
                              "no Dash route " + std::string{path},
                              req.request_id));
  if (path.empty() || path.front() != '/')
    return respond(json_error(400, "bad_request",
                              "the request target must start with '/'",
                              req.request_id));
  respond(routes::index_page(ctx, req));
}

} // namespace dash::http
