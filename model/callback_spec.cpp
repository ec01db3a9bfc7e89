// model/callback_spec.cpp
// The output string and dependencies JSON of a callback, as the renderer
// expects them, and Dash's registration rules for wildcards.
#include "model/callback_spec.hpp"

#include <algorithm>
#include <set>

#include "model/errors.hpp"
#include "model/sha256.hpp"

namespace dash::model {

namespace {

/// Dash escapes dots inside dict ids in callback names, so that the dots
/// separating outputs can be told apart.
std::string escaped_key(const dependency& d) {
  std::string out;
  for (char c : id_key(d.id)) {
    if (c == '.')
      out += '\\';
    out += c;
  }
  return out + "." + d.property;
}

json::array deps_json(const std::vector<dependency>& deps) {
  json::array arr;
  for (const auto& d : deps)
    arr.push_back(d.to_spec_json());
  return arr;
}

/// The keys a dict id holds `w` on, sorted.
std::vector<std::string> keys_with(const json::value& id, wildcard w) {
  std::vector<std::string> out;
  if (const auto* obj = id.if_object())
    for (const auto& kv : *obj)
      if (wildcard_of(kv.value()) == w)
        out.emplace_back(kv.key());
  std::sort(out.begin(), out.end());
  return out;
}

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs)
    out += (out.empty() ? "" : ", ") + x;
  return out;
}

} // namespace

std::string callback_spec::inputs_hash() const {
  std::string joined;
  for (const auto& i : inputs)
    joined += (joined.empty() ? "" : ".") + i.key();
  return sha256_hex(joined);
}

std::string callback_spec::output_key() const {
  if (outputs.empty())
    return inputs.empty() ? sha256_hex("dashcpp:no-input:" + salt)
                          : inputs_hash();
  if (!multi_output && outputs.size() == 1)
    return escaped_key(outputs.front());
  std::string out = ".";
  for (const auto& o : outputs)
    out += "." + escaped_key(o) + "..";
  return out;
}

bool callback_spec::is_pattern() const {
  for (const auto* list : {&outputs, &inputs, &states})
    for (const auto& d : *list)
      if (d.is_pattern())
        return true;
  return false;
}

json::object callback_spec::to_json() const {
  json::object out{
    {"output", output_key()},
    {"inputs", deps_json(inputs)},
    {"state", deps_json(states)},
    {"clientside_function", nullptr},
    {"prevent_initial_call",
     options.prevent_initial_call.value_or(prevent_initial_call)},
    {"background", nullptr},
    {"dynamic_creator", false},
    {"no_output", outputs.empty()},
    {"optional", options.optional},
    {"hidden", nullptr},
    {"websocket", false},
    {"persistent", false},
  };
  if (clientside)
    out["clientside_function"] = json::object{
      {"namespace", clientside->ns}, {"function_name", clientside->name}};
  if (!options.running.empty()) {
    json::object on, off;
    for (const auto& r : options.running) {
      auto key = id_key(r.target.dep.id) + "." + r.target.dep.bare_property();
      on[key] = r.while_running;
      off[key] = r.when_done;
    }
    out["running"] =
      json::object{{"running", std::move(on)}, {"runningOff", std::move(off)}};
  }
  return out;
}

void callback_spec::validate() const {
  std::set<std::string> seen;
  for (const auto& o : outputs) {
    model::validate(o, "output");
    if (!seen.insert(id_key(o.id) + "." + o.bare_property()).second)
      throw registration_error("callback " + output_key() + " names output "
                               + o.key() + " twice");
  }
  for (const auto& i : inputs)
    model::validate(i, "input");
  for (const auto& s : states)
    model::validate(s, "state");
  for (const auto& r : options.running)
    model::validate(r.target.dep, "running output");

  auto name = output_key();
  // MATCH must sit on the same keys in every output.
  auto out_match = outputs.empty() ? std::vector<std::string>{}
                                   : keys_with(outputs[0].id, wildcard::match);
  for (std::size_t i = 1; i < outputs.size(); ++i)
    if (keys_with(outputs[i].id, wildcard::match) != out_match)
      throw registration_error(
        "callback " + name + ": output " + std::to_string(i) + " ("
        + outputs[i].key() + ") does not have MATCH on the same keys as "
        "output 0 (" + outputs[0].key()
        + "); MATCH must be on the same keys in every output (ALL need not)");
  // Inputs and state: ALLSMALLER always needs a MATCH on that key in the
  // outputs; MATCH may be free only when the outputs have no MATCH.
  for (const auto* list : {&inputs, &states}) {
    const char* role = list == &inputs ? "input" : "state";
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto& d = (*list)[i];
      auto keys = keys_with(d.id, wildcard::allsmaller);
      if (!out_match.empty()) {
        auto m = keys_with(d.id, wildcard::match);
        keys.insert(keys.end(), m.begin(), m.end());
      }
      std::vector<std::string> missing;
      for (const auto& k : keys)
        if (!std::binary_search(out_match.begin(), out_match.end(), k))
          missing.push_back(k);
      std::sort(missing.begin(), missing.end());
      if (!missing.empty())
        throw registration_error(
          "callback " + name + ": " + role + " " + std::to_string(i) + " ("
          + d.key() + ") has MATCH or ALLSMALLER on key(s) " + join(missing)
          + " where "
          + (outputs.empty() ? std::string{"the callback has no output"}
                             : "output 0 (" + outputs[0].key() + ")")
          + " has no MATCH; ALLSMALLER needs a MATCH on the same key in the "
            "outputs, and when the outputs have MATCH, the MATCH keys of "
            "inputs and state must be among them");
    }
  }
}

} // namespace dash::model
