// http/http_metrics.hpp
// What the HTTP layer counts: answers and latency by route and by
// callback, connections and requests in flight. Written by the listener,
// sessions and routes; rendered into /_metrics by http/scrape.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/prometheus_text.hpp"
#include "http/histogram.hpp"
#include "http/status_counter.hpp"
#include "model/app.hpp"

namespace dash::http {

struct route_metrics {
  explicit route_metrics(std::string n)
    : name(std::move(n)),
      label("route=\"" + actors::prometheus_label(name) + "\"") {}
  const std::string name;
  const std::string label; ///< `route="name"`, as every sample shows it
  status_counter answers;
  histogram latency;
};

/// How /_dash-update-component answered one callback.
struct callback_answer_metrics {
  explicit callback_answer_metrics(std::string i)
    : id(std::move(i)),
      label("callback=\"" + actors::prometheus_label(id) + "\"") {}
  const std::string id;    ///< the callback's output string
  const std::string label; ///< `callback="id"`, escaped
  status_counter answers;
  histogram latency;
  std::atomic<std::uint64_t> errors{0}; ///< answered 5xx
};

/// The HTTP layer's counters. Sized once at start (routes and callbacks
/// are fixed), so recording never allocates or locks.
class http_metrics {
public:
  http_metrics(const std::vector<std::string>& routes,
               const std::vector<std::string>& callbacks);

  route_metrics& route(std::size_t i) {
    return *routes_.at(i);
  }
  callback_answer_metrics& callback(std::size_t i) {
    return *callbacks_.at(i);
  }
  std::chrono::system_clock::time_point started() const {
    return started_;
  }

  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> refused_connections{0}; ///< over max-connections
  std::atomic<std::uint64_t> requests_in_flight{0};

  /// Appends the route, connection and callback-answer families.
  void render(std::string& out) const;
  /// Appends this layer's sample of `dashcpp_overload_refusals_total`
  /// (reason="connections"); the family's HELP is the caller's.
  void render_refusals(std::string& out) const;

private:
  std::chrono::system_clock::time_point started_ =
    std::chrono::system_clock::now();
  std::vector<std::unique_ptr<route_metrics>> routes_;
  std::vector<std::unique_ptr<callback_answer_metrics>> callbacks_;
};

/// Counters for the routes of `route_names()` and the callbacks of `app`
/// (in `app.callbacks()` order, as the callback table indexes them).
std::shared_ptr<http_metrics> make_http_metrics(const model::app& app);

} // namespace dash::http
