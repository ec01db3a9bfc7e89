// tests/model/callback_features_test.cpp
// Unit tests of the Dash callback features beyond plain callbacks:
// clientside callbacks, allow_duplicate, running, on_error, set_props,
// no-output callbacks, wildcard parameters and the context's lists.
#include "model/app.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "model/patch.hpp"
#include "model/sha256.hpp"

using Catch::Matchers::Contains;
using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::ALL;
using dash::model::allow_duplicate;
using dash::model::app;
using dash::model::callback_context;
using dash::model::callback_options;
using dash::model::callback_request;
using dash::model::callback_result;
using dash::model::clientside_function;
using dash::model::input;
using dash::model::MATCH;
using dash::model::no_update;
using dash::model::output;
using dash::model::parse_callback_request;
using dash::model::sha256_hex;
using dash::model::state;

namespace {

callback_context context_of(const char* body,
                            std::shared_ptr<const dash::model::request_meta>
                              meta = nullptr) {
  auto req = std::make_shared<callback_request>(parse_callback_request(body));
  req->meta = std::move(meta);
  return callback_context{std::move(req), nullptr, "req-1"};
}

callback_result run_now(const dash::model::registered_callback& cb,
                        const callback_context& ctx) {
  auto r = cb.fn(ctx);
  REQUIRE(std::holds_alternative<callback_result>(r));
  return std::get<callback_result>(r);
}

constexpr const char* body_in = R"({"output": "out.children",
  "outputs": {"id": "out", "property": "children"},
  "inputs": [{"id": "in", "property": "value", "value": 4}],
  "changedPropIds": ["in.value"]})";

} // namespace

// -- clientside callbacks ---------------------------------------------------

TEST_CASE("an inline clientside callback goes in the page, not the server",
          "[model][unit]") {
  app a;
  const std::string js = "(n) => \"Filters: \" + (n || 0)";
  a.clientside_callback(output("filter-count", "children"),
                        input("add-filter", "n_clicks"), js);
  CHECK(a.errors().empty());
  CHECK(a.callbacks().empty());
  REQUIRE(a.clientside_callbacks().size() == 1);
  auto deps = a.dependencies_json();
  REQUIRE(deps.size() == 1);
  // Named as Dash names it: a private namespace, the source's SHA-256.
  CHECK(deps[0].at("clientside_function")
        == object{{"namespace", "_dashprivate_clientside_funcs"},
                  {"function_name", sha256_hex(js)}});
  REQUIRE(a.inline_scripts().size() == 1);
  CHECK_THAT(a.inline_scripts()[0], Contains(js));
  CHECK_THAT(a.inline_scripts()[0], Contains(sha256_hex(js)));
}

TEST_CASE("a clientside function from the assets is named as given",
          "[model][unit]") {
  app a;
  a.clientside_callback(
    output("note-upper", "children"),
    input(object{{"role", "note"}, {"index", 0}}, "value"),
    clientside_function{"demo", "upper"});
  CHECK(a.errors().empty());
  CHECK(a.inline_scripts().empty());
  CHECK(a.dependencies_json()[0].at("clientside_function")
        == object{{"namespace", "demo"}, {"function_name", "upper"}});
}

TEST_CASE("clientside mistakes are reported", "[model][unit]") {
  app a;
  a.clientside_callback(output("a", "children"), input("b", "value"),
                        clientside_function{"_dashprivate_x", "f"});
  a.clientside_callback(output("c", "children"), input("b", "value"));
  a.callback(output("d", "children"), input("b", "value"), "(x) => x");
  REQUIRE(a.errors().size() == 3);
  CHECK_THAT(a.errors()[0], Contains("is not allowed"));
  CHECK_THAT(a.errors()[1], Contains("exactly one clientside function"));
  CHECK_THAT(a.errors()[2], Contains("app.clientside_callback"));
}

TEST_CASE("a clientside output counts for duplicate outputs",
          "[model][unit]") {
  app a;
  a.clientside_callback(output("x", "children"), input("b", "value"),
                        "(v) => v");
  a.callback(output("x", "children"), input("c", "value"),
             [](int v) { return v; });
  REQUIRE(a.errors().size() == 1);
  CHECK_THAT(a.errors()[0], Contains("duplicate callback output x.children"));
}

// -- allow_duplicate ----------------------------------------------------------

TEST_CASE("allow_duplicate: Dash's @hash suffix, and two writers",
          "[model][unit]") {
  app a;
  a.callback(output("status", "children"), input("add", "n_clicks"),
             [](int n) { return n; });
  a.callback(output("status", "children", allow_duplicate),
             input("clear-status", "n_clicks"),
             [](int) { return "Cleared"; },
             callback_options{.prevent_initial_call = true});
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 2);
  CHECK(a.callbacks()[1]->spec.output_key()
        == "status.children@" + sha256_hex("clear-status.n_clicks"));
}

TEST_CASE("allow_duplicate needs prevent_initial_call", "[model][unit]") {
  app a;
  a.callback(output("status", "children", allow_duplicate),
             input("clear-status", "n_clicks"), [](int) { return 1; });
  REQUIRE(a.errors().size() == 1);
  CHECK_THAT(a.errors()[0], Contains("needs prevent_initial_call"));
  // The app-wide default counts.
  app b;
  b.prevent_initial_callbacks(true);
  b.callback(output("status", "children", allow_duplicate),
             input("clear-status", "n_clicks"), [](int) { return 1; });
  CHECK(b.errors().empty());
  CHECK(b.dependencies_json()[0].at("prevent_initial_call") == true);
}

// -- running --------------------------------------------------------------

TEST_CASE("running props travel in the dependencies entry", "[model][unit]") {
  app a;
  a.callback(output("slow-output", "children"), input("slow", "n_clicks"),
             [](int n) { return n; },
             callback_options{
               .prevent_initial_call = true,
               .running = {{output("slow", "disabled"), true, false}}});
  CHECK(a.errors().empty());
  CHECK(a.dependencies_json()[0].at("running")
        == parse(R"({"running":{"slow.disabled":true},
                     "runningOff":{"slow.disabled":false}})"));
}

// -- on_error -------------------------------------------------------------

TEST_CASE("on_error answers for a failing callback", "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("in", "value"),
             [](int) -> std::string { throw std::runtime_error("boom"); },
             callback_options{.on_error = [](const std::exception& e) {
               return std::string{"Error: "} + e.what();
             }});
  REQUIRE(a.callbacks().size() == 1);
  const auto& cb = *a.callbacks()[0];
  auto ctx = context_of(body_in);
  std::exception_ptr err;
  try {
    (void)cb.fn(ctx);
  } catch (...) {
    err = std::current_exception();
  }
  REQUIRE(err);
  auto answer = dash::model::recover(cb, ctx, err);
  REQUIRE(answer);
  REQUIRE(answer->outputs().size() == 1);
  CHECK(answer->outputs()[0].value() == value("Error: boom"));
  // prevent_update is no error.
  auto prevented = std::make_exception_ptr(dash::prevent_update{});
  CHECK_FALSE(dash::model::recover(cb, ctx, prevented));
}

TEST_CASE("the app's on_error serves callbacks without their own",
          "[model][unit]") {
  app a;
  a.callback(output("a", "children"), input("in", "value"),
             [](int x) { return x; });
  a.callback(output("b", "children"), input("in", "value"),
             [](int x) { return x; },
             callback_options{.on_error = [](const std::exception&) {
               return "own";
             }});
  a.on_error([](const callback_context& ctx, const std::exception&) {
    ctx.set_props("status", object{{"children", "failed"}});
  });
  auto ctx = context_of(body_in);
  auto err = std::make_exception_ptr(std::runtime_error("x"));
  auto first = dash::model::recover(*a.callbacks()[0], ctx, err);
  REQUIRE(first);
  CHECK(first->is_prevented()); // nothing returned: outputs left alone
  CHECK(ctx.side_updates()
        == object{{"status", object{{"children", "failed"}}}});
  auto second = dash::model::recover(*a.callbacks()[1], ctx, err);
  REQUIRE(second);
  CHECK(second->outputs()[0].value() == value("own"));
}

// -- set_props and no-output callbacks -------------------------------------

TEST_CASE("set_props merges per component, dict ids keyed as Dash",
          "[model][unit]") {
  auto ctx = context_of(body_in);
  ctx.set_props("status", object{{"children", "a"}});
  ctx.set_props("status", object{{"style", object{{"color", "red"}}}});
  ctx.set_props(object{{"role", "note"}, {"index", 0}},
                object{{"value", "x"}});
  auto copy = ctx; // copies share the run
  copy.set_props("status", object{{"children", "b"}});
  CHECK(ctx.side_updates() == parse(R"({
    "status": {"children": "b", "style": {"color": "red"}},
    "{\"index\":0,\"role\":\"note\"}": {"value": "x"}})"));
}

TEST_CASE("a no-output callback returns nothing and names itself by hash",
          "[model][unit]") {
  app a;
  a.callback(input("in", "value"),
             [](const callback_context& ctx, int v) {
               ctx.set_props("log", object{{"children", v}});
             });
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 1);
  const auto& cb = *a.callbacks()[0];
  CHECK(cb.spec.output_key() == sha256_hex("in.value"));
  CHECK(a.dependencies_json()[0].at("no_output") == true);
  auto ctx = context_of(R"({"output": "x", "outputs": [],
    "inputs": [{"id": "in", "property": "value", "value": 4}]})");
  auto r = run_now(cb, ctx);
  CHECK(r.is_prevented());
  CHECK(ctx.side_updates() == parse(R"({"log": {"children": 4}})"));
}

TEST_CASE("callbacks without inputs and outputs get distinct names",
          "[model][unit]") {
  app a;
  a.callback([] {});
  a.callback([] {});
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 2);
  CHECK(a.callbacks()[0]->spec.output_key()
        != a.callbacks()[1]->spec.output_key());
}

// -- wildcard parameters and the context ------------------------------------

constexpr const char* body_all = R"({"output": "summary.children",
  "outputs": {"id": "summary", "property": "children"},
  "inputs": [[{"id": {"index": 1, "type": "city"}, "property": "value",
               "value": "NYC"},
              {"id": {"index": 2, "type": "city"}, "property": "value"},
              {"id": {"index": 3, "type": "city"}, "property": "value",
               "value": "LA"}]],
  "changedPropIds": ["{\"index\":3,\"type\":\"city\"}.value"]})";

TEST_CASE("an ALL parameter is a typed list", "[model][unit]") {
  app a;
  a.callback(output("summary", "children"),
             input(object{{"type", "city"}, {"index", ALL}}, "value"),
             [](const std::vector<std::optional<std::string>>& vs) {
               std::string out;
               for (const auto& v : vs)
                 if (v)
                   out += (out.empty() ? "" : ", ") + *v;
               return "Selected: " + out;
             });
  REQUIRE(a.errors().empty());
  auto r = run_now(*a.callbacks()[0], context_of(body_all));
  CHECK(r.outputs()[0].value() == value("Selected: NYC, LA"));
}

TEST_CASE("a list element of the wrong type names the argument",
          "[model][unit]") {
  app a;
  a.callback(output("summary", "children"),
             input(object{{"type", "city"}, {"index", ALL}}, "value"),
             [](const std::vector<int>& vs) { return vs.size(); });
  CHECK_THROWS_AS(a.callbacks()[0]->fn(context_of(body_all)),
                  dash::argument_error);
}

TEST_CASE("the context gives the lists and the triggering dict id",
          "[model][unit]") {
  auto ctx = context_of(body_all);
  CHECK(ctx.triggered_id() == parse(R"({"index":3,"type":"city"})"));
  CHECK(ctx.triggered_id().at("index") == 3);
  auto t = ctx.triggered();
  REQUIRE(t.size() == 1);
  CHECK(t[0].value == value("LA"));
  CHECK(ctx.triggered_prop_ids()
        == parse(R"({"{\"index\":3,\"type\":\"city\"}.value":
                     {"index":3,"type":"city"}})"));
  auto list = ctx.inputs_list();
  REQUIRE(list.size() == 1);
  REQUIRE(list[0].is_array());
  CHECK(list[0].as_array().size() == 3);
  CHECK(list[0].as_array()[2]
        == parse(R"({"id":{"index":3,"type":"city"},"property":"value",
                     "value":"LA"})"));
  CHECK(ctx.outputs_list() == parse(R"({"id":"summary","property":"children"})"));
  CHECK(ctx.inputs().at(R"({"index":1,"type":"city"}.value)") == "NYC");
}

TEST_CASE("the context gives the request's cookies, headers, path, remote",
          "[model][unit]") {
  auto meta = std::make_shared<dash::model::request_meta>();
  meta->cookie = "theme=dark; _dash_session=abc";
  meta->header_lines = "Host: 127.0.0.1\r\nUser-Agent: test\r\n";
  meta->path = "/_dash-update-component";
  meta->remote = "127.0.0.1";
  auto ctx = context_of(body_in, meta);
  CHECK(ctx.cookies().at("theme") == "dark");
  CHECK(ctx.cookies().at("_dash_session") == "abc");
  CHECK(ctx.headers().at("user-agent") == "test");
  CHECK(ctx.headers().at("host") == "127.0.0.1");
  CHECK(ctx.path() == "/_dash-update-component");
  CHECK(ctx.remote() == "127.0.0.1");
  auto bare = context_of(body_in);
  CHECK(bare.cookies().empty());
  CHECK(bare.remote().empty());
}

TEST_CASE("a callback may return a patch", "[model][unit]") {
  app a;
  a.callback(output("list", "children"), input("in", "value"), [](int v) {
    dash::model::patch p;
    p.append(v);
    return p;
  });
  auto r = run_now(*a.callbacks()[0], context_of(body_in));
  CHECK(r.outputs()[0].value()
        == parse(R"({"__dash_patch_update":"__dash_patch_update",
          "operations":[{"operation":"Append","location":[],
                         "params":{"value":4}}]})"));
}

TEST_CASE("allow_optional and optional travel in the dependencies entry",
          "[model][unit]") {
  app a;
  a.callback(output("out", "children"),
             input("maybe", "value", dash::model::allow_optional),
             state("also", "value", dash::model::allow_optional),
             input("sure", "value"),
             [](const dash::json::value&, const dash::json::value&,
                const dash::json::value&) { return 1; });
  a.callback(output("out2", "children"), input("x", "value"),
             [](const dash::json::value&) { return 1; },
             callback_options{.optional = true});
  REQUIRE(a.errors().empty());
  auto deps = a.dependencies_json();
  CHECK(deps[0].at("inputs")
        == parse(R"([{"id":"maybe","property":"value","allow_optional":true},
                     {"id":"sure","property":"value"}])"));
  CHECK(deps[0].at("state")
        == parse(R"([{"id":"also","property":"value","allow_optional":true}])"));
  CHECK(deps[0].at("optional") == false);
  CHECK(deps[1].at("optional") == true);
}
