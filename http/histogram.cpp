// http/histogram.cpp
// Recording (relaxed atomics: counters need no ordering) and the
// cumulative bucket lines of a histogram.
#include "http/histogram.hpp"

#include <algorithm>

#include <spdlog/fmt/fmt.h>

namespace dash::http {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

} // namespace

void histogram::observe(std::chrono::nanoseconds d) {
  auto seconds = std::chrono::duration<double>(d).count();
  auto i = static_cast<std::size_t>(
    std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
  buckets_[i].fetch_add(1, relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(
                      0, d.count())),
                    relaxed);
}

void histogram::render(std::string& out, const std::string& name,
                       const std::string& labels) const {
  std::uint64_t cumulative = 0;
  auto sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += buckets_[i].load(relaxed);
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep,
                       bounds[i], cumulative);
  }
  cumulative += buckets_[bounds.size()].load(relaxed);
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep,
                     cumulative);
  auto braces = labels.empty() ? std::string{} : '{' + labels + '}';
  out += fmt::format("{}_sum{} {:.6f}\n", name, braces,
                     static_cast<double>(sum_ns_.load(relaxed)) / 1e9);
  out += fmt::format("{}_count{} {}\n", name, braces, cumulative);
}

} // namespace dash::http
