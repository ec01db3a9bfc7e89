// model/session_memo.hpp
// `app.session_memoize(name, fn)`: a per-user value kept on the server
// under the user's session id, computed once per session (the seed's
// Example 4). Its definition (what session actors run) and the typed
// handle a callback calls with a session id.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "model/deferred.hpp"
#include "model/json.hpp"

namespace dash::model {

/// How a session computes value `name`: may block (runs on a thread of its
/// own); the JSON it returns is stored with the session.
struct session_memo_def {
  std::string name;
  std::function<json::value(const std::string& session_id)> compute;
};

/// `get_dataframe(session_id)` gives the session's value as a deferred.
template <class R>
class session_memo {
public:
  explicit session_memo(std::string name) : name_(std::move(name)) {}

  deferred<R> operator()(const std::string& session_id) const {
    auto name = name_;
    deferred<json::value> raw{
      [name, session_id](async_env& env,
                         typename deferred<json::value>::sink done) {
        env.fetch_session_value(
          session_id, name,
          [done](const shared_value& v, std::exception_ptr e) {
            if (e)
              return done(nullptr, e);
            try {
              done(v.as<json::value>(), nullptr);
            } catch (...) {
              done(nullptr, std::current_exception());
            }
          });
      }};
    if constexpr (std::is_same_v<R, json::value>)
      return raw;
    else
      return raw.then([](const json::value& v) { return json::value_to<R>(v); });
  }

private:
  std::string name_;
};

} // namespace dash::model
