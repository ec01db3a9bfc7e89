// model/dependency.hpp
// One end of a callback: a component id and one of its props, and the
// user-facing `output(..)`, `input(..)`, `state(..)` that build them.
#pragma once

#include <string>
#include <vector>

#include "model/json.hpp"

namespace dash::model {

/// A component property a callback reads or writes: `{"id", "property"}`.
struct dependency {
  json::value id;       ///< a string, or an object for pattern-matching ids
  std::string property; ///< e.g. "children"; may carry "@hash" when duplicate

  /// "id.prop", the key Dash uses in specs and `changedPropIds`.
  std::string key() const;
  /// The property without an `allow_duplicate` "@hash" suffix.
  std::string bare_property() const;
  /// `{"id": .., "property": ..}`.
  json::object to_json() const;

  friend bool operator==(const dependency& a, const dependency& b);
};

/// Throws `registration_error` unless `d` is well-formed: a non-empty id
/// without dots (or an object id with scalar values) and a property name.
/// `role` ("output", "input", "state") goes into the message.
void validate(const dependency& d, const char* role);

struct output_dep {
  dependency dep;
};
struct input_dep {
  dependency dep;
};
struct state_dep {
  dependency dep;
};

/// A callback output: `output("graph", "figure")`.
output_dep output(value_arg id, std::string property);
/// A callback input: `input("dropdown", "value")`.
input_dep input(value_arg id, std::string property);
/// A callback state (read, not a trigger): `state("name", "value")`.
state_dep state(value_arg id, std::string property);

/// A list of outputs for a callback with several, which Dash answers in one
/// response: `outputs{output("g", "figure"), output("t", "children")}`.
struct outputs {
  std::vector<output_dep> items;
  outputs(std::initializer_list<output_dep> list) : items(list) {}
};

} // namespace dash::model
