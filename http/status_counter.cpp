// http/status_counter.cpp
// Recording (relaxed atomics) and one sample line per status code seen.
#include "http/status_counter.hpp"

#include <spdlog/fmt/fmt.h>

#include "actors/core/prometheus_text.hpp"

namespace dash::http {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

} // namespace

void status_counter::add(int status) {
  if (status >= 0 && status < static_cast<int>(by_code_.size()))
    by_code_[static_cast<std::size_t>(status)].fetch_add(1, relaxed);
}

std::uint64_t status_counter::total() const {
  std::uint64_t n = 0;
  for (const auto& c : by_code_)
    n += c.load(relaxed);
  return n;
}

void status_counter::render(std::string& out, const std::string& name,
                            const std::string& labels) const {
  for (std::size_t code = 0; code < by_code_.size(); ++code)
    if (auto n = by_code_[code].load(relaxed); n != 0)
      actors::prometheus_sample(out, name,
                                labels + (labels.empty() ? "" : ",")
                                  + fmt::format("code=\"{}\"", code),
                                n);
}

} // namespace dash::http
