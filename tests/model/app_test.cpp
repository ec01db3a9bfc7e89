// tests/model/app_test.cpp
// Unit tests for model/app: what app.callback(...) accepts and the
// registration mistakes it reports, dependencies and layouts.
#include "model/app.hpp"

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <catch2/catch.hpp>

#include "model/html.hpp"

namespace html = dash::html;
using Catch::Matchers::Contains;
using dash::json::array;
using dash::json::parse;
using dash::json::value;
using dash::model::app;
using dash::model::callback_context;
using dash::model::callback_options;
using dash::model::input;
using dash::model::output;
using dash::model::outputs;
using dash::model::state;

TEST_CASE("a new app has defaults and no callbacks", "[model][unit]") {
  app a;
  CHECK(a.name() == "dashcpp");
  CHECK(a.title() == "Dash");
  CHECK(a.callbacks().empty());
  CHECK(a.errors().empty());
  CHECK(a.dependencies_json().empty());
  CHECK(a.render_layout().is_null());
  CHECK(app{"sales"}.name() == "sales");
}

TEST_CASE("title, stylesheets and assets folder are kept", "[model][unit]") {
  app a;
  a.title("Report").stylesheet("/assets/a.css").stylesheet("/x.css");
  a.assets_folder("/srv/assets");
  CHECK(a.title() == "Report");
  CHECK(a.stylesheets() == std::vector<std::string>{"/assets/a.css", "/x.css"});
  CHECK(a.assets_folder() == "/srv/assets");
}

TEST_CASE("a good app has no errors and lists callbacks in order",
          "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("in", "value"),
             [](std::string v) { return v; });
  a.callback(outputs{output("g", "figure"), output("t", "children")},
             input("btn", "n_clicks"), state("in", "value"),
             [](std::optional<int> n, std::string v) {
               return std::make_tuple(n.value_or(0), v);
             });
  a.callback(
    output("x", "data"), input("in", "value"),
    [](const callback_context&, value v) { return v; },
    callback_options{.prevent_initial_call = true, .max_parallel = 2});
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 3);
  CHECK(a.callbacks()[2]->spec.options.max_parallel == 2);
  auto deps = a.dependencies_json();
  REQUIRE(deps.size() == 3);
  auto brief = [](const dash::json::value& d) {
    const auto& o = d.as_object();
    return dash::json::object{{"output", o.at("output")},
                              {"inputs", o.at("inputs")},
                              {"state", o.at("state")},
                              {"prevent_initial_call",
                               o.at("prevent_initial_call")},
                              {"clientside_function",
                               o.at("clientside_function")}};
  };
  CHECK(brief(deps[0]) == parse(R"(
    {"output":"out.children","inputs":[{"id":"in","property":"value"}],
     "state":[],"prevent_initial_call":false,"clientside_function":null})"));
  CHECK(brief(deps[1]) == parse(R"(
    {"output":"..g.figure...t.children..",
     "inputs":[{"id":"btn","property":"n_clicks"}],
     "state":[{"id":"in","property":"value"}],
     "prevent_initial_call":false,"clientside_function":null})"));
  CHECK(brief(deps[2]) == parse(R"(
    {"output":"x.data","inputs":[{"id":"in","property":"value"}],
     "state":[],"prevent_initial_call":true,"clientside_function":null})"));
}

TEST_CASE("arguments may come in any order", "[model][unit]") {
  app a;
  a.callback([](int x) { return x; }, input("in", "value"),
             output("out", "children"));
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 1);
  CHECK(a.callbacks()[0]->spec.output_key() == "out.children");
}

TEST_CASE("two separate outputs make a multi-output callback",
          "[model][unit]") {
  app a;
  a.callback(output("a", "b"), output("c", "d"), input("in", "value"),
             [](int x) { return std::make_tuple(x, x); });
  REQUIRE(a.callbacks().size() == 1);
  CHECK(a.callbacks()[0]->spec.multi_output);
  CHECK(a.callbacks()[0]->spec.output_key() == "..a.b...c.d..");
}

TEST_CASE("one output given with outputs{} is a list of one", "[model][unit]") {
  app a;
  a.callback(outputs{output("a", "b")}, input("in", "value"),
             [](int x) { return std::make_tuple(x); });
  REQUIRE(a.callbacks().size() == 1);
  CHECK(a.callbacks()[0]->spec.output_key() == "..a.b..");
}

TEST_CASE("two callbacks with the same output: an error naming it",
          "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("a", "value"),
             [](int x) { return x; });
  a.callback(output("out", "children"), input("b", "value"),
             [](int x) { return x; });
  REQUIRE(a.errors().size() == 1);
  CHECK_THAT(a.errors()[0], Contains("duplicate callback output out.children")
                              && Contains("already the output of callback "
                                          "out.children"));
  CHECK(a.callbacks().size() == 1);
}

TEST_CASE("an output reused inside a multi-output callback is found",
          "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("a", "value"),
             [](int x) { return x; });
  a.callback(outputs{output("other", "children"), output("out", "children")},
             input("b", "value"), [](int x) { return std::make_tuple(x, x); });
  REQUIRE(a.errors().size() == 1);
  CHECK_THAT(a.errors()[0], Contains("duplicate callback output out.children"));
  CHECK(a.dependencies_json().size() == 1);
}

TEST_CASE("the function must take one argument per input and state",
          "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("a", "value"),
             input("b", "value"), state("c", "value"), [](int x) { return x; });
  REQUIRE(a.errors().size() == 1);
  CHECK_THAT(a.errors()[0],
             Contains("callback out.children: the function takes 1 "
                      "arguments but the callback has 2 inputs and 1 "
                      "states"));
  CHECK(a.callbacks().empty());
}

TEST_CASE("a leading callback_context does not count as an argument",
          "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("a", "value"),
             [](const callback_context&, int x) { return x; });
  a.callback(output("out2", "children"), input("a", "value"),
             [](const callback_context&) { return 1; });
  REQUIRE(a.errors().size() == 1);
  CHECK_THAT(a.errors()[0], Contains("takes 0 arguments"));
}

TEST_CASE("a callback without inputs runs on page load", "[model][unit]") {
  app a;
  a.callback(output("out", "children"), [] { return 1; });
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 1);
  auto j = a.callbacks()[0]->spec.to_json();
  CHECK(j.at("output") == "out.children");
  CHECK(j.at("inputs") == dash::json::array{});
  CHECK(j.at("no_output") == false);
}

TEST_CASE("a callback needs exactly one function", "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("a", "value"));
  a.callback(
    output("out2", "children"), input("a", "value"), [](int x) { return x; },
    [](int x) { return x; });
  REQUIRE(a.errors().size() == 2);
  CHECK_THAT(a.errors()[0], Contains("needs exactly one function, got 0"));
  CHECK_THAT(a.errors()[1], Contains("needs exactly one function, got 2"));
  CHECK(a.callbacks().empty());
}

TEST_CASE("ids with dots are reported for outputs, inputs and state",
          "[model][unit]") {
  app a;
  a.callback(output("my.out", "children"), input("in", "value"),
             [](int x) { return x; });
  a.callback(output("out", "children"), input("my.in", "value"),
             [](int x) { return x; });
  a.callback(output("out3", "children"), input("in", "value"),
             state("my.state", "value"), [](int x, int y) { return x + y; });
  REQUIRE(a.errors().size() == 3);
  CHECK_THAT(a.errors()[0], Contains("output \"my.out\".children")
                              && Contains("may not contain '.'"));
  CHECK_THAT(a.errors()[1], Contains("input \"my.in\".value"));
  CHECK_THAT(a.errors()[2], Contains("state \"my.state\".value"));
  CHECK(a.callbacks().empty());
}

TEST_CASE("one bad callback does not hide the good ones", "[model][unit]") {
  app a;
  a.callback(output("bad", "children"), input("in", "value"),
             [](int x, int y) { return x + y; });
  a.callback(output("good", "children"), input("in", "value"),
             [](int x) { return x; });
  CHECK(a.errors().size() == 1);
  REQUIRE(a.callbacks().size() == 1);
  CHECK(a.callbacks()[0]->spec.output_key() == "good.children");
}
