// tests/model/json_test.cpp
// Unit tests for model/json: sorted compact JSON, the "id" part of
// "id.prop" keys, and the kind names used in error messages.
#include "model/json.hpp"

#include <cstdint>
#include <random>

#include <catch2/catch.hpp>

using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::id_key;
using dash::model::kind_name;
using dash::model::sorted_json;

TEST_CASE("sorted_json sorts keys at every depth", "[model][unit]") {
  auto v = parse(R"({"b":1,"a":{"d":true,"c":[{"z":null,"y":"s"}]}})");
  CHECK(sorted_json(v) == R"({"a":{"c":[{"y":"s","z":null}],"d":true},"b":1})");
}

TEST_CASE("sorted_json is compact and keeps array order", "[model][unit]") {
  CHECK(sorted_json(parse(R"([ 3, 1, 2 ])")) == "[3,1,2]");
  CHECK(sorted_json(parse(R"({ "x" : [ ] , "w" : { } })"))
        == R"({"w":{},"x":[]})");
}

TEST_CASE("sorted_json escapes strings in keys and values", "[model][unit]") {
  object o;
  o["q\"k"] = "a\"b\\c\n";
  CHECK(sorted_json(o) == R"({"q\"k":"a\"b\\c\n"})");
}

TEST_CASE("sorted_json writes scalars as JSON", "[model][unit]") {
  CHECK(sorted_json(value("text")) == R"("text")");
  CHECK(sorted_json(value(42)) == "42");
  CHECK(sorted_json(value(-7)) == "-7");
  CHECK(sorted_json(value(false)) == "false");
  CHECK(sorted_json(value(nullptr)) == "null");
}

TEST_CASE("id_key keeps a string id as it is, unquoted", "[model][unit]") {
  CHECK(id_key(value("my-graph")) == "my-graph");
  CHECK(id_key(value("")).empty());
}

TEST_CASE("id_key spells a dict id as sorted compact JSON", "[model][unit]") {
  CHECK(id_key(object{{"type", "card"}, {"index", 3}})
        == R"({"index":3,"type":"card"})");
  // The same id written with keys in the other order gives the same key.
  CHECK(id_key(parse(R"({"index":3,"type":"card"})"))
        == id_key(parse(R"({"type":"card","index":3})")));
}

TEST_CASE("kind_name names every JSON kind", "[model][unit]") {
  CHECK(kind_name(value{}) == "null");
  CHECK(kind_name(value(true)) == "boolean");
  CHECK(kind_name(value(1)) == "number");
  CHECK(kind_name(value(std::uint64_t{1})) == "number");
  CHECK(kind_name(value(1.5)) == "number");
  CHECK(kind_name(value("s")) == "string");
  CHECK(kind_name(array{}) == "array");
  CHECK(kind_name(object{}) == "object");
}

TEST_CASE("parse_exact reads every double back exactly", "[json]") {
  // Doubles whose shortest text Boost.JSON 1.81's parser can misread by
  // one unit in the last place; serialize -> parse_exact must round-trip.
  std::mt19937_64 gen{7};
  std::normal_distribution<double> normal{0.0, 1.0};
  dash::json::array xs;
  for (int i = 0; i < 5000; ++i)
    xs.push_back(normal(gen));
  dash::json::value doc = dash::json::object{
    {"x", xs}, {"label", "a \"quoted\" 1.5e3 and -2"}, {"n", 42},
    {"nested", dash::json::array{1.25, -0.1, 3, dash::json::object{{"y", 1e-300}}}}};
  auto text = dash::json::serialize(doc);
  auto back = dash::model::parse_exact(text);
  CHECK(back == doc);
  CHECK(dash::json::serialize(back) == text);
}

TEST_CASE("parse_exact refuses what json::parse refuses", "[json]") {
  CHECK_THROWS(dash::model::parse_exact("{\"a\": }"));
  CHECK(dash::model::parse_exact("[]") == dash::json::array{});
}
