// model/callback_spec.cpp
// The output string and dependencies JSON of a callback, as the renderer
// expects them.
#include "model/callback_spec.hpp"

#include <set>

#include "model/errors.hpp"

namespace dash::model {

std::string callback_spec::output_key() const {
  if (!multi_output && outputs.size() == 1)
    return outputs.front().key();
  std::string out = ".";
  for (const auto& o : outputs)
    out += "." + o.key() + "..";
  return out;
}

namespace {

json::array deps_json(const std::vector<dependency>& deps) {
  json::array arr;
  for (const auto& d : deps)
    arr.push_back(d.to_json());
  return arr;
}

} // namespace

json::object callback_spec::to_json() const {
  return json::object{
    {"output", output_key()},
    {"inputs", deps_json(inputs)},
    {"state", deps_json(states)},
    {"prevent_initial_call", options.prevent_initial_call},
    {"clientside_function", nullptr},
  };
}

void callback_spec::validate() const {
  if (outputs.empty())
    throw registration_error("a callback needs at least one output");
  if (inputs.empty())
    throw registration_error("callback " + output_key()
                             + " needs at least one input");
  std::set<std::string> seen;
  for (const auto& o : outputs) {
    model::validate(o, "output");
    if (!seen.insert(o.key()).second)
      throw registration_error("callback " + output_key() + " names output "
                               + o.key() + " twice");
  }
  for (const auto& i : inputs)
    model::validate(i, "input");
  for (const auto& s : states)
    model::validate(s, "state");
}

} // namespace dash::model
