// tests/http/router_test.cpp
// Unit tests for http/router without sockets: page, Dash routes, methods,
// suites, assets, and callbacks answered by real actors.
#include "http/router.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "model/html.hpp"
#include "tests/http/http_test_kit.hpp"

namespace html = dash::html;
using dash::json::parse;
using dash::json::value;
using dash::model::input;
using dash::model::output;
using dash::model::outputs;
using dash::model::state;
using dash::http::request_view;
using namespace dash::http::test;

namespace {

/// The text between `open` and the next `close` in `page`.
std::string between(const std::string& page, const std::string& open,
                    const std::string& close) {
  auto start = page.find(open);
  if (start == std::string::npos)
    return {};
  start += open.size();
  auto end = page.find(close, start);
  return end == std::string::npos ? std::string{}
                                  : page.substr(start, end - start);
}

/// Every `src` of a <script> tag in `page`, in order.
std::vector<std::string> script_sources(const std::string& page) {
  std::vector<std::string> out;
  const std::string open = "<script src=\"";
  for (auto at = page.find(open); at != std::string::npos;
       at = page.find(open, at + 1)) {
    auto start = at + open.size();
    out.push_back(page.substr(start, page.find('"', start) - start));
  }
  return out;
}

const std::string config_open
  = "<script id=\"_dash-config\" type=\"application/json\">";

/// A fixture with a small app: text echo, a multi-output callback, one
/// that throws, and one that prevents the update.
struct app_fixture : server_fixture {
  app_fixture() {
    app.title("Sales");
    app.layout(html::div({html::h1("Sales"), html::div().id("out")}));
    app.callback(output("out", "children"), input("in", "value"),
                 [](std::string s) { return "you typed " + s; });
    app.callback(outputs{output("g", "figure"), output("t", "children")},
                 input("n", "value"), state("s", "value"),
                 [](int n, std::optional<std::string> s) {
                   return std::make_tuple(value(n * 2), s.value_or("none"));
                 });
    app.callback(output("boom", "children"), input("b", "n_clicks"),
                 [](std::optional<int>) -> int {
                   throw std::runtime_error{"database is down"};
                 });
    app.callback(output("quiet", "children"), input("q", "value"),
                 [](int) -> int { throw dash::prevent_update{}; });
  }
};

} // namespace

TEST_CASE_METHOD(app_fixture, "GET / serves the page that boots the renderer",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/");
  CHECK(r.status == 200);
  CHECK(r.content_type == "text/html; charset=utf-8");
  CHECK(header_of(r, "Cache-Control") == "no-cache");
  auto page = body_of(r);
  CHECK(between(page, "<title>", "</title>") == "Sales");
  CHECK(page.find("<div id=\"react-entry-point\">") != std::string::npos);
  auto config = parse(between(page, config_open, "</script>"));
  CHECK(config.at("title") == value("Sales"));
  CHECK(config.at("requests_pathname_prefix") == value("/"));
  CHECK(config.at("serve_locally") == value(true));
  CHECK(page.find("var renderer = new DashRenderer();")
        > page.find(config_open));
}

TEST_CASE_METHOD(app_fixture, "the page loads the front end in order",
                 "[http][unit]") {
  start();
  auto srcs = script_sources(body_of(now("GET", "/")));
  const std::vector<std::string> expected{"polyfill.min.js",
                                          "react.production.min.js",
                                          "react-dom.production.min.js",
                                          "prop-types.min.js",
                                          "dash_renderer.min.js",
                                          "dash_core_components.js",
                                          "dash_core_components-shared.js",
                                          "dash_html_components.min.js"};
  REQUIRE(srcs.size() == expected.size());
  for (std::size_t i = 0; i < srcs.size(); ++i) {
    CAPTURE(srcs[i]);
    CHECK(srcs[i].rfind("/_dash-component-suites/", 0) == 0);
    auto file = srcs[i].substr(srcs[i].rfind('/') + 1);
    CHECK(dash::http::frontend::has_fingerprint(file));
    CHECK(dash::http::frontend::strip_fingerprint(file) == expected[i]);
    // Every URL the page names is served, and cached for good.
    auto js = now("GET", srcs[i]);
    CHECK(js.status == 200);
    CHECK(js.content_type == "application/javascript");
    CHECK(header_of(js, "Cache-Control")
          == "public, max-age=31536000, immutable");
  }
}

TEST_CASE_METHOD(server_fixture, "a title cannot break out of the page",
                 "[http][unit]") {
  const std::string evil = "</script><script>alert(\"x\")</script>&'";
  app.title(evil);
  start();
  auto page = body_of(now("GET", "/"));
  CHECK(page.find("<script>alert") == std::string::npos);
  CHECK(between(page, "<title>", "</title>")
        == "&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)"
           "&lt;/script&gt;&amp;&#39;");
  auto config_text = between(page, config_open, "</script>");
  CHECK(config_text.find('<') == std::string::npos);
  CHECK(config_text.find('/') == std::string::npos);
  // Still JSON, and it still says exactly the title.
  CHECK(parse(config_text).at("title") == value(dash::json::string_view{evil}));
}

TEST_CASE_METHOD(app_fixture, "any other GET path serves the page too",
                 "[http][unit]") {
  start();
  CHECK(now("GET", "/reports/2024?tab=2").content_type
        == "text/html; charset=utf-8");
  CHECK(now("HEAD", "/").status == 200);
}

TEST_CASE_METHOD(app_fixture, "GET /_dash-layout answers the layout",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/_dash-layout");
  CHECK(r.status == 200);
  CHECK(r.content_type == "application/json");
  CHECK(parse(body_of(r))
        == html::div({html::h1("Sales"), html::div().id("out")}).to_json());
  CHECK(now("GET", "/_dash-layout?cache=1").status == 200);
}

TEST_CASE_METHOD(server_fixture, "a layout function runs for every request",
                 "[http][unit]") {
  auto n = std::make_shared<int>(0);
  app.layout([n] { return html::div(++*n); });
  start();
  CHECK(parse(body_of(now("GET", "/_dash-layout"))).at("props")
        == parse(R"({"children":1})"));
  CHECK(parse(body_of(now("GET", "/_dash-layout"))).at("props")
        == parse(R"({"children":2})"));
}

TEST_CASE_METHOD(server_fixture, "a layout function that throws is a 500",
                 "[http][unit]") {
  app.layout(
    []() -> dash::model::component { throw std::runtime_error{"no data"}; });
  start();
  auto r = now("GET", "/_dash-layout");
  CHECK(r.status == 500);
  CHECK(parse(body_of(r)) == parse(R"({"error":"layout_failed",
    "message":"the app's layout function raised an exception: no data",
    "request_id":"t1"})"));
}

TEST_CASE_METHOD(app_fixture, "GET /_dash-dependencies lists the callbacks",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/_dash-dependencies");
  CHECK(r.status == 200);
  CHECK(r.content_type == "application/json");
  auto deps = parse(body_of(r));
  CHECK(deps == app.dependencies_json());
  REQUIRE(deps.as_array().size() == 4);
  CHECK(deps.as_array()[1].at("output") == value("..g.figure...t.children.."));
}

TEST_CASE_METHOD(app_fixture, "an unknown Dash route is a JSON 404",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/_dash-x");
  CHECK(r.status == 404);
  CHECK(r.content_type == "application/json");
  CHECK(parse(body_of(r)) == parse(R"({"error":"not_found",
    "message":"no Dash route /_dash-x","request_id":"t1"})"));
  CHECK(now("GET", "/_reload-hash").status == 404);
}

TEST_CASE_METHOD(app_fixture, "wrong methods are 405 with Allow",
                 "[http][unit]") {
  start();
  auto post = now("POST", "/_dash-layout");
  CHECK(post.status == 405);
  CHECK(header_of(post, "Allow") == "GET, HEAD");
  CHECK(parse(body_of(post)).at("error") == value("method_not_allowed"));
  CHECK(now("DELETE", "/").status == 405);
  auto get = now("GET", "/_dash-update-component");
  CHECK(get.status == 405);
  CHECK(header_of(get, "Allow") == "POST");
}

TEST_CASE_METHOD(app_fixture, "a target not starting with / is a 400",
                 "[http][unit]") {
  start();
  CHECK(now("GET", "*").status == 400);
  CHECK(now("GET", "").status == 400);
}

TEST_CASE_METHOD(app_fixture, "component suites: unknown files are 404",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/_dash-component-suites/dash/nothing.js");
  CHECK(r.status == 404);
  CHECK(parse(body_of(r)).at("error") == value("not_found"));
}

TEST_CASE_METHOD(app_fixture, "component suites: traversal is 404",
                 "[http][unit]") {
  start();
  for (const char* target :
       {"/_dash-component-suites/../../package.json",
        "/_dash-component-suites/dash/%2e%2e/%2e%2e/package.json",
        "/_dash-component-suites/dash//deps/polyfill.min.js",
        "/_dash-component-suites/dash/deps/..%2fdeps/polyfill.min.js",
        "/_dash-component-suites/dash/deps/polyfill.min.js%00.map"}) {
    CAPTURE(target);
    CHECK(now("GET", target).status == 404);
  }
}

TEST_CASE_METHOD(app_fixture, "component suites: plain names are not cached",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/_dash-component-suites/dash/dcc/async-graph.js");
  CHECK(r.status == 200);
  CHECK(header_of(r, "Cache-Control") == "no-cache");
  auto fp = now("GET", "/_dash-component-suites/dash/dcc/"
                       "async-graph.v2_0_0m1a2b.js");
  CHECK(fp.status == 200);
  CHECK(header_of(fp, "Cache-Control")
        == "public, max-age=31536000, immutable");
  CHECK(body_of(fp) == body_of(r));
}

TEST_CASE_METHOD(server_fixture, "assets are served from the assets folder",
                 "[http][unit]") {
  temp_folder dir;
  dir.write("app.css", "body { color: red; }");
  dir.write("js/z.js", "console.log(1);");
  dir.write(".secret.css", "hidden");
  dir.write("dark mode.css", "html { background: #000; }");
  start(dir.path().string());
  auto page = body_of(now("GET", "/"));
  CHECK(page.find("<link rel=\"stylesheet\" href=\"/assets/app.css\">")
        != std::string::npos);
  CHECK(page.find("<script src=\"/assets/js/z.js\"></script>")
        != std::string::npos);
  CHECK(page.find(".secret") == std::string::npos);
  // Names are percent-encoded in the page and decoded when requested.
  CHECK(page.find("href=\"/assets/dark%20mode.css\"") != std::string::npos);
  CHECK(body_of(now("GET", "/assets/dark%20mode.css"))
        == "html { background: #000; }");
  auto css = now("GET", "/assets/app.css");
  CHECK(css.status == 200);
  CHECK(css.content_type == "text/css; charset=utf-8");
  CHECK(body_of(css) == "body { color: red; }");
  CHECK(header_of(css, "Cache-Control") == "no-cache");
  CHECK(now("GET", "/assets/.secret.css").status == 404);
  CHECK(now("GET", "/assets/../app.css").status == 404);
  CHECK(now("GET", "/assets/missing.css").status == 404);
  CHECK(now("GET", "/_favicon.ico").status == 204);
}

TEST_CASE_METHOD(app_fixture, "a good callback request answers 200",
                 "[http][unit]") {
  start();
  auto r = post(R"({"output":"out.children",
    "outputs":{"id":"out","property":"children"},
    "inputs":[{"id":"in","property":"value","value":"abc"}],
    "changedPropIds":["in.value"]})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->content_type == "application/json");
  CHECK(body_of(*r)
        == R"({"multi":true,"response":{"out":{"children":"you typed abc"}}})");
}

TEST_CASE_METHOD(app_fixture, "a multi-output request with state",
                 "[http][unit]") {
  start();
  auto r = post(R"({"output":"..g.figure...t.children..",
    "outputs":[{"id":"g","property":"figure"},
               {"id":"t","property":"children"}],
    "inputs":[{"id":"n","property":"value","value":4}],
    "state":[{"id":"s","property":"value"}],
    "changedPropIds":[]})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(parse(body_of(*r)) == parse(R"({"multi":true,"response":{
    "g":{"figure":8},"t":{"children":"none"}}})"));
}

TEST_CASE_METHOD(app_fixture, "a callback that throws answers a JSON 500",
                 "[http][unit]") {
  start();
  auto r = post(R"({"output":"boom.children",
    "outputs":{"id":"boom","property":"children"},
    "inputs":[{"id":"b","property":"n_clicks","value":1}]})");
  REQUIRE(r);
  CHECK(r->status == 500);
  CHECK(r->content_type == "application/json");
  CHECK(parse(body_of(*r)) == parse(R"({"error":"callback_failed",
    "message":"callback boom.children raised an exception: database is down",
    "request_id":"t2"})"));
}

TEST_CASE_METHOD(app_fixture, "prevent_update answers 204 without a body",
                 "[http][unit]") {
  start();
  auto r = post(R"({"output":"quiet.children",
    "outputs":{"id":"quiet","property":"children"},
    "inputs":[{"id":"q","property":"value","value":1}]})");
  REQUIRE(r);
  CHECK(r->status == 204);
  CHECK(body_of(*r).empty());
}

TEST_CASE_METHOD(app_fixture, "bad callback requests are 400 or 404",
                 "[http][unit]") {
  start();
  auto not_json = post("{");
  REQUIRE(not_json);
  CHECK(not_json->status == 400);
  CHECK(parse(body_of(*not_json)).at("error") == value("bad_request"));

  auto unknown = post(R"({"output":"nope.children",
    "outputs":{"id":"nope","property":"children"},"inputs":[]})");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  CHECK(parse(body_of(*unknown)).at("error") == value("unknown_callback"));

  auto mismatch = post(R"({"output":"out.children",
    "outputs":{"id":"out","property":"children"},
    "inputs":[{"id":"other","property":"value","value":"x"}]})");
  REQUIRE(mismatch);
  CHECK(mismatch->status == 400);
  CHECK(parse(body_of(*mismatch)).at("message")
        == value("callback out.children: inputs[0] should be in.value, the "
                 "request has other.value"));

  auto wrong_type = post(R"({"output":"..g.figure...t.children..",
    "outputs":[{"id":"g","property":"figure"},
               {"id":"t","property":"children"}],
    "inputs":[{"id":"n","property":"value","value":"four"}],
    "state":[{"id":"s","property":"value"}]})");
  REQUIRE(wrong_type);
  CHECK(wrong_type->status == 400);
  CHECK(parse(body_of(*wrong_type)).at("error") == value("bad_request"));
}

TEST_CASE_METHOD(app_fixture, "callback POSTs need the CSRF header and origin",
                 "[http][unit]") {
  start();
  constexpr std::string_view body = R"({"output":"out.children",
    "outputs":{"id":"out","property":"children"},
    "inputs":[{"id":"in","property":"value","value":"x"}]})";
  auto bare = send(request_view{.method = "POST",
                                .target = "/_dash-update-component",
                                .body = body,
                                .request_id = "t3",
                                .host = "127.0.0.1:8050"});
  REQUIRE(bare);
  CHECK(bare->status == 403);
  CHECK(parse(body_of(*bare)).at("error") == value("csrf_cookie_missing"));
  auto foreign = send(request_view{.method = "POST",
                                   .target = "/_dash-update-component",
                                   .body = body,
                                   .cookie = token_cookie,
                                   .request_id = "t4",
                                   .host = "127.0.0.1:8050",
                                   .origin = "https://evil.example",
                                   .csrf_token = token});
  REQUIRE(foreign);
  CHECK(foreign->status == 403);
  CHECK(parse(body_of(*foreign)).at("error") == value("origin_not_allowed"));
  auto good = post(body);
  REQUIRE(good);
  CHECK(good->status == 200);
}

TEST_CASE_METHOD(app_fixture, "the page sets the CSRF cookie and names it",
                 "[http][unit]") {
  start();
  auto r = now("GET", "/");
  auto config = parse(between(body_of(r), config_open, "</script>"));
  CHECK(config.at("csrf_token_name") == value("_csrf_token"));
  CHECK(config.at("csrf_header_name") == value("X-CSRFToken"));
  auto cookie = header_of(r, "Set-Cookie");
  REQUIRE(cookie);
  CHECK(cookie->rfind("_csrf_token=", 0) == 0);
  auto csp = header_of(r, "Content-Security-Policy");
  REQUIRE(csp);
  CHECK(csp->find("'sha256-jZlsGVOhUAIcH+4PVs7QuGZkthRMgvT2n0ilH6/zTM0='")
        != std::string::npos); // the renderer's start script
}
