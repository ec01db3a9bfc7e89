// http/serve.hpp
// `dash::serve`: runs an app. Reads the settings, starts the actor system
// and the HTTP server, and returns the process exit code when stopped
// (SIGINT or SIGTERM).
#pragma once

#include "config/settings.hpp"
#include "model/app.hpp"

namespace dash {

/// Serves `app` with `settings` until SIGINT/SIGTERM, then shuts down
/// gracefully (stop accepting, finish requests in flight within
/// shutdown-timeout-ms, stop the actors). Returns 0 on a clean stop, 2 for
/// registration or configuration mistakes (logged), 1 when the server
/// cannot start (port in use, front end missing), 70 when its supervisors
/// gave up (restart intensity exceeded at the root).
int serve(const model::app& app, const config::settings& settings);

/// Parses the command line (see --help), then serves.
int serve(const model::app& app, int argc, char** argv);

} // namespace dash
