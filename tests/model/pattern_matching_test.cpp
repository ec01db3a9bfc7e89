// tests/model/pattern_matching_test.cpp
// Unit tests of pattern matching in the model: dict ids encoded byte for
// byte as Dash encodes them, wildcard requests resolved and checked, and the
// registration rules Dash's renderer applies to wildcards.
#include "model/wildcard.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/app.hpp"
#include "model/callback_request.hpp"
#include "model/callback_spec.hpp"
#include "model/errors.hpp"

using Catch::Matchers::Contains;
using dash::request_error;
using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::ALL;
using dash::model::ALLSMALLER;
using dash::model::app;
using dash::model::callback_spec;
using dash::model::check_matches;
using dash::model::dependency;
using dash::model::id_key;
using dash::model::input;
using dash::model::MATCH;
using dash::model::output;
using dash::model::parse_callback_request;
using dash::model::state;

namespace {

callback_spec spec_of(std::vector<dependency> outs, std::vector<dependency> ins,
                      std::vector<dependency> states = {}) {
  callback_spec s;
  s.outputs = std::move(outs);
  s.inputs = std::move(ins);
  s.states = std::move(states);
  s.multi_output = s.outputs.size() > 1;
  return s;
}

object city(value index) {
  return object{{"type", "city"}, {"index", std::move(index)}};
}

object city_out(value index) {
  return object{{"type", "city-out"}, {"index", std::move(index)}};
}

} // namespace

// -- ids, byte for byte as Dash 4.3's stringify_id writes them -------------
// (expected strings computed with Python's json module, as Dash does)

TEST_CASE("dict ids: sorted keys, no spaces between entries",
          "[model][unit]") {
  CHECK(id_key(object{{"type", "city"}, {"index", 3}})
        == R"({"index":3,"type":"city"})");
  CHECK(id_key(object{{"b", true}, {"a", false}}) == R"({"a":false,"b":true})");
}

TEST_CASE("dict ids: numbers as Python writes them", "[model][unit]") {
  CHECK(id_key(object{{"x", 1.5},
                      {"y", 1e16},
                      {"z", 1.0},
                      {"w", -0.00001},
                      {"v", 123456789012LL}})
        == R"({"v":123456789012,"w":-1e-05,"x":1.5,"y":1e+16,"z":1.0})");
  CHECK(id_key(object{{"idx", 0.1},
                      {"big", 1e300},
                      {"small", 1.5e-7},
                      {"f", 100.0},
                      {"g", 1234567.125}})
        == R"({"big":1e+300,"f":100.0,"g":1234567.125,"idx":0.1,)"
           R"("small":1.5e-07})");
}

TEST_CASE("dict ids: strings escaped as Python's json.dumps",
          "[model][unit]") {
  CHECK(id_key(object{{"name", "caf\xc3\xa9 \xe2\x98\x95"}, {"n", "a\"b"}})
        == R"({"n":"a\"b","name":"caf\u00e9 \u2615"})");
  CHECK(id_key(object{{"k", "\xf0\x9f\x98\x80"}}) == R"({"k":"\ud83d\ude00"})");
}

TEST_CASE("dict ids: a nested value as json.dumps writes it",
          "[model][unit]") {
  CHECK(id_key(parse(R"({"nested":{"b":1,"a":[1,2]}})"))
        == R"({"nested":{"b": 1, "a": [1, 2]}})");
}

TEST_CASE("wildcards are one-element lists on the wire", "[model][unit]") {
  CHECK(value(MATCH) == parse(R"(["MATCH"])"));
  CHECK(dash::json::value_from(ALLSMALLER) == parse(R"(["ALLSMALLER"])"));
  CHECK(id_key(object{{"type", "city"}, {"index", ALL}})
        == R"({"index":["ALL"],"type":"city"})");
  CHECK(dash::model::wildcard_of(parse(R"(["MATCH"])")) == MATCH);
  CHECK_FALSE(dash::model::wildcard_of(parse(R"(["OTHER"])")));
  CHECK_FALSE(dash::model::wildcard_of(value("MATCH")));
}

TEST_CASE("a pattern callback's dependencies entry", "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"}}, {{city(MATCH), "value"}},
                   {{object{{"type", "city"}, {"index", ALLSMALLER}}, "value"}});
  auto j = s.to_json();
  CHECK(j.at("output") == R"({"index":["MATCH"],"type":"city-out"}.children)");
  CHECK(j.at("inputs")
        == parse(R"([{"id":"{\"index\":[\"MATCH\"],\"type\":\"city\"}",
                      "property":"value"}])"));
  CHECK(j.at("state")
        == parse(R"([{"id":"{\"index\":[\"ALLSMALLER\"],\"type\":\"city\"}",
                      "property":"value"}])"));
}

TEST_CASE("dots inside dict ids are escaped in callback names",
          "[model][unit]") {
  auto s = spec_of({{object{{"a", "x.y"}}, "children"}, {"b", "c"}},
                   {{"in", "value"}});
  CHECK(s.output_key() == R"(..{"a":"x\.y"}.children...b.c..)");
}

// -- requests: wildcard resolution -----------------------------------------

TEST_CASE("a MATCH request resolves to one component", "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"}}, {{city(MATCH), "value"}});
  auto req = parse_callback_request(R"({
    "output": "{\"index\":[\"MATCH\"],\"type\":\"city-out\"}.children",
    "outputs": {"id": {"index": 2, "type": "city-out"}, "property": "children"},
    "inputs": [{"id": {"index": 2, "type": "city"}, "property": "value",
                "value": "MTL"}],
    "changedPropIds": ["{\"index\":2,\"type\":\"city\"}.value"]})");
  CHECK_NOTHROW(check_matches(req, s));
  CHECK(req.inputs[0].value == value("MTL"));
}

TEST_CASE("an ALL request may match nothing", "[model][unit]") {
  auto s = spec_of({{"summary", "children"}}, {{city(ALL), "value"}});
  auto req = parse_callback_request(R"({"output": "summary.children",
    "outputs": {"id": "summary", "property": "children"},
    "inputs": [[]]})");
  CHECK_NOTHROW(check_matches(req, s));
  CHECK(req.inputs[0].value == array{});
}

TEST_CASE("MATCH values must agree across a call", "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"}}, {{city(MATCH), "value"}});
  auto req = parse_callback_request(R"({
    "output": "x",
    "outputs": {"id": {"index": 2, "type": "city-out"}, "property": "children"},
    "inputs": [{"id": {"index": 3, "type": "city"}, "property": "value"}]})");
  CHECK_THROWS_WITH(check_matches(req, s),
                    Contains("inputs[0] has index = 3 but outputs has 2"));
}

TEST_CASE("a list where one value is expected is refused by field",
          "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"}}, {{city(MATCH), "value"}});
  auto req = parse_callback_request(R"({
    "output": "x",
    "outputs": {"id": {"index": 2, "type": "city-out"}, "property": "children"},
    "inputs": [[{"id": {"index": 2, "type": "city"}, "property": "value"}]]})");
  CHECK_THROWS_WITH(check_matches(req, s),
                    Contains("inputs[0] should be one object")
                      && Contains("the request has a list"));
}

TEST_CASE("one value where a list is expected is refused by field",
          "[model][unit]") {
  auto s = spec_of({{"summary", "children"}}, {{city(ALL), "value"}});
  auto req = parse_callback_request(R"({"output": "summary.children",
    "outputs": {"id": "summary", "property": "children"},
    "inputs": [{"id": {"index": 2, "type": "city"}, "property": "value"}]})");
  CHECK_THROWS_WITH(check_matches(req, s),
                    Contains("inputs[0] should be a list"));
}

TEST_CASE("an id the pattern does not name is refused", "[model][unit]") {
  auto s = spec_of({{"summary", "children"}}, {{city(ALL), "value"}});
  auto req = parse_callback_request(R"({"output": "summary.children",
    "outputs": {"id": "summary", "property": "children"},
    "inputs": [[{"id": {"index": 1, "type": "city"}, "property": "value"},
                {"id": {"index": 2, "type": "town"}, "property": "value"}]]})");
  CHECK_THROWS_WITH(check_matches(req, s),
                    Contains("inputs[0][1] should be a component matching")
                      && Contains(R"({"index":2,"type":"town"}.value)"));
}

TEST_CASE("ALLSMALLER items must be below the MATCH value", "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"}},
                   {{city(MATCH), "value"}, {city(ALLSMALLER), "value"}});
  auto good = parse_callback_request(R"({"output": "x",
    "outputs": {"id": {"index": 2, "type": "city-out"}, "property": "children"},
    "inputs": [{"id": {"index": 2, "type": "city"}, "property": "value"},
               [{"id": {"index": 0, "type": "city"}, "property": "value"},
                {"id": {"index": 1, "type": "city"}, "property": "value"}]]})");
  CHECK_NOTHROW(check_matches(good, s));
  auto bad = parse_callback_request(R"({"output": "x",
    "outputs": {"id": {"index": 2, "type": "city-out"}, "property": "children"},
    "inputs": [{"id": {"index": 2, "type": "city"}, "property": "value"},
               [{"id": {"index": 5, "type": "city"}, "property": "value"}]]})");
  CHECK_THROWS_WITH(check_matches(bad, s),
                    Contains("inputs[1][0] has index = 5, which is not smaller"));
}

TEST_CASE("an ALL output names its components as a list", "[model][unit]") {
  auto s = spec_of({{city_out(ALL), "children"}}, {{"btn", "n_clicks"}});
  auto req = parse_callback_request(R"({
    "output": "{\"index\":[\"ALL\"],\"type\":\"city-out\"}.children",
    "outputs": [{"id": {"index": 1, "type": "city-out"}, "property": "children"},
                {"id": {"index": 2, "type": "city-out"}, "property": "children"}],
    "inputs": [{"id": "btn", "property": "n_clicks", "value": 1}]})");
  CHECK_NOTHROW(check_matches(req, s));
  REQUIRE(req.outputs.size() == 1);
  CHECK(req.outputs[0].is_list);
  CHECK(req.outputs[0].deps.size() == 2);
}

// -- registration: Dash's wildcard rules -----------------------------------

TEST_CASE("MATCH must be on the same keys in every output", "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"},
                    {object{{"type", "x"}, {"row", MATCH}}, "children"}},
                   {{city(MATCH), "value"}});
  CHECK_THROWS_WITH(s.validate(),
                    Contains("does not have MATCH on the same keys"));
  // ALL need not agree.
  CHECK_NOTHROW(spec_of({{city_out(MATCH), "children"},
                         {object{{"type", "x"}, {"index", MATCH},
                                 {"col", ALL}},
                          "children"}},
                        {{city(MATCH), "value"}})
                  .validate());
}

TEST_CASE("ALLSMALLER needs a MATCH in the outputs", "[model][unit]") {
  CHECK_THROWS_WITH(
    spec_of({{"sum", "children"}}, {{city(ALLSMALLER), "value"}}).validate(),
    Contains("has MATCH or ALLSMALLER on key(s) index"));
}

TEST_CASE("MATCH inputs may feed a fixed or ALL-only output (Dash 4.2)",
          "[model][unit]") {
  CHECK_NOTHROW(
    spec_of({{"status", "children"}}, {{city(MATCH), "value"}}).validate());
  CHECK_NOTHROW(
    spec_of({{city_out(ALL), "children"}}, {{city(MATCH), "value"}})
      .validate());
}

TEST_CASE("with MATCH outputs, input MATCH keys must be among them",
          "[model][unit]") {
  auto s = spec_of({{city_out(MATCH), "children"}},
                   {{object{{"type", "city"}, {"row", MATCH}}, "value"}});
  CHECK_THROWS_WITH(s.validate(), Contains("key(s) row"));
}

TEST_CASE("an app reports wildcard mistakes before listening",
          "[model][unit]") {
  app a;
  a.callback(output("sum", "children"),
             input(object{{"type", "city"}, {"index", ALLSMALLER}}, "value"),
             [](std::vector<int> xs) { return xs.size(); });
  a.callback(output(object{{"type", "x"}, {"index", ALLSMALLER}}, "children"),
             input("in", "value"), [](int x) { return x; });
  REQUIRE(a.errors().size() == 2);
  CHECK_THAT(a.errors()[0], Contains("ALLSMALLER"));
  CHECK_THAT(a.errors()[1], Contains("not allowed in an output"));
}

TEST_CASE("an app takes MATCH, ALL and ALLSMALLER callbacks", "[model][unit]") {
  app a;
  a.callback(output(city_out(MATCH), "children"),
             input(city(MATCH), "value"),
             state(city(ALLSMALLER), "value"),
             [](std::optional<std::string> v,
                std::vector<std::optional<std::string>> before) {
               return (v ? *v : "none") + std::to_string(before.size());
             });
  a.callback(output("summary", "children"), input(city(ALL), "value"),
             [](const std::vector<std::optional<std::string>>& vs) {
               return vs.size();
             });
  CHECK(a.errors().empty());
  CHECK(a.callbacks().size() == 2);
}
