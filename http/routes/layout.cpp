// http/routes/layout.cpp
// GET /_dash-layout: the component tree, made per request when the app's
// layout is a function.
#include "http/routes/routes.hpp"

#include <exception>

#include <spdlog/spdlog.h>

#include "http/responses.hpp"
#include "http/session_cookie.hpp"

namespace dash::http::routes {

reply layout(const server_context& ctx, const request_view& req) {
  try {
    reply r;
    auto session = ensure_session(ctx, req, r);
    auto body = json_reply(json::serialize(ctx.app->render_layout(session)));
    body.headers = std::move(r.headers);
    return body;
  } catch (const std::exception& e) {
    ctx.log->error("layout function threw request={} error=\"{}\"",
                   req.request_id, e.what());
    return json_error(500, "layout_failed",
                      std::string{"the app's layout function raised an "
                                  "exception: "}
                        + e.what(),
                      req.request_id);
  }
}

} // namespace dash::http::routes
