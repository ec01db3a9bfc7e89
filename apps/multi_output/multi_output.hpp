// apps/multi_output/multi_output.hpp
// One callback, two outputs: a query runs once and fills both a graph and
// a table, the first pattern of the seed's "Why Share State?".
#pragma once

#include <chrono>

#include <dash/dash.hpp>

namespace apps {

dash::component multi_output_layout();
/// `delay` / `divide_by` is how long the simulated query takes (read when
/// it runs).
void multi_output_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                            int divide_by = 1);

} // namespace apps
