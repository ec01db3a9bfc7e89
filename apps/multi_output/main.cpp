// apps/multi_output/main.cpp
// Runs the multiple-outputs app alone: `multi_output --delay-ms 500`.
#include <chrono>

#include "apps/multi_output/multi_output.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  dash::flag<std::chrono::milliseconds> delay{
    "delay-ms", 500ms, "duration of the simulated query (ms)"};
  dash::app app{"multi_output"};
  app.title("One callback, two outputs").assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::multi_output_layout());
  apps::multi_output_callbacks(app, delay);
  return dash::serve(app, argc, argv, {delay});
}
