// http/routes/update_component.cpp
// POST /_dash-update-component: parse and check the request here, then hand
// it to the callback's actor and answer when its reply arrives.
#include "http/routes/routes.hpp"

#include <chrono>
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "actors/core/messages.hpp"
#include "http/responses.hpp"
#include "http/session_cookie.hpp"
#include "model/callback_request.hpp"
#include "model/errors.hpp"

namespace dash::http::routes {

namespace {

reply to_reply(const actors::callback_outcome& o,
               const std::string& request_id) {
  if (o.code == errc::none) {
    if (o.is_prevented())
      return no_content();
    return json_reply(o.text);
  }
  auto r = json_error(status_of(o.code), to_string(o.code), o.text,
                      request_id);
  if (o.code == errc::overloaded)
    r.header("Retry-After", "1");
  return r;
}

/// What a callback's context tells of the HTTP request: its text only,
/// parsed if a callback asks.
std::shared_ptr<const model::request_meta> meta_of(const request_view& req) {
  auto meta = std::make_shared<model::request_meta>();
  meta->cookie = std::string{req.cookie};
  if (req.header_lines)
    meta->header_lines = req.header_lines();
  meta->path = std::string{req.target};
  meta->remote = std::string{req.remote};
  return meta;
}

bool is_clientside(const server_context& ctx, const std::string& output) {
  for (const auto& cb : ctx.app->clientside_callbacks())
    if (cb->spec.output_key() == output)
      return true;
  return false;
}

} // namespace

void update_component(const server_context& ctx, const request_view& req,
                      respond_fn respond) {
  model::callback_request parsed;
  try {
    parsed = model::parse_callback_request(req.body);
  } catch (const request_error& e) {
    return respond(json_error(400, "bad_request", e.what(), req.request_id));
  }
  const auto* entry = ctx.callbacks->find(parsed.output);
  if (entry == nullptr && is_clientside(ctx, parsed.output))
    return respond(json_error(
      400, "bad_request",
      "callback '" + parsed.output
        + "' is a clientside callback: the browser runs it, not the server",
      req.request_id));
  if (entry == nullptr)
    return respond(json_error(
      404, "unknown_callback",
      "no callback has output '" + parsed.output
        + "'; the page may be older than the server, reload it",
      req.request_id));
  try {
    model::check_matches(parsed, entry->callback->spec);
  } catch (const request_error& e) {
    return respond(json_error(400, "bad_request", e.what(), req.request_id));
  }
  parsed.session_id = verified_session(ctx, req);
  parsed.meta = meta_of(req);
  auto id = req.request_id;
  auto received = std::chrono::steady_clock::now();
  auto to = ctx.replies->expect(
    [respond = std::move(respond), id, received, stats = ctx.http_stats,
     index = entry->index](actors::callback_outcome o) {
      auto r = to_reply(o, id);
      auto& c = stats->callback(index);
      c.answers.add(r.status);
      c.latency.observe(std::chrono::steady_clock::now() - received);
      if (r.status >= 500)
        c.errors.fetch_add(1, std::memory_order_relaxed);
      respond(std::move(r));
    });
  ctx.callbacks->submit(
    *entry,
    actors::callback_job{
      std::make_shared<const model::callback_request>(std::move(parsed)),
      std::move(id), to, received},
    *ctx.replies);
}

} // namespace dash::http::routes
