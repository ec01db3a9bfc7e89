// apps/example3_signal/main.cpp
// Runs Example 3: `example3_signal --delay-ms 3000 [--computation-log F]`.
#include <chrono>
#include <memory>
#include <string>

#include "apps/example3_signal/example3_signal.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  dash::flag<std::chrono::milliseconds> delay{
    "delay-ms", 3000ms, "duration of the simulated expensive query (ms)"};
  dash::flag<std::string> log_file{"computation-log", "",
                                   "file to append each computation line to"};
  dash::app app{"example3_signal"};
  app.title("Example 3 - caching and signaling")
    .assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::example3_layout());
  apps::example3_callbacks(app, delay,
                           std::make_shared<const apps::computation_log>(
                             "example3_signal", log_file));
  return dash::serve(app, argc, argv, {delay, log_file});
}
