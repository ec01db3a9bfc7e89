// model/callback_request.hpp
// A parsed POST /_dash-update-component body: which callback, and the
// current values of its inputs and state. Immutable once parsed.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
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

/// One declared input or state as the request carries it: one prop (a
/// fixed id, or the component a MATCH resolved to), or for ALL and
/// ALLSMALLER the list of every matching prop, maybe empty.
struct request_arg {
  request_arg() = default;
  request_arg(prop_value pv) // NOLINT(google-explicit-constructor)
    : value(pv.value) {
    props.push_back(std::move(pv));
  }

  std::vector<prop_value> props;
  bool is_list = false;
  /// What the function receives: the prop's value, or the list of values.
  json::value value;
};

/// One declared output as the request names it: one component, or for an
/// ALL output every matching one (the function returns a list for it).
struct request_output {
  request_output() = default;
  request_output(dependency d) { // NOLINT(google-explicit-constructor)
    deps.push_back(std::move(d));
  }

  std::vector<dependency> deps;
  bool is_list = false;
};

/// What the HTTP request carried besides its body, for `callback_context`
/// (Dash's `ctx.cookies`, `headers`, `path`, `remote`). Read-only; kept as
/// the request's text and parsed only when a callback asks.
struct request_meta {
  std::string cookie;       ///< the Cookie header as sent
  std::string header_lines; ///< "Name: value\r\n" per header
  std::string path;         ///< the target, query included
  std::string remote;       ///< the client's address

  /// {name: value} from `cookie`.
  json::object cookies() const;
  /// {lower-case name: value} from `header_lines`.
  json::object headers() const;
};

struct callback_request {
  std::string output;                  ///< the spec's output string
  std::vector<request_output> outputs; ///< one per declared output
  std::vector<request_arg> inputs;
  std::vector<request_arg> states;
  std::vector<std::string> changed_props; ///< "id.prop" that triggered it
  /// The session of the request's cookie when the server issued it; set by
  /// the HTTP layer, never read from the body. Empty without one.
  std::string session_id;
  /// Set by the HTTP layer; null in tests and server-side fan-out runs.
  std::shared_ptr<const request_meta> meta;
};

/// True when `output` names a callback with a list of outputs
/// ("..a.b...c.d..").
inline bool is_multi_output(std::string_view output) {
  return output.substr(0, 2) == "..";
}

/// Parses a request body. Throws `request_error` with a message naming the
/// offending field when the body is not JSON or not a callback request.
callback_request parse_callback_request(std::string_view body);

/// The request's body again, in the renderer's form: what
/// parse_callback_request reads back into an equal request (session and
/// meta aside, which the body never carries).
std::string write_callback_request(const callback_request& req);

/// Throws `request_error` naming the field unless the request's outputs,
/// inputs and state are the ones `spec` declares, in order: fixed ids
/// equal; wildcard ids matched by concrete components (a list for ALL and
/// ALLSMALLER, one for MATCH) whose MATCH values agree everywhere and whose
/// ALLSMALLER values are below the MATCH value.
void check_matches(const callback_request& req, const callback_spec& spec);

} // namespace dash::model
