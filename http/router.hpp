// http/router.hpp
// Picks the route for a request (Dash's reserved paths, the component
// suites, assets, and the index page for every other GET) and answers
// wrong methods and unknown reserved paths itself.
#pragma once

#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http {

/// Answers `req` through `respond`, now or later (callbacks).
void route(const server_context& ctx, const request_view& req,
           respond_fn respond);

} // namespace dash::http
