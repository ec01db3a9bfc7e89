// apps/example2_aggregations/main.cpp
// Runs Example 2: `example2_aggregations --delay-ms 1000`.
#include <chrono>
#include <memory>

#include "apps/example2_aggregations/example2_aggregations.hpp"

int main(int argc, char** argv) {
  auto cfg = dash::config::parse(
    argc, argv,
    {{"delay-ms", "1000", "duration of the simulated slow step (ms)"},
     {"computation-log", "", "file to append each computation line to"}});
  if (!cfg.values)
    return cfg.exit_code;
  dash::app app{"example2_aggregations"};
  app.title("Example 2 - computing aggregations up front")
    .assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::example2_layout());
  apps::example2_callbacks(
    app, std::chrono::milliseconds(cfg.values->app_int("delay-ms")),
    std::make_shared<const apps::computation_log>(
      "example2_aggregations", cfg.values->app_string("computation-log")));
  return dash::serve(app, *cfg.values);
}
