// apps/pattern_matching/main.cpp
// Runs the pattern-matching app alone: `pattern_matching --delay-ms 1000`.
#include <chrono>

#include "apps/pattern_matching/pattern_matching.hpp"

int main(int argc, char** argv) {
  auto cfg = dash::config::parse(
    argc, argv,
    {{"delay-ms", "1000", "how long the Slow button's callback takes (ms)"}});
  if (!cfg.values)
    return cfg.exit_code;
  dash::app app{"pattern_matching"};
  app.title("Pattern-matching callbacks")
    .assets_folder(DASH_PATTERN_MATCHING_ASSETS);
  app.layout(apps::pattern_matching_layout());
  apps::pattern_matching_callbacks(
    app, std::chrono::milliseconds(cfg.values->app_int("delay-ms")));
  return dash::serve(app, *cfg.values);
}
