// apps/student_scores/student_scores.cpp
// Student scores: a dropdown 1..5 shows how many students gave that score.
#include "apps/student_scores/student_scores.hpp"

#include <algorithm>
#include <memory>
#include <vector>

namespace apps {

namespace {

struct student {
  int id;
  int score;
};

} // namespace

dash::component student_scores_layout() {
  using namespace dash;
  return html::div({
    dcc::dropdown("score", {1, 2, 3, 4, 5}, 1),
    "was scored by this many students:",
    html::div().id("output"),
  });
}

void student_scores_callbacks(dash::app& app) {
  using namespace dash;
  // Shared, read-only data: each call filters into a local result.
  auto df = std::make_shared<const std::vector<student>>(std::vector<student>{
    {1, 1}, {2, 5}, {3, 2}, {4, 5}, {5, 2},
    {6, 3}, {7, 1}, {8, 5}, {9, 1}, {10, 5}});
  app.callback(output("output", "children"), input("score", "value"),
               [df](std::optional<int> value) {
                 return std::count_if(df->begin(), df->end(),
                                      [&](const student& s) {
                                        return value && s.score == *value;
                                      });
               });
}

} // namespace apps
