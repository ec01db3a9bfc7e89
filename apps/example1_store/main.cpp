// apps/example1_store/main.cpp
// Runs Example 1 alone: `example1_store --delay-ms 1000`.
#include <chrono>

#include "apps/example1_store/example1_store.hpp"

int main(int argc, char** argv) {
  auto cfg = dash::config::parse(
    argc, argv,
    {{"delay-ms", "1000", "duration of the simulated slow step (ms)"}});
  if (!cfg.values)
    return cfg.exit_code;
  dash::app app{"example1_store"};
  app.title("Example 1 - dcc.Store").assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::example1_layout());
  apps::example1_callbacks(
    app, std::chrono::milliseconds(cfg.values->app_int("delay-ms")));
  return dash::serve(app, *cfg.values);
}
