// apps/pattern_matching/pattern_matching.hpp
// Pattern-matching callbacks: rows of city dropdowns added by a Patch, each
// with its own MATCH output, an ALL summary, set_props, clientside functions.
#pragma once

#include <chrono>

#include <dash/dash.hpp>

namespace apps {

dash::component pattern_matching_layout();
/// `delay` is how long the "Slow" button's callback sleeps.
void pattern_matching_callbacks(dash::app& app,
                                dash::flag<std::chrono::milliseconds> delay);

} // namespace apps
