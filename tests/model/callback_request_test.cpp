// tests/model/callback_request_test.cpp
// Unit tests for model/callback_request: parsing update-component bodies as
// the renderer sends them, every malformed field, and check_matches.
#include "model/callback_request.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "model/callback_spec.hpp"
#include "model/errors.hpp"

using Catch::Matchers::Contains;
using dash::request_error;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::callback_request;
using dash::model::callback_spec;
using dash::model::check_matches;
using dash::model::dependency;
using dash::model::parse_callback_request;

namespace {

// What dash-renderer 2.x posts for a callback with one output, two inputs
// (one never set, so without "value") and one state.
constexpr const char* single_body = R"({
  "output": "out.children",
  "outputs": {"id": "out", "property": "children"},
  "inputs": [
    {"id": "dropdown", "property": "value", "value": "Montreal"},
    {"id": "btn", "property": "n_clicks"}
  ],
  "changedPropIds": ["dropdown.value"],
  "state": [{"id": "name", "property": "value", "value": 42}]
})";

// A multi-output request on the initial call: no changedPropIds entries,
// no state field.
constexpr const char* multi_body = R"({
  "output": "..graph.figure...table.children..",
  "outputs": [{"id": "graph", "property": "figure"},
              {"id": {"type": "table", "index": 1}, "property": "children"}],
  "inputs": [{"id": "fruit", "property": "value", "value": ["a", "b"]}],
  "changedPropIds": []
})";

/// The single-output body with `field` set to the JSON `replacement`.
std::string with_field(const char* field, const char* replacement) {
  auto obj = parse(single_body).as_object();
  obj[field] = parse(replacement);
  return dash::json::serialize(obj);
}

/// The single-output body without `field`.
std::string without_field(const char* field) {
  auto obj = parse(single_body).as_object();
  obj.erase(field);
  return dash::json::serialize(obj);
}

callback_spec single_spec() {
  callback_spec s;
  s.outputs = {{"out", "children"}};
  s.inputs = {{"dropdown", "value"}, {"btn", "n_clicks"}};
  s.states = {{"name", "value"}};
  return s;
}

} // namespace

TEST_CASE("parses a single-output request", "[model][unit]") {
  auto req = parse_callback_request(single_body);
  CHECK(req.output == "out.children");
  REQUIRE(req.outputs.size() == 1);
  CHECK(req.outputs[0].deps[0] == dependency{"out", "children"});
  REQUIRE(req.inputs.size() == 2);
  CHECK(req.inputs[0].props[0].dep == dependency{"dropdown", "value"});
  CHECK(req.inputs[0].value == value("Montreal"));
  CHECK(req.inputs[1].props[0].dep == dependency{"btn", "n_clicks"});
  REQUIRE(req.states.size() == 1);
  CHECK(req.states[0].props[0].dep == dependency{"name", "value"});
  CHECK(req.states[0].value == value(42));
  CHECK(req.changed_props == std::vector<std::string>{"dropdown.value"});
}

TEST_CASE("an input without a value reads as null", "[model][unit]") {
  auto req = parse_callback_request(single_body);
  REQUIRE(req.inputs.size() == 2);
  CHECK(req.inputs[1].value.is_null());
}

TEST_CASE("parses a multi-output request with a dict id", "[model][unit]") {
  auto req = parse_callback_request(multi_body);
  CHECK(req.output == "..graph.figure...table.children..");
  REQUIRE(req.outputs.size() == 2);
  CHECK(req.outputs[0].deps[0] == dependency{"graph", "figure"});
  CHECK(req.outputs[1].deps[0].id == parse(R"({"type":"table","index":1})"));
  CHECK(req.outputs[1].deps[0].property == "children");
  REQUIRE(req.inputs.size() == 1);
  CHECK(req.inputs[0].value == parse(R"(["a","b"])"));
  CHECK(req.states.empty());
  CHECK(req.changed_props.empty());
}

TEST_CASE("state and changedPropIds may be null or absent", "[model][unit]") {
  CHECK(parse_callback_request(without_field("state")).states.empty());
  CHECK(parse_callback_request(with_field("state", "null")).states.empty());
  CHECK(parse_callback_request(without_field("changedPropIds"))
          .changed_props.empty());
  CHECK(parse_callback_request(with_field("changedPropIds", "null"))
          .changed_props.empty());
}

TEST_CASE("unknown fields are ignored", "[model][unit]") {
  auto req = parse_callback_request(
    with_field("parsedChangedPropsIds", R"(["dropdown.value"])"));
  CHECK(req.output == "out.children");
}

TEST_CASE("a body that is not JSON is a request_error", "[model][unit]") {
  CHECK_THROWS_AS(parse_callback_request("{not json"), request_error);
  CHECK_THROWS_WITH(parse_callback_request("{not json"),
                    Contains("request body is not valid JSON: "));
  CHECK_THROWS_AS(parse_callback_request(""), request_error);
  CHECK_THROWS_AS(parse_callback_request(R"({"output": "a.b"} trailing)"),
                  request_error);
}

TEST_CASE("a body that is not an object is a request_error", "[model][unit]") {
  CHECK_THROWS_WITH(parse_callback_request("[1,2]"),
                    "request body must be a JSON object, got array");
  CHECK_THROWS_WITH(parse_callback_request(R"("text")"),
                    "request body must be a JSON object, got string");
}

TEST_CASE("output must be a string", "[model][unit]") {
  CHECK_THROWS_WITH(parse_callback_request(without_field("output")),
                    Contains("\"output\""));
  CHECK_THROWS_WITH(parse_callback_request(with_field("output", "3")),
                    Contains("\"output\""));
}

TEST_CASE("outputs must be an object or a list", "[model][unit]") {
  // The renderer leaves "outputs" out for a callback without outputs; a
  // callback that has one refuses such a request.
  auto none = parse_callback_request(without_field("outputs"));
  CHECK(none.outputs.empty());
  CHECK_THROWS_WITH(check_matches(none, single_spec()),
                    "callback out.children has 1 output, the request names "
                    "none");
  CHECK_THROWS_WITH(parse_callback_request(with_field("outputs", "7")),
                    Contains("outputs must be an object")
                      && Contains("got number"));
  CHECK_THROWS_WITH(parse_callback_request(with_field(
                      "outputs", R"([{"id":"a","property":"b"}, 1])")),
                    Contains("outputs[1] must be an object"));
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("outputs", R"({"property":"b"})")),
    "outputs has no \"id\"");
}

TEST_CASE("inputs must be a list", "[model][unit]") {
  CHECK_THROWS_WITH(parse_callback_request(without_field("inputs")),
                    "request has no \"inputs\" list");
  CHECK_THROWS_WITH(parse_callback_request(with_field("inputs", "null")),
                    "request has no \"inputs\" list");
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("inputs", R"({"id":"a"})")),
    "\"inputs\" must be a list, got object");
}

TEST_CASE("every input must be an object", "[model][unit]") {
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("inputs", R"(["dropdown.value"])")),
    Contains("inputs[0] must be an object") && Contains("got string"));
  CHECK_THROWS_WITH(
    parse_callback_request(
      with_field("inputs", R"([{"id":"a","property":"b"}, null])")),
    Contains("inputs[1] must be an object") && Contains("got null"));
}

TEST_CASE("an id must be a string or an object", "[model][unit]") {
  CHECK_THROWS_WITH(parse_callback_request(
                      with_field("inputs", R"([{"id":5,"property":"value"}])")),
                    "inputs[0].id must be a string or an object, got number");
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("inputs", R"([{"property":"value"}])")),
    "inputs[0] has no \"id\"");
  CHECK_THROWS_WITH(parse_callback_request(with_field(
                      "state", R"([{"id":["x"],"property":"value"}])")),
                    "state[0].id must be a string or an object, got array");
}

TEST_CASE("a property must be a string", "[model][unit]") {
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("inputs", R"([{"id":"a"}])")),
    "inputs[0].property must be a string");
  CHECK_THROWS_WITH(parse_callback_request(
                      with_field("inputs", R"([{"id":"a","property":1}])")),
                    "inputs[0].property must be a string");
  CHECK_THROWS_WITH(parse_callback_request(
                      with_field("outputs", R"({"id":"a","property":null})")),
                    "outputs.property must be a string");
}

TEST_CASE("an ALL input arrives as a list of props", "[model][unit]") {
  auto req = parse_callback_request(
    with_field("inputs",
               R"([{"id":"a","property":"value","value":1},
        [{"id":{"type":"x","index":0},"property":"value","value":2},
         {"id":{"type":"x","index":1},"property":"value"}]])"));
  REQUIRE(req.inputs.size() == 2);
  CHECK_FALSE(req.inputs[0].is_list);
  CHECK(req.inputs[0].value == value(1));
  REQUIRE(req.inputs[1].is_list);
  REQUIRE(req.inputs[1].props.size() == 2);
  CHECK(req.inputs[1].props[1].dep.id == parse(R"({"type":"x","index":1})"));
  // The function gets the values as one list; a missing value is null.
  CHECK(req.inputs[1].value == parse("[2,null]"));
}

TEST_CASE("an item of an ALL list is checked by name", "[model][unit]") {
  CHECK_THROWS_WITH(
    parse_callback_request(with_field(
      "inputs", R"([[{"id":{"type":"x","index":0},"property":"value"},
                     {"id":{"type":"x","index":1}}]])")),
    "inputs[0][1].property must be a string");
}

TEST_CASE("state must be a list of objects", "[model][unit]") {
  CHECK_THROWS_WITH(parse_callback_request(with_field("state", "{}")),
                    "\"state\" must be a list, got object");
  CHECK_THROWS_WITH(parse_callback_request(with_field("state", "[true]")),
                    Contains("state[0] must be an object"));
}

TEST_CASE("changedPropIds must be a list of strings", "[model][unit]") {
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("changedPropIds", R"("a.b")")),
    "\"changedPropIds\" must be a list of strings");
  CHECK_THROWS_WITH(
    parse_callback_request(with_field("changedPropIds", R"(["a.b", 3])")),
    "\"changedPropIds\" must be a list of strings");
}

TEST_CASE("check_matches accepts the request its spec describes",
          "[model][unit]") {
  CHECK_NOTHROW(
    check_matches(parse_callback_request(single_body), single_spec()));
}

TEST_CASE("check_matches ignores an allow_duplicate suffix on outputs",
          "[model][unit]") {
  auto spec = single_spec();
  spec.outputs = {{"out", "children@3f2a"}};
  CHECK_NOTHROW(check_matches(parse_callback_request(single_body), spec));
}

TEST_CASE("check_matches rejects other outputs", "[model][unit]") {
  auto spec = single_spec();
  spec.outputs = {{"other", "children"}};
  CHECK_THROWS_WITH(check_matches(parse_callback_request(single_body), spec),
                    "callback other.children: outputs should be "
                    "other.children, the request has out.children");
  spec.outputs = {{"out", "children"}, {"x", "y"}};
  spec.multi_output = true;
  CHECK_THROWS_WITH(check_matches(parse_callback_request(single_body), spec),
                    Contains("has 2 outputs, the request names 1"));
}

TEST_CASE("check_matches rejects other inputs or state", "[model][unit]") {
  auto spec = single_spec();
  spec.inputs = {{"dropdown", "value"}, {"btn", "n_clicks_timestamp"}};
  CHECK_THROWS_WITH(check_matches(parse_callback_request(single_body), spec),
                    "callback out.children: inputs[1] should be "
                    "btn.n_clicks_timestamp, the request has btn.n_clicks");
  spec = single_spec();
  spec.inputs.pop_back();
  CHECK_THROWS_WITH(check_matches(parse_callback_request(single_body), spec),
                    "callback out.children takes 1 inputs, the request has "
                    "2");
  spec = single_spec();
  spec.states.clear();
  CHECK_THROWS_WITH(check_matches(parse_callback_request(single_body), spec),
                    "callback out.children takes 0 state, the request has 1");
}

TEST_CASE("a request written back reads as the same request",
          "[model][unit]") {
  const char* bodies[] = {
    R"({"output":"out.children","outputs":{"id":"out","property":"children"},)"
    R"("inputs":[{"id":"in","property":"value","value":3.25}],)"
    R"("state":[{"id":"st","property":"data","value":{"a":[1,"x",null]}}],)"
    R"("changedPropIds":["in.value"]})",
    R"({"output":"..a.children...b.style..","outputs":[{"id":"a",)"
    R"("property":"children"},{"id":"b","property":"style"}],)"
    R"("inputs":[[{"id":{"index":1,"type":"city"},"property":"value",)"
    R"("value":"NYC"},{"id":{"index":2,"type":"city"},"property":"value",)"
    R"("value":"LA"}],[]],"changedPropIds":[]})",
    R"({"output":"{\"index\":[\"ALL\"],\"type\":\"o\"}.children",)"
    R"("outputs":[{"id":{"index":1,"type":"o"},"property":"children"}],)"
    R"("inputs":[{"id":"b","property":"n_clicks"}]})",
  };
  for (const char* body : bodies) {
    auto first = dash::model::parse_callback_request(body);
    auto text = dash::model::write_callback_request(first);
    auto again = dash::model::parse_callback_request(text);
    CHECK(dash::model::write_callback_request(again) == text);
    CHECK(again.output == first.output);
    REQUIRE(again.outputs.size() == first.outputs.size());
    for (std::size_t i = 0; i < first.outputs.size(); ++i) {
      CHECK(again.outputs[i].is_list == first.outputs[i].is_list);
      CHECK(again.outputs[i].deps == first.outputs[i].deps);
    }
    REQUIRE(again.inputs.size() == first.inputs.size());
    for (std::size_t i = 0; i < first.inputs.size(); ++i) {
      CHECK(again.inputs[i].is_list == first.inputs[i].is_list);
      CHECK(again.inputs[i].value == first.inputs[i].value);
    }
    CHECK(again.states.size() == first.states.size());
    CHECK(again.changed_props == first.changed_props);
  }
}
