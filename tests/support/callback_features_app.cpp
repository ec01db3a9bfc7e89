// tests/support/callback_features_app.cpp
// Test-only app for tests/e2e/callback_features.test.js and the HTTP tests:
// dict ids, MATCH, ALL, ALLSMALLER, Patch, on_error, no-output and no-input
// callbacks, and what a callback reads of the HTTP request.
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <dash/dash.hpp>

namespace {

using dash::json::array;
using dash::json::object;
using dash::json::value;

/// A number (or anything else) as a person reads it: 3, 1.5, "" for null.
std::string text_of(const value& v) {
  if (v.is_null())
    return {};
  if (v.is_string())
    return std::string{v.get_string()};
  if (v.is_number()) {
    std::ostringstream out;
    out << v.to_number<double>();
    return out.str();
  }
  return dash::json::serialize(v);
}

/// The value of `v` as a number; null and text that is not one count 0.
double number_of(const value& v) {
  if (v.is_number())
    return v.to_number<double>();
  return 0;
}

object greet_id() {
  return object{{"role", "greet"}, {"index", 0}};
}

// -- a dict-id input that fires on page load --------------------------------

dash::component greet_section() {
  using namespace dash;
  return html::section({dcc::input(greet_id(), "world"),
                        html::div().id("greet-out")});
}

void greet_callback(dash::app& a) {
  using namespace dash;
  a.callback(output("greet-out", "children"), input(greet_id(), "value"),
             [](const callback_context& ctx, std::optional<std::string> v) {
               auto text = "Hello, " + v.value_or("");
               auto by = ctx.triggered_id();
               if (by.is_object())
                 text += " [typed in " + text_of(by.at("role")) + " "
                         + text_of(by.at("index")) + "]";
               return text;
             });
}

// -- MATCH + ALLSMALLER (the sum of the rows above), ALL (doubled) ----------

constexpr int rows = 4;

dash::component running_sum_section() {
  using namespace dash;
  children kids;
  for (int i = 0; i < rows; ++i)
    kids.push_back(html::div({
      dcc::input(object{{"type", "num"}, {"index", i}}, i + 1)
        .with("type", "number"),
      html::span().id(object{{"type", "sum"}, {"index", i}}),
      html::span().id(object{{"type", "double"}, {"index", i}}),
    }));
  return html::section(kids);
}

void running_sum_callback(dash::app& a) {
  using namespace dash;
  a.callback(
    output(object{{"type", "sum"}, {"index", MATCH}}, "children"),
    input(object{{"type", "num"}, {"index", MATCH}}, "value"),
    input(object{{"type", "num"}, {"index", ALLSMALLER}}, "value"),
    [](const callback_context& ctx, const value& mine,
       const std::vector<value>& earlier) {
      double sum = 0;
      for (const auto& v : earlier)
        sum += number_of(v);
      // The row's index, from the output the renderer asked for.
      auto out = ctx.outputs_list();
      auto row = text_of(out.at("id").at("index"));
      return "Row " + row + ": " + text_of(mine) + ", earlier sum "
             + text_of(value(sum));
    });
  a.callback(output(object{{"type", "double"}, {"index", ALL}}, "children"),
             input(object{{"type", "num"}, {"index", ALL}}, "value"),
             [](const std::vector<value>& all) {
               std::vector<std::string> out;
               for (const auto& v : all)
                 out.push_back(" doubled " + text_of(value(2 * number_of(v))));
               return out;
             });
}

// -- Patch operations on a dcc.Store and on a children list -----------------

const char* const ops[] = {"prepend", "insert", "remove", "reverse", "extend",
                           "assign",  "merge",  "erase",  "clear"};

dash::component patch_section() {
  using namespace dash;
  children kids;
  for (const char* op : ops)
    kids.push_back(html::button(op).id(std::string{"op-"} + op));
  kids.push_back(
    dcc::store("items-store",
               object{{"items", array{"b", "c"}},
                      {"meta", object{{"title", "Fruits"}, {"changes", 0}}}}));
  kids.push_back(html::div().id("items-view"));
  kids.push_back(html::button("Patch the list").id("ul-patch"));
  kids.push_back(
    html::ul({html::li("one"), html::li("two")}).id("patch-ul"));
  return html::section(kids);
}

/// Records the operation the button `op` stands for into `p`.
void apply_op(const std::string& op, dash::patch& p) {
  if (op == "op-prepend") {
    p["items"].prepend("a");
  } else if (op == "op-insert") {
    p["items"].insert(1, "x");
  } else if (op == "op-remove") {
    p["items"].remove("b");
  } else if (op == "op-reverse") {
    p["items"].reverse();
  } else if (op == "op-extend") {
    p["items"].extend({"d", "e"});
  } else if (op == "op-assign") {
    p["meta"]["title"] = "Renamed";
    p["items"][0] = "z";
  } else if (op == "op-merge") {
    p["meta"].merge({{"note", "merged"}});
  } else if (op == "op-erase") {
    p["meta"].erase("note");
  } else if (op == "op-clear") {
    p["items"].clear();
  } else {
    throw dash::prevent_update{};
  }
}

void patch_callbacks(dash::app& a) {
  using namespace dash;
  using clicks = std::optional<long long>;
  a.callback(output("items-store", "data"), input("op-prepend", "n_clicks"),
             input("op-insert", "n_clicks"), input("op-remove", "n_clicks"),
             input("op-reverse", "n_clicks"), input("op-extend", "n_clicks"),
             input("op-assign", "n_clicks"), input("op-merge", "n_clicks"),
             input("op-erase", "n_clicks"), input("op-clear", "n_clicks"),
             callback_options{.prevent_initial_call = true},
             [](const callback_context& ctx, clicks, clicks, clicks, clicks,
                clicks, clicks, clicks, clicks, clicks) {
               auto by = ctx.triggered_id();
               if (!by.is_string())
                 throw prevent_update{};
               patch p;
               apply_op(std::string{by.get_string()}, p);
               p["meta"]["changes"].add(1);
               return p;
             });
  // What a person sees of the store: "Title: a, b (note) [n changes]".
  a.callback(output("items-view", "children"), input("items-store", "data"),
             [](const value& data) {
               const auto& d = data.as_object();
               const auto& meta = d.at("meta").as_object();
               std::string items;
               for (const auto& x : d.at("items").as_array())
                 items += (items.empty() ? "" : ", ") + text_of(x);
               auto text = text_of(meta.at("title")) + ": "
                            + (items.empty() ? "(empty)" : items);
               if (const auto* note = meta.if_contains("note"))
                 text += " (" + text_of(*note) + ")";
               return text + " [" + text_of(meta.at("changes"))
                      + " changes]";
             });
  a.callback(output("patch-ul", "children"), input("ul-patch", "n_clicks"),
             callback_options{.prevent_initial_call = true},
             [](long long) {
               patch p;
               p.prepend(html::li("zero"));
               p[2]["props"]["children"] = "TWO";
               return p;
             });
}

// -- on_error, no-output and no-input callbacks -----------------------------

dash::component errors_section() {
  using namespace dash;
  return html::section({
    html::button("Fail, handled by the callback").id("boom-own"),
    html::div().id("own-error-out"),
    html::button("Fail, handled by the app").id("boom-app"),
    html::div("untouched").id("app-error-out"),
    html::div().id("app-error"),
    html::button("Ping").id("ping"),
    html::div().id("ping-out"),
    html::div().id("loaded"),
    html::button("Who am I").id("whoami"),
    html::div().id("whoami-out"),
    html::div().id("optional-out"),
  });
}

void error_callbacks(dash::app& a) {
  using namespace dash;
  a.callback(output("own-error-out", "children"), input("boom-own", "n_clicks"),
             callback_options{
               .prevent_initial_call = true,
               .on_error = [](const std::exception& e) {
                 return std::string{"Recovered: "} + e.what();
               }},
             [](long long n) -> std::string {
               throw std::runtime_error("kaboom " + std::to_string(n));
             });
  a.callback(output("app-error-out", "children"), input("boom-app", "n_clicks"),
             callback_options{.prevent_initial_call = true},
             [](long long n) -> std::string {
               throw std::runtime_error("app-level " + std::to_string(n));
             });
  // Every callback without an on_error of its own: shows the message
  // elsewhere and leaves the callback's outputs alone.
  a.on_error([](const callback_context& ctx, const std::exception& e) {
    ctx.set_props("app-error",
                  object{{"children", std::string{"App caught: "} + e.what()}});
  });
  // No output: changes another component through set_props.
  a.callback(input("ping", "n_clicks"),
             callback_options{.prevent_initial_call = true},
             [](const callback_context& ctx, long long n) {
               ctx.set_props("ping-out",
                             object{{"children",
                                     "Pinged " + std::to_string(n)}});
             });
  // The HTTP request, read-only: remote address, path, a header, a cookie.
  a.callback(output("whoami-out", "children"), input("whoami", "n_clicks"),
             callback_options{.prevent_initial_call = true},
             [](const callback_context& ctx, long long) {
               auto headers = ctx.headers();
               auto cookies = ctx.cookies();
               auto agent = headers.if_contains("user-agent");
               auto flavour = cookies.if_contains("flavour");
               return "from " + ctx.remote() + " to " + ctx.path()
                      + " agent=" + (agent ? text_of(*agent) : "?")
                      + " flavour=" + (flavour ? text_of(*flavour) : "?");
             });
  // An optional input naming a component that is not in the page: the
  // renderer sends null instead of reporting a nonexistent object.
  a.callback(output("optional-out", "children"), input(greet_id(), "value"),
             input("not-in-the-page", "value", allow_optional),
             [](std::optional<std::string> greet,
                std::optional<std::string> absent) {
               return "Optional input: " + absent.value_or("absent")
                      + " (greet " + greet.value_or("") + ")";
             });
  // No input: runs once when the page loads.
  a.callback(output("loaded", "children"),
             [] { return "Loaded on page load"; });
}

} // namespace

int main(int argc, char** argv) {
  using namespace dash;
  app a{"callback_features"};
  a.title("Callback features");
  a.layout(html::div({greet_section(), running_sum_section(), patch_section(),
                      errors_section()}));
  greet_callback(a);
  running_sum_callback(a);
  patch_callbacks(a);
  error_callbacks(a);
  return serve(a, argc, argv);
}
