// http/routes/routes.hpp
// One handler per Dash route. Each builds its reply through http/responses
// and never blocks: update_component hands its job to the actors.
#pragma once

#include <string_view>

#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http::routes {

/// GET / and any non-reserved path: the page that boots the renderer.
reply index_page(const server_context& ctx, const request_view& req);
/// GET /_dash-layout.
reply layout(const server_context& ctx, const request_view& req);
/// GET /_dash-dependencies.
reply dependencies(const server_context& ctx, const request_view& req);
/// POST /_dash-update-component: runs a callback on its actor.
void update_component(const server_context& ctx, const request_view& req,
                      respond_fn respond);
/// GET /_dash-component-suites/<path>.
reply component_suites(const server_context& ctx, const request_view& req,
                       std::string_view path);
/// GET /assets/<path>.
reply assets(const server_context& ctx, const request_view& req,
             std::string_view path);
/// GET /_favicon.ico.
reply favicon(const server_context& ctx, const request_view& req);
/// GET /_health: 200 while the process serves HTTP.
reply health(const server_context& ctx, const request_view& req);
/// GET /_ready: 200 when it can serve users, else 503 with the reasons.
void ready(const server_context& ctx, const request_view& req,
           respond_fn respond);
/// GET /_cluster: members and, with ?memo=&args= or ?session=, the owner.
reply cluster(const server_context& ctx, const request_view& req);
/// GET /_metrics: Prometheus text format.
void metrics(const server_context& ctx, const request_view& req,
             respond_fn respond);

} // namespace dash::http::routes
