// tests/model/component_test.cpp
// Unit tests for model/component: the wire form of a component, every kind
// of child, and builders that return copies.
#include "model/component.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

using dash::json::array;
using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::child;
using dash::model::children;
using dash::model::component;

TEST_CASE("a component serialises as type, namespace and props",
          "[model][unit]") {
  component c{"my_ns", "Widget"};
  CHECK(c.ns() == "my_ns");
  CHECK(c.type() == "Widget");
  CHECK(c.props().empty());
  CHECK(c.to_json()
        == parse(R"({"type":"Widget","namespace":"my_ns","props":{}})"));
}

TEST_CASE("with sets a prop on a copy and overwrites an earlier value",
          "[model][unit]") {
  component base{"ns", "T"};
  auto one = base.with("n", 1);
  auto two = one.with("n", 2);
  CHECK(base.prop("n") == nullptr);
  REQUIRE(one.prop("n") != nullptr);
  CHECK(*one.prop("n") == value(1));
  CHECK(*two.prop("n") == value(2));
  CHECK(two.props().size() == 1);
}

TEST_CASE("chained id, class_name and style leave the original unchanged",
          "[model][unit]") {
  component base{"ns", "T"};
  auto styled
    = base.id("main").class_name("box wide").style({{"color", "red"}});
  CHECK(base.props().empty());
  CHECK(styled.to_json().at("props")
        == parse(R"({"id":"main","className":"box wide",
                     "style":{"color":"red"}})"));
  auto restyled = styled.style({{"margin", 0}});
  CHECK(styled.props().at("style") == parse(R"({"color":"red"})"));
  CHECK(restyled.props().at("style") == parse(R"({"margin":0})"));
}

TEST_CASE("children given as a named list stay usable; a temporary list "
          "and a temporary child are moved in with the same wire form",
          "[model][unit]") {
  children kids{component{"ns", "A"}.id("a"), "text", 3};
  auto from_named = component{"ns", "P"}.children(kids);
  REQUIRE(kids.size() == 3);
  CHECK(kids[0].json().at("props").at("id") == value("a"));
  auto from_temp = component{"ns", "P"}.children(std::move(kids));
  CHECK(from_named.to_json() == from_temp.to_json());
  CHECK(from_named.to_json().at("props").at("children")
        == parse(R"([{"type":"A","namespace":"ns","props":{"id":"a"}},
                     "text",3])"));
  child one{component{"ns", "B"}};
  auto named_child = component{"ns", "P"}.child_(one);
  CHECK(one.json().at("type") == value("B"));
  CHECK(named_child.props().at("children").at("type") == value("B"));
  // A temporary component converts by move to the same JSON as a copy.
  component c{"ns", "C"};
  auto copied = dash::json::value_from(c);
  auto moved = dash::json::value_from(component{"ns", "C"});
  CHECK(copied == moved);
  CHECK(c.type() == "C");
}

TEST_CASE("props take any JSON-convertible value", "[model][unit]") {
  const std::string id = "main";
  component inner{"ns", "Inner"};
  auto c = component{"ns", "T"}
             .id(id)
             .with("tags", std::vector<std::string>{"a", "b"})
             .with("inner", inner)
             .with("none", nullptr);
  CHECK(c.props().at("id") == value("main"));
  CHECK(c.props().at("tags") == parse(R"(["a","b"])"));
  CHECK(c.props().at("inner") == inner.to_json());
  CHECK(c.props().at("none").is_null());
}

TEST_CASE("a dict id is kept as an object", "[model][unit]") {
  auto c = component{"ns", "T"}.id(object{{"type", "card"}, {"index", 2}});
  CHECK(c.props().at("id") == parse(R"({"type":"card","index":2})"));
}

TEST_CASE("children accepts components, text and numbers", "[model][unit]") {
  component inner{"ns", "Inner"};
  std::string text = "std string";
  std::string_view view = "view";
  auto c = component{"ns", "Outer"}.children(
    {inner, "literal", text, view, 3, 4L, 5LL, 2.5});
  CHECK(c.props().at("children") == parse(R"([
    {"type":"Inner","namespace":"ns","props":{}},
    "literal", "std string", "view", 3, 4, 5, 2.5])"));
}

TEST_CASE("children from a run-time list, empty list included",
          "[model][unit]") {
  children kids;
  for (int i = 0; i < 3; ++i)
    kids.emplace_back(i * 10);
  CHECK(component{"ns", "T"}.children(kids).props().at("children")
        == parse("[0,10,20]"));
  CHECK(component{"ns", "T"}.children(children{}).props().at("children")
        == array{});
}

TEST_CASE("child_ sets a single child that is not wrapped in a list",
          "[model][unit]") {
  CHECK(component{"ns", "T"}.child_("hello").props().at("children")
        == value("hello"));
  CHECK(component{"ns", "T"}.child_(7).props().at("children") == value(7));
  component inner{"ns", "Inner"};
  CHECK(component{"ns", "T"}.child_(inner).props().at("children")
        == inner.to_json());
}

TEST_CASE("child::from_json passes any JSON through", "[model][unit]") {
  auto kid = child::from_json(parse(R"({"k":[1,2]})"));
  CHECK(kid.json() == parse(R"({"k":[1,2]})"));
  CHECK(dash::model::children_json({kid, "x"})
        == parse(R"([{"k":[1,2]},"x"])"));
}

TEST_CASE("a child copies the component as it was when added",
          "[model][unit]") {
  component inner{"ns", "Inner"};
  auto outer = component{"ns", "Outer"}.children({inner});
  inner = inner.id("later");
  CHECK(outer.props().at("children").as_array().at(0)
        == parse(R"({"type":"Inner","namespace":"ns","props":{}})"));
}

TEST_CASE("value_from turns a component into its wire form", "[model][unit]") {
  auto c = component{"ns", "T"}.id("x");
  CHECK(dash::json::value_from(c) == c.to_json());
}

TEST_CASE("a temporary component moved into a child has the same wire form "
          "as a copied one",
          "[model][unit]") {
  auto make = [] {
    return component{"ns", "Td"}.id("cell").children({"text", 3});
  };
  const auto kept = make();
  child copied{kept};
  child moved{make()};
  CHECK(moved.json() == copied.json());
  CHECK(moved.json() == kept.to_json());
  auto nested = component{"ns", "Tr"}.children({make(), kept});
  const auto& kids = nested.props().at("children").as_array();
  REQUIRE(kids.size() == 2);
  CHECK(kids.at(0) == kids.at(1));
}
