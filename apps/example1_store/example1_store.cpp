// apps/example1_store/example1_store.cpp
// Example 1 - storing data in the browser with dcc.Store: a week of
// temperatures per city, "downloaded" slowly once, drawn twice.
#include "apps/example1_store/example1_store.hpp"

#include <cmath>
#include <string>
#include <thread>

#include <spdlog/spdlog.h>

#include "apps/common/table.hpp"

namespace apps {

namespace {

using dash::json::array;
using dash::json::object;

const char* const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

double base_temperature(const std::string& city) {
  if (city == "Montreal")
    return -4.0;
  if (city == "Toronto")
    return -1.0;
  return 6.0; // Vancouver
}

/// The expensive step: fetches and cleans a week of data for `city`.
object slow_processing_step(const std::string& city,
                            std::chrono::milliseconds delay) {
  std::this_thread::sleep_for(delay); // stands in for a slow download
  array rows;
  auto base = base_temperature(city);
  for (int i = 0; i < 7; ++i) {
    auto t = base + 3.0 * std::sin(i * 0.9 + base);
    rows.push_back(object{{"day", days[i]},
                          {"temperature", std::round(t * 10.0) / 10.0}});
  }
  return object{{"city", city}, {"rows", rows}};
}

} // namespace

dash::component example1_layout() {
  using namespace dash;
  return html::div({
    dcc::graph("graph"),
    html::table().id("table"),
    dcc::dropdown("dropdown", {"Montreal", "Toronto", "Vancouver"},
                  "Montreal"),
    // dcc.Store keeps the intermediate value in the browser
    dcc::store("intermediate-value"),
  });
}

void example1_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay) {
  using namespace dash;

  app.callback(output("intermediate-value", "data"),
               input("dropdown", "value"),
               [delay](const callback_context& ctx,
                       std::optional<std::string> value) -> json::value {
                 if (!value) // the dropdown was cleared: keep what is shown
                   throw prevent_update{};
                 ctx.log().info("slow processing step value={} request={}",
                                *value, ctx.request_id());
                 return slow_processing_step(*value, *delay);
               });

  app.callback(output("graph", "figure"), input("intermediate-value", "data"),
               [](const json::value& data) -> json::value {
                 if (!data.is_object())
                   throw prevent_update{};
                 array x, y;
                 for (const auto& row : data.at("rows").as_array()) {
                   x.push_back(row.at("day"));
                   y.push_back(row.at("temperature"));
                 }
                 return object{
                   {"data", array{object{{"type", "scatter"},
                                         {"mode", "lines+markers"},
                                         {"name", data.at("city")},
                                         {"x", x},
                                         {"y", y}}}},
                   {"layout",
                    object{{"title", object{{"text", data.at("city")}}},
                           {"margin", object{{"l", 40}, {"r", 10},
                                             {"b", 30}, {"t", 40}}}}}};
               });

  app.callback(output("table", "children"),
               input("intermediate-value", "data"),
               [](const json::value& data) -> json::value {
                 if (!data.is_object())
                   throw prevent_update{};
                 auto t = simple_table({"day", "temperature"},
                                       data.at("rows").as_array());
                 return t.props().at("children");
               });
}

} // namespace apps
