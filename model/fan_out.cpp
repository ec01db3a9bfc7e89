// model/fan_out.cpp
// Static analysis of the callback graph for server-side fan-out.
#include "model/fan_out.hpp"

namespace dash::model {

std::vector<std::vector<fan_out_target>> fan_out_targets(
  const std::vector<std::shared_ptr<const registered_callback>>& callbacks) {
  std::vector<std::vector<fan_out_target>> out(callbacks.size());
  for (std::size_t b = 0; b < callbacks.size(); ++b) {
    const auto& spec = callbacks[b]->spec;
    // Only plain callbacks: wildcards resolve per request, and a callback
    // with no inputs or no outputs has nothing to share.
    if (!spec.states.empty() || spec.inputs.empty() || spec.outputs.empty()
        || spec.is_pattern())
      continue;
    for (std::size_t a = 0; a < callbacks.size(); ++a) {
      if (a == b)
        continue;
      if (callbacks[a]->spec.is_pattern())
        continue;
      const auto& outs = callbacks[a]->spec.outputs;
      fan_out_target t{b, {}};
      for (const auto& in : spec.inputs) {
        for (std::size_t o = 0; o < outs.size(); ++o)
          if (outs[o].id == in.id && outs[o].bare_property() == in.property) {
            t.from.push_back(o);
            break;
          }
      }
      if (t.from.size() == spec.inputs.size()) {
        out[a].push_back(std::move(t));
        break; // an output has one callback, so one source at most
      }
    }
  }
  return out;
}

std::string fan_out_function(const callback_spec& spec) {
  return "callback:" + spec.output_key();
}

std::string fan_out_args(const json::array& inputs) {
  return sorted_json(inputs);
}

} // namespace dash::model
