// model/callback_request.hpp
// A parsed POST /_dash-update-component body: which callback, and the
// current values of its inputs and state. Immutable once parsed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/dependency.hpp"
#include "model/json.hpp"

namespace dash::model {

struct callback_spec;

/// A prop and its current value as the renderer sent it. An input the
/// browser has no value for yet (n_clicks before a click) arrives without
/// `value`; it reads as null.
struct prop_value {
  dependency dep;
  json::value value;
};

struct callback_request {
  std::string output;                     ///< the spec's output string
  std::vector<dependency> outputs;        ///< one per output
  std::vector<prop_value> inputs;
  std::vector<prop_value> states;
  std::vector<std::string> changed_props; ///< "id.prop" that triggered it
  /// The session of the request's cookie when the server issued it; set by
  /// the HTTP layer, never read from the body. Empty without one.
  std::string session_id;
};

/// Parses a request body. Throws `request_error` with a message naming the
/// offending field when the body is not JSON or not a callback request.
callback_request parse_callback_request(std::string_view body);

/// Throws `request_error` unless the request's outputs, inputs and state
/// are exactly the ones `spec` declares, in order.
void check_matches(const callback_request& req, const callback_spec& spec);

} // namespace dash::model
