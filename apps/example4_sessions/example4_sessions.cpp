// apps/example4_sessions/example4_sessions.cpp
// Example 4: "Get data" shows two outputs, each with the session's four
// time-stamped rows (a, b, a, c), computed once per session.
#include "apps/example4_sessions/example4_sessions.hpp"

#include <ctime>
#include <string>
#include <thread>

#include "apps/common/table.hpp"

namespace apps {

namespace {

using dash::json::array;
using dash::json::object;

std::string format_time(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

/// The expensive, session-specific step: data that depends on the time.
array query_session_data(std::chrono::milliseconds delay) {
  auto now = std::time(nullptr);
  array rows;
  const std::pair<int, const char*> spec[] = {
    {15, "a"}, {10, "b"}, {5, "a"}, {0, "c"}};
  for (const auto& [ago, value] : spec)
    rows.push_back(object{{"time", format_time(now - ago)},
                          {"values", value}});
  std::this_thread::sleep_for(delay); // simulate expensive query
  return rows;
}

} // namespace

dash::component example4_layout(const std::string& session_id) {
  using namespace dash;
  return html::div({
    dcc::store("session-id", session_id),
    html::button("Get data").id("get-data-button"),
    html::div().id("output-1"),
    html::div().id("output-2"),
  });
}

void example4_callbacks(dash::app& app, dash::flag<std::chrono::milliseconds> delay,
                        std::shared_ptr<const computation_log> log) {
  using namespace dash;
  auto get_dataframe = app.session_memoize(
    "df", [delay, log](const std::string& session_id) {
      (*log)("Computing session data for session "
             + session_id.substr(0, 6));
      return query_session_data(*delay);
    });
  for (int n : {1, 2}) {
    auto out = "output-" + std::to_string(n);
    app.callback(output(out, "children"),
                 input("get-data-button", "n_clicks"),
                 input("session-id", "data"),
                 [get_dataframe, n](std::optional<int> clicks,
                                    const std::string& session_id) {
                   return get_dataframe(session_id).then(
                     [n, clicks](const json::array& df) {
                       return html::div({
                         "Output " + std::to_string(n)
                           + " - Button has been clicked "
                           + std::to_string(clicks.value_or(0)) + " times",
                         simple_table({"time", "values"}, df),
                       });
                     });
                 });
  }
}

} // namespace apps
