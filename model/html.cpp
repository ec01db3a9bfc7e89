// model/html.cpp
// The one place that names the dash_html_components namespace.
#include "model/html.hpp"

#include <string>

namespace dash::html {

component element(std::string_view type) {
  return component{"dash_html_components", std::string{type}};
}

} // namespace dash::html
