// http/routes/operations.cpp
// The operator's routes: /_health (the process answers), /_ready (it can
// serve: front end loaded, session store reachable, not draining) and
// /_metrics (Prometheus text). None of them blocks an I/O thread.
#include "http/routes/routes.hpp"

#include <chrono>
#include <memory>
#include <string>

#include "http/responses.hpp"
#include "http/scrape.hpp"

namespace dash::http::routes {

namespace {

constexpr std::chrono::milliseconds probe_timeout{1000};

reply json_status(int status, json::object body) {
  auto r = json_reply(json::serialize(body));
  r.status = status;
  r.header("Cache-Control", "no-store");
  return r;
}

} // namespace

reply health(const server_context& ctx, const request_view&) {
  return json_status(200, {{"status", "ok"},
                           {"draining", ctx.life && ctx.life->draining()}});
}

void ready(const server_context& ctx, const request_view&,
           respond_fn respond) {
  json::object checks;
  checks["front_end"] = ctx.front_end ? "ok" : "missing";
  if (auto view = ctx.where ? ctx.where->get() : nullptr)
    checks["cluster"] = json::object{
      {"self", view->members[view->self].name},
      {"members", view->members.size()}};
  else
    checks["cluster"] = ctx.where ? "starting" : "single node";
  if (ctx.life && ctx.life->draining()) {
    checks["server"] = "shutting down";
    return respond(
      json_status(503, {{"status", "draining"}, {"checks", checks}}));
  }
  ctx.callbacks->check_backends(
    probe_timeout,
    [respond = std::move(respond), checks,
     uses_sessions = ctx.session_ids != nullptr](std::string problem) mutable {
      checks["session_store"] = !problem.empty() ? problem
                                : uses_sessions ? "ok"
                                                : "not used";
      bool ok = problem.empty() && checks["front_end"] == "ok";
      respond(json_status(ok ? 200 : 503,
                          {{"status", ok ? "ready" : "not ready"},
                           {"checks", checks}}));
    });
}

void metrics(const server_context& ctx, const request_view&,
             respond_fn respond) {
  ctx.callbacks->collect(
    probe_timeout,
    [respond = std::move(respond), http_stats = ctx.http_stats,
     actor_stats = ctx.stats](const actors::runtime_stats& s) {
      reply r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = std::make_shared<const std::string>(
        render_scrape(*http_stats, *actor_stats, s));
      r.header("Cache-Control", "no-store");
      respond(std::move(r));
    });
}

} // namespace dash::http::routes
