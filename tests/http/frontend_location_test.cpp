// tests/http/frontend_location_test.cpp
// Unit tests for http/frontend_location: the order of the places looked in,
// and an error that names each place and the fix.
#include "http/frontend_location.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "tests/http/http_test_kit.hpp"

using dash::http::frontend_candidates;
using dash::http::frontend_not_found;
using dash::http::locate_frontend;
using dash::http::test::temp_folder;

TEST_CASE("the --frontend-dir setting is the only place looked in when given",
          "[http][unit]") {
  auto c = frontend_candidates("/given", "/hint");
  REQUIRE(c.size() == 1);
  CHECK(c[0].dir == "/given");
  CHECK(c[0].origin == "--frontend-dir / DASH_FRONTEND_DIR");
}

TEST_CASE("the build's hint comes first, then next to the program",
          "[http][unit]") {
  auto c = frontend_candidates("", "/hint");
  REQUIRE(c.size() >= 2);
  CHECK(c[0].dir == "/hint");
  CHECK(c[1].origin == "next to this program");
  CHECK(c[1].dir.ends_with("share/dashcpp/frontend"));
  // No hint (a program built without find_package): no empty entry.
  for (const auto& x : frontend_candidates("", ""))
    CHECK_FALSE(x.dir.empty());
}

TEST_CASE("the source tree's node_modules is found", "[http][unit]") {
  auto found = locate_frontend(DASH_TEST_NODE_MODULES, "");
  CHECK(found.dir == DASH_TEST_NODE_MODULES);
  CHECK(found.files->find("dash/dash-renderer/build/dash_renderer.min.js"));
}

TEST_CASE("a missing or incomplete front end names each place and the fix",
          "[http][unit]") {
  temp_folder dir;
  dir.write("dash-renderer/package.json", R"({"version": "1.0.0"})");
  try {
    locate_frontend(dir.path().string(), "");
    FAIL("an incomplete front end was accepted");
  } catch (const frontend_not_found& e) {
    std::string m = e.what();
    CHECK(m.find(dir.path().string() + " (--frontend-dir") != m.npos);
    CHECK(m.find("incomplete: ") != m.npos);
    CHECK(m.find("Fix: pass --frontend-dir DIR or set DASH_FRONTEND_DIR")
          != m.npos);
  }
  try {
    locate_frontend("", "/nonexistent/dashcpp/frontend");
    // Found elsewhere (an installed dashcpp on this machine): nothing to
    // check about the message.
  } catch (const frontend_not_found& e) {
    std::string m = e.what();
    CHECK(m.find("/nonexistent/dashcpp/frontend (where this program was "
                 "built against dashcpp): no such folder")
          != m.npos);
  }
}
