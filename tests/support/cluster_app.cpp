// tests/support/cluster_app.cpp
// A test-only app for the cluster tests (tests/cluster, tests/e2e): a slow
// memoized square (one computation per x in the whole cluster) and
// per-session random rows (one value per session, the same on every node).
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <dash/dash.hpp>

int main(int argc, char** argv) {
  using namespace dash;
  auto cfg = config::parse(
    argc, argv, {{"delay-ms", "300", "duration of slow_square (ms)"}});
  if (!cfg.values)
    return cfg.exit_code;
  const std::chrono::milliseconds delay{cfg.values->app_int("delay-ms")};

  app a{"cluster_app"};
  a.layout(std::function<component(const std::string&)>(
    [](const std::string& session_id) {
      return html::div({dcc::input("x", 1), html::div().id("square"),
                        dcc::store("session-id", session_id),
                        html::button("Get rows").id("get-rows"),
                        html::div().id("rows")});
    }));

  auto slow_square = a.memoize("slow_square", [delay](long long x) {
    std::this_thread::sleep_for(delay); // the expensive step
    return x * x;
  });
  a.callback(output("square", "children"), input("x", "value"),
             [slow_square](long long x) {
               return slow_square(x).then([x](const long long& sq) {
                 return std::to_string(x) + " squared is "
                        + std::to_string(sq);
               });
             });

  // Random per session: two sessions differ, one session keeps its rows.
  auto user_rows = a.session_memoize("user_rows", [](const std::string&) {
    std::random_device rd;
    std::uniform_int_distribution<int> pick{0, 999'999};
    return std::vector<int>{pick(rd), pick(rd), pick(rd)};
  });
  a.callback(output("rows", "children"), input("get-rows", "n_clicks"),
             input("session-id", "data"),
             [user_rows](std::optional<int>, const std::string& session_id) {
               return user_rows(session_id).then(
                 [](const std::vector<int>& rows) {
                   return "rows " + json::serialize(json::value_from(rows));
                 });
             });
  return serve(a, *cfg.values);
}
