// tests/model/callback_result_test.cpp
// Unit tests for model/callback_result: output values, no_update, prevented
// results and the response body the renderer reads.
#include "model/callback_result.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/callback_spec.hpp"
#include "model/errors.hpp"

using dash::argument_error;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::callback_result;
using dash::model::callback_spec;
using dash::model::dependency;
using dash::model::encode_response;
using dash::model::no_update;
using dash::model::output_value;

namespace {

callback_spec spec_with(std::vector<dependency> outs) {
  callback_spec s;
  s.outputs = std::move(outs);
  s.inputs = {{"in", "value"}};
  s.multi_output = s.outputs.size() > 1;
  return s;
}

} // namespace

TEST_CASE("output_value holds JSON or no_update", "[model][unit]") {
  output_value v{value(3)};
  CHECK_FALSE(v.is_no_update());
  CHECK(v.value() == value(3));
  output_value n{no_update};
  CHECK(n.is_no_update());
  // A null value is a value, not no_update.
  CHECK_FALSE(output_value{value{}}.is_no_update());
}

TEST_CASE("a single output is answered in the multi format", "[model][unit]") {
  auto body = encode_response(spec_with({{"out", "children"}}),
                              callback_result::values({value("hi")}));
  CHECK(body == R"({"multi":true,"response":{"out":{"children":"hi"}}})");
}

TEST_CASE("several outputs, two of them on one component", "[model][unit]") {
  auto spec = spec_with({{"g", "figure"}, {"t", "children"}, {"g", "style"}});
  auto body = encode_response(
    spec,
    callback_result::values({value(object{{"data", dash::json::array{}}}),
                             value("rows"), value(object{{"height", 300}})}));
  CHECK(parse(body) == parse(R"({"multi":true,"response":{
    "g":{"figure":{"data":[]},"style":{"height":300}},
    "t":{"children":"rows"}}})"));
}

TEST_CASE("no_update leaves its key out", "[model][unit]") {
  auto spec = spec_with({{"a", "children"}, {"b", "children"}, {"a", "style"}});
  auto body = encode_response(
    spec, callback_result::values({no_update, value(2), value("s")}));
  CHECK(parse(body) == parse(R"({"multi":true,"response":{
    "a":{"style":"s"},"b":{"children":2}}})"));
  auto only_b = encode_response(
    spec, callback_result::values({no_update, value(2), no_update}));
  CHECK(parse(only_b)
        == parse(R"({"multi":true,"response":{"b":{"children":2}}})"));
}

TEST_CASE("a null value is sent as null", "[model][unit]") {
  auto body = encode_response(spec_with({{"out", "children"}}),
                              callback_result::values({value{}}));
  CHECK(body == R"({"multi":true,"response":{"out":{"children":null}}})");
}

TEST_CASE("is_prevented: prevent(), or every value no_update",
          "[model][unit]") {
  CHECK(callback_result::prevent().is_prevented());
  CHECK(callback_result::prevent().outputs().empty());
  CHECK(callback_result::values({no_update, no_update}).is_prevented());
  CHECK_FALSE(callback_result::values({no_update, value(1)}).is_prevented());
  CHECK_FALSE(callback_result::values({value{}}).is_prevented());
}

TEST_CASE("a dict id is keyed by its sorted JSON", "[model][unit]") {
  auto spec = spec_with({{object{{"type", "card"}, {"index", 2}}, "children"}});
  auto body = encode_response(spec, callback_result::values({value("x")}));
  CHECK(body
        == R"({"multi":true,"response":{)"
           R"("{\"index\":2,\"type\":\"card\"}":{"children":"x"}}})");
}

TEST_CASE("an allow_duplicate suffix is stripped from the property",
          "[model][unit]") {
  auto spec = spec_with({{"out", "children@a1b2c3"}});
  auto body = encode_response(spec, callback_result::values({value(1)}));
  CHECK(body == R"({"multi":true,"response":{"out":{"children":1}}})");
}

TEST_CASE("a value count that differs from the outputs is an error",
          "[model][unit]") {
  auto spec = spec_with({{"a", "b"}, {"c", "d"}});
  CHECK_THROWS_MATCHES(
    encode_response(spec, callback_result::values({value(1)})), argument_error,
    Catch::Matchers::Message("callback ..a.b...c.d.. returned 1 values for 2 "
                             "outputs"));
  CHECK_THROWS_AS(encode_response(spec, callback_result::prevent()),
                  argument_error);
}
