// apps/example1_store/example1_store.hpp
// The seed's Example 1: a slow processing step stores its result in a
// dcc.Store; a graph and a table both read it, so the step runs once.
#pragma once

#include <chrono>

#include <dash/dash.hpp>

namespace apps {

dash::component example1_layout();
/// `delay` is how long the simulated slow processing step takes (read
/// when it runs).
void example1_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay);

} // namespace apps
