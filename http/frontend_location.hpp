// http/frontend_location.hpp
// Finds the Dash front end at start-up: --frontend-dir (DASH_FRONTEND_DIR)
// alone when given, else the build's hint, the install next to the
// executable and the install prefix. Used by serve().
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/frontend.hpp"

namespace dash::http {

/// No complete front end in any place looked in; the message lists each
/// place, why it did not do, and how to fix it.
class frontend_not_found : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One folder to look in, and what pointed there.
struct frontend_candidate {
  std::string dir;
  std::string origin;
};

/// The folders to try, in order. `explicit_dir` (the setting) excludes all
/// others; empty entries are skipped.
std::vector<frontend_candidate>
frontend_candidates(const std::string& explicit_dir, const std::string& hint);

/// The front end and the folder it came from.
struct located_frontend {
  std::shared_ptr<const frontend> files;
  std::string dir;
};

/// Loads the first complete front end among frontend_candidates(..);
/// throws frontend_not_found when none is.
located_frontend locate_frontend(const std::string& explicit_dir,
                                 const std::string& hint);

} // namespace dash::http
