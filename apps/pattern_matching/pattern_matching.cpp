// apps/pattern_matching/pattern_matching.cpp
// Layout and callbacks of the pattern_matching app: every id, text and
// callback the browser tests (tests/e2e/pattern_matching.test.js) expect.
#include "apps/pattern_matching/pattern_matching.hpp"

#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace apps {

namespace {

using dash::json::array;
using dash::json::object;
using dash::json::value;

/// The note input's dict id.
object note_id() {
  return object{{"role", "note"}, {"index", 0}};
}

/// A number or string from an id, as text ("3", "a"); "" otherwise.
std::string text_of(const value& v) {
  if (v.is_string())
    return std::string{v.get_string()};
  if (v.is_int64())
    return std::to_string(v.get_int64());
  if (v.is_uint64())
    return std::to_string(v.get_uint64());
  if (v.is_null())
    return {};
  return dash::json::serialize(v);
}

/// The "index" of the component a MATCH callback runs for. Read from the
/// inputs the renderer sent, since a row just added fires its callback
/// with no triggering input.
std::string matched_index(const dash::callback_context& ctx) {
  auto inputs = ctx.inputs_list();
  if (!inputs.empty() && inputs.front().is_object()) {
    const auto& id = inputs.front().as_object().at("id");
    if (id.is_object() && id.as_object().contains("index"))
      return text_of(id.as_object().at("index"));
  }
  return {};
}

/// One filter row: a city dropdown and the text its MATCH callback fills.
dash::component filter_row(long long n) {
  using namespace dash;
  return html::div({
    dcc::dropdown(object{{"type", "city"}, {"index", n}},
                  array{"NYC", "MTL", "LA", "TOKYO"}, nullptr),
    html::div().id(object{{"type", "city-out"}, {"index", n}}),
  });
}

void add_filter_callbacks(dash::app& app) {
  using namespace dash;
  app.callback(
    output("dropdown-container", "children"),
    input("add-filter", "n_clicks"),
    callback_options{.prevent_initial_call = true},
    [](const callback_context& ctx, long long n) {
      ctx.set_props("status",
                    object{{"children", "Added filter " + std::to_string(n)}});
      patch p;
      p.append(filter_row(n));
      return p;
    });
  app.callback(
    output(object{{"type", "city-out"}, {"index", MATCH}}, "children"),
    input(object{{"type", "city"}, {"index", MATCH}}, "value"),
    [](const callback_context& ctx, std::optional<std::string> city) {
      return "Filter " + matched_index(ctx) + ": "
             + (city && !city->empty() ? *city : std::string{"none"});
    });
  app.callback(
    output("summary", "children"),
    input(object{{"type", "city"}, {"index", ALL}}, "value"),
    [](const std::vector<std::optional<std::string>>& cities) {
      std::string chosen;
      for (const auto& c : cities) {
        if (!c || c->empty())
          continue;
        chosen += (chosen.empty() ? "" : ", ") + *c;
      }
      return "Selected: " + (chosen.empty() ? std::string{"none"} : chosen);
    });
  app.clientside_callback(output("filter-count", "children"),
                          input("add-filter", "n_clicks"),
                          R"js((n) => "Filters: " + (n || 0))js");
}

} // namespace

dash::component pattern_matching_layout() {
  using namespace dash;
  return html::div({
    html::button("Add filter").id("add-filter"),
    html::div().id("filter-count"),
    html::div().id("dropdown-container").children(children{}),
    html::div().id("summary"),
    html::div().id("status"),
    html::button("Clear status").id("clear-status"),
    html::button("Slow").id("slow"),
    html::div().id("slow-output"),
    dcc::input(note_id(), ""),
    html::div().id("note-echo"),
    html::div().id("note-upper"),
  });
}

void pattern_matching_callbacks(dash::app& app,
                                dash::flag<std::chrono::milliseconds> delay) {
  using namespace dash;
  add_filter_callbacks(app);
  app.callback(output("status", "children", allow_duplicate),
               input("clear-status", "n_clicks"),
               callback_options{.prevent_initial_call = true},
               [](std::optional<long long>) { return "Cleared"; });
  app.callback(
    output("slow-output", "children"), input("slow", "n_clicks"),
    callback_options{.prevent_initial_call = true,
                     .running = {{output("slow", "disabled"), true, false}}},
    [delay](long long n) {
      std::this_thread::sleep_for(*delay);
      return "Slow done " + std::to_string(n);
    });
  app.callback(output("note-echo", "children"), input(note_id(), "value"),
               [](std::optional<std::string> note) {
                 return "Note: " + note.value_or("");
               });
  app.clientside_callback(output("note-upper", "children"),
                          input(note_id(), "value"),
                          clientside_function{"demo", "upper"});
}

} // namespace apps
