// apps/example3_signal/example3_signal.hpp
// The seed's Example 3, caching and signaling: an expensive "global store"
// is computed once per value on the server and a dcc.Store signal tells
// four graphs to draw it.
#pragma once

#include <chrono>
#include <memory>

#include "apps/common/computation_log.hpp"
#include <dash/dash.hpp>

namespace apps {

dash::component example3_layout();
/// `delay` is the simulated query; `log` records each real computation.
void example3_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                        std::shared_ptr<const computation_log> log);

} // namespace apps
