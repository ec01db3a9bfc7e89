// model/callback_context.hpp
// `dash::callback_context`: what a callback may ask about the request that
// runs it (which input fired, every input and state value), as in Dash.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/callback_request.hpp"
#include "model/json.hpp"

namespace spdlog {
class logger;
}

namespace dash::model {

/// One entry of `triggered`: the "id.prop" that changed and its value.
struct triggered_prop {
  std::string prop_id;
  json::value value;
};

class callback_context {
public:
  callback_context(std::shared_ptr<const callback_request> req,
                   std::shared_ptr<spdlog::logger> log,
                   std::string request_id);

  /// The props whose change fired this call; empty on the initial call.
  std::vector<triggered_prop> triggered() const;
  /// The component id of the first trigger, or "" on the initial call.
  std::string triggered_id() const;
  /// True when "id.prop" (or any prop of `id` when no dot) fired the call.
  bool triggered_by(std::string_view id_or_prop) const;

  /// Every input as {"id.prop": value}.
  json::object inputs() const;
  /// Every state as {"id.prop": value}.
  json::object states() const;
  /// The value of input or state `id`.`property`; null when absent.
  json::value value(std::string_view id, std::string_view prop) const;

  /// Positional arguments: inputs then states, as the function receives.
  std::vector<const json::value*> args() const;

  const callback_request& request() const {
    return *req_;
  }
  /// The session id of the request's session cookie (verified), or "".
  const std::string& session_id() const {
    return req_->session_id;
  }
  /// The id of the HTTP request, for correlating log lines.
  const std::string& request_id() const {
    return request_id_;
  }
  /// The app's logger; lines written here carry the app's name.
  spdlog::logger& log() const {
    return *log_;
  }

private:
  std::shared_ptr<const callback_request> req_;
  std::shared_ptr<spdlog::logger> log_;
  std::string request_id_;
};

} // namespace dash::model
