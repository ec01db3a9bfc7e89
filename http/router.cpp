// http/router.cpp
// Path and method dispatch for the routes in http/routes/.
#include "http/router.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "http/csrf.hpp"
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

/// The host of a Host header without its port ("[::1]" kept whole).
std::string_view host_name(std::string_view host) {
  if (!host.empty() && host.front() == '[')
    return host.substr(0, host.find(']') + 1);
  return host.substr(0, host.find(':'));
}

/// 308 to the same target over https (the https-redirect-port listener).
reply https_redirect(const server_context& ctx, const request_view& req) {
  auto host = host_name(req.host);
  bool plain = !host.empty()
               && std::all_of(host.begin(), host.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '.' || c == '-' || c == '['
                           || c == ']' || c == ':';
                  });
  if (!plain)
    host = ctx.settings.host;
  if (req.target.empty() || req.target.front() != '/')
    return json_error(400, "bad_request",
                      "the request target must start with '/'",
                      req.request_id);
  auto location = "https://" + std::string{host}
                  + (ctx.redirect_to_https_port == 443
                       ? std::string{}
                       : ":" + std::to_string(ctx.redirect_to_https_port))
                  + std::string{req.target};
  auto r = json_error(308, "use_https",
                      "this server answers over https: " + location,
                      req.request_id);
  r.header("Location", location);
  return r;
}

constexpr std::string_view suites = "/_dash-component-suites/";
constexpr std::string_view assets_prefix = "/assets/";

} // namespace

std::vector<std::string> route_names() {
  return {"index",  "layout", "dependencies", "update_component",
          "component_suites", "assets", "favicon", "health",
          "ready",  "metrics", "cluster", "other"};
}

std::size_t route_index(std::string_view target) {
  auto path = target.substr(0, target.find('?'));
  if (path == "/_dash-update-component")
    return 3;
  if (path == "/_dash-layout")
    return 1;
  if (path == "/_dash-dependencies")
    return 2;
  if (starts_with(path, suites))
    return 4;
  if (starts_with(path, assets_prefix))
    return 5;
  if (path == "/_favicon.ico")
    return 6;
  if (path == "/_health")
    return 7;
  if (path == "/_ready")
    return 8;
  if (path == "/_metrics")
    return 9;
  if (path == "/_cluster")
    return 10;
  if (starts_with(path, "/_dash-") || starts_with(path, "/_reload-hash")
      || path.empty() || path.front() != '/')
    return 11;
  return 0;
}

void route(const server_context& ctx, const request_view& req,
           respond_fn respond) {
  if (ctx.redirect_to_https_port != 0)
    return respond(https_redirect(ctx, req));
  auto path = req.target.substr(0, req.target.find('?'));
  if (path == "/_dash-update-component") {
    if (req.method != "POST")
      return respond(wrong_method(req, "POST"));
    if (auto refused = check_csrf(ctx, req))
      return respond(std::move(*refused));
    return routes::update_component(ctx, req, std::move(respond));
  }
  if (!is_get(req))
    return respond(wrong_method(req, "GET, HEAD"));
  if (path == "/_dash-layout")
    return respond(routes::layout(ctx, req));
  if (path == "/_dash-dependencies")
    return respond(routes::dependencies(ctx, req));
  if (path == "/_health")
    return respond(routes::health(ctx, req));
  if (path == "/_ready")
    return routes::ready(ctx, req, std::move(respond));
  if (path == "/_metrics")
    return routes::metrics(ctx, req, std::move(respond));
  if (path == "/_cluster")
    return respond(routes::cluster(ctx, req));
  if (starts_with(path, suites))
    return respond(
      routes::component_suites(ctx, req, path.substr(suites.size())));
  if (starts_with(path, assets_prefix))
    return respond(
      routes::assets(ctx, req, path.substr(assets_prefix.size())));
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
