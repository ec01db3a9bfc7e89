// http/routes/component_suites.cpp
// GET /_dash-component-suites/<path>: the renderer, components and plotly.js
// from memory; fingerprinted URLs are cached for a year.
#include "http/routes/routes.hpp"

#include <string>

#include "http/responses.hpp"
#include "http/static_file.hpp"

namespace dash::http::routes {

reply component_suites(const server_context& ctx, const request_view& req,
                       std::string_view path) {
  auto clean = safe_relative_path(path);
  const auto* file = clean.empty() ? nullptr : ctx.front_end->find(clean);
  if (file == nullptr)
    return json_error(404, "not_found",
                      "no component suite file '" + std::string{path}
                        + "'; the page may be older than the server, "
                          "reload it",
                      req.request_id);
  return file_reply(*file, req, frontend::has_fingerprint(clean));
}

} // namespace dash::http::routes
