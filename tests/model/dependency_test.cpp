// tests/model/dependency_test.cpp
// Unit tests for model/dependency: "id.prop" keys, the "@hash" suffix,
// the JSON form and the checks made on ids and property names.
#include "model/dependency.hpp"

#include <string>

#include <catch2/catch.hpp>

#include "model/errors.hpp"

using Catch::Matchers::Contains;
using dash::registration_error;
using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::dependency;
using dash::model::validate;

namespace {

std::string json_text(const dash::json::object& o) {
  return dash::json::serialize(o);
}

} // namespace

TEST_CASE("key joins id and property with a dot", "[model][unit]") {
  CHECK(dependency{"graph", "figure"}.key() == "graph.figure");
  CHECK(dependency{object{{"type", "card"}, {"index", 1}}, "children"}.key()
        == R"({"index":1,"type":"card"}.children)");
}

TEST_CASE("bare_property drops an allow_duplicate suffix", "[model][unit]") {
  CHECK(dependency{"a", "children@1f2e"}.bare_property() == "children");
  CHECK(dependency{"a", "children"}.bare_property() == "children");
  // The key keeps the suffix: it is part of the callback's identity.
  CHECK(dependency{"a", "children@1f2e"}.key() == "a.children@1f2e");
}

TEST_CASE("to_json has id and property", "[model][unit]") {
  CHECK(dependency{"in", "value"}.to_json()
        == parse(R"({"id":"in","property":"value"})").as_object());
  CHECK(dependency{object{{"k", "v"}}, "n_clicks"}.to_json()
        == parse(R"({"id":{"k":"v"},"property":"n_clicks"})").as_object());
}

TEST_CASE("dependencies compare by id and property", "[model][unit]") {
  CHECK(dependency{"a", "b"} == dependency{"a", "b"});
  CHECK_FALSE(dependency{"a", "b"} == dependency{"a", "c"});
  CHECK_FALSE(dependency{"a", "b"} == dependency{"x", "b"});
  CHECK(dependency{parse(R"({"i":1,"t":"x"})"), "p"}
        == dependency{parse(R"({"t":"x","i":1})"), "p"});
}

TEST_CASE("output, input and state build dependencies", "[model][unit]") {
  auto o = dash::model::output("out", "children");
  auto i = dash::model::input("in", "value");
  auto s = dash::model::state("st", "data");
  CHECK(o.dep == dependency{"out", "children"});
  CHECK(i.dep == dependency{"in", "value"});
  CHECK(s.dep == dependency{"st", "data"});
  const std::string id = "from-a-string";
  CHECK(dash::model::input(id, "value").dep.key() == "from-a-string.value");
}

TEST_CASE("validate accepts well-formed dependencies", "[model][unit]") {
  CHECK_NOTHROW(validate({"my-graph_2", "figure"}, "output"));
  CHECK_NOTHROW(validate({"a", "n_clicks"}, "input"));
  CHECK_NOTHROW(validate({"a", "data-x"}, "state"));
  CHECK_NOTHROW(validate({"a", "children@abc123"}, "output"));
  CHECK_NOTHROW(
    validate({object{{"type", "card"}, {"index", 1}, {"on", true}}, "children"},
             "output"));
}

TEST_CASE("validate rejects an id with a dot", "[model][unit]") {
  CHECK_THROWS_MATCHES(validate({"my.graph", "figure"}, "output"),
                       registration_error,
                       Catch::Matchers::Message(
                         "output \"my.graph\".figure: component ids may not "
                         "contain '.' ('.' joins id and property, '{' starts "
                         "a dict id); use '-' or '_' instead"));
  CHECK_THROWS_WITH(validate({"{a", "value"}, "input"),
                    Contains("may not contain '{'"));
}

TEST_CASE("validate rejects an empty id", "[model][unit]") {
  CHECK_THROWS_WITH(validate({"", "value"}, "input"),
                    Contains("input") && Contains("id is empty"));
}

TEST_CASE("validate rejects an id that is neither string nor object",
          "[model][unit]") {
  CHECK_THROWS_WITH(validate({5, "value"}, "state"),
                    Contains("state 5.value")
                      && Contains("must be a string or an object, not "
                                  "number"));
  CHECK_THROWS_AS(validate({array{"a"}, "value"}, "input"), registration_error);
  CHECK_THROWS_AS(validate({nullptr, "value"}, "input"), registration_error);
}

TEST_CASE("validate rejects bad property names", "[model][unit]") {
  for (const char* bad : {"", "1st", "a b", "a.b", "-x", "val$", "@h"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH(
      validate({"a", bad}, "input"),
      Contains("'" + std::string{bad} + "' is not a valid property name"));
  }
}

TEST_CASE("validate takes wildcards where Dash allows them",
          "[model][unit]") {
  for (const char* w : {"MATCH", "ALL"})
    CHECK_NOTHROW(validate(
      {parse(std::string{R"({"type":"card","index":[")"} + w + R"("]})"),
       "children"},
      "output"));
  for (const char* w : {"MATCH", "ALL", "ALLSMALLER"}) {
    CHECK_NOTHROW(validate(
      {parse(std::string{R"({"type":"card","index":[")"} + w + R"("]})"),
       "value"},
      "input"));
    CHECK_NOTHROW(validate(
      {parse(std::string{R"({"type":"card","index":[")"} + w + R"("]})"),
       "value"},
      "state"));
  }
  CHECK_THROWS_WITH(
    validate({parse(R"({"type":"card","index":["ALLSMALLER"]})"), "children"},
             "output"),
    Contains("ALLSMALLER is not allowed in an output"));
}

TEST_CASE("validate rejects malformed dict ids", "[model][unit]") {
  CHECK_THROWS_WITH(validate({object{}, "value"}, "input"),
                    Contains("a dict id needs at least one key"));
  CHECK_THROWS_WITH(
    validate({parse(R"({"type":{"nested":1}})"), "value"}, "input"),
    Contains("dict id values must be strings, numbers, booleans or the "
             "wildcards"));
  CHECK_THROWS_WITH(validate({parse(R"({"type":null})"), "value"}, "input"),
                    Contains("dict id values must be strings"));
  // A list that is not a wildcard is no id value either.
  CHECK_THROWS_WITH(validate({parse(R"({"type":["SOME"]})"), "value"}, "input"),
                    Contains("not array"));
}

TEST_CASE("matches: a pattern names components by its fixed keys",
          "[model][unit]") {
  dependency all{object{{"type", "city"}, {"index", dash::model::ALL}}, "value"};
  CHECK(all.is_pattern());
  CHECK(all.matches({object{{"type", "city"}, {"index", 3}}, "value"}));
  CHECK(all.matches({object{{"index", "x"}, {"type", "city"}}, "value"}));
  CHECK_FALSE(all.matches({object{{"type", "town"}, {"index", 3}}, "value"}));
  CHECK_FALSE(all.matches({object{{"type", "city"}, {"index", 3}}, "data"}));
  CHECK_FALSE(all.matches({object{{"type", "city"}}, "value"}));
  CHECK_FALSE(all.matches(
    {object{{"type", "city"}, {"index", 3}, {"extra", 1}}, "value"}));
  // Wildcard values must be scalars.
  CHECK_FALSE(all.matches({object{{"type", "city"}, {"index", array{}}}, "value"}));
  CHECK_FALSE(all.matches({"city", "value"}));
  dependency fixed{"a", "value"};
  CHECK_FALSE(fixed.is_pattern());
  CHECK(fixed.matches({"a", "value"}));
}

TEST_CASE("to_spec_json writes a dict id as Dash's string", "[model][unit]") {
  dependency d{object{{"type", "city"}, {"index", dash::model::MATCH}}, "value"};
  CHECK(json_text(d.to_spec_json())
        == R"({"id":"{\"index\":[\"MATCH\"],\"type\":\"city\"}",)"
           R"("property":"value"})");
}
