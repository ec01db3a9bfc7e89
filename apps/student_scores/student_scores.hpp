// apps/student_scores/student_scores.hpp
// The seed's first app, written the safe way: the callback filters a copy
// and never touches the shared data.
#pragma once

#include <dash/dash.hpp>

namespace apps {

/// The dropdown, the sentence and the output div.
dash::component student_scores_layout();
/// How many students gave the chosen score.
void student_scores_callbacks(dash::app& app);

} // namespace apps
