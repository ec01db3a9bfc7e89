// model/fan_out.hpp
// Which callbacks are fed only by the outputs of one other callback (the
// seed's signal store feeding four graphs): their inputs are known the
// moment that callback answers, so the server can start them at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "model/app.hpp"

namespace dash::model {

/// A dependent callback and where each of its inputs comes from.
struct fan_out_target {
  std::size_t callback;          ///< index into app.callbacks()
  std::vector<std::size_t> from; ///< per input: index of the source output
};

/// For each callback (by index), the callbacks it alone feeds. A target
/// has no state and every input is an output of that one callback.
std::vector<std::vector<fan_out_target>> fan_out_targets(
  const std::vector<std::shared_ptr<const registered_callback>>& callbacks);

/// The cache function name under which a fan-out target's answers are
/// kept: "callback:<output key>".
std::string fan_out_function(const callback_spec& spec);

/// The cache arguments for a target called with `inputs`: sorted JSON.
std::string fan_out_args(const json::array& inputs);

/// Inputs larger than this (as JSON) are not used as cache keys: such a
/// target runs directly, without fan-out, to keep keys cheap.
inline constexpr std::size_t max_fan_out_key_bytes = 64 * 1024;

} // namespace dash::model
