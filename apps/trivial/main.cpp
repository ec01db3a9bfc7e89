// apps/trivial/main.cpp
// The smallest callback there is (text in, same text out): what bench/
// measures against a bare Beast server answering the same bytes.
#include <string>

#include <dash/dash.hpp>

int main(int argc, char** argv) {
  using namespace dash;
  app a{"trivial"};
  a.layout(html::div({dcc::input("in", "x"), html::div().id("out")}));
  a.callback(output("out", "children"), input("in", "value"),
             [](std::string value) { return value; });
  return serve(a, argc, argv);
}
