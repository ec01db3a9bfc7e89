// tests/fuzz/fuzz_update_request.cpp
// libFuzzer target for the /_dash-update-component decoding path: bytes ->
// parse_callback_request -> check_matches -> callback_context and the
// handler's argument conversion. Built and run by .ci/fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include "model/app.hpp"
#include "model/callback_context.hpp"
#include "model/callback_request.hpp"
#include "model/callback_result.hpp"
#include "model/errors.hpp"
#include "model/json.hpp"

namespace {

namespace json = dash::json;
using dash::model::callback_context;
using dash::model::input;
using dash::model::output;
using dash::model::output_value;
using dash::model::outputs;
using dash::model::state;
using request = dash::model::callback_request;

/// Reports a broken invariant as a crash, so libFuzzer keeps the input.
[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "fuzz_update_request: %s\n", what);
  __builtin_trap();
}

/// A small app covering what a request can be checked against: single and
/// multi outputs, several inputs, state, dict (pattern-matching) ids, an
/// allow_duplicate output, and each kind of parameter conversion.
dash::model::app make_app() {
  dash::model::app a{"fuzz"};
  a.callback(output("out", "children"), input("in", "value"),
             [](const std::string& s) { return "you typed " + s; });
  a.callback(outputs{output("graph", "figure"), output("table", "data")},
             input("dropdown", "value"), input("button", "n_clicks"),
             state("name", "value"),
             [](const callback_context& ctx, std::optional<std::string> pick,
                std::optional<int> clicks, const json::value& name) {
               if (clicks.value_or(0) < 0)
                 throw dash::prevent_update{};
               auto fig = json::value{{"pick", pick.value_or("")},
                                      {"name", name}};
               if (ctx.triggered_by("button"))
                 return std::make_tuple(
                   output_value{dash::model::no_update},
                   output_value{json::array{clicks.value_or(0)}});
               return std::make_tuple(output_value{fig},
                                      output_value{json::array{}});
             });
  a.callback(output(json::object{{"type", "cell"}, {"index", 0}}, "children"),
             input(json::object{{"type", "slider"}, {"index", 0}}, "value"),
             state("unit", "value"),
             [](double v, std::optional<std::string> unit) {
               return std::to_string(v) + unit.value_or("");
             });
  a.callback(outputs{output("out", "children", dash::model::allow_duplicate)},
             input("numbers", "data"), input("flags", "value"),
             [](std::vector<int> xs, json::object flags) {
               return std::make_tuple(json::value{{"n", xs.size()},
                                                  {"f", flags.size()}});
             },
             dash::model::callback_options{.prevent_initial_call = true});
  // Pattern matching: MATCH with ALLSMALLER state, ALL in and out, and a
  // callback without outputs that sets props.
  using dash::model::ALL;
  using dash::model::ALLSMALLER;
  using dash::model::MATCH;
  a.callback(output(json::object{{"type", "row-out"}, {"index", MATCH}},
                    "children"),
             input(json::object{{"type", "row"}, {"index", MATCH}}, "value"),
             state(json::object{{"type", "row"}, {"index", ALLSMALLER}},
                   "value"),
             [](const callback_context& ctx, std::optional<std::string> v,
                std::vector<std::optional<std::string>> before) {
               (void)json::serialize(ctx.outputs_list());
               return v.value_or("") + std::to_string(before.size());
             });
  a.callback(output(json::object{{"type", "row-out"}, {"index", ALL}},
                    "title"),
             input(json::object{{"type", "row"}, {"index", ALL}}, "value"),
             [](const std::vector<json::value>& vs) { return vs; });
  a.callback(input("ping", "n_clicks"),
             [](const callback_context& ctx, std::optional<int> n) {
               ctx.set_props("pong", {{"children", n.value_or(0)}});
             });
  return a;
}

const dash::model::app& the_app() {
  static const dash::model::app app = [] {
    auto a = make_app();
    if (!a.errors().empty()) {
      for (const auto& e : a.errors())
        std::fprintf(stderr, "fuzz app: %s\n", e.c_str());
      finding("the fuzz app does not register");
    }
    return a;
  }();
  return app;
}

/// Every accessor a callback may call, with invariants that must hold for a
/// request that matched its callback.
void exercise_context(const std::shared_ptr<const request>& req,
                      const dash::model::callback_spec& spec) {
  callback_context ctx{req, nullptr, "fuzz"};
  auto trig = ctx.triggered();
  if (trig.size() != req->changed_props.size())
    finding("triggered() lost or invented entries");
  auto first = ctx.triggered_id();
  if (req->changed_props.empty() != first.is_null())
    finding("triggered_id disagrees with changedPropIds");
  if (first.is_string() && !ctx.triggered_by(first.get_string())
      && !ctx.triggered_by(req->changed_props.front()))
    finding("triggered_by disagrees with triggered_id");
  (void)json::serialize(ctx.triggered_prop_ids());
  (void)json::serialize(ctx.inputs_list());
  (void)json::serialize(ctx.states_list());
  (void)json::serialize(ctx.outputs_list());
  for (const auto& t : trig)
    (void)json::serialize(t.value);
  for (const auto& d : spec.inputs)
    (void)ctx.triggered_by(dash::model::id_key(d.id));
  (void)json::serialize(ctx.inputs());
  (void)json::serialize(ctx.states());
  for (const auto* list : {&spec.inputs, &spec.states})
    for (const auto& d : *list)
      (void)json::serialize(ctx.value(dash::model::id_key(d.id), d.property));
  if (ctx.args().size() != spec.inputs.size() + spec.states.size())
    finding("args() does not have one value per input and state");
  if (!ctx.session_id().empty() || ctx.request_id() != "fuzz")
    finding("context fields changed");
}

/// Runs the callback's handler as a worker would (argument conversion and
/// the response encoding), allowing only the exceptions the model names.
void run_handler(const std::shared_ptr<const request>& req,
                 const dash::model::registered_callback& cb) {
  callback_context ctx{req, nullptr, "fuzz"};
  try {
    auto ret = cb.fn(ctx);
    if (const auto* r = std::get_if<dash::model::callback_result>(&ret))
      (void)dash::model::encode_response(cb.spec, *req, *r,
                                         ctx.side_updates());
  } catch (const dash::argument_error&) {
  } catch (const dash::prevent_update&) {
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const auto& app = the_app();
  std::string_view body{reinterpret_cast<const char*>(data), size};
  request parsed;
  try {
    parsed = dash::model::parse_callback_request(body);
  } catch (const dash::request_error&) {
    return 0; // a clean 400; anything else escapes and is a finding
  }
  for (const auto& o : parsed.outputs)
    for (const auto& d : o.deps)
      (void)d.key();
  auto req = std::make_shared<const request>(std::move(parsed));
  for (const auto& cb : app.callbacks()) {
    try {
      dash::model::check_matches(*req, cb->spec);
    } catch (const dash::request_error&) {
      continue;
    }
    exercise_context(req, cb->spec);
    run_handler(req, *cb);
  }
  return 0;
}
