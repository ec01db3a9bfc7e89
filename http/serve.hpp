// http/serve.hpp
// `dash::serve`: runs an app. Reads the settings, starts the actor system
// and the HTTP server, and returns the process exit code when stopped
// (SIGINT or SIGTERM).
#pragma once

#include <string>
#include <vector>

#include "config/flag.hpp"
#include "config/settings.hpp"
#include "model/app.hpp"

namespace dash {

/// Serves `app` with `settings` until SIGINT/SIGTERM, then shuts down
/// gracefully (stop accepting, finish requests in flight within
/// shutdown-timeout-ms, stop the actors). Returns 0 on a clean stop, 2 for
/// registration or configuration mistakes (logged), 1 when the server
/// cannot start (port in use, front end missing), 70 when its supervisors
/// gave up (restart intensity exceeded at the root). `frontend_hint` is
/// where the program's build says the front end is (dash/dash.hpp passes
/// it; the search order is in http/frontend_location.hpp).
int serve(const model::app& app, const config::settings& settings,
          const std::string& frontend_hint);

/// Parses the command line, the environment and `--config` with the app's
/// own `flags` (see --help), sets the flags, then serves. A bad value of
/// any of them stops with status 2 and a message naming it.
int serve(const model::app& app, int argc, char** argv,
          const std::vector<config::flag_ref>& flags,
          const std::string& frontend_hint);

} // namespace dash
