// model/dcc.hpp
// `dash::dcc`: builders for dash_core_components. Like Dash's R API, the
// id comes first; other props are set with chained calls (`.with`).
#pragma once

#include <string_view>

#include "model/component.hpp"

namespace dash::dcc {

using model::component;

/// Any dash_core_components type by name ("DatePickerSingle", ...).
component element(std::string_view type);

/// Options for a dropdown, checklist or radio items: plain values become
/// `{"label": "<value>", "value": <value>}`; objects pass through.
json::array options(const json::array& values);

/// `dcc.Graph(id=...)`; set the figure with `.with("figure", fig)` or let a
/// callback fill it.
component graph(json::value id);
/// `dcc.Graph(id=..., figure=...)`.
component graph(json::value id, json::value figure);

/// `dcc.Dropdown(id, options, value)`; `options` as in `dcc::options`.
component dropdown(json::value id, const json::array& options,
                   json::value value = nullptr);

/// `dcc.Store(id, data)`: a value kept in the browser (memory storage).
component store(json::value id, json::value data = nullptr);

/// `dcc.Input(id, value)`.
component input(json::value id, json::value value = nullptr);

/// `dcc.Interval(id, interval_ms)`.
component interval(json::value id, int interval_ms);

/// `dcc.Markdown(text)`.
component markdown(std::string_view text);

/// `dcc.Slider(id, min, max, value)`.
component slider(json::value id, double min, double max, double value);

/// `dcc.Checklist(id, options, value)`.
component checklist(json::value id, const json::array& options,
                    json::array value = {});

/// `dcc.RadioItems(id, options, value)`.
component radio_items(json::value id, const json::array& options,
                      json::value value = nullptr);

/// `dcc.Loading(children)`.
component loading(const model::children& kids);

/// `dcc.Location(id)`.
component location(json::value id);

} // namespace dash::dcc
