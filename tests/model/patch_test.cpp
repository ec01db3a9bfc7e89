// tests/model/patch_test.cpp
// Unit tests for model/patch: each operation's exact wire JSON (as Python
// Dash's Patch.to_plotly_json() gives it), cursors, order and type errors.
#include "model/patch.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace json = dash::json;
using dash::model::patch;

namespace {

/// The operations list of `p`'s wire form, as compact text.
std::string operations_of(const patch& p) {
  return json::serialize(p.to_json().as_object().at("operations"));
}

/// The wire form of a patch holding the single operation `op`.
json::value single(std::string_view op) {
  return json::parse(
    R"({"__dash_patch_update":"__dash_patch_update","operations":[)"
    + std::string(op) + "]}");
}

} // namespace

TEST_CASE("an empty patch has an empty operations list", "[model][unit]") {
  patch p;
  CHECK(p.empty());
  CHECK(p.size() == 0);
  CHECK(json::serialize(p.to_json())
        == R"({"__dash_patch_update":"__dash_patch_update",)"
           R"("operations":[]})");
}

TEST_CASE("list operations at the root", "[model][unit]") {
  patch p;
  SECTION("append") {
    p.append(3);
    CHECK(p.to_json() == single(R"({"operation":"Append","location":[],)"
                                R"("params":{"value":3}})"));
  }
  SECTION("prepend") {
    p.prepend("x");
    CHECK(p.to_json() == single(R"({"operation":"Prepend","location":[],)"
                                R"("params":{"value":"x"}})"));
  }
  SECTION("insert writes value before index, as Python does") {
    p.insert(2, true);
    CHECK(json::serialize(p.to_json())
          == R"({"__dash_patch_update":"__dash_patch_update","operations":)"
             R"([{"operation":"Insert","location":[],)"
             R"("params":{"value":true,"index":2}}]})");
  }
  SECTION("extend") {
    p.extend(json::array{1, "b", nullptr});
    CHECK(p.to_json() == single(R"({"operation":"Extend","location":[],)"
                                R"("params":{"value":[1,"b",null]}})"));
  }
  SECTION("remove") {
    p.remove(json::object{{"id", 7}});
    CHECK(p.to_json() == single(R"({"operation":"Remove","location":[],)"
                                R"("params":{"value":{"id":7}}})"));
  }
  SECTION("clear") {
    p.clear();
    CHECK(p.to_json() == single(R"({"operation":"Clear","location":[],)"
                                R"("params":{}})"));
  }
  SECTION("reverse") {
    p.reverse();
    CHECK(p.to_json() == single(R"({"operation":"Reverse","location":[],)"
                                R"("params":{}})"));
  }
  CHECK(p.size() == 1);
  CHECK_FALSE(p.empty());
}

TEST_CASE("merge, assign and delete at the root", "[model][unit]") {
  patch p;
  SECTION("merge") {
    p.merge(json::object{{"a", 1}, {"b", json::array{2}}});
    CHECK(p.to_json() == single(R"({"operation":"Merge","location":[],)"
                                R"("params":{"value":{"a":1,"b":[2]}}})"));
  }
  SECTION("assign puts the key in the location") {
    p.assign("title", "New");
    CHECK(p.to_json() == single(R"({"operation":"Assign",)"
                                R"("location":["title"],)"
                                R"("params":{"value":"New"}})"));
  }
  SECTION("erase is a Delete of the child, with empty params") {
    p.erase("key");
    CHECK(p.to_json() == single(R"({"operation":"Delete",)"
                                R"("location":["key"],"params":{}})"));
  }
  SECTION("= on a cursor is an Assign") {
    p["title"] = "New";
    CHECK(p.to_json() == single(R"({"operation":"Assign",)"
                                R"("location":["title"],)"
                                R"("params":{"value":"New"}})"));
  }
}

TEST_CASE("arithmetic operations", "[model][unit]") {
  patch p;
  p["count"].add(1);
  p["count"].sub(2.5);
  p["count"].mul(-3);
  p["count"].div(4);
  CHECK(operations_of(p)
        == R"([{"operation":"Add","location":["count"],"params":{"value":1}},)"
           R"({"operation":"Sub","location":["count"],)"
           R"("params":{"value":2.5E0}},)"
           R"({"operation":"Mul","location":["count"],)"
           R"("params":{"value":-3}},)"
           R"({"operation":"Div","location":["count"],)"
           R"("params":{"value":4}}])");
}

TEST_CASE("cursors reach nested paths of keys and indices", "[model][unit]") {
  patch p;
  p["data"][0]["y"].append(5);
  p["layout"]["title"] = "New";
  p["layout"].assign("xaxis", json::object{{"range", json::array{0, 1}}});
  p["a"].erase(0);
  p["a"][std::size_t{3}][std::int64_t{-1}].clear();
  CHECK(p.size() == 5);
  CHECK(p.to_json() == json::parse(R"({
    "__dash_patch_update": "__dash_patch_update",
    "operations": [
      {"operation": "Append", "location": ["data", 0, "y"],
       "params": {"value": 5}},
      {"operation": "Assign", "location": ["layout", "title"],
       "params": {"value": "New"}},
      {"operation": "Assign", "location": ["layout", "xaxis"],
       "params": {"value": {"range": [0, 1]}}},
      {"operation": "Delete", "location": ["a", 0], "params": {}},
      {"operation": "Clear", "location": ["a", 3, -1], "params": {}}
    ]})"));
}

TEST_CASE("every operation works through a cursor", "[model][unit]") {
  patch p;
  auto c = p["l"];
  c.append(1);
  c.prepend(2);
  c.insert(0, 3);
  c.extend(json::array{4});
  c.remove(5);
  c.clear();
  c.reverse();
  c.merge(json::object{{"k", 6}});
  c.add(7);
  c.sub(8);
  c.mul(9);
  c.div(10);
  c.assign("x", 11);
  c.erase("y");
  c = 12;
  std::vector<std::string> names;
  std::vector<std::string> locations;
  auto wire = p.to_json();
  for (const auto& op : wire.at("operations").as_array()) {
    names.emplace_back(op.at("operation").as_string());
    locations.push_back(json::serialize(op.at("location")));
  }
  CHECK(names
        == std::vector<std::string>{"Append", "Prepend", "Insert", "Extend",
                                    "Remove", "Clear", "Reverse", "Merge",
                                    "Add", "Sub", "Mul", "Div", "Assign",
                                    "Delete", "Assign"});
  auto at_l = std::string(R"(["l"])");
  CHECK(locations
        == std::vector<std::string>{at_l, at_l, at_l, at_l, at_l, at_l, at_l,
                                    at_l, at_l, at_l, at_l, at_l,
                                    R"(["l","x"])", R"(["l","y"])", at_l});
  CHECK(c.location() == json::array{"l"});
}

TEST_CASE("path keys convert from strings and integers", "[model][unit]") {
  patch p;
  std::string key = "s";
  std::string_view view = "v";
  p[key][view]["c"][0][std::size_t{1}][std::int64_t{2}][3u].clear();
  CHECK(operations_of(p)
        == R"([{"operation":"Clear","location":["s","v","c",0,1,2,3],)"
           R"("params":{}}])");
  CHECK_THROWS_AS(p[static_cast<const char*>(nullptr)],
                  std::invalid_argument);
}

TEST_CASE("operations keep the order they were made in", "[model][unit]") {
  patch p;
  p["b"] = 1;
  p.append(2);
  p["a"] = 3;
  p.erase("b");
  CHECK(operations_of(p)
        == R"([{"operation":"Assign","location":["b"],"params":{"value":1}},)"
           R"({"operation":"Append","location":[],"params":{"value":2}},)"
           R"({"operation":"Assign","location":["a"],"params":{"value":3}},)"
           R"({"operation":"Delete","location":["b"],"params":{}}])");
}

TEST_CASE("extend and merge accept values converting to a list or dict",
          "[model][unit]") {
  patch p;
  p.extend(std::vector<int>{1, 2});
  p.extend({3, "four"});
  p.extend(json::value(json::array{5}));
  p.merge(std::map<std::string, int>{{"a", 1}});
  p.merge({{"b", 2}});
  CHECK(operations_of(p)
        == R"([{"operation":"Extend","location":[],"params":{"value":[1,2]}},)"
           R"({"operation":"Extend","location":[],)"
           R"("params":{"value":[3,"four"]}},)"
           R"({"operation":"Extend","location":[],"params":{"value":[5]}},)"
           R"({"operation":"Merge","location":[],)"
           R"("params":{"value":{"a":1}}},)"
           R"({"operation":"Merge","location":[],)"
           R"("params":{"value":{"b":2}}}])");
}

TEST_CASE("extend needs a list and merge a dict", "[model][unit]") {
  patch p;
  CHECK_THROWS_AS(p.extend(5), std::invalid_argument);
  CHECK_THROWS_AS(p["x"].extend(json::object{}), std::invalid_argument);
  CHECK_THROWS_WITH(p.extend("abc"),
                    "patch extend needs a list (a JSON array), got string");
  CHECK_THROWS_AS(p.merge(json::array{1}), std::invalid_argument);
  CHECK_THROWS_WITH(p["y"].merge(3),
                    "patch merge needs a dict (a JSON object), got number");
  CHECK(p.empty());
}

TEST_CASE("a patch is a value: copies record independently",
          "[model][unit]") {
  patch a;
  a.append(1);
  patch b = a;
  b.append(2);
  CHECK(a.size() == 1);
  CHECK(b.size() == 2);
  a = b;
  CHECK(a.to_json() == b.to_json());
}

TEST_CASE("value_from gives the wire form", "[model][unit]") {
  patch p;
  p["layout"]["title"] = "New";
  CHECK(json::value_from(p) == p.to_json());
  dash::model::value_arg as_output = p;
  CHECK(as_output.get().at("__dash_patch_update") == "__dash_patch_update");
  CHECK(as_output.get().at("operations").as_array().size() == 1);
}
