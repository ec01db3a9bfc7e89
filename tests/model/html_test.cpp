// tests/model/html_test.cpp
// Unit tests for model/html: the dash_html_components builders and the
// ways children can be given to them.
#include "model/html.hpp"

#include <catch2/catch.hpp>

namespace html = dash::html;
using dash::json::parse;
using dash::json::value;

TEST_CASE("html tags name dash_html_components types", "[model][unit]") {
  CHECK(html::div().to_json()
        == parse(R"({"type":"Div","namespace":"dash_html_components",
                     "props":{}})"));
  CHECK(html::h1().type() == "H1");
  CHECK(html::button().type() == "Button");
  CHECK(html::td().type() == "Td");
  CHECK(html::img().type() == "Img");
  CHECK(html::element("Iframe").type() == "Iframe");
  CHECK(html::element("Iframe").ns() == "dash_html_components");
}

TEST_CASE("a braced list becomes a children list", "[model][unit]") {
  auto d = html::div({html::span("a"), "b", 3});
  CHECK(d.to_json() == parse(R"({
    "type":"Div","namespace":"dash_html_components","props":{"children":[
      {"type":"Span","namespace":"dash_html_components",
       "props":{"children":"a"}},
      "b", 3]}})"));
}

TEST_CASE("a one-element braced list is still a list", "[model][unit]") {
  CHECK(html::div({"only"}).props().at("children") == parse(R"(["only"])"));
}

TEST_CASE("a single child is given as it is", "[model][unit]") {
  CHECK(html::p("text").props().at("children") == value("text"));
  CHECK(html::p(12).props().at("children") == value(12));
  CHECK(html::div(html::br()).props().at("children") == html::br().to_json());
}

TEST_CASE("a children vector built at run time", "[model][unit]") {
  html::children rows;
  for (const char* name : {"x", "y"})
    rows.emplace_back(html::li(name));
  auto list = html::ul(rows);
  CHECK(list.props().at("children").as_array().size() == 2);
  CHECK(list.props().at("children").as_array().at(1)
        == parse(R"({"type":"Li","namespace":"dash_html_components",
                     "props":{"children":"y"}})"));
}

TEST_CASE("html builders chain props on copies", "[model][unit]") {
  auto plain = html::div("x");
  auto decorated
    = plain.id("box").class_name("card").style({{"padding", "4px"}});
  CHECK(plain.props().size() == 1);
  CHECK(decorated.props().at("id") == value("box"));
  CHECK(decorated.props().at("className") == value("card"));
  CHECK(decorated.props().at("style") == parse(R"({"padding":"4px"})"));
  CHECK(decorated.props().at("children") == value("x"));
}
