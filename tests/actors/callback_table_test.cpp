// tests/actors/callback_table_test.cpp
// Unit tests for actors/callback_table as spawn_runtime builds it on a real
// actor system: lookup by output string, and many jobs across callbacks.
#include "actors/callbacks/callback_table.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/runtime.hpp"
#include "tests/actors/actor_test_kit.hpp"

using dash::errc;
using dash::actors::callback_outcome;
using dash::actors::callback_table;
using dash::actors::reply_port;
using dash::actors::runtime_settings;
using dash::actors::spawn_runtime;
using dash::json::value;
using dash::model::app;
using dash::model::input;
using dash::model::output;
using dash::model::outputs;
using namespace dash::actors::test;

namespace {

/// A runtime for `a`, stopped when the test ends.
struct table_fixture : actor_system_fixture {
  app a;
  std::shared_ptr<const callback_table> table;

  void start(runtime_settings rs = {}) {
    REQUIRE(a.errors().empty());
    auto log = quiet_logger();
    table = spawn_runtime(sys, a, rs, nullptr, log, log); // no sessions
  }

  ~table_fixture() {
    open_gates();
    if (table)
      table->stop_all();
  }
};

/// A request for a callback whose output is `id`.children.
std::shared_ptr<const dash::model::callback_request>
request_for(const std::string& id, int x) {
  auto req = std::make_shared<dash::model::callback_request>();
  req->output = id + ".children";
  req->outputs = {
    dash::model::dependency{value(dash::json::string_view{id}), "children"}};
  req->inputs = {dash::model::prop_value{{"in", "value"}, value(x)}};
  req->changed_props = {"in.value"};
  return req;
}

} // namespace

TEST_CASE_METHOD(table_fixture, "find looks callbacks up by output string",
                 "[actors][unit]") {
  a.callback(output("a", "children"), input("in", "value"),
             [](int x) { return x; });
  a.callback(outputs{output("b", "children"), output("c", "style")},
             input("in", "value"), [](int x) { return std::make_tuple(x, x); });
  start();
  CHECK(table->size() == 2);
  const auto* single = table->find("a.children");
  REQUIRE(single != nullptr);
  CHECK(single->callback == a.callbacks()[0]);
  CHECK(single->pool);
  const auto* multi = table->find("..b.children...c.style..");
  REQUIRE(multi != nullptr);
  CHECK(multi->callback == a.callbacks()[1]);
  CHECK(table->find("b.children") == nullptr);
  CHECK(table->find("") == nullptr);
}

TEST_CASE_METHOD(table_fixture, "submit runs the job on the callback's pool",
                 "[actors][unit]") {
  a.callback(output("out", "children"), input("in", "value"),
             [](std::string s) { return s + "!"; });
  start();
  const auto* e = table->find("out.children");
  REQUIRE(e != nullptr);
  awaited_outcome answer;
  auto to = answer.at(port);
  table->submit(*e, job_for(request_with(value("hi")), to), port);
  auto o = answer.wait();
  REQUIRE(o);
  CHECK(o->code == errc::none);
  CHECK(o->text == body_for(value("hi!")));
}

TEST_CASE_METHOD(table_fixture, "max_parallel overrides the pool size",
                 "[actors][unit]") {
  // One worker and one queue place accept only a few of 20 held runs and
  // refuse the rest at once; the default of 8 workers would take 9 or more.
  auto held = make_gate();
  a.callback(
    output("out", "children"), input("in", "value"),
    [held](int x) {
      held->wait();
      return x;
    },
    dash::model::callback_options{false, 1});
  runtime_settings rs;
  rs.pools = {8, 1};
  start(rs);
  const auto* e = table->find("out.children");
  REQUIRE(e != nullptr);
  constexpr int runs = 20;
  constexpr int most_accepted = 3; // running, next in line, queued
  struct tally {
    std::mutex m;
    int ok = 0;
    int overloaded = 0;
    int other = 0;
    std::promise<void> refused_enough;
    std::promise<void> all;
  };
  auto t = std::make_shared<tally>();
  auto refused = t->refused_enough.get_future();
  auto all = t->all.get_future();
  for (int i = 0; i < runs; ++i) {
    auto to = port.expect([t](callback_outcome o) {
      std::lock_guard<std::mutex> lock{t->m};
      if (o.code == errc::none)
        ++t->ok;
      else if (o.code == errc::overloaded)
        ++t->overloaded;
      else
        ++t->other;
      if (o.code == errc::overloaded && t->overloaded == runs - most_accepted)
        t->refused_enough.set_value();
      if (t->ok + t->overloaded + t->other == runs)
        t->all.set_value();
    });
    table->submit(*e, job_for(request_with(value(i)), to), port);
  }
  bool refused_at_once
    = refused.wait_for(answer_limit) == std::future_status::ready;
  held->open();
  CHECK(refused_at_once);
  REQUIRE(all.wait_for(answer_limit) == std::future_status::ready);
  std::lock_guard<std::mutex> lock{t->m};
  CHECK(t->other == 0);
  CHECK(t->ok >= 2);
  CHECK(t->ok <= most_accepted);
  CHECK(t->ok + t->overloaded == runs);
}

TEST_CASE_METHOD(table_fixture,
                 "1000 jobs across 4 callbacks all get their own answer",
                 "[actors][unit]") {
  const std::vector<std::string> ids{"w", "x", "y", "z"};
  for (std::size_t k = 0; k < ids.size(); ++k) {
    auto factor = static_cast<int>(k) + 2;
    a.callback(output(value(dash::json::string_view{ids[k]}), "children"),
               input("in", "value"), [factor](int x) { return x * factor; });
  }
  start();
  constexpr int jobs = 1000;
  struct collected {
    std::mutex m;
    std::vector<callback_outcome> outcomes{jobs};
    std::vector<int> calls = std::vector<int>(jobs, 0);
    std::atomic<int> answered{0};
    std::promise<void> all;
  };
  auto got = std::make_shared<collected>();
  auto done = got->all.get_future();
  for (int i = 0; i < jobs; ++i) {
    const auto& id = ids[static_cast<std::size_t>(i) % ids.size()];
    const auto* e = table->find(id + ".children");
    REQUIRE(e != nullptr);
    auto to = port.expect([got, i](callback_outcome o) {
      {
        std::lock_guard<std::mutex> lock{got->m};
        got->outcomes[static_cast<std::size_t>(i)] = std::move(o);
        ++got->calls[static_cast<std::size_t>(i)];
      }
      if (got->answered.fetch_add(1) + 1 == jobs)
        got->all.set_value();
    });
    table->submit(*e, job_for(request_for(id, i), to), port);
  }
  REQUIRE(done.wait_for(std::chrono::seconds{30}) == std::future_status::ready);
  std::lock_guard<std::mutex> lock{got->m};
  int wrong = 0;
  for (int i = 0; i < jobs; ++i) {
    auto k = static_cast<std::size_t>(i) % ids.size();
    auto expected = dash::json::serialize(dash::json::object{
      {"multi", true},
      {"response",
       dash::json::object{
         {ids[k],
          dash::json::object{{"children", i * (static_cast<int>(k) + 2)}}}}}});
    const auto& o = got->outcomes[static_cast<std::size_t>(i)];
    if (got->calls[static_cast<std::size_t>(i)] != 1 || o.code != errc::none
        || o.text != expected) {
      ++wrong;
      if (wrong <= 3) {
        INFO("job " << i << " calls=" << got->calls[static_cast<std::size_t>(i)]
                    << " body=" << o.text);
        CHECK(o.text == expected);
      }
    }
  }
  CHECK(wrong == 0);
}
