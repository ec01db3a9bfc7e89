// model/wildcard.hpp
// Dash's pattern-matching wildcards (MATCH, ALL, ALLSMALLER) inside dict
// ids, and the helpers that find them. Used by dependencies and requests.
#pragma once

#include <optional>
#include <string_view>

#include "model/json.hpp"

namespace dash::model {

/// A wildcard as written in a dict id: `{"index", MATCH}`. On the wire it
/// is a one-element list, `["MATCH"]`, as Dash sends it; it converts to
/// that JSON, so it can stand in `json::object{...}` initializers.
class wildcard {
public:
  enum kind_t : unsigned char { match, all, allsmaller };

  constexpr wildcard(kind_t k) : kind_(k) {} // NOLINT(google-explicit-*)

  constexpr kind_t kind() const {
    return kind_;
  }
  operator json::value() const; // NOLINT(google-explicit-constructor)

  friend constexpr bool operator==(wildcard a, wildcard b) {
    return a.kind_ == b.kind_;
  }
  friend constexpr bool operator!=(wildcard a, wildcard b) {
    return a.kind_ != b.kind_;
  }

private:
  kind_t kind_;
};

/// Matches one component per firing; its value comes from the triggering
/// input (or the outputs) and is the same in every MATCH of a callback.
inline constexpr wildcard MATCH{wildcard::match};
/// Matches every component whose other keys agree; the parameter is a list.
inline constexpr wildcard ALL{wildcard::all};
/// Like ALL, restricted to components whose MATCH key is smaller.
inline constexpr wildcard ALLSMALLER{wildcard::allsmaller};

/// "MATCH", "ALL" or "ALLSMALLER".
std::string_view to_string(wildcard w);

/// `["MATCH"]` etc., so `json::object{{"index", MATCH}}` is a dict id.
void tag_invoke(json::value_from_tag, json::value& v, wildcard w);

/// The wildcard `v` encodes (`["ALL"]`), or nothing for a plain value.
std::optional<wildcard> wildcard_of(const json::value& v);

/// True when `id` is a dict id with at least one wildcard value.
bool has_wildcard(const json::value& id);

/// True when `id` has a `w` wildcard among its values.
bool has_wildcard(const json::value& id, wildcard w);

} // namespace dash::model
