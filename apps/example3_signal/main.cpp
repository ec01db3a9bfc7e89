// apps/example3_signal/main.cpp
// Runs Example 3: `example3_signal --delay-ms 3000 [--computation-log F]`.
#include <chrono>
#include <memory>

#include "apps/example3_signal/example3_signal.hpp"

int main(int argc, char** argv) {
  auto cfg = dash::config::parse(
    argc, argv,
    {{"delay-ms", "3000", "duration of the simulated expensive query (ms)"},
     {"computation-log", "", "file to append each computation line to"}});
  if (!cfg.values)
    return cfg.exit_code;
  dash::app app{"example3_signal"};
  app.title("Example 3 - caching and signaling")
    .assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::example3_layout());
  apps::example3_callbacks(
    app, std::chrono::milliseconds(cfg.values->app_int("delay-ms")),
    std::make_shared<const apps::computation_log>(
      "example3_signal", cfg.values->app_string("computation-log")));
  return dash::serve(app, *cfg.values);
}
