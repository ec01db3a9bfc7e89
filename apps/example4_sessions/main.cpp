// apps/example4_sessions/main.cpp
// Runs Example 4: `example4_sessions --delay-ms 3000
// [--session-backend disk --session-dir DIR]`.
#include <chrono>
#include <memory>

#include "apps/example4_sessions/example4_sessions.hpp"

int main(int argc, char** argv) {
  auto cfg = dash::config::parse(
    argc, argv,
    {{"delay-ms", "3000", "duration of the simulated expensive query (ms)"},
     {"computation-log", "", "file to append each computation line to"}});
  if (!cfg.values)
    return cfg.exit_code;
  dash::app app{"example4_sessions"};
  app.title("Example 4 - user-based session data on the server")
    .assets_folder(DASH_APPS_ASSETS);
  app.layout(std::function<dash::component(const std::string&)>(
    apps::example4_layout));
  apps::example4_callbacks(
    app, std::chrono::milliseconds(cfg.values->app_int("delay-ms")),
    std::make_shared<const apps::computation_log>(
      "example4_sessions", cfg.values->app_string("computation-log")));
  return dash::serve(app, *cfg.values);
}
