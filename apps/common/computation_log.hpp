// apps/common/computation_log.hpp
// The seed's `print('Computing value with', value)`: a log line per real
// computation, also appended to a file when one is given (for tests and
// benchmarks to count computations).
#pragma once

#include <memory>
#include <string>

#include <dash/dash.hpp>

namespace spdlog {
class logger;
}

namespace apps {

class computation_log {
public:
  /// `app` names the logger; `file` (read at each line) may be empty.
  computation_log(const std::string& app, dash::flag<std::string> file);

  /// Logs `line` and appends it to the file, if any. Thread-safe.
  void operator()(const std::string& line) const;

private:
  std::shared_ptr<spdlog::logger> log_;
  dash::flag<std::string> file_;
};

} // namespace apps
