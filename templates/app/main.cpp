// main.cpp
// A minimal dashcpp app: a dropdown and an input drive a text, with a
// stylesheet from assets/. Start it with `./build/my_dashboard`.
#include <optional>
#include <string>

#include <dash/dash.hpp>

int main(int argc, char** argv) {
  using namespace dash;
  app app{"my_dashboard"};
  app.title("My dashboard");
  app.layout(html::div({
    html::h1("My dashboard"),
    dcc::dropdown("color", {"red", "green", "blue"}, "red"),
    dcc::input("name", "world"),
    html::div().id("greeting"),
  }));
  app.callback(output("greeting", "children"), input("color", "value"),
               input("name", "value"),
               [](std::optional<std::string> color,
                  std::optional<std::string> name) {
                 return "Hello, " + name.value_or("nobody") + ", in "
                        + color.value_or("no colour") + "!";
               });
  return serve(app, argc, argv);
}
