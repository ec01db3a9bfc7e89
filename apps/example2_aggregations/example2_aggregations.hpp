// apps/example2_aggregations/example2_aggregations.hpp
// The seed's Example 2, aggregations computed up front: the slow step
// stores one subset per fruit, and each of three graphs reads only its own.
#pragma once

#include <chrono>
#include <memory>

#include "apps/common/computation_log.hpp"
#include <dash/dash.hpp>

namespace apps {

dash::component example2_layout();
void example2_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                        std::shared_ptr<const computation_log> log);

} // namespace apps
