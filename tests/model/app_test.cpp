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
    callback_options{true, 2});
  CHECK(a.errors().empty());
  REQUIRE(a.callbacks().size() == 3);
  CHECK(a.callbacks()[2]->spec.options.max_parallel == 2);
  CHECK(a.dependencies_json() == parse(R"([
    {"output":"out.children","inputs":[{"id":"in","property":"value"}],
     "state":[],"prevent_initial_call":false,"clientside_function":null},
    {"output":"..g.figure...t.children..",
     "inputs":[{"id":"btn","property":"n_clicks"}],
     "state":[{"id":"in","property":"value"}],
     "prevent_initial_call":false,"clientside_function":null},
    {"output":"x.data","inputs":[{"id":"in","property":"value"}],
     "state":[],"prevent_initial_call":true,"clientside_function":null}
  ])"));
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

TEST_CASE("a callback without inputs is an error", "[model][unit]") {
  app a;
  a.callback(output("out", "children"), [] { return 1; });
  REQUIRE(a.errors().size() == 1);
  CHECK(a.errors()[0] == "callback out.children needs at least one input");
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
  a.callback(output("bad", "children"), [] { return 1; });
  a.callback(output("good", "children"), input("in", "value"),
             [](int x) { return x; });
  CHECK(a.errors().size() == 1);
  REQUIRE(a.callbacks().size() == 1);
  CHECK(a.callbacks()[0]->spec.output_key() == "good.children");
}

TEST_CASE("a fixed layout renders as its component", "[model][unit]") {
  app a;
  a.layout(html::div({html::h1("Title")}).id("root"));
  CHECK(a.render_layout()
        == html::div({html::h1("Title")}).id("root").to_json());
}

TEST_CASE("a layout function is called for every render", "[model][unit]") {
  app a;
  auto calls = std::make_shared<int>(0);
  a.layout([calls] {
    ++*calls;
    return html::div(std::to_string(*calls));
  });
  CHECK(*calls == 0);
  CHECK(a.render_layout().at("props").at("children") == value("1"));
  CHECK(a.render_layout().at("props").at("children") == value("2"));
  CHECK(*calls == 2);
}

TEST_CASE("the last layout given wins", "[model][unit]") {
  app a;
  a.layout([] { return html::span("made"); });
  a.layout(html::p("fixed"));
  CHECK(a.render_layout().at("type") == value("P"));
  a.layout([] { return html::span("made"); });
  CHECK(a.render_layout().at("type") == value("Span"));
}

TEST_CASE("a copy of an app shares its registered callbacks", "[model][unit]") {
  app a;
  a.callback(output("out", "children"), input("in", "value"),
             [](int x) { return x; });
  app copy = a;
  REQUIRE(copy.callbacks().size() == 1);
  CHECK(copy.callbacks()[0] == a.callbacks()[0]);
  CHECK(copy.dependencies_json() == a.dependencies_json());
}
