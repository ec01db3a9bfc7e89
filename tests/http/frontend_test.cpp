// tests/http/frontend_test.cpp
// Unit tests for http/frontend: Dash's cache-busting fingerprints and the
// files loaded from node_modules.
#include "http/frontend.hpp"

#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>

#include "tests/http/http_test_kit.hpp"

using dash::http::frontend;
using dash::http::test::shared_frontend;
using dash::http::test::temp_folder;

TEST_CASE("strip_fingerprint removes Dash's version segment", "[http][unit]") {
  CHECK(frontend::strip_fingerprint("dash_renderer.v3_4_1m1234abc.min.js")
        == "dash_renderer.min.js");
  CHECK(frontend::strip_fingerprint("async-graph.v4_5_0m99.js")
        == "async-graph.js");
  CHECK(frontend::strip_fingerprint(
          "dash/dcc/dash_core_components.v2_10_2m1700000000.js")
        == "dash/dcc/dash_core_components.js");
  CHECK(frontend::strip_fingerprint("deps/react.v16_14_0-rc1mABCdef.min.js")
        == "deps/react.min.js");
}

TEST_CASE("has_fingerprint tells fingerprinted names apart", "[http][unit]") {
  CHECK(frontend::has_fingerprint("dash_renderer.v3_4_1m1234abc.min.js"));
  CHECK(frontend::has_fingerprint("async-graph.v4_5_0m99.js"));
  CHECK(frontend::has_fingerprint("dash/dcc/async-graph.v4_5_0m99.js"));
  CHECK_FALSE(frontend::has_fingerprint("dash_renderer.min.js"));
  CHECK_FALSE(frontend::has_fingerprint("async-graph.js"));
  CHECK_FALSE(frontend::has_fingerprint("plotly.min.js"));
}

TEST_CASE("names without a fingerprint are unchanged", "[http][unit]") {
  for (const char* name :
       {"dash_renderer.min.js", "async-graph.js", "plotly.min.js",
        "dash/dcc/async-graph.js.map", "v1m2.js", "file", "dir/",
        // Look close to a fingerprint but are not one:
        "a.vm1.js", "a.v1_0m.js", "a.v1_0mxyz.js", "a.x1m2.js", "a.v1.0m2.js",
        "a.v1$0m2.js"}) {
    CAPTURE(name);
    CHECK(frontend::strip_fingerprint(name) == name);
    CHECK_FALSE(frontend::has_fingerprint(name));
  }
}

TEST_CASE("load fails with a message naming the folder and the fix",
          "[http][unit]") {
  temp_folder empty;
  CHECK_THROWS_WITH(frontend::load(empty.path().string()),
                    Catch::Matchers::Contains(empty.path().string())
                      && Catch::Matchers::Contains("npm ci"));
}

TEST_CASE("the loaded front end finds files with and without fingerprint",
          "[http][unit]") {
  auto fe = shared_frontend();
  REQUIRE(fe != nullptr);
  const auto* plain = fe->find("dash/dash-renderer/build/dash_renderer.min.js");
  REQUIRE(plain != nullptr);
  CHECK(plain->content_type() == "application/javascript");
  CHECK(plain->bytes()->size() > 1000);
  CHECK(fe->find("dash/dash-renderer/build/"
                 "dash_renderer.v9_9_9m1.min.js")
        == plain);
  CHECK(fe->find("plotly/package_data/plotly.min.js") != nullptr);
  CHECK(fe->find("dash/dcc/async-graph.js") != nullptr);
  CHECK(fe->find("dash/dcc/async-graph.js.map") != nullptr);
  CHECK(fe->find("dash/html/dash_html_components.min.js") != nullptr);
  CHECK(fe->find("dash/nothing.js") == nullptr);
  CHECK(fe->find("") == nullptr);
}

TEST_CASE("script URLs are fingerprinted suite paths", "[http][unit]") {
  const auto& urls = shared_frontend()->script_urls();
  REQUIRE(urls.size() == 8);
  for (const auto& url : urls) {
    CAPTURE(url);
    CHECK(url.rfind("_dash-component-suites/dash/", 0) == 0);
    CHECK(frontend::has_fingerprint(url));
    auto path = url.substr(std::string{"_dash-component-suites/"}.size());
    CHECK(shared_frontend()->find(path) != nullptr);
  }
  CHECK(frontend::strip_fingerprint(urls[4])
        == "_dash-component-suites/dash/dash-renderer/build/"
           "dash_renderer.min.js");
}
