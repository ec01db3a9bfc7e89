// tests/support/faults_app.cpp
// A test-only app with callbacks that misbehave on purpose, for the
// supervision, timeout, overload and metrics tests: ok (echo), boom (throws
// std::runtime_error), crash (throws a non-std value), hang (sleeps the
// given ms past a 300 ms timeout), slow (sleeps the given ms, one at once).
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include <dash/dash.hpp>

int main(int argc, char** argv) {
  using namespace dash;
  using std::chrono::milliseconds;
  app a{"faults"};
  a.layout(html::div({dcc::input("ok-in", "x"), html::div().id("ok"),
                      dcc::input("boom-in", "x"), html::div().id("boom"),
                      dcc::input("crash-in", "x"), html::div().id("crash"),
                      dcc::input("hang-in", "0"), html::div().id("hang"),
                      dcc::input("slow-in", "0"), html::div().id("slow")}));
  a.callback(output("ok", "children"), input("ok-in", "value"),
             [](std::string v) { return "ok:" + v; });
  a.callback(output("boom", "children"), input("boom-in", "value"),
             [](std::string v) -> std::string {
               throw std::runtime_error("boom " + v);
             });
  a.callback(output("crash", "children"), input("crash-in", "value"),
             [](std::string) -> std::string {
               throw 42; // not a std::exception: the worker is replaced
             });
  a.callback(output("hang", "children"), input("hang-in", "value"),
             model::callback_options{false, 2, milliseconds{300}},
             [](int ms) {
               std::this_thread::sleep_for(milliseconds{ms});
               return "woke after " + std::to_string(ms) + " ms";
             });
  a.callback(output("slow", "children"), input("slow-in", "value"),
             model::callback_options{false, 1},
             [](int ms) {
               std::this_thread::sleep_for(milliseconds{ms});
               return "slept " + std::to_string(ms) + " ms";
             });
  return serve(a, argc, argv);
}
