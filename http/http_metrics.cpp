// http/http_metrics.cpp
// The HTTP layer's counters and the Prometheus text of their families.
#include "http/http_metrics.hpp"

#include "http/router.hpp"

namespace dash::http {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

using actors::prometheus_help;
using actors::prometheus_sample;
using actors::prometheus_scalar;

} // namespace

http_metrics::http_metrics(const std::vector<std::string>& routes,
                           const std::vector<std::string>& callbacks) {
  for (const auto& r : routes)
    routes_.push_back(std::make_unique<route_metrics>(r));
  for (const auto& c : callbacks)
    callbacks_.push_back(std::make_unique<callback_answer_metrics>(c));
}

void http_metrics::render(std::string& out) const {
  prometheus_help(out, "dashcpp_http_requests_total", "counter",
                  "HTTP requests answered, by route and status code.");
  for (const auto& r : routes_)
    r->answers.render(out, "dashcpp_http_requests_total", r->label);
  prometheus_help(out, "dashcpp_http_request_duration_seconds", "histogram",
                  "Time from a whole request read to its answer, by route.");
  for (const auto& r : routes_)
    if (r->answers.total() != 0)
      r->latency.render(out, "dashcpp_http_request_duration_seconds",
                        r->label);
  prometheus_scalar(out, "dashcpp_http_connections_open", "gauge",
                    "HTTP connections open now.",
                    connections_open.load(relaxed));
  prometheus_scalar(out, "dashcpp_http_connections_accepted_total", "counter",
                    "HTTP connections accepted.",
                    connections_accepted.load(relaxed));
  prometheus_scalar(out, "dashcpp_http_requests_in_flight", "gauge",
                    "Requests read and not yet answered.",
                    requests_in_flight.load(relaxed));

  prometheus_help(out, "dashcpp_callback_requests_total", "counter",
                  "Callback requests answered, by callback and status code.");
  for (const auto& c : callbacks_)
    c->answers.render(out, "dashcpp_callback_requests_total", c->label);
  prometheus_help(
    out, "dashcpp_callback_duration_seconds", "histogram",
    "Time from a callback request read to its answer, by callback.");
  for (const auto& c : callbacks_)
    c->latency.render(out, "dashcpp_callback_duration_seconds", c->label);
  prometheus_help(out, "dashcpp_callback_errors_total", "counter",
                  "Callback requests answered 5xx.");
  for (const auto& c : callbacks_)
    prometheus_sample(out, "dashcpp_callback_errors_total", c->label,
                      c->errors.load(relaxed));
}

void http_metrics::render_refusals(std::string& out) const {
  prometheus_sample(out, "dashcpp_overload_refusals_total",
                    "reason=\"connections\"",
                    refused_connections.load(relaxed));
}

std::shared_ptr<http_metrics> make_http_metrics(const model::app& app) {
  std::vector<std::string> callback_ids;
  for (const auto& cb : app.callbacks())
    callback_ids.push_back(cb->spec.output_key());
  return std::make_shared<http_metrics>(route_names(), callback_ids);
}

} // namespace dash::http
