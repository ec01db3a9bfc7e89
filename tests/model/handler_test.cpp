// tests/model/handler_test.cpp
// Unit tests for model/handler: make_handler converts JSON arguments to the
// user's parameter types and return values into results; arity<F>().
#include "model/handler.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "model/callback_spec.hpp"
#include "model/html.hpp"

namespace html = dash::html;
using Catch::Matchers::Contains;
using dash::argument_error;
using dash::prevent_update;
using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::arity;
using dash::model::callback_context;
using dash::model::callback_request;
using dash::model::callback_result;
using dash::model::callback_spec;
using dash::model::dependency;
using dash::model::encode_response;
using dash::model::handler;
using dash::model::make_handler;
using dash::model::no_update;
using dash::model::prop_value;

namespace {

/// A context whose inputs are `in0.value`, `in1.value`, ... holding
/// `inputs`, and whose states are `st0.value`, ... holding `states`.
callback_context context_with(std::vector<value> inputs,
                              std::vector<value> states = {},
                              std::vector<std::string> changed = {}) {
  auto req = std::make_shared<callback_request>();
  req->output = "out.children";
  req->outputs = {dependency{"out", "children"}};
  auto dep = [](const char* prefix, std::size_t i) {
    auto id = prefix + std::to_string(i);
    return dependency{value(dash::json::string_view{id}), "value"};
  };
  for (std::size_t i = 0; i < inputs.size(); ++i)
    req->inputs.push_back(prop_value{dep("in", i), inputs[i]});
  for (std::size_t i = 0; i < states.size(); ++i)
    req->states.push_back(prop_value{dep("st", i), states[i]});
  req->changed_props = std::move(changed);
  return callback_context{std::move(req), nullptr, "req-1"};
}

/// Runs `h` and expects a result now (not a deferred one).
callback_result run(const handler& h, const callback_context& ctx) {
  auto r = h(ctx);
  REQUIRE(std::holds_alternative<callback_result>(r));
  return std::get<callback_result>(r);
}

/// The single value a result holds.
value only_value(const callback_result& r) {
  REQUIRE(r.outputs().size() == 1);
  REQUIRE_FALSE(r.outputs()[0].is_no_update());
  return r.outputs()[0].value();
}

} // namespace

TEST_CASE("arity counts JSON parameters, not a leading context",
          "[model][unit]") {
  auto none = [] { return 0; };
  auto two = [](int, std::string) { return 0; };
  auto ctx_only = [](const callback_context&) { return 0; };
  auto ctx_two = [](const callback_context&, int, double) { return 0; };
  auto mut = [n = 0](int x) mutable { return n += x; };
  int (*fptr)(int, int, int) = nullptr;
  CHECK(arity<decltype(none)>() == 0);
  CHECK(arity<decltype(two)>() == 2);
  CHECK(arity<decltype(ctx_only)>() == 0);
  CHECK(arity<decltype(ctx_two)>() == 2);
  CHECK(arity<decltype(mut)>() == 1);
  CHECK(arity<decltype(fptr)>() == 3);
}

TEST_CASE("arguments convert to int, double, string and json::value",
          "[model][unit]") {
  auto h = make_handler([](int a, double b, std::string c, value d) {
    return array{a * 2, b / 2, c + "!", d};
  });
  auto r = run(
    h, context_with({value(21), value(3), value("hi"), parse(R"({"k":[1]})")}));
  CHECK(only_value(r) == parse(R"([42, 1.5, "hi!", {"k":[1]}])"));
}

TEST_CASE("const reference parameters bind to the converted values",
          "[model][unit]") {
  // The style guide's hello app takes `const std::string&`; the text is
  // long enough to live on the heap.
  const std::string text
    = "a colour name long enough to leave SSO: light goldenrod yellow";
  auto h = make_handler(
    [](const std::string& s, const std::optional<int>& n, const value& v) {
      return s + "/" + std::to_string(n.value_or(-1)) + "/"
             + dash::json::serialize(v);
    });
  CHECK(only_value(run(h, context_with({value(dash::json::string_view{text}),
                                        value(7), value(true)})))
        == value(dash::json::string_view{text + "/7/true"}));
  CHECK(only_value(run(h, context_with({value("x"), value{}, value{}})))
        == value("x/-1/null"));
}

TEST_CASE("a double parameter takes a fractional number", "[model][unit]") {
  auto h = make_handler([](double x) { return x * 2; });
  CHECK(only_value(run(h, context_with({value(1.25)}))) == value(2.5));
}

TEST_CASE("std::optional parameters take null as empty", "[model][unit]") {
  auto h = make_handler(
    [](std::optional<int> clicks, std::optional<std::string> name) {
      return array{clicks ? *clicks : -1, name ? *name : "none"};
    });
  CHECK(only_value(run(h, context_with({value{}, value{}})))
        == parse(R"([-1, "none"])"));
  CHECK(only_value(run(h, context_with({value(5), value("ann")})))
        == parse(R"([5, "ann"])"));
}

TEST_CASE("state values follow inputs as arguments", "[model][unit]") {
  auto h = make_handler(
    [](int in, std::string st) { return st + std::to_string(in); });
  CHECK(only_value(run(h, context_with({value(7)}, {value("n=")})))
        == value("n=7"));
}

TEST_CASE("a wrong argument type is an argument_error naming the input",
          "[model][unit]") {
  auto h = make_handler([](std::string, int n) { return n; });
  CHECK_THROWS_MATCHES(
    h(context_with({value("ok"), value("abc")})), argument_error,
    Catch::Matchers::Message(
      "argument 2 (in1.value) is string \"abc\", which does not convert to "
      "the parameter's type; take std::optional<T> for values that can be "
      "null, or json::value"));
}

TEST_CASE("a null for a plain int is an argument_error", "[model][unit]") {
  auto h = make_handler([](int n) { return n; });
  CHECK_THROWS_WITH(h(context_with({value{}})),
                    Contains("argument 1 (in0.value) is null, which does "
                             "not convert"));
}

TEST_CASE("a long wrong value is shortened in the message", "[model][unit]") {
  auto h = make_handler([](int n) { return n; });
  std::string text(100, 'a');
  CHECK_THROWS_WITH(
    h(context_with({value(dash::json::string_view{text})})),
    "argument 1 (in0.value) is string \"" + std::string(56, 'a')
      + "..., which does not convert to the parameter's type; take "
        "std::optional<T> for values that can be null, or json::value");
}

TEST_CASE("a wrong state type names the state", "[model][unit]") {
  auto h
    = make_handler([](int, std::optional<int> s) { return s.value_or(0); });
  CHECK_THROWS_WITH(h(context_with({value(1)}, {value("x")})),
                    Contains("argument 2 (st0.value) is string \"x\""));
}

TEST_CASE("a request with another argument count is an argument_error",
          "[model][unit]") {
  auto h = make_handler([](int a) { return a; });
  CHECK_THROWS_MATCHES(
    h(context_with({value(1), value(2)})), argument_error,
    Catch::Matchers::Message("the function takes 1 arguments, the request "
                             "supplies 2"));
}

TEST_CASE("a leading callback_context sees the request", "[model][unit]") {
  auto h = make_handler(
    [](const callback_context& ctx, int a, int b, std::string st) {
      return object{
        {"sum", a + b},
        {"arg", st},
        {"id", ctx.triggered_id()},
        {"by1", ctx.triggered_by("in1")},
        {"by0", ctx.triggered_by("in0.value")},
        {"n", ctx.triggered().size()},
        {"inputs", ctx.inputs()},
        {"states", ctx.states()},
        {"st", ctx.value("st0", "value")},
        {"rid", ctx.request_id()},
      };
    });
  auto r
    = run(h, context_with({value(1), value(2)}, {value("s")}, {"in1.value"}));
  CHECK(only_value(r) == parse(R"({
    "sum":3, "arg":"s", "id":"in1", "by1":true, "by0":false, "n":1,
    "inputs":{"in0.value":1,"in1.value":2}, "states":{"st0.value":"s"},
    "st":"s", "rid":"req-1"})"));
}

TEST_CASE("a context-only function takes no JSON arguments", "[model][unit]") {
  auto h = make_handler(
    [](const callback_context& ctx) { return ctx.triggered_id(); });
  CHECK(only_value(run(h, context_with({}, {}, {"btn.n_clicks"})))
        == value("btn"));
}

TEST_CASE("a tuple answers several outputs in order", "[model][unit]") {
  auto h = make_handler(
    [](int x) { return std::make_tuple(x, std::string{"t"}, value(nullptr)); });
  auto r = run(h, context_with({value(4)}));
  REQUIRE(r.outputs().size() == 3);
  CHECK(r.outputs()[0].value() == value(4));
  CHECK(r.outputs()[1].value() == value("t"));
  CHECK(r.outputs()[2].value().is_null());

  callback_spec spec;
  spec.outputs = {{"a", "children"}, {"b", "children"}, {"c", "data"}};
  spec.inputs = {{"in0", "value"}};
  spec.multi_output = true;
  callback_request req;
  for (const auto& o : spec.outputs)
    req.outputs.emplace_back(o);
  CHECK(parse(encode_response(spec, req, r)) == parse(R"({"multi":true,
    "response":{"a":{"children":4},"b":{"children":"t"},
                "c":{"data":null}}})"));
}

TEST_CASE("no_update inside a tuple leaves that output", "[model][unit]") {
  auto h = make_handler([](int x) { return std::make_tuple(no_update, x); });
  auto r = run(h, context_with({value(4)}));
  REQUIRE(r.outputs().size() == 2);
  CHECK(r.outputs()[0].is_no_update());
  CHECK(r.outputs()[1].value() == value(4));
  CHECK_FALSE(r.is_prevented());
}

TEST_CASE("returning no_update alone prevents the update", "[model][unit]") {
  auto h = make_handler([](int) { return no_update; });
  CHECK(run(h, context_with({value(1)})).is_prevented());
}

TEST_CASE("a component return is sent as its wire form", "[model][unit]") {
  auto h = make_handler(
    [](std::string s) { return html::div({html::span(s)}).id("made"); });
  CHECK(only_value(run(h, context_with({value("x")})))
        == parse(R"({"type":"Div","namespace":"dash_html_components",
                     "props":{"children":[
                       {"type":"Span","namespace":"dash_html_components",
                        "props":{"children":"x"}}],
                     "id":"made"}})"));
}

TEST_CASE("a callback_result or a value list is passed through",
          "[model][unit]") {
  auto prevented = make_handler([](int) { return callback_result::prevent(); });
  CHECK(run(prevented, context_with({value(1)})).is_prevented());
  auto list = make_handler([](int x) {
    return std::vector<dash::model::output_value>{no_update, value(x)};
  });
  auto r = run(list, context_with({value(9)}));
  REQUIRE(r.outputs().size() == 2);
  CHECK(r.outputs()[0].is_no_update());
  CHECK(r.outputs()[1].value() == value(9));
}

TEST_CASE("prevent_update thrown by the function propagates", "[model][unit]") {
  auto h = make_handler([](int x) {
    if (x > 0)
      throw prevent_update{};
    return x;
  });
  CHECK_THROWS_AS(h(context_with({value(1)})), prevent_update);
  CHECK(only_value(run(h, context_with({value(0)}))) == value(0));
}

TEST_CASE("other exceptions of the function propagate unchanged",
          "[model][unit]") {
  auto h = make_handler([](int) -> int { throw std::runtime_error{"boom"}; });
  CHECK_THROWS_MATCHES(h(context_with({value(1)})), std::runtime_error,
                       Catch::Matchers::Message("boom"));
}

TEST_CASE("a handler is called afresh each time", "[model][unit]") {
  auto h
    = make_handler([n = std::make_shared<int>(0)](int x) { return x + ++*n; });
  CHECK(only_value(run(h, context_with({value(10)}))) == value(11));
  CHECK(only_value(run(h, context_with({value(10)}))) == value(12));
}
