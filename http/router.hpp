// http/router.hpp
// Picks the route for a request (Dash's reserved paths, the component
// suites, assets, and the index page for every other GET) and answers
// wrong methods and unknown reserved paths itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http {

/// The routes as metrics name them; `route_index` returns a position here.
std::vector<std::string> route_names();

/// Which route `target` goes to (for metrics and logs).
std::size_t route_index(std::string_view target);

/// Answers `req` through `respond`, now or later (callbacks).
void route(const server_context& ctx, const request_view& req,
           respond_fn respond);

} // namespace dash::http
