// model/callback_spec.hpp
// One Dash callback (outputs, inputs, state, options) and its JSON for
// /_dash-dependencies. Pure data; used by the app, actors and http routes.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "model/dependency.hpp"
#include "model/json.hpp"

namespace dash::model {

/// Per-callback options: `app.callback(..., fn, callback_options{...})`.
struct callback_options {
  /// Skip the call the renderer makes when the page loads.
  bool prevent_initial_call = false;
  /// How many runs of this callback may proceed at once (its worker pool);
  /// 0 takes the server's `callback-workers` setting.
  std::size_t max_parallel = 0;
  /// How long one run may take before it is answered 504 and its worker
  /// replaced; 0 takes the server's `callback-timeout-ms` setting.
  std::chrono::milliseconds timeout{0};
};

struct callback_spec {
  std::vector<dependency> outputs;
  std::vector<dependency> inputs;
  std::vector<dependency> states;
  /// Declared with a list of outputs: answered with one value per output,
  /// and named "..a.b...c.d.." even when the list has one element.
  bool multi_output = false;
  callback_options options;

  /// The output string Dash uses as the callback's identity.
  std::string output_key() const;
  /// The entry in /_dash-dependencies.
  json::object to_json() const;
  /// Throws `registration_error` if any dependency is malformed, if there
  /// are no outputs or inputs, or if one output is named twice.
  void validate() const;
};

} // namespace dash::model
