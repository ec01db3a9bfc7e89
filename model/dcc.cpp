// model/dcc.cpp
// The one place that names the dash_core_components namespace.
#include "model/dcc.hpp"

#include <charconv>
#include <string>

namespace dash::dcc {

component element(std::string_view type) {
  return component{"dash_core_components", std::string{type}};
}

namespace {

/// The label the dropdown shows for a plain option: its text, as the
/// browser's String() writes it ("1.5", "true").
std::string label_of(const json::value& v) {
  if (v.is_double()) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v.get_double());
    return std::string(buf, r.ptr);
  }
  return json::serialize(v);
}

} // namespace

json::array options(const json::array& values) {
  json::array out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if (v.is_object()) {
      out.push_back(v);
      continue;
    }
    json::value label = v.is_string() ? v : json::value(label_of(v));
    out.push_back(json::object{{"label", label}, {"value", v}});
  }
  return out;
}

component graph(value_arg id) {
  return element("Graph").id(std::move(id));
}

component graph(value_arg id, value_arg figure) {
  return graph(std::move(id)).with("figure", std::move(figure));
}

component dropdown(value_arg id, const json::array& opts,
                   value_arg value) {
  return element("Dropdown")
    .id(std::move(id))
    .with("options", options(opts))
    .with("value", std::move(value));
}

component store(value_arg id, value_arg data) {
  auto c = element("Store").id(std::move(id));
  if (!data.get().is_null())
    c = c.with("data", std::move(data));
  return c;
}

component input(value_arg id, value_arg value) {
  auto c = element("Input").id(std::move(id));
  if (!value.get().is_null())
    c = c.with("value", std::move(value));
  return c;
}

component interval(value_arg id, int interval_ms) {
  return element("Interval").id(std::move(id)).with("interval", interval_ms);
}

component markdown(std::string_view text) {
  return element("Markdown").with("children", json::string{text});
}

component slider(value_arg id, double min, double max, double value) {
  return element("Slider")
    .id(std::move(id))
    .with("min", min)
    .with("max", max)
    .with("value", value);
}

component checklist(value_arg id, const json::array& opts,
                    json::array value) {
  return element("Checklist")
    .id(std::move(id))
    .with("options", options(opts))
    .with("value", std::move(value));
}

component radio_items(value_arg id, const json::array& opts,
                      value_arg value) {
  return element("RadioItems")
    .id(std::move(id))
    .with("options", options(opts))
    .with("value", std::move(value));
}

component loading(const model::children& kids) {
  return element("Loading").children(kids);
}

component location(value_arg id) {
  return element("Location").id(std::move(id));
}

} // namespace dash::dcc
