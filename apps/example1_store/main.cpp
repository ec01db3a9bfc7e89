// apps/example1_store/main.cpp
// Runs Example 1 alone: `example1_store --delay-ms 1000`.
#include <chrono>

#include "apps/example1_store/example1_store.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  dash::flag<std::chrono::milliseconds> delay{
    "delay-ms", 1000ms, "duration of the simulated slow step (ms)"};
  dash::app app{"example1_store"};
  app.title("Example 1 - dcc.Store").assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::example1_layout());
  apps::example1_callbacks(app, delay);
  return dash::serve(app, argc, argv, {delay});
}
