// model/callback_result.cpp
// Encoding of callback results into the renderer's response format.
#include "model/callback_result.hpp"

#include "model/callback_request.hpp"
#include "model/callback_spec.hpp"
#include "model/errors.hpp"

namespace dash::model {

bool callback_result::is_prevented() const {
  if (prevented_)
    return true;
  for (const auto& v : values_)
    if (!v.is_no_update())
      return false;
  return true;
}

namespace {

void put(json::object& response, const dependency& dep,
         const json::value& v) {
  auto& slot = response[id_key(dep.id)];
  if (!slot.is_object())
    slot = json::object{};
  slot.get_object()[dep.bare_property()] = v;
}

} // namespace

std::string encode_response(const callback_spec& spec,
                            const callback_request& request,
                            const callback_result& result,
                            const json::object& side) {
  const auto& values = result.outputs();
  auto cb = spec.output_key();
  json::object response;
  // Nothing to write when every output is left alone, as one `no_update`
  // for all of them, or when the callback has no outputs.
  bool unchanged = result.is_prevented();
  if (!unchanged && values.size() != spec.outputs.size())
    throw argument_error("callback " + cb + " returned "
                         + std::to_string(values.size()) + " values for "
                         + std::to_string(spec.outputs.size()) + " outputs");
  for (std::size_t i = 0; !unchanged && i < values.size(); ++i) {
    if (values[i].is_no_update())
      continue;
    const auto& v = values[i].value();
    const request_output* target
      = i < request.outputs.size() ? &request.outputs[i] : nullptr;
    if (target == nullptr || !target->is_list) {
      put(response, target != nullptr && !target->deps.empty()
                      ? target->deps.front()
                      : spec.outputs[i],
          v);
      continue;
    }
    // An ALL output: one value per matched component, in order.
    if (!v.is_array())
      throw argument_error("callback " + cb + ": output "
                           + spec.outputs[i].key()
                           + " is an ALL pattern, so it takes a list (one "
                             "value per matching component), got "
                           + std::string{kind_name(v)});
    const auto& list = v.get_array();
    if (list.size() != target->deps.size())
      throw argument_error("callback " + cb + ": output "
                           + spec.outputs[i].key() + " matches "
                           + std::to_string(target->deps.size())
                           + " components, the callback returned "
                           + std::to_string(list.size()) + " values");
    for (std::size_t j = 0; j < list.size(); ++j)
      put(response, target->deps[j], list[j]);
  }
  if (response.empty() && side.empty())
    return {};
  json::object body{{"multi", true}, {"response", std::move(response)}};
  if (!side.empty())
    body["sideUpdate"] = side;
  return json::serialize(body);
}

} // namespace dash::model
