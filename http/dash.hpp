// http/dash.hpp
// The one header a dashcpp app includes: the Dash-like user API
// (dash::app, html::, dcc::, output/input/state, wildcards, patch,
// callback_context, serve).
#pragma once

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

} // namespace dash
