// tests/actors/supervisor_test.cpp
// Unit tests for actors/core/metrics rendering. The supervisor's restarts,
// escalation, restart period and shutdown are in
// deterministic/supervisor_order_test.cpp (simulated time, no sleeps).
#include "actors/core/metrics.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "actors/core/messages.hpp"

using namespace dash::actors;

TEST_CASE("actor metrics render only their own families, labels escaped",
          "[actors][unit]") {
  metrics m{{"a\"b.children"}, {"root"}};
  m.callback(0).timeouts.fetch_add(3);
  m.callback(0).refused.fetch_add(2);
  m.supervisor("root").restarts.fetch_add(1);
  runtime_stats rs;
  memo_stats ms;
  ms.function = "store";
  ms.hits = 5;
  ms.computations = 1;
  rs.memos.push_back(ms);
  std::string text;
  m.render_callbacks(text);
  m.render_refusals(text);
  m.render(text, rs);
  auto has = [&](const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
  };
  CHECK(has(R"(dashcpp_callback_timeouts_total{callback="a\"b.children"} 3)"));
  CHECK(has(R"(dashcpp_callback_restarts_total{callback="a\"b.children"} 0)"));
  CHECK(has(R"(dashcpp_overload_refusals_total{reason="callback_queue"} 2)"));
  CHECK(has(R"(dashcpp_supervisor_restarts_total{supervisor="root"} 1)"));
  CHECK(has(R"(dashcpp_cache_hits_total{function="store"} 5)"));
  CHECK(has(R"(dashcpp_cache_computations_total{function="store"} 1)"));
  CHECK(has("dashcpp_cluster_members 1"));
  // The shared family's HELP is the scrape's (http/scrape), and nothing
  // here is the HTTP layer's.
  CHECK(text.find("# HELP dashcpp_overload_refusals_total")
        == std::string::npos);
  CHECK(text.find("dashcpp_http_") == std::string::npos);
  CHECK(text.find("route=") == std::string::npos);
  CHECK(text.find("reason=\"connections\"") == std::string::npos);
}
