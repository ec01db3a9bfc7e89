// tests/model/callback_spec_test.cpp
// Unit tests for model/callback_spec: the output string that names a
// callback, its /_dash-dependencies entry, and validate().
#include "model/callback_spec.hpp"

#include <catch2/catch.hpp>

#include "model/errors.hpp"

using Catch::Matchers::Contains;
using dash::registration_error;
using dash::json::object;
using dash::json::parse;
using dash::model::callback_spec;
using dash::model::dependency;

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

} // namespace

TEST_CASE("a single output is named id.prop", "[model][unit]") {
  CHECK(spec_of({{"a", "b"}}, {{"in", "value"}}).output_key() == "a.b");
}

TEST_CASE("several outputs are named ..a.b...c.d..", "[model][unit]") {
  CHECK(spec_of({{"a", "b"}, {"c", "d"}}, {{"in", "value"}}).output_key()
        == "..a.b...c.d..");
  CHECK(spec_of({{"a", "b"}, {"c", "d"}, {"e", "f"}}, {{"in", "value"}})
          .output_key()
        == "..a.b...c.d...e.f..");
}

TEST_CASE("one output declared as a list is named ..a.b..", "[model][unit]") {
  auto s = spec_of({{"a", "b"}}, {{"in", "value"}});
  s.multi_output = true;
  CHECK(s.output_key() == "..a.b..");
}

TEST_CASE("a dict id output is named with sorted JSON", "[model][unit]") {
  auto s = spec_of({{object{{"type", "t"}, {"index", 0}}, "children"}},
                   {{"in", "value"}});
  CHECK(s.output_key() == R"({"index":0,"type":"t"}.children)");
}

TEST_CASE("to_json is the /_dash-dependencies entry", "[model][unit]") {
  auto s = spec_of({{"out", "children"}},
                   {{"in", "value"}, {"btn", "n_clicks"}}, {{"st", "data"}});
  // The keys and values Dash 4.3 sends for a plain server callback.
  CHECK(s.to_json()
        == parse(R"({
    "output":"out.children",
    "inputs":[{"id":"in","property":"value"},
              {"id":"btn","property":"n_clicks"}],
    "state":[{"id":"st","property":"data"}],
    "clientside_function":null,
    "prevent_initial_call":false,
    "background":null,
    "dynamic_creator":false,
    "no_output":false,
    "optional":false,
    "hidden":null,
    "websocket":false,
    "persistent":false})")
             .as_object());
}

TEST_CASE("to_json carries prevent_initial_call and empty state",
          "[model][unit]") {
  auto s = spec_of({{"a", "b"}, {"c", "d"}}, {{"in", "value"}});
  s.options.prevent_initial_call = true;
  auto j = s.to_json();
  CHECK(j.at("output").as_string() == "..a.b...c.d..");
  CHECK(j.at("prevent_initial_call").as_bool());
  CHECK(j.at("state") == dash::json::array{});
  REQUIRE(j.contains("clientside_function"));
  CHECK(j.at("clientside_function").is_null());
}

TEST_CASE("validate accepts a well-formed spec", "[model][unit]") {
  CHECK_NOTHROW(
    spec_of({{"a", "b"}, {"c", "d"}}, {{"in", "value"}}, {{"s", "data"}})
      .validate());
}

TEST_CASE("a callback may have no outputs or no inputs", "[model][unit]") {
  CHECK_NOTHROW(spec_of({}, {{"in", "value"}}).validate());
  CHECK_NOTHROW(spec_of({{"a", "b"}}, {}).validate());
  // A no-output callback is named by the SHA-256 of its inputs, as Dash
  // names it ("in.value" joined by ".").
  auto s = spec_of({}, {{"in", "value"}, {"b", "n_clicks"}});
  CHECK(s.output_key()
        == "67e21371366bbb293b212bdb25e1a38a28c381d3ed2d98839b20faf04c7dcbe5");
  CHECK(s.to_json().at("no_output") == true);
}

TEST_CASE("validate rejects an output named twice", "[model][unit]") {
  CHECK_THROWS_MATCHES(
    spec_of({{"a", "b"}, {"a", "b"}}, {{"in", "value"}}).validate(),
    registration_error,
    Catch::Matchers::Message("callback ..a.b...a.b.. names output a.b twice"));
}

TEST_CASE("validate checks every output, input and state", "[model][unit]") {
  CHECK_THROWS_WITH(spec_of({{"a.x", "b"}}, {{"in", "value"}}).validate(),
                    Contains("output \"a.x\".b"));
  CHECK_THROWS_WITH(spec_of({{"a", "b"}}, {{"", "value"}}).validate(),
                    Contains("input \"\".value"));
  CHECK_THROWS_WITH(
    spec_of({{"a", "b"}}, {{"in", "value"}}, {{"s", "bad prop"}}).validate(),
    Contains("state \"s\".bad prop"));
  CHECK_THROWS_WITH(
    spec_of({{parse(R"({"i":["ALLSMALLER"]})"), "b"}}, {{"in", "value"}})
      .validate(),
    Contains("ALLSMALLER is not allowed in an output"));
}
