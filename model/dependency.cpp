// model/dependency.cpp
// Dependency keys and the checks Dash makes on ids and property names.
#include "model/dependency.hpp"

#include <cctype>

#include "model/errors.hpp"

namespace dash::model {

std::string dependency::key() const {
  return id_key(id) + "." + property;
}

std::string dependency::bare_property() const {
  auto at = property.find('@');
  return at == std::string::npos ? property : property.substr(0, at);
}

json::object dependency::to_json() const {
  return json::object{{"id", id}, {"property", property}};
}

json::object dependency::to_spec_json() const {
  json::object out{{"id", id_key(id)}, {"property", property}};
  if (allow_optional)
    out["allow_optional"] = true;
  return out;
}

bool dependency::matches(const dependency& d) const {
  if (bare_property() != d.bare_property())
    return false;
  if (!id.is_object())
    return id == d.id;
  const auto* other = d.id.if_object();
  const auto& mine = id.get_object();
  if (other == nullptr || other->size() != mine.size())
    return false;
  for (const auto& kv : mine) {
    const auto* v = other->if_contains(kv.key());
    if (v == nullptr)
      return false;
    if (wildcard_of(kv.value())) {
      if (!(v->is_string() || v->is_number() || v->is_bool()))
        return false;
    } else if (!(kv.value() == *v)) {
      return false;
    }
  }
  return true;
}

bool operator==(const dependency& a, const dependency& b) {
  return a.id == b.id && a.property == b.property;
}

namespace {

bool is_prop_name(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0]))
                     || s[0] == '_'))
    return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'
          || c == '-'))
      return false;
  return true;
}

} // namespace

void validate(const dependency& d, const char* role) {
  auto where = std::string{role} + " " + json::serialize(d.id) + "."
               + d.property;
  bool is_output = std::string_view{role} == "output";
  if (d.id.is_string()) {
    auto s = d.id.get_string();
    if (s.empty())
      throw registration_error(where + ": the component id is empty");
    for (char bad : {'.', '{'})
      if (s.find(bad) != json::string::npos)
        throw registration_error(
          where + ": component ids may not contain '" + std::string(1, bad)
          + "' ('.' joins id and property, '{' starts a dict id); use '-' "
            "or '_' instead");
  } else if (d.id.is_object()) {
    if (d.id.get_object().empty())
      throw registration_error(where + ": a dict id needs at least one key");
    for (const auto& kv : d.id.get_object()) {
      const auto& v = kv.value();
      if (kv.key().empty())
        throw registration_error(where + ": dict id keys must be non-empty");
      if (auto w = wildcard_of(v)) {
        if (is_output && *w == wildcard::allsmaller)
          throw registration_error(
            where + ": ALLSMALLER is not allowed in an output; outputs may "
                    "use MATCH and ALL");
        continue;
      }
      if (!(v.is_string() || v.is_number() || v.is_bool()))
        throw registration_error(
          where + ": dict id values must be strings, numbers, booleans or "
                  "the wildcards MATCH, ALL, ALLSMALLER, not "
          + std::string{kind_name(v)});
    }
  } else {
    throw registration_error(
      where + ": a component id must be a string or an object, not "
      + std::string{kind_name(d.id)});
  }
  auto at = d.property.find('@');
  auto name = std::string_view{d.property}.substr(0, at);
  if (!is_prop_name(name))
    throw registration_error(where + ": '" + d.property
                             + "' is not a valid property name");
}

output_dep output(value_arg id, std::string property) {
  return {dependency{std::move(id), std::move(property)}};
}

output_dep output(value_arg id, std::string property, allow_duplicate_t) {
  return {dependency{std::move(id), std::move(property), true}};
}

input_dep input(value_arg id, std::string property) {
  return {dependency{std::move(id), std::move(property)}};
}

state_dep state(value_arg id, std::string property) {
  return {dependency{std::move(id), std::move(property)}};
}

input_dep input(value_arg id, std::string property, allow_optional_t) {
  return {dependency{std::move(id), std::move(property), false, true}};
}

state_dep state(value_arg id, std::string property, allow_optional_t) {
  return {dependency{std::move(id), std::move(property), false, true}};
}

} // namespace dash::model
