// apps/example4_sessions/main.cpp
// Runs Example 4: `example4_sessions --delay-ms 3000
// [--session-backend disk --session-dir DIR]`.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "apps/example4_sessions/example4_sessions.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  dash::flag<std::chrono::milliseconds> delay{
    "delay-ms", 3000ms, "duration of the simulated expensive query (ms)"};
  dash::flag<std::string> log_file{"computation-log", "",
                                   "file to append each computation line to"};
  dash::app app{"example4_sessions"};
  app.title("Example 4 - user-based session data on the server")
    .assets_folder(DASH_APPS_ASSETS);
  app.layout(std::function<dash::component(const std::string&)>(
    apps::example4_layout));
  apps::example4_callbacks(app, delay,
                           std::make_shared<const apps::computation_log>(
                             "example4_sessions", log_file));
  return dash::serve(app, argc, argv, {delay, log_file});
}
