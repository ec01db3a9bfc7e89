// tests/model/callback_result_test.cpp
// Unit tests for model/callback_result: output values, no_update, prevented
// results and the response body the renderer reads.
#include "model/callback_result.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/callback_request.hpp"
#include "model/callback_spec.hpp"
#include "model/errors.hpp"

using dash::argument_error;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::callback_request;
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

/// The request the renderer sends for `spec` (fixed ids only).
callback_request request_for(const callback_spec& spec) {
  callback_request req;
  req.output = spec.output_key();
  for (const auto& o : spec.outputs)
    req.outputs.emplace_back(o);
  return req;
}

std::string encode(const callback_spec& spec, const callback_result& r,
                   const object& side = {}) {
  return encode_response(spec, request_for(spec), r, side);
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
  auto body = encode(spec_with({{"out", "children"}}),
                              callback_result::values({value("hi")}));
  CHECK(body == R"({"multi":true,"response":{"out":{"children":"hi"}}})");
}

TEST_CASE("several outputs, two of them on one component", "[model][unit]") {
  auto spec = spec_with({{"g", "figure"}, {"t", "children"}, {"g", "style"}});
  auto body = encode(
    spec,
    callback_result::values({value(object{{"data", dash::json::array{}}}),
                             value("rows"), value(object{{"height", 300}})}));
  CHECK(parse(body) == parse(R"({"multi":true,"response":{
    "g":{"figure":{"data":[]},"style":{"height":300}},
    "t":{"children":"rows"}}})"));
}

TEST_CASE("no_update leaves its key out", "[model][unit]") {
  auto spec = spec_with({{"a", "children"}, {"b", "children"}, {"a", "style"}});
  auto body = encode(
    spec, callback_result::values({no_update, value(2), value("s")}));
  CHECK(parse(body) == parse(R"({"multi":true,"response":{
    "a":{"style":"s"},"b":{"children":2}}})"));
  auto only_b = encode(
    spec, callback_result::values({no_update, value(2), no_update}));
  CHECK(parse(only_b)
        == parse(R"({"multi":true,"response":{"b":{"children":2}}})"));
}

TEST_CASE("a null value is sent as null", "[model][unit]") {
  auto body = encode(spec_with({{"out", "children"}}),
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
  auto body = encode(spec, callback_result::values({value("x")}));
  CHECK(body
        == R"({"multi":true,"response":{)"
           R"("{\"index\":2,\"type\":\"card\"}":{"children":"x"}}})");
}

TEST_CASE("an allow_duplicate suffix is stripped from the property",
          "[model][unit]") {
  auto spec = spec_with({{"out", "children@a1b2c3"}});
  auto body = encode(spec, callback_result::values({value(1)}));
  CHECK(body == R"({"multi":true,"response":{"out":{"children":1}}})");
}

TEST_CASE("a value count that differs from the outputs is an error",
          "[model][unit]") {
  auto spec = spec_with({{"a", "b"}, {"c", "d"}});
  CHECK_THROWS_MATCHES(
    encode(spec, callback_result::values({value(1)})), argument_error,
    Catch::Matchers::Message("callback ..a.b...c.d.. returned 1 values for 2 "
                             "outputs"));
  // Nothing to change is no error: the answer is empty (HTTP 204).
  CHECK(encode(spec, callback_result::prevent()).empty());
}

TEST_CASE("nothing changed and nothing set is an empty answer",
          "[model][unit]") {
  auto spec = spec_with({{"a", "b"}, {"c", "d"}});
  CHECK(encode(spec, callback_result::values({no_update, no_update})).empty());
  CHECK(encode(spec, callback_result::no_updates()).empty());
  // One no_update stands for every output, as in Dash.
  CHECK(encode(spec, callback_result::values({no_update})).empty());
}

TEST_CASE("set_props travel as sideUpdate, even with no output changed",
          "[model][unit]") {
  auto spec = spec_with({{"out", "children"}});
  object side{{"status", object{{"children", "Added filter 2"}}}};
  CHECK(parse(encode(spec, callback_result::values({value("x")}), side))
        == parse(R"({"multi":true,"response":{"out":{"children":"x"}},
                     "sideUpdate":{"status":{"children":"Added filter 2"}}})"));
  CHECK(parse(encode(spec, callback_result::no_updates(), side))
        == parse(R"({"multi":true,"response":{},
                     "sideUpdate":{"status":{"children":"Added filter 2"}}})"));
}

TEST_CASE("a no-output callback answers only its set_props", "[model][unit]") {
  callback_spec spec;
  spec.inputs = {{"in", "value"}};
  CHECK(encode(spec, callback_result::no_updates()).empty());
  CHECK(parse(encode(spec, callback_result::no_updates(),
                     object{{"x", object{{"a", 1}}}}))
        == parse(R"({"multi":true,"response":{},"sideUpdate":{"x":{"a":1}}})"));
}

TEST_CASE("an ALL output takes one value per matched component",
          "[model][unit]") {
  auto pattern = object{{"type", "out"}, {"index", dash::model::ALL}};
  auto spec = spec_with({{pattern, "children"}});
  callback_request req;
  req.output = spec.output_key();
  dash::model::request_output all;
  all.is_list = true;
  all.deps = {{object{{"type", "out"}, {"index", 1}}, "children"},
              {object{{"type", "out"}, {"index", 2}}, "children"}};
  req.outputs = {all};
  auto body = encode_response(
    spec, req, callback_result::values({value(dash::json::array{"a", "b"})}));
  CHECK(body == R"({"multi":true,"response":{)"
                R"("{\"index\":1,\"type\":\"out\"}":{"children":"a"},)"
                R"("{\"index\":2,\"type\":\"out\"}":{"children":"b"}}})");
  CHECK_THROWS_WITH(
    encode_response(spec, req,
                    callback_result::values({value(dash::json::array{"a"})})),
    Catch::Matchers::Contains("matches 2 components, the callback returned "
                              "1 values"));
  CHECK_THROWS_WITH(
    encode_response(spec, req, callback_result::values({value("a")})),
    Catch::Matchers::Contains("takes a list"));
}

TEST_CASE("a MATCH output is answered under the concrete id",
          "[model][unit]") {
  auto spec = spec_with(
    {{object{{"type", "out"}, {"index", dash::model::MATCH}}, "children"}});
  callback_request req;
  req.output = spec.output_key();
  req.outputs = {dependency{object{{"type", "out"}, {"index", 7}}, "children"}};
  CHECK(encode_response(spec, req, callback_result::values({value("z")}))
        == R"({"multi":true,"response":{)"
           R"("{\"index\":7,\"type\":\"out\"}":{"children":"z"}}})");
}

TEST_CASE("the body's exact text: props merged per component in output "
          "order, keys escaped",
          "[model][unit]") {
  auto spec = spec_with({{"g", "figure"}, {"t\"q", "children"},
                         {"g", "style"}, {"g", "figure"}});
  auto body = encode(spec, callback_result::values(
                             {value(1), value("a\"b"), value(2), value(3)}));
  // A later value for the same prop replaces the earlier one in place.
  CHECK(body == R"({"multi":true,"response":{"g":{"figure":3,"style":2},)"
                R"("t\"q":{"children":"a\"b"}}})");
  auto side = encode(spec_with({{"o", "children"}}),
                     callback_result::values({value("x")}),
                     object{{"other", object{{"value", 1}}}});
  CHECK(side == R"({"multi":true,"response":{"o":{"children":"x"}},)"
                R"("sideUpdate":{"other":{"value":1}}})");
}
