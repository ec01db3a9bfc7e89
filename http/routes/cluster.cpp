// http/routes/cluster.cpp
// GET /_cluster: this node's view of its cluster (members, their HTTP
// addresses) and, on request, the owner of a memoized value's key
// (?memo=NAME&args=JSON) or of a session (?session=ID). Reads the
// published view; never waits on an actor.
#include "http/routes/routes.hpp"

#include <string>

#include "actors/core/messages.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"

namespace dash::http::routes {

reply cluster(const server_context& ctx, const request_view& req) {
  auto view = ctx.where ? ctx.where->get() : nullptr;
  json::object body;
  json::array members;
  if (view) {
    body["self"] = view->members[view->self].name;
    body["clustered"] = true;
    for (const auto& m : view->members)
      members.push_back(json::object{{"name", m.name}, {"http", m.http}});
  } else {
    body["self"] = ctx.node_name;
    body["clustered"] = ctx.where != nullptr;
    members.push_back(json::object{{"name", ctx.node_name},
                                   {"http", ctx.node_name}});
  }
  body["members"] = std::move(members);
  std::optional<std::string> key;
  if (auto memo = query_param(req.target, "memo")) {
    auto args = query_param(req.target, "args").value_or("[]");
    boost::system::error_code ec;
    auto parsed = json::parse(args, ec);
    if (ec || !parsed.is_array())
      return json_error(400, "bad_request",
                        "args must be a JSON array of the memoized "
                        "function's arguments",
                        req.request_id);
    key = actors::memo_request{*memo, model::sorted_json(parsed)}.key();
  } else if (auto session = query_param(req.target, "session")) {
    key = *session;
  }
  if (key)
    body["owner"] = view ? view->owner(*key).name : ctx.node_name;
  auto r = json_reply(json::serialize(body));
  r.header("Cache-Control", "no-store");
  return r;
}

} // namespace dash::http::routes
