// http/status_counter.hpp
// Answers counted by HTTP status code, for the route and callback-answer
// figures of http/http_metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace dash::http {

/// Answers counted by HTTP status code.
class status_counter {
public:
  void add(int status);
  std::uint64_t total() const;
  /// Appends one `name{labels,code="..."} n` line per code seen.
  void render(std::string& out, const std::string& name,
              const std::string& labels) const;

private:
  std::array<std::atomic<std::uint64_t>, 600> by_code_{};
};

} // namespace dash::http
