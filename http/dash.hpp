// http/dash.hpp
// The one header a dashcpp app includes: the Dash-like user API
// (dash::app, html::, dcc::, output/input/state, callback_context, serve).
#pragma once

#include "config/settings.hpp"
#include "http/serve.hpp"
#include "model/app.hpp"
#include "model/callback_context.hpp"
#include "model/callback_result.hpp"
#include "model/dcc.hpp"
#include "model/errors.hpp"
#include "model/html.hpp"

namespace dash {

using model::app;
using model::callback_context;
using model::callback_options;
using model::children;
using model::component;
using model::input;
using model::no_update;
using model::output;
using model::outputs;
using model::state;

} // namespace dash
