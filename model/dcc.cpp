// model/dcc.cpp
// The one place that names the dash_core_components namespace.
#include "model/dcc.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace dash::dcc {

component element(std::string_view type) {
  return component{"dash_core_components", std::string{type}};
}

namespace {

/// A double as JavaScript's Number#toString writes it (shortest digits;
/// plain notation from 1e-6 up to 1e21, exponent notation outside).
std::string js_number(double x) {
  if (x == 0)
    return "0";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string sci(buf, r.ptr); // "-d.ddde+XX"
  std::string sign;
  if (sci.front() == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  auto e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  int n = std::stoi(sci.substr(e + 1)) + 1; // decimal point position
  int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21)
    return sign + digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21)
    return sign + digits.substr(0, static_cast<std::size_t>(n)) + "."
           + digits.substr(static_cast<std::size_t>(n));
  if (-6 < n && n <= 0)
    return sign + "0." + std::string(static_cast<std::size_t>(-n), '0')
           + digits;
  auto exp = n - 1;
  auto mantissa = k == 1 ? digits : digits.substr(0, 1) + "." + digits.substr(1);
  return sign + mantissa + "e" + (exp < 0 ? "-" : "+")
         + std::to_string(exp < 0 ? -exp : exp);
}

/// The label the dropdown shows for a plain option: its text, as the
/// browser's String() writes it ("1.5", "true").
std::string label_of(const json::value& v) {
  if (v.is_double())
    return js_number(v.get_double());
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
