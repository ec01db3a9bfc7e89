// model/html.hpp
// `dash::html`: builders for dash_html_components, one per HTML tag, in the
// shape of Dash's Python API: children first, then props by chained calls.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#include "model/component.hpp"

namespace dash::html {

using model::child;
using model::children;
using model::component;

/// Any element of dash_html_components by its Dash type name ("Div", "H1").
component element(std::string_view type);

#define DASH_HTML_TAG(fn, type_name)                                          \
  inline component fn() {                                                     \
    return element(type_name);                                                \
  }                                                                           \
  inline component fn(std::initializer_list<child> kids) {                    \
    return element(type_name).children(kids);                                 \
  }                                                                           \
  inline component fn(children kids) {                                       \
    return element(type_name).children(std::move(kids));                      \
  }                                                                           \
  inline component fn(child kid) {                                           \
    return element(type_name).child_(std::move(kid));                         \
  }

DASH_HTML_TAG(div, "Div")
DASH_HTML_TAG(span, "Span")
DASH_HTML_TAG(p, "P")
DASH_HTML_TAG(h1, "H1")
DASH_HTML_TAG(h2, "H2")
DASH_HTML_TAG(h3, "H3")
DASH_HTML_TAG(h4, "H4")
DASH_HTML_TAG(h5, "H5")
DASH_HTML_TAG(h6, "H6")
DASH_HTML_TAG(button, "Button")
DASH_HTML_TAG(label, "Label")
DASH_HTML_TAG(a, "A")
DASH_HTML_TAG(pre, "Pre")
DASH_HTML_TAG(code, "Code")
DASH_HTML_TAG(strong, "Strong")
DASH_HTML_TAG(em, "Em")
DASH_HTML_TAG(small, "Small")
DASH_HTML_TAG(ul, "Ul")
DASH_HTML_TAG(ol, "Ol")
DASH_HTML_TAG(li, "Li")
DASH_HTML_TAG(table, "Table")
DASH_HTML_TAG(thead, "Thead")
DASH_HTML_TAG(tbody, "Tbody")
DASH_HTML_TAG(tr, "Tr")
DASH_HTML_TAG(th, "Th")
DASH_HTML_TAG(td, "Td")
DASH_HTML_TAG(section, "Section")
DASH_HTML_TAG(header, "Header")
DASH_HTML_TAG(footer, "Footer")
DASH_HTML_TAG(nav, "Nav")
DASH_HTML_TAG(main, "Main")
DASH_HTML_TAG(hr, "Hr")
DASH_HTML_TAG(br, "Br")
DASH_HTML_TAG(img, "Img")

#undef DASH_HTML_TAG

} // namespace dash::html
