// http/histogram.hpp
// A Prometheus histogram of durations with fixed bucket bounds; the HTTP
// layer times routes and callback answers with it (http/http_metrics).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace dash::http {

/// A Prometheus histogram of durations with fixed bucket bounds (seconds).
class histogram {
public:
  static constexpr std::array<double, 14> bounds{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

  void observe(std::chrono::nanoseconds d);
  /// Appends the `_bucket`, `_sum` and `_count` lines of `name{labels}`.
  void render(std::string& out, const std::string& name,
              const std::string& labels) const;

private:
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_ns_{0};
};

} // namespace dash::http
