// apps/multi_output/main.cpp
// Runs the multiple-outputs app alone: `multi_output --delay-ms 500`.
#include <chrono>

#include "apps/multi_output/multi_output.hpp"

int main(int argc, char** argv) {
  auto cfg = dash::config::parse(
    argc, argv, {{"delay-ms", "500", "duration of the simulated query (ms)"}});
  if (!cfg.values)
    return cfg.exit_code;
  dash::app app{"multi_output"};
  app.title("One callback, two outputs").assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::multi_output_layout());
  apps::multi_output_callbacks(
    app, std::chrono::milliseconds(cfg.values->app_int("delay-ms")));
  return dash::serve(app, *cfg.values);
}
