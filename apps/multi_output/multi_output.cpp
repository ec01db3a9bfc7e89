// apps/multi_output/multi_output.cpp
// Monthly sales of a fruit, queried once, shown as a bar chart and a table.
#include "apps/multi_output/multi_output.hpp"

#include <string>
#include <thread>
#include <tuple>

#include <spdlog/spdlog.h>

#include "apps/common/table.hpp"

namespace apps {

namespace {

using dash::json::array;
using dash::json::object;

const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun"};

/// The "database query": six months of sales for `fruit`.
array query(const std::string& fruit, std::chrono::milliseconds delay) {
  std::this_thread::sleep_for(delay);
  int seed = 0;
  for (char c : fruit)
    seed = (seed * 31 + c) % 97;
  array rows;
  for (int i = 0; i < 6; ++i)
    rows.push_back(object{{"month", months[i]},
                          {"sales", 20 + (seed * (i + 3)) % 50}});
  return rows;
}

} // namespace

dash::component multi_output_layout() {
  using namespace dash;
  return html::div({
    dcc::dropdown("fruit", {"apples", "oranges", "figs"}, "apples"),
    dcc::graph("sales-graph"),
    html::table().id("sales-table"),
  });
}

void multi_output_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                            int divide_by) {
  using namespace dash;
  app.callback(
    outputs{output("sales-graph", "figure"), output("sales-table", "children")},
    input("fruit", "value"),
    [delay, divide_by](const callback_context& ctx,
            std::optional<std::string> choice) {
      if (!choice) // the dropdown was cleared: keep what is shown
        throw prevent_update{};
      const auto& fruit = *choice;
      ctx.log().info("query fruit={} request={}", fruit, ctx.request_id());
      auto rows = query(fruit, *delay / divide_by);
      array x, y;
      for (const auto& r : rows) {
        x.push_back(r.at("month"));
        y.push_back(r.at("sales"));
      }
      object figure{
        {"data", array{object{{"type", "bar"}, {"x", x}, {"y", y},
                              {"name", fruit}}}},
        {"layout", object{{"title", object{{"text", "Sales of " + fruit}}},
                          {"margin", object{{"l", 40}, {"r", 10},
                                            {"b", 30}, {"t", 40}}}}}};
      auto table = simple_table({"month", "sales"}, rows);
      return std::make_tuple(json::value(figure),
                             table.props().at("children"));
    });
}

} // namespace apps
