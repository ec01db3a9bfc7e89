// apps/multi_output/multi_output.hpp
// One callback, two outputs: a query runs once and fills both a graph and
// a table, the first pattern of the seed's "Why Share State?".
#pragma once

#include <chrono>

#include "http/dash.hpp"

namespace apps {

dash::component multi_output_layout();
/// `delay` is how long the simulated query takes.
void multi_output_callbacks(dash::app& app, std::chrono::milliseconds delay);

} // namespace apps
