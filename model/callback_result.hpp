// model/callback_result.hpp
// What a callback returns: a value per output, `no_update` for outputs it
// leaves alone, or nothing at all (prevent_update, HTTP 204).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/json.hpp"

namespace dash::model {

struct callback_spec;
struct callback_request;

/// Leaves one output unchanged, like Dash's `no_update`.
struct no_update_t {
  explicit constexpr no_update_t() = default;
};
inline constexpr no_update_t no_update{};

/// The value for one output: JSON, or `no_update`.
class output_value {
public:
  output_value(no_update_t) {} // NOLINT(google-explicit-constructor)
  output_value(json::value v) : value_(std::move(v)) {} // NOLINT

  bool is_no_update() const {
    return !value_.has_value();
  }
  /// Precondition: !is_no_update().
  const json::value& value() const {
    return *value_;
  }

private:
  std::optional<json::value> value_;
};

/// The outcome of one run: either "prevent the update" or one value per
/// declared output, in order.
class callback_result {
public:
  static callback_result prevent() {
    return callback_result{};
  }
  static callback_result values(std::vector<output_value> vs) {
    callback_result r;
    r.prevented_ = false;
    r.values_ = std::move(vs);
    return r;
  }
  /// Every output left alone (an `on_error` that returns nothing); props
  /// set with `set_props` still apply.
  static callback_result no_updates() {
    return values({});
  }

  /// True when no output changes: prevent_update, or every value no_update.
  bool is_prevented() const;
  const std::vector<output_value>& outputs() const {
    return values_;
  }

private:
  callback_result() = default;
  bool prevented_ = true;
  std::vector<output_value> values_;
};

/// The 200 body `{"multi": true, "response": {"<id>": {"<prop>": v}}}` with
/// `"sideUpdate": side` when `set_props` was used; outputs left as
/// no_update are omitted. An ALL output takes a list, one value per
/// component the request names. Returns "" when nothing changes at all
/// (answered 204). Throws `argument_error` when the values do not fit the
/// outputs (their number, or a list's length).
std::string encode_response(const callback_spec& spec,
                            const callback_request& request,
                            const callback_result& result,
                            const json::object& side = {});

} // namespace dash::model
