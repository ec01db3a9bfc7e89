// tests/model/callback_context_test.cpp
// Unit tests for model/callback_context: what a callback can learn about
// the request that runs it (triggers, inputs, state, positional args).
#include "model/callback_context.hpp"

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using dash::json::object;
using dash::json::parse;
using dash::json::value;
using dash::model::callback_context;
using dash::model::callback_request;
using dash::model::parse_callback_request;

namespace {

callback_context context_for(const char* body) {
  auto req
    = std::make_shared<const callback_request>(parse_callback_request(body));
  return callback_context{req, nullptr, "req-7"};
}

constexpr const char* body_dropdown_fired = R"({
  "output": "out.children",
  "outputs": {"id": "out", "property": "children"},
  "inputs": [
    {"id": "dropdown", "property": "value", "value": "Montreal"},
    {"id": "btn", "property": "n_clicks"}
  ],
  "changedPropIds": ["dropdown.value"],
  "state": [{"id": "name", "property": "value", "value": 42}]
})";

constexpr const char* body_initial = R"({
  "output": "out.children",
  "outputs": {"id": "out", "property": "children"},
  "inputs": [{"id": "dropdown", "property": "value", "value": "Montreal"}]
})";

constexpr const char* body_dict_fired = R"({
  "output": "out.children",
  "outputs": {"id": "out", "property": "children"},
  "inputs": [
    {"id": {"type": "btn", "index": 1}, "property": "n_clicks", "value": 3},
    {"id": "other", "property": "value", "value": "o"}
  ],
  "changedPropIds": ["{\"index\":1,\"type\":\"btn\"}.n_clicks",
                     "other.value"]
})";

} // namespace

TEST_CASE("triggered lists each changed prop with its value", "[model][unit]") {
  auto ctx = context_for(body_dropdown_fired);
  auto t = ctx.triggered();
  REQUIRE(t.size() == 1);
  CHECK(t[0].prop_id == "dropdown.value");
  CHECK(t[0].value == value("Montreal"));
  CHECK(ctx.triggered_id() == "dropdown");
}

TEST_CASE("nothing is triggered on the initial call", "[model][unit]") {
  auto ctx = context_for(body_initial);
  CHECK(ctx.triggered().empty());
  CHECK(ctx.triggered_id().is_null());
  CHECK_FALSE(ctx.triggered_by("dropdown"));
}

TEST_CASE("triggered_by takes an id or an id.prop", "[model][unit]") {
  auto ctx = context_for(body_dropdown_fired);
  CHECK(ctx.triggered_by("dropdown"));
  CHECK(ctx.triggered_by("dropdown.value"));
  CHECK_FALSE(ctx.triggered_by("btn"));
  CHECK_FALSE(ctx.triggered_by("drop"));
  CHECK_FALSE(ctx.triggered_by("dropdown.val"));
  CHECK_FALSE(ctx.triggered_by("dropdown.value.x"));
}

TEST_CASE("dict ids trigger by their sorted JSON", "[model][unit]") {
  auto ctx = context_for(body_dict_fired);
  // A dict id comes back as the object, as Dash's ctx.triggered_id.
  CHECK(ctx.triggered_id() == parse(R"({"index":1,"type":"btn"})"));
  CHECK(ctx.triggered_by(R"({"index":1,"type":"btn"})"));
  CHECK(ctx.triggered_by("other"));
  auto t = ctx.triggered();
  REQUIRE(t.size() == 2);
  CHECK(t[0].value == value(3));
  CHECK(t[1].prop_id == "other.value");
  CHECK(t[1].value == value("o"));
}

TEST_CASE("inputs and states map id.prop to values", "[model][unit]") {
  auto ctx = context_for(body_dropdown_fired);
  CHECK(ctx.inputs()
        == parse(R"({"dropdown.value":"Montreal","btn.n_clicks":null})")
             .as_object());
  CHECK(ctx.states() == parse(R"({"name.value":42})").as_object());
  CHECK(context_for(body_initial).states().empty());
}

TEST_CASE("value finds inputs and states, null otherwise", "[model][unit]") {
  auto ctx = context_for(body_dropdown_fired);
  CHECK(ctx.value("dropdown", "value") == value("Montreal"));
  CHECK(ctx.value("name", "value") == value(42));
  CHECK(ctx.value("btn", "n_clicks").is_null());
  CHECK(ctx.value("nope", "value").is_null());
  CHECK(ctx.value("dropdown", "options").is_null());
}

TEST_CASE("args are inputs then states, in order", "[model][unit]") {
  auto ctx = context_for(body_dropdown_fired);
  auto args = ctx.args();
  REQUIRE(args.size() == 3);
  CHECK(*args[0] == value("Montreal"));
  CHECK(args[1]->is_null());
  CHECK(*args[2] == value(42));
}

TEST_CASE("the request and its id are available", "[model][unit]") {
  auto ctx = context_for(body_dropdown_fired);
  CHECK(ctx.request_id() == "req-7");
  CHECK(ctx.request().output == "out.children");
}
