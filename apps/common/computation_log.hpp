// apps/common/computation_log.hpp
// The seed's `print('Computing value with', value)`: a log line per real
// computation, also appended to a file when one is given (for tests and
// benchmarks to count computations).
#pragma once

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace apps {

class computation_log {
public:
  /// `app` names the logger; `file` may be empty.
  computation_log(const std::string& app, std::string file);

  /// Logs `line` and appends it to the file, if any. Thread-safe.
  void operator()(const std::string& line) const;

private:
  std::shared_ptr<spdlog::logger> log_;
  std::string file_;
};

} // namespace apps
