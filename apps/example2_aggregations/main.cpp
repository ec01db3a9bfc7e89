// apps/example2_aggregations/main.cpp
// Runs Example 2: `example2_aggregations --delay-ms 1000`.
#include <chrono>
#include <memory>
#include <string>

#include "apps/example2_aggregations/example2_aggregations.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  dash::flag<std::chrono::milliseconds> delay{
    "delay-ms", 1000ms, "duration of the simulated slow step (ms)"};
  dash::flag<std::string> log_file{"computation-log", "",
                                   "file to append each computation line to"};
  dash::app app{"example2_aggregations"};
  app.title("Example 2 - computing aggregations up front")
    .assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::example2_layout());
  apps::example2_callbacks(app, delay,
                           std::make_shared<const apps::computation_log>(
                             "example2_aggregations", log_file));
  return dash::serve(app, argc, argv, {delay, log_file});
}
