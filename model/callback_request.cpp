// model/callback_request.cpp
// Strict parsing of update-component bodies: every field is checked, so a
// malformed request becomes a 400 with a precise message, never a crash.
#include "model/callback_request.hpp"

#include "model/callback_spec.hpp"
#include "model/errors.hpp"

namespace dash::model {

namespace {

[[noreturn]] void fail(const std::string& msg) {
  throw request_error(msg);
}

dependency parse_dependency(const json::value& v, const std::string& where) {
  if (!v.is_object())
    fail(where + " must be an object with \"id\" and \"property\", got "
         + std::string{kind_name(v)});
  const auto& obj = v.get_object();
  const auto* id = obj.if_contains("id");
  if (id == nullptr)
    fail(where + " has no \"id\"");
  if (!id->is_string() && !id->is_object())
    fail(where + ".id must be a string or an object, got "
         + std::string{kind_name(*id)});
  const auto* prop = obj.if_contains("property");
  if (prop == nullptr || !prop->is_string())
    fail(where + ".property must be a string");
  return dependency{*id, std::string{prop->get_string()}};
}

std::vector<prop_value> parse_values(const json::object& body,
                                     const char* field, bool required) {
  std::vector<prop_value> out;
  const auto* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    if (required)
      fail(std::string{"request has no \""} + field + "\" list");
    return out;
  }
  if (!v->is_array())
    fail(std::string{"\""} + field + "\" must be a list, got "
         + std::string{kind_name(*v)});
  const auto& arr = v->get_array();
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto where = std::string{field} + "[" + std::to_string(i) + "]";
    if (arr[i].is_array())
      fail(where + " is a list: pattern-matching (ALL) inputs are not "
                   "supported yet");
    auto dep = parse_dependency(arr[i], where);
    const auto* value = arr[i].get_object().if_contains("value");
    out.push_back(prop_value{std::move(dep),
                             value != nullptr ? *value : json::value{}});
  }
  return out;
}

} // namespace

callback_request parse_callback_request(std::string_view body) {
  boost::system::error_code ec;
  auto doc = parse_exact(body, ec);
  if (ec)
    fail("request body is not valid JSON: " + ec.message());
  if (!doc.is_object())
    fail("request body must be a JSON object, got "
         + std::string{kind_name(doc)});
  const auto& obj = doc.get_object();
  callback_request req;
  const auto* output = obj.if_contains("output");
  if (output == nullptr || !output->is_string())
    fail("request has no \"output\" string naming the callback");
  req.output = std::string{output->get_string()};
  const auto* outs = obj.if_contains("outputs");
  if (outs == nullptr)
    fail("request has no \"outputs\"");
  if (outs->is_array()) {
    const auto& arr = outs->get_array();
    for (std::size_t i = 0; i < arr.size(); ++i)
      req.outputs.push_back(
        parse_dependency(arr[i], "outputs[" + std::to_string(i) + "]"));
  } else {
    req.outputs.push_back(parse_dependency(*outs, "outputs"));
  }
  req.inputs = parse_values(obj, "inputs", true);
  req.states = parse_values(obj, "state", false);
  if (const auto* changed = obj.if_contains("changedPropIds");
      changed != nullptr && !changed->is_null()) {
    if (!changed->is_array())
      fail("\"changedPropIds\" must be a list of strings");
    for (const auto& c : changed->get_array()) {
      if (!c.is_string())
        fail("\"changedPropIds\" must be a list of strings");
      req.changed_props.emplace_back(c.get_string());
    }
  }
  return req;
}

namespace {

void check_list(const std::vector<prop_value>& got,
                const std::vector<dependency>& want, const char* what,
                const std::string& cb) {
  if (got.size() != want.size())
    fail("callback " + cb + " takes " + std::to_string(want.size()) + " "
         + what + ", the request has " + std::to_string(got.size()));
  for (std::size_t i = 0; i < want.size(); ++i)
    if (!(got[i].dep == want[i]))
      fail("callback " + cb + ": " + what + "[" + std::to_string(i)
           + "] should be " + want[i].key() + ", the request has "
           + got[i].dep.key());
}

} // namespace

void check_matches(const callback_request& req, const callback_spec& spec) {
  auto cb = spec.output_key();
  if (req.outputs.size() != spec.outputs.size())
    fail("callback " + cb + " has " + std::to_string(spec.outputs.size())
         + " outputs, the request names "
         + std::to_string(req.outputs.size()));
  for (std::size_t i = 0; i < spec.outputs.size(); ++i)
    if (req.outputs[i].id != spec.outputs[i].id
        || req.outputs[i].bare_property() != spec.outputs[i].bare_property())
      fail("callback " + cb + ": outputs[" + std::to_string(i)
           + "] should be " + spec.outputs[i].key());
  check_list(req.inputs, spec.inputs, "inputs", cb);
  check_list(req.states, spec.states, "state", cb);
}

} // namespace dash::model
