// model/json.hpp
// The JSON vocabulary of dashcpp: Boost.JSON under a short alias, plus the
// few helpers every layer needs (compact text, id keys, safe field access).
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/json.hpp>

namespace dash {

namespace json = boost::json;

namespace model {

/// A parameter that takes any value Boost.JSON can convert (std::string,
/// numbers, vectors, json values, components, nullptr...), so the builder
/// API accepts `dcc::store("id", some_std_string)` directly.
class value_arg {
public:
  template <class T, class = std::enable_if_t<
                       !std::is_same_v<std::decay_t<T>, value_arg>>>
  value_arg(T&& x) // NOLINT(google-explicit-constructor)
    : value_(json::value_from(std::forward<T>(x))) {}

  operator json::value() const& { // NOLINT(google-explicit-constructor)
    return value_;
  }
  operator json::value() && { // NOLINT(google-explicit-constructor)
    return std::move(value_);
  }
  const json::value& get() const {
    return value_;
  }

private:
  json::value value_;
};

/// Serializes `v` as compact JSON with object keys sorted, the form Dash uses
/// for pattern-matching (dict) ids in callback specs and responses.
std::string sorted_json(const json::value& v);

/// The text a component id takes in "id.prop" keys, byte for byte as Dash's
/// `stringify_id`: a string id as it is; a dict id as `{"k":v,...}` with the
/// keys sorted, no spaces between entries, and each value as `python_json`
/// writes it (wildcards as `["MATCH"]`).
std::string id_key(const json::value& id);

/// `v` as Python's `json.dumps(v)` writes it (Dash encodes ids this way):
/// ", " and ": " separators, object keys in their order, non-ASCII escaped
/// as \uXXXX, floats as Python's repr (`1.0`, `1e+16`, `1.5e-05`).
std::string python_json(const json::value& v);

/// Parses `text` like json::parse, but every double is the nearest one to
/// its decimal text (Boost.JSON 1.81's parser can be one unit in the last
/// place off), so a value serialized and parsed again is the same value.
/// Throws boost::system::system_error on malformed JSON.
json::value parse_exact(std::string_view text);
/// The same, with the error in `ec` instead of an exception.
json::value parse_exact(std::string_view text, boost::system::error_code& ec);

/// The type name of a JSON value for messages ("string", "object", ...).
std::string_view kind_name(const json::value& v);

} // namespace model
} // namespace dash
