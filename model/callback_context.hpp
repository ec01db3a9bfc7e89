// model/callback_context.hpp
// `dash::callback_context`: what a callback may ask about the request that
// runs it (which input fired, every input and state value, the components
// a pattern matched, the HTTP request), and `set_props`, as in Dash.
#pragma once

#include <memory>
#include <mutex>
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

/// The props `set_props` collected during one run, by component id key.
/// Shared by the copies of one run's context; guarded for the rare case a
/// continuation runs while the function still returns.
class side_update_log {
public:
  void set(const json::value& id, const json::object& props);
  json::object get() const;

private:
  mutable std::mutex mutex_;
  json::object updates_;
};

/// Copies share the run they describe (including `set_props`): capture the
/// context by value in a `.then` continuation, never by reference.
class callback_context {
public:
  callback_context(std::shared_ptr<const callback_request> req,
                   std::shared_ptr<spdlog::logger> log,
                   std::string request_id);

  /// The props whose change fired this call; empty on the initial call.
  std::vector<triggered_prop> triggered() const;
  /// The component id of the first trigger: a string, or a JSON object for
  /// a dict id (`ctx.triggered_id().at("index")`); null on the initial call.
  json::value triggered_id() const;
  /// Dash's `triggered_prop_ids`: {"id.prop": id} for every trigger.
  json::object triggered_prop_ids() const;
  /// True when "id.prop" (or any prop of `id` when no dot) fired the call.
  bool triggered_by(std::string_view id_or_prop) const;

  /// Every input as {"id.prop": value} (each matched component of a
  /// wildcard on its own).
  json::object inputs() const;
  /// Every state as {"id.prop": value}.
  json::object states() const;
  /// The inputs as the renderer sent them: per input `{"id", "property",
  /// "value"}`, or a list of them for ALL / ALLSMALLER.
  json::array inputs_list() const;
  /// The state in the same form.
  json::array states_list() const;
  /// The outputs as the renderer named them: `{"id", "property"}`, or a
  /// list for an ALL output; a single output is not wrapped in a list.
  json::value outputs_list() const;
  /// The value of input or state `id`.`property`; null when absent.
  json::value value(std::string_view id, std::string_view prop) const;

  /// Positional arguments: inputs then states, as the function receives.
  std::vector<const json::value*> args() const;

  /// Sets props of any component in the page along with this answer, as
  /// Dash's `set_props(id, {"children": ...})`; later calls for one id
  /// merge. Ignored when the run ends in `prevent_update`.
  void set_props(const json::value& id, const json::object& props) const;
  /// What `set_props` collected: {"<id>": {prop: value}}.
  json::object side_updates() const;

  /// The request's cookies {name: value}, headers {lower-case name: value},
  /// path (with query) and the client's address; empty when the run did
  /// not come from an HTTP request (server-side fan-out).
  json::object cookies() const;
  json::object headers() const;
  std::string path() const;
  std::string remote() const;

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
  std::shared_ptr<side_update_log> side_;
};

} // namespace dash::model
