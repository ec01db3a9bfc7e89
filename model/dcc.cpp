// model/dcc.cpp
// The one place that names the dash_core_components namespace.
#include "model/dcc.hpp"

#include <string>

namespace dash::dcc {

component element(std::string_view type) {
  return component{"dash_core_components", std::string{type}};
}

json::array options(const json::array& values) {
  json::array out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if (v.is_object()) {
      out.push_back(v);
      continue;
    }
    json::value label = v.is_string() ? v : json::value(json::serialize(v));
    out.push_back(json::object{{"label", label}, {"value", v}});
  }
  return out;
}

component graph(json::value id) {
  return element("Graph").id(std::move(id));
}

component graph(json::value id, json::value figure) {
  return graph(std::move(id)).with("figure", std::move(figure));
}

component dropdown(json::value id, const json::array& opts,
                   json::value value) {
  return element("Dropdown")
    .id(std::move(id))
    .with("options", options(opts))
    .with("value", std::move(value));
}

component store(json::value id, json::value data) {
  auto c = element("Store").id(std::move(id));
  if (!data.is_null())
    c = c.with("data", std::move(data));
  return c;
}

component input(json::value id, json::value value) {
  auto c = element("Input").id(std::move(id));
  if (!value.is_null())
    c = c.with("value", std::move(value));
  return c;
}

component interval(json::value id, int interval_ms) {
  return element("Interval").id(std::move(id)).with("interval", interval_ms);
}

component markdown(std::string_view text) {
  return element("Markdown").with("children", json::string{text});
}

component slider(json::value id, double min, double max, double value) {
  return element("Slider")
    .id(std::move(id))
    .with("min", min)
    .with("max", max)
    .with("value", value);
}

component checklist(json::value id, const json::array& opts,
                    json::array value) {
  return element("Checklist")
    .id(std::move(id))
    .with("options", options(opts))
    .with("value", std::move(value));
}

component radio_items(json::value id, const json::array& opts,
                      json::value value) {
  return element("RadioItems")
    .id(std::move(id))
    .with("options", options(opts))
    .with("value", std::move(value));
}

component loading(const model::children& kids) {
  return element("Loading").children(kids);
}

component location(json::value id) {
  return element("Location").id(std::move(id));
}

} // namespace dash::dcc
