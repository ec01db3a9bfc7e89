// http/frontend.hpp
// The unmodified Dash front end (renderer, components, React, plotly.js)
// loaded from the pinned node_modules into memory at start-up, addressed by
// /_dash-component-suites/ paths, with Dash's cache-busting fingerprints.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/static_file.hpp"

namespace dash::http {

class frontend {
public:
  /// Loads every file the page needs from `node_modules`. Throws
  /// std::runtime_error naming a missing file and the command that fixes it.
  static std::shared_ptr<const frontend> load(const std::string& node_modules);

  /// The file at `suite_path` (below /_dash-component-suites/), after
  /// removing a fingerprint segment; nullptr when there is none.
  const static_file* find(std::string_view suite_path) const;

  /// The <script> URLs of the page, in load order, fingerprinted.
  const std::vector<std::string>& script_urls() const {
    return scripts_;
  }

  /// Whether a file name carried a fingerprint (and may be cached long).
  static bool has_fingerprint(std::string_view suite_path);
  /// `suite_path` with its fingerprint segment removed.
  static std::string strip_fingerprint(std::string_view suite_path);

private:
  std::map<std::string, std::shared_ptr<const static_file>, std::less<>>
    files_;
  std::vector<std::string> scripts_;
};

} // namespace dash::http
