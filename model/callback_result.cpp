// model/callback_result.cpp
// Encoding of callback results into the renderer's response format.
#include "model/callback_result.hpp"

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

std::string encode_response(const callback_spec& spec,
                            const callback_result& result) {
  const auto& values = result.outputs();
  if (values.size() != spec.outputs.size())
    throw argument_error("callback " + spec.output_key() + " returned "
                         + std::to_string(values.size())
                         + " values for "
                         + std::to_string(spec.outputs.size())
                         + " outputs");
  json::object response;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].is_no_update())
      continue;
    const auto& dep = spec.outputs[i];
    auto& slot = response[id_key(dep.id)];
    if (!slot.is_object())
      slot = json::object{};
    slot.get_object()[dep.bare_property()] = values[i].value();
  }
  json::object body{{"multi", true}, {"response", std::move(response)}};
  return json::serialize(body);
}

} // namespace dash::model
