// apps/example4_sessions/example4_sessions.hpp
// The seed's Example 4, user-based session data on the server: each user's
// expensive data is computed once per session and kept under the session
// id, which the server issues and signs (no session fixation).
#pragma once

#include <chrono>
#include <memory>

#include "apps/common/computation_log.hpp"
#include <dash/dash.hpp>

namespace apps {

/// The layout for one page load's session (the id goes in a dcc.Store,
/// as in the seed).
dash::component example4_layout(const std::string& session_id);
void example4_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                        std::shared_ptr<const computation_log> log);

} // namespace apps
