// apps/student_scores/main.cpp
// Runs the student-scores app alone: `student_scores --port 8050`.
#include "apps/student_scores/student_scores.hpp"

int main(int argc, char** argv) {
  dash::app app{"student_scores"};
  app.title("Student scores").assets_folder(DASH_APPS_ASSETS);
  app.layout(apps::student_scores_layout());
  apps::student_scores_callbacks(app);
  return dash::serve(app, argc, argv);
}
