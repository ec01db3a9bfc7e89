// model/dependency.hpp
// One end of a callback: a component id and one of its props, and the
// user-facing `output(..)`, `input(..)`, `state(..)` that build them.
#pragma once

#include <string>
#include <vector>

#include "model/json.hpp"
#include "model/wildcard.hpp"

namespace dash::model {

/// A component property a callback reads or writes: `{"id", "property"}`.
struct dependency {
  json::value id;       ///< a string, or an object (a dict id, may hold
                        ///< wildcards)
  std::string property; ///< e.g. "children"; may carry "@hash" when duplicate
  /// An output another callback may also write (`allow_duplicate`): its
  /// property gets Dash's "@<hash of the inputs>" suffix at registration.
  bool allow_duplicate = false;
  /// An input or state whose component may be missing from the page
  /// (`allow_optional`): the renderer then sends it as null.
  bool allow_optional = false;

  /// "id.prop", the key Dash uses in specs and `changedPropIds`.
  std::string key() const;
  /// The property without an `allow_duplicate` "@hash" suffix.
  std::string bare_property() const;
  /// `{"id": .., "property": ..}` with the id as the request carries it.
  json::object to_json() const;
  /// The /_dash-dependencies form: the id as Dash's string (`id_key`).
  json::object to_spec_json() const;
  /// True when the id holds a MATCH, ALL or ALLSMALLER.
  bool is_pattern() const {
    return has_wildcard(id);
  }
  /// True when the concrete dependency `d` (no wildcards) is one of the
  /// components this one names: same property, same keys, equal values
  /// wherever this one has no wildcard.
  bool matches(const dependency& d) const;

  friend bool operator==(const dependency& a, const dependency& b);
};

/// Throws `registration_error` unless `d` is well-formed: a non-empty id
/// without '.' or '{' (or a dict id whose values are strings, numbers,
/// booleans or wildcards allowed in that role: MATCH and ALL in outputs,
/// also ALLSMALLER in inputs and state) and a property name. `role`
/// ("output", "input", "state") goes into the message.
void validate(const dependency& d, const char* role);

/// Marks an output another callback may also write, as Dash's
/// `Output(..., allow_duplicate=True)`; needs prevent_initial_call.
struct allow_duplicate_t {
  explicit constexpr allow_duplicate_t() = default;
};
inline constexpr allow_duplicate_t allow_duplicate{};

/// Marks an input or state whose component may be absent from the page, as
/// Dash's `Input(..., allow_optional=True)`: it then arrives as null.
struct allow_optional_t {
  explicit constexpr allow_optional_t() = default;
};
inline constexpr allow_optional_t allow_optional{};

struct output_dep {
  dependency dep;
};
struct input_dep {
  dependency dep;
};
struct state_dep {
  dependency dep;
};

/// A callback output: `output("graph", "figure")`; a dict id may hold
/// MATCH or ALL: `output(json::object{{"type", "out"}, {"index", MATCH}},
/// "children")`.
output_dep output(value_arg id, std::string property);
/// An output that another callback writes too:
/// `output("status", "children", allow_duplicate)`.
output_dep output(value_arg id, std::string property, allow_duplicate_t);
/// A callback input: `input("dropdown", "value")`.
input_dep input(value_arg id, std::string property);
/// An input whose component may be missing: `input("x", "value",
/// allow_optional)`.
input_dep input(value_arg id, std::string property, allow_optional_t);
/// A callback state (read, not a trigger): `state("name", "value")`.
state_dep state(value_arg id, std::string property);
/// A state whose component may be missing.
state_dep state(value_arg id, std::string property, allow_optional_t);

/// A list of outputs for a callback with several, which Dash answers in one
/// response: `outputs{output("g", "figure"), output("t", "children")}`.
struct outputs {
  std::vector<output_dep> items;
  outputs(std::initializer_list<output_dep> list) : items(list) {}
};

} // namespace dash::model
