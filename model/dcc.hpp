// model/dcc.hpp
// `dash::dcc`: builders for dash_core_components. Like Dash's R API, the
// id comes first; other props are set with chained calls (`.with`).
#pragma once

#include <string_view>

#include "model/component.hpp"

namespace dash::dcc {

using model::component;
using model::value_arg;

/// Any dash_core_components type by name ("DatePickerSingle", ...).
component element(std::string_view type);

/// Options for a dropdown, checklist or radio items: plain values become
/// `{"label": "<value>", "value": <value>}`; objects pass through.
json::array options(const json::array& values);

/// `dcc.Graph(id=...)`; set the figure with `.with("figure", fig)` or let a
/// callback fill it.
component graph(value_arg id);
/// `dcc.Graph(id=..., figure=...)`.
component graph(value_arg id, value_arg figure);

/// `dcc.Dropdown(id, options, value)`; `options` as in `dcc::options`.
component dropdown(value_arg id, const json::array& options,
                   value_arg value = nullptr);

/// `dcc.Store(id, data)`: a value kept in the browser (memory storage).
component store(value_arg id, value_arg data = nullptr);

/// `dcc.Input(id, value)`.
component input(value_arg id, value_arg value = nullptr);

/// `dcc.Interval(id, interval_ms)`.
component interval(value_arg id, int interval_ms);

/// `dcc.Markdown(text)`.
component markdown(std::string_view text);

/// `dcc.Slider(id, min, max, value)`.
component slider(value_arg id, double min, double max, double value);

/// `dcc.Checklist(id, options, value)`.
component checklist(value_arg id, const json::array& options,
                    json::array value = {});

/// `dcc.RadioItems(id, options, value)`.
component radio_items(value_arg id, const json::array& options,
                      value_arg value = nullptr);

/// `dcc.Loading(children)`.
component loading(const model::children& kids);

/// `dcc.Location(id)`.
component location(value_arg id);

} // namespace dash::dcc
