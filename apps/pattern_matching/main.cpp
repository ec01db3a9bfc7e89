// apps/pattern_matching/main.cpp
// Runs the pattern-matching app alone: `pattern_matching --delay-ms 1000`.
#include <chrono>

#include "apps/pattern_matching/pattern_matching.hpp"

int main(int argc, char** argv) {
  using namespace std::chrono_literals;
  dash::flag<std::chrono::milliseconds> delay{
    "delay-ms", 1000ms, "how long the Slow button's callback takes (ms)"};
  dash::app app{"pattern_matching"};
  app.title("Pattern-matching callbacks")
    .assets_folder(DASH_PATTERN_MATCHING_ASSETS);
  app.layout(apps::pattern_matching_layout());
  apps::pattern_matching_callbacks(app, delay);
  return dash::serve(app, argc, argv, {delay});
}
