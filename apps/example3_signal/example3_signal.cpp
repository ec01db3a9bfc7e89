// apps/example3_signal/example3_signal.cpp
// Example 3: categories apples 5N, oranges 10N, figs 20N, pineapples 15N
// (N = 100) with normally distributed x and y, memoised per category.
#include "apps/example3_signal/example3_signal.hpp"

#include <random>
#include <string>
#include <thread>
#include <vector>

namespace apps {

namespace {

using dash::json::array;
using dash::json::object;

constexpr int N = 100;

struct category {
  const char* name;
  int count;
};
constexpr category categories[] = {
  {"apples", 5 * N}, {"oranges", 10 * N}, {"figs", 20 * N},
  {"pineapples", 15 * N}};

/// One category's rows of the data frame.
struct points {
  std::vector<double> x;
  std::vector<double> y;
};

void tag_invoke(const dash::json::value_from_tag&, dash::json::value& v,
                const points& p) {
  v = object{{"x", dash::json::value_from(p.x)},
             {"y", dash::json::value_from(p.y)}};
}

/// Read back from JSON: a cluster sends memoized values between nodes.
points tag_invoke(const dash::json::value_to_tag<points>&,
                  const dash::json::value& v) {
  const auto& o = v.as_object();
  return points{dash::json::value_to<std::vector<double>>(o.at("x")),
                dash::json::value_to<std::vector<double>>(o.at("y"))};
}

/// The data frame: seeded, so every run (and every test) sees the same.
std::shared_ptr<const std::vector<std::pair<std::string, points>>>
make_data_frame() {
  std::mt19937 gen{2024};
  std::normal_distribution<double> normal{0.0, 1.0};
  auto df = std::make_shared<std::vector<std::pair<std::string, points>>>();
  for (const auto& c : categories) {
    points p;
    for (int i = 0; i < c.count; ++i) {
      p.x.push_back(normal(gen));
      p.y.push_back(normal(gen));
    }
    df->emplace_back(c.name, std::move(p));
  }
  return df;
}

object generate_figure(const points& df, object trace) {
  trace["x"] = dash::json::value_from(df.x);
  trace["y"] = dash::json::value_from(df.y);
  return object{
    {"data", array{trace}},
    {"layout", object{{"margin", object{{"l", 20}, {"r", 10},
                                        {"b", 20}, {"t", 10}}}}}};
}

} // namespace

dash::component example3_layout() {
  using namespace dash;
  array options;
  for (const auto& c : categories)
    options.push_back(c.name);
  auto graph_cell = [](const char* id) {
    return html::div(dcc::graph(id)).class_name("six columns");
  };
  return html::div({
    dcc::dropdown("dropdown", options, "apples"),
    html::div({graph_cell("graph-1"), graph_cell("graph-2")})
      .class_name("row"),
    html::div({graph_cell("graph-3"), graph_cell("graph-4")})
      .class_name("row"),
    // signal value to trigger callbacks
    dcc::store("signal"),
  });
}

void example3_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                        std::shared_ptr<const computation_log> log) {
  using namespace dash;
  auto df = make_data_frame();

  // Expensive computations in this "global store" are cached on the
  // server, computed once per value for every user and callback.
  auto global_store = app.memoize(
    "global_store", [df, delay, log](const std::string& value) {
      (*log)("Computing value with " + value);
      std::this_thread::sleep_for(*delay); // simulate expensive query
      for (const auto& [name, p] : *df)
        if (name == value)
          return p;
      throw std::invalid_argument("unknown category '" + value + "'");
    });

  // Compute the value, then send the signal.
  app.callback(output("signal", "data"), input("dropdown", "value"),
               [global_store](const std::optional<std::string>& choice) {
                 if (!choice) // cleared: keep what is shown
                   throw prevent_update{};
                 auto value = *choice;
                 return global_store(value).then(
                   [value](const points&) { return value; });
               });

  auto graph = [&](const char* id, object trace) {
    app.callback(output(id, "figure"), input("signal", "data"),
                 [global_store, trace](const std::optional<std::string>& value) {
                   if (!value)
                     throw prevent_update{};
                   // Already computed by the signal callback: a cache hit.
                   return global_store(*value).then(
                     [trace](const points& p) {
                       return generate_figure(p, trace);
                     });
                 });
  };
  graph("graph-1",
        object{{"type", "scatter"},
               {"mode", "markers"},
               {"marker", object{{"opacity", 0.5},
                                 {"size", 14},
                                 {"line", object{{"border",
                                                  "thin darkgrey solid"}}}}}});
  graph("graph-2", object{{"type", "scatter"},
                          {"mode", "lines"},
                          {"line", object{{"shape", "spline"},
                                          {"width", 0.5}}}});
  graph("graph-3", object{{"type", "histogram2d"}});
  graph("graph-4", object{{"type", "histogram2dcontour"}});
}

} // namespace apps
