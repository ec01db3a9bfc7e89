// model/callback_spec.hpp
// One Dash callback (outputs, inputs, state, options) and its JSON for
// /_dash-dependencies. Pure data; used by the app, actors and http routes.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/dependency.hpp"
#include "model/error_handler.hpp"
#include "model/json.hpp"

namespace dash::model {

/// A prop set while the callback runs and reset when it is done, as Dash's
/// `running=[(Output("slow", "disabled"), True, False)]`:
/// `{output("slow", "disabled"), true, false}`.
struct running_prop {
  output_dep target;
  json::value while_running;
  json::value when_done;
};

/// A clientside callback's function in `window.dash_clientside`, as Dash's
/// `ClientsideFunction(namespace, function_name)`; defined in the app's
/// assets/*.js (or made from inline source by `app.clientside_callback`).
struct clientside_function {
  std::string ns;   ///< the namespace: `dash_clientside.<ns>`
  std::string name; ///< the function: `dash_clientside.<ns>.<name>`
};

/// Per-callback options: `app.callback(..., fn, callback_options{...})`.
struct callback_options {
  /// Skip the call the renderer makes when the page loads; unset takes the
  /// app's `prevent_initial_callbacks`.
  std::optional<bool> prevent_initial_call{};
  /// How many runs of this callback may proceed at once (its worker pool);
  /// 0 takes the server's `callback-workers` setting.
  std::size_t max_parallel = 0;
  /// How long one run may take before it is answered 504 and its worker
  /// replaced; 0 takes the server's `callback-timeout-ms` setting.
  std::chrono::milliseconds timeout{0};
  /// Props set in the browser while a run is in flight, then reset.
  std::vector<running_prop> running{};
  /// Called with the exception when the function throws; what it returns
  /// answers the request instead (nothing: every output left alone). Unset
  /// takes the app's `on_error`.
  error_handler on_error{};
  /// Every input and state may be missing from the page (Dash's
  /// `optional=True`): no "nonexistent object" error, nulls instead.
  bool optional = false;
};

struct callback_spec {
  std::vector<dependency> outputs; ///< empty for a no-output callback
  std::vector<dependency> inputs;  ///< empty for a no-input callback
  std::vector<dependency> states;
  /// Declared with a list of outputs: answered with one value per output,
  /// and named "..a.b...c.d.." even when the list has one element.
  bool multi_output = false;
  callback_options options;
  /// `options.prevent_initial_call`, or the app's default when unset.
  bool prevent_initial_call = false;
  /// Set for a clientside callback: the browser runs it, never the server.
  std::optional<clientside_function> clientside;
  /// Tells apart callbacks with neither inputs nor outputs (their names
  /// would otherwise be equal); set by the app at registration.
  std::string salt;

  /// The output string Dash uses as the callback's identity; for a
  /// no-output callback the SHA-256 of its inputs, as Dash names it.
  std::string output_key() const;
  /// The entry in /_dash-dependencies.
  json::object to_json() const;
  /// The SHA-256 of the inputs' "id.prop" joined by ".", as Dash's
  /// `_hash_inputs`: the name of a no-output callback and the
  /// `allow_duplicate` suffix of its outputs.
  std::string inputs_hash() const;
  /// True when any output, input or state has a wildcard.
  bool is_pattern() const;
  /// Throws `registration_error` if any dependency is malformed, if one
  /// output is named twice, or if the wildcards break Dash's rules (MATCH
  /// on the same keys in every output; ALLSMALLER, and MATCH when the
  /// outputs have MATCH, only on keys the outputs MATCH).
  void validate() const;
};

} // namespace dash::model
