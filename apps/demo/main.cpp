// apps/demo/main.cpp
// The demo the README starts: the seed's first examples on one page, each
// under its heading, served at http://127.0.0.1:8050.
#include <chrono>

#include "apps/example1_store/example1_store.hpp"
#include "apps/multi_output/multi_output.hpp"
#include "apps/student_scores/student_scores.hpp"

int main(int argc, char** argv) {
  using namespace dash;
  using namespace std::chrono_literals;
  flag<std::chrono::milliseconds> delay{
    "delay-ms", 1000ms, "duration of the simulated slow steps (ms)"};
  app demo{"demo"};
  demo.title("dashcpp: sharing data between callbacks")
    .assets_folder(DASH_APPS_ASSETS);
  demo.layout(html::div({
    html::h1("Sharing data between callbacks"),
    html::section({html::h2("Student scores, the safe way"),
                   apps::student_scores_layout()})
      .id("student-scores"),
    html::section({html::h2("Example 1 - storing data in the browser with "
                            "dcc.Store"),
                   apps::example1_layout()})
      .id("example-1"),
    html::section({html::h2("One callback, two outputs"),
                   apps::multi_output_layout()})
      .id("multi-output"),
  }));
  apps::student_scores_callbacks(demo);
  apps::example1_callbacks(demo, delay);
  apps::multi_output_callbacks(demo, delay, 2);
  return serve(demo, argc, argv, {delay});
}
