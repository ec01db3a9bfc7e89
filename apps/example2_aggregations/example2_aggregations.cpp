// apps/example2_aggregations/example2_aggregations.cpp
// Example 2: monthly fruit sales for a year, split per fruit by the slow
// step so that only small subsets travel to the graph callbacks. (The
// seed's listing wires all three graphs to graph1, which Dash rejects;
// here each graph has its own output.)
#include "apps/example2_aggregations/example2_aggregations.hpp"

#include <string>
#include <thread>

namespace apps {

namespace {

using dash::json::array;
using dash::json::object;

const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
struct fruit {
  const char* name;
  const char* subset; ///< its key in the stored datasets
  int base;
};
constexpr fruit fruits[] = {
  {"apple", "df_1", 40}, {"orange", "df_2", 25}, {"fig", "df_3", 10}};

/// The expensive step: the year's cleaned sales, then one subset per fruit.
object slow_processing_step(const std::string& year,
                            std::chrono::milliseconds delay) {
  std::this_thread::sleep_for(delay);
  int y = std::stoi(year);
  object datasets{{"year", year}};
  for (const auto& f : fruits) {
    array month, sales;
    for (int m = 0; m < 12; ++m) {
      month.push_back(months[m]);
      sales.push_back(f.base + ((y * 7 + m * 13 + f.base) % 23));
    }
    datasets[f.subset] = object{{"fruit", f.name},
                                {"month", month},
                                {"sales", sales}};
  }
  return datasets;
}

dash::json::value figure_for(const dash::json::value& data,
                             const char* subset) {
  if (!data.is_object())
    throw dash::prevent_update{};
  const auto& df = data.at(subset);
  auto title = std::string{df.at("fruit").as_string()} + " sales in "
               + std::string{data.at("year").as_string()};
  return object{
    {"data", array{object{{"type", "bar"},
                          {"name", df.at("fruit")},
                          {"x", df.at("month")},
                          {"y", df.at("sales")}}}},
    {"layout", object{{"title", object{{"text", title}}},
                      {"margin", object{{"l", 30}, {"r", 10},
                                        {"b", 30}, {"t", 40}}}}}};
}

} // namespace

dash::component example2_layout() {
  using namespace dash;
  return html::div({
    dcc::graph("graph1"),
    dcc::graph("graph2"),
    dcc::graph("graph3"),
    dcc::dropdown("dropdown", {"2022", "2023", "2024"}, "2024"),
    dcc::store("intermediate-value"),
  });
}

void example2_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                        std::shared_ptr<const computation_log> log) {
  using namespace dash;
  app.callback(output("intermediate-value", "data"),
               input("dropdown", "value"),
               [delay, log](const std::optional<std::string>& choice) {
                 if (!choice) // cleared: keep what is shown
                   throw prevent_update{};
                 const auto& year = *choice;
                 (*log)("Computing aggregations for " + year);
                 // a few filter steps that compute the data as it's needed
                 // in future callbacks
                 return slow_processing_step(year, *delay);
               });
  const char* graphs[] = {"graph1", "graph2", "graph3"};
  for (std::size_t i = 0; i < 3; ++i) {
    const char* subset = fruits[i].subset;
    app.callback(output(graphs[i], "figure"),
                 input("intermediate-value", "data"),
                 [subset](const json::value& data) {
                   return figure_for(data, subset);
                 });
  }
}

} // namespace apps
