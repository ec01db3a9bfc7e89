// tests/model/dcc_test.cpp
// Unit tests for model/dcc: option normalisation and the props each
// dash_core_components builder sets.
#include "model/dcc.hpp"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace dcc = dash::dcc;
using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;

TEST_CASE("options turns strings into label/value pairs", "[model][unit]") {
  CHECK(dcc::options({"red", "blue"})
        == parse(R"([{"label":"red","value":"red"},
                     {"label":"blue","value":"blue"}])"));
}

TEST_CASE("options labels numbers and booleans with their text",
          "[model][unit]") {
  CHECK(dcc::options({1, true}) == parse(R"([{"label":"1","value":1},
                     {"label":"true","value":true}])"));
}

TEST_CASE("options labels a fractional number as the browser shows it",
          "[model][unit]") {
  // Dash (Python and the dropdown itself) shows 1.5 as "1.5".
  auto opts = dcc::options({1.5});
  REQUIRE(opts.size() == 1);
  CHECK(opts[0].at("label") == value("1.5"));
  CHECK(opts[0].at("value") == value(1.5));
}

TEST_CASE("options labels small and large numbers as String() does",
          "[model][unit]") {
  // A learning-rate dropdown: JavaScript's String(x) writes plain decimals
  // down to 1e-6 and up to 1e21, exponents as "1e-7" and "1e+21".
  auto opts = dcc::options({0.001, 0.0001, 0.000001, 1e-7, 2.5e-8, 1e20,
                            1e21, -0.25});
  const char* want[] = {"0.001", "0.0001", "0.000001", "1e-7", "2.5e-8",
                        "100000000000000000000", "1e+21", "-0.25"};
  REQUIRE(opts.size() == 8);
  for (std::size_t i = 0; i < 8; ++i) {
    CAPTURE(i);
    CHECK(opts[i].at("label") == value(want[i]));
  }
}

TEST_CASE("options passes objects through unchanged", "[model][unit]") {
  object custom{{"label", "Montréal"}, {"value", "MTL"}, {"disabled", true}};
  CHECK(dcc::options({custom, "x"})
        == array{custom, object{{"label", "x"}, {"value", "x"}}});
  CHECK(dcc::options({}).empty());
}

TEST_CASE("dropdown sets id, normalised options and value", "[model][unit]") {
  auto d = dcc::dropdown("color", {"red", "blue"}, "red");
  CHECK(d.to_json() == parse(R"({
    "type":"Dropdown","namespace":"dash_core_components","props":{
      "id":"color",
      "options":[{"label":"red","value":"red"},
                 {"label":"blue","value":"blue"}],
      "value":"red"}})"));
}

TEST_CASE("dropdown without a value sends value null", "[model][unit]") {
  auto d = dcc::dropdown("color", {"red"});
  REQUIRE(d.prop("value") != nullptr);
  CHECK(d.prop("value")->is_null());
}

TEST_CASE("store has data only when given", "[model][unit]") {
  CHECK(dcc::store("s").to_json()
        == parse(R"({"type":"Store","namespace":"dash_core_components",
                     "props":{"id":"s"}})"));
  CHECK(dcc::store("s", object{{"k", 1}}).props().at("data")
        == parse(R"({"k":1})"));
}

TEST_CASE("graph with and without a figure", "[model][unit]") {
  CHECK(dcc::graph("g").to_json()
        == parse(R"({"type":"Graph","namespace":"dash_core_components",
                     "props":{"id":"g"}})"));
  auto fig = parse(R"({"data":[{"type":"bar","x":[1],"y":[2]}],
                       "layout":{}})");
  auto g = dcc::graph("g", fig);
  CHECK(g.props().at("id") == value("g"));
  CHECK(g.props().at("figure") == fig);
}

TEST_CASE("builders take std::string and other JSON-convertible values",
          "[model][unit]") {
  const std::string id = "city";
  const std::string picked = "Toronto";
  auto d = dcc::dropdown(id, {"Montreal", "Toronto"}, picked);
  CHECK(d.props().at("id") == value("city"));
  CHECK(d.props().at("value") == value("Toronto"));
  CHECK(dcc::store(id, std::vector<int>{1, 2, 3}).props().at("data")
        == parse("[1,2,3]"));
  CHECK(dcc::store(id, std::map<std::string, double>{{"t", 2.5}})
          .props()
          .at("data")
        == parse(R"({"t":2.5})"));
  CHECK(dcc::input(id, 42).props().at("value") == value(42));
  CHECK(dcc::graph(id, object{{"data", array{}}}).props().at("figure")
        == parse(R"({"data":[]})"));
}

TEST_CASE("a graph may take a dict id", "[model][unit]") {
  CHECK(dcc::graph(object{{"type", "g"}, {"index", 1}}).props().at("id")
        == parse(R"({"type":"g","index":1})"));
}

TEST_CASE("input, interval, slider and markdown props", "[model][unit]") {
  CHECK(dcc::input("in").props() == parse(R"({"id":"in"})").as_object());
  CHECK(dcc::input("in", "x").props().at("value") == value("x"));
  CHECK(dcc::interval("tick", 500).props()
        == parse(R"({"id":"tick","interval":500})").as_object());
  auto s = dcc::slider("s", 0, 10, 2.5);
  CHECK(s.type() == "Slider");
  CHECK(s.props().at("min").to_number<double>() == 0.0);
  CHECK(s.props().at("max").to_number<double>() == 10.0);
  CHECK(s.props().at("value").to_number<double>() == 2.5);
  CHECK(dcc::markdown("# Title").props()
        == parse(R"({"children":"# Title"})").as_object());
}

TEST_CASE("checklist and radio items normalise options", "[model][unit]") {
  auto c = dcc::checklist("c", {"a", "b"}, array{"a"});
  CHECK(c.type() == "Checklist");
  CHECK(c.props().at("options").as_array().size() == 2);
  CHECK(c.props().at("value") == parse(R"(["a"])"));
  CHECK(dcc::checklist("c", {"a"}).props().at("value") == array{});
  auto r = dcc::radio_items("r", {"x"}, "x");
  CHECK(r.type() == "RadioItems");
  CHECK(r.props().at("options") == parse(R"([{"label":"x","value":"x"}])"));
  CHECK(r.props().at("value") == value("x"));
}

TEST_CASE("loading wraps children and location has an id", "[model][unit]") {
  auto l = dcc::loading({dcc::graph("g")});
  CHECK(l.type() == "Loading");
  CHECK(l.props().at("children") == array{dcc::graph("g").to_json()});
  CHECK(dcc::location("url").props() == parse(R"({"id":"url"})").as_object());
  CHECK(dcc::element("Tabs").ns() == "dash_core_components");
}
