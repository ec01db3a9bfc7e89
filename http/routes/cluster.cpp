// http/routes/cluster.cpp
// GET /_cluster: this node's view of its cluster (members, their HTTP
// addresses) and, on request, the owner of a memoized value's key
// (?memo=NAME&args=JSON) or of a session (?session=ID). Reads the
// published view; never waits on an actor.
#include "http/routes/routes.hpp"

#include <string>

#include "actors/messages.hpp"
#include "http/responses.hpp"

namespace dash::http::routes {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/// The decoded value of query parameter `name`, or nullopt.
std::optional<std::string> query_param(std::string_view target,
                                       std::string_view name) {
  auto q = target.find('?');
  if (q == std::string_view::npos)
    return std::nullopt;
  auto query = target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{}
                                          : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) != name)
      continue;
    auto raw = eq == std::string_view::npos ? std::string_view{}
                                            : pair.substr(eq + 1);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') {
        out += ' ';
      } else if (raw[i] == '%' && i + 2 < raw.size()
                 && hex_value(raw[i + 1]) >= 0 && hex_value(raw[i + 2]) >= 0) {
        out += static_cast<char>(hex_value(raw[i + 1]) * 16
                                 + hex_value(raw[i + 2]));
        i += 2;
      } else {
        out += raw[i];
      }
    }
    return out;
  }
  return std::nullopt;
}

} // namespace

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
