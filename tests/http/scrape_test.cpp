// tests/http/scrape_test.cpp
// Unit tests for http/scrape and http/http_metrics: route and callback
// histograms, escaped labels, the family both layers feed, family order.
#include "http/scrape.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using dash::actors::memo_stats;
using dash::actors::metrics;
using dash::actors::runtime_stats;
using dash::http::http_metrics;
using dash::http::render_scrape;

namespace {

/// The family names of `text`, in the order of their `# TYPE` lines.
std::vector<std::string> families(const std::string& text) {
  std::vector<std::string> out;
  const std::string type = "\n# TYPE ";
  auto all = "\n" + text;
  for (auto i = all.find(type); i != std::string::npos;
       i = all.find(type, i + 1)) {
    auto start = i + type.size();
    out.push_back(all.substr(start, all.find(' ', start) - start));
  }
  return out;
}

} // namespace

TEST_CASE("the scrape renders route and callback histograms, labels escaped",
          "[http][unit]") {
  http_metrics h{{"index"}, {"a\"b.children"}};
  metrics a{{"a\"b.children"}, {"root"}};
  h.route(0).answers.add(200);
  h.route(0).answers.add(200);
  h.route(0).answers.add(404);
  h.route(0).latency.observe(std::chrono::microseconds(700));
  h.route(0).latency.observe(std::chrono::seconds(20));
  h.callback(0).answers.add(500);
  h.callback(0).errors.fetch_add(1);
  a.callback(0).timeouts.fetch_add(3);
  runtime_stats rs;
  memo_stats ms;
  ms.function = "store";
  ms.hits = 5;
  ms.computations = 1;
  rs.memos.push_back(ms);
  auto text = render_scrape(h, a, rs);
  auto has = [&](const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
  };
  CHECK(has(R"(dashcpp_http_requests_total{route="index",code="200"} 2)"));
  CHECK(has(R"(dashcpp_http_requests_total{route="index",code="404"} 1)"));
  CHECK(has(
    R"(dashcpp_http_request_duration_seconds_bucket{route="index",le="0.0005"} 0)"));
  CHECK(has(
    R"(dashcpp_http_request_duration_seconds_bucket{route="index",le="0.001"} 1)"));
  CHECK(has(
    R"(dashcpp_http_request_duration_seconds_bucket{route="index",le="10"} 1)"));
  CHECK(has(
    R"(dashcpp_http_request_duration_seconds_bucket{route="index",le="+Inf"} 2)"));
  CHECK(has(
    R"(dashcpp_http_request_duration_seconds_count{route="index"} 2)"));
  CHECK(has(
    R"(dashcpp_callback_requests_total{callback="a\"b.children",code="500"} 1)"));
  CHECK(has(
    R"(dashcpp_callback_errors_total{callback="a\"b.children"} 1)"));
  CHECK(has(
    R"(dashcpp_callback_timeouts_total{callback="a\"b.children"} 3)"));
  CHECK(has(R"(dashcpp_cache_hits_total{function="store"} 5)"));
  CHECK(has(R"(dashcpp_cache_computations_total{function="store"} 1)"));
  CHECK(has("# TYPE dashcpp_http_request_duration_seconds histogram"));
}

TEST_CASE("overload refusals are one family fed by both layers",
          "[http][unit]") {
  http_metrics h{{"index"}, {"x.children", "y.children"}};
  metrics a{{"x.children", "y.children"}, {}};
  h.refused_connections.fetch_add(4);
  a.callback(0).refused.fetch_add(1);
  a.callback(1).refused.fetch_add(2);
  auto text = render_scrape(h, a, runtime_stats{});
  const std::string help = "# HELP dashcpp_overload_refusals_total ";
  auto first = text.find(help);
  REQUIRE(first != std::string::npos);
  CHECK(text.find(help, first + 1) == std::string::npos);
  auto block = "# TYPE dashcpp_overload_refusals_total counter\n"
               "dashcpp_overload_refusals_total{reason=\"callback_queue\"} 3\n"
               "dashcpp_overload_refusals_total{reason=\"connections\"} 4\n";
  CHECK(text.find(block) != std::string::npos);
}

TEST_CASE("the scrape keeps its families and their order",
          "[http][unit]") {
  http_metrics h{{"index"}, {"x.children"}};
  metrics a{{"x.children"}, {"root"}};
  runtime_stats rs;
  rs.sessions = true;
  auto text = render_scrape(h, a, rs);
  CHECK(families(text) == std::vector<std::string>{
    "dashcpp_start_time_seconds",
    "dashcpp_uptime_seconds",
    "process_resident_memory_bytes",
    "process_open_fds",
    "dashcpp_http_requests_total",
    "dashcpp_http_request_duration_seconds",
    "dashcpp_http_connections_open",
    "dashcpp_http_connections_accepted_total",
    "dashcpp_http_requests_in_flight",
    "dashcpp_callback_requests_total",
    "dashcpp_callback_duration_seconds",
    "dashcpp_callback_errors_total",
    "dashcpp_callback_timeouts_total",
    "dashcpp_callback_restarts_total",
    "dashcpp_overload_refusals_total",
    "dashcpp_supervisor_restarts_total",
    "dashcpp_cache_hits_total",
    "dashcpp_cache_misses_total",
    "dashcpp_cache_computations_total",
    "dashcpp_cache_coalesced_total",
    "dashcpp_cache_evictions_total",
    "dashcpp_cache_expirations_total",
    "dashcpp_cache_errors_total",
    "dashcpp_cache_entries",
    "dashcpp_cache_bytes",
    "dashcpp_sessions_live",
    "dashcpp_sessions_started_total",
    "dashcpp_sessions_passivated_total",
    "dashcpp_sessions_refused_total",
    "dashcpp_cluster_members",
    "dashcpp_cluster_remote_requests_total",
    "dashcpp_cluster_redispatched_total",
    "dashcpp_cluster_refused_total",
    "dashcpp_cluster_near_cache_hits_total",
    "dashcpp_cluster_near_cache_misses_total",
    "dashcpp_cluster_near_cache_invalidations_total",
    "dashcpp_cluster_near_cache_expirations_total",
    "dashcpp_cluster_near_cache_evictions_total",
    "dashcpp_cluster_near_cache_owner_drops_total",
    "dashcpp_metrics_unanswered_actors"});
}
