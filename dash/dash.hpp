// dash/dash.hpp
// The one header a dashcpp app includes (`#include <dash/dash.hpp>`): the
// Dash-like user API (dash::app, html::, dcc::, output/input/state,
// wildcards, patch, callback_context) and dash::serve.
#pragma once

#include <string>
#include <vector>

#include "config/flag.hpp"
#include "config/settings.hpp"
#include "http/serve.hpp"
#include "model/app.hpp"
#include "model/callback_context.hpp"
#include "model/callback_result.hpp"
#include "model/dcc.hpp"
#include "model/errors.hpp"
#include "model/html.hpp"
#include "model/patch.hpp"
#include "model/wildcard.hpp"

namespace dash {

using config::flag;
using config::flag_ref;
using model::ALL;
using model::allow_duplicate;
using model::allow_optional;
using model::ALLSMALLER;
using model::app;
using model::callback_context;
using model::callback_options;
using model::children;
using model::clientside_function;
using model::component;
using model::error_handler;
using model::input;
using model::MATCH;
using model::no_update;
using model::output;
using model::outputs;
using model::patch;
using model::running_prop;
using model::state;

/// Where this program's build found the front end: set by
/// find_package(dashcpp) (its install prefix) or by the source tree (its
/// node_modules). Looked in after --frontend-dir and before the places an
/// install puts it; see http/frontend_location.hpp.
#ifdef DASH_FRONTEND_HINT
inline constexpr const char* frontend_hint = DASH_FRONTEND_HINT;
#else
inline constexpr const char* frontend_hint = "";
#endif

/// Serves `app` with `settings` until SIGINT/SIGTERM (see http/serve.hpp).
inline int serve(const app& a, const config::settings& settings) {
  return serve(a, settings, frontend_hint);
}

/// Parses the command line, DASH_* variables and `--config` (the server's
/// settings and the app's own `flags`; `--help` lists both), sets the
/// flags, then serves `a`:
/// `return dash::serve(app, argc, argv, {delay, log_file});`
inline int serve(const app& a, int argc, char** argv,
                 const std::vector<flag_ref>& flags = {}) {
  return serve(a, argc, argv, flags, frontend_hint);
}

} // namespace dash
