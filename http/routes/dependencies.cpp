// http/routes/dependencies.cpp
// GET /_dash-dependencies: every callback's spec, computed once at start.
#include "http/routes/routes.hpp"

#include "http/responses.hpp"

namespace dash::http::routes {

reply dependencies(const server_context& ctx, const request_view&) {
  return json_reply(ctx.dependencies_json);
}

} // namespace dash::http::routes
