// model/json.hpp
// The JSON vocabulary of dashcpp: Boost.JSON under a short alias, plus the
// few helpers every layer needs (compact text, id keys, safe field access).
#pragma once

#include <string>
#include <string_view>

#include <boost/json.hpp>

namespace dash {

namespace json = boost::json;

namespace model {

/// Serializes `v` as compact JSON with object keys sorted, the form Dash uses
/// for pattern-matching (dict) ids in callback specs and responses.
std::string sorted_json(const json::value& v);

/// The text a component id takes in "id.prop" keys: a string id as it is, a
/// dict id as sorted compact JSON.
std::string id_key(const json::value& id);

/// The type name of a JSON value for messages ("string", "object", ...).
std::string_view kind_name(const json::value& v);

} // namespace model
} // namespace dash
