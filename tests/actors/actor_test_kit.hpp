// tests/actors/actor_test_kit.hpp
// Shared by the actor tests: a real actor system, a quiet logger, awaitable
// (bounded) answers, and gates that hold callbacks until a test opens them.
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "actors/core/system_types.hpp"
#include "actors/core/callback_outcome.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/reply_port.hpp"
#include "model/callback_request.hpp"

namespace dash::actors::test {

/// How long a test waits for an answer that should come at once.
inline constexpr std::chrono::seconds answer_limit{10};

/// A logger that drops everything.
inline std::shared_ptr<spdlog::logger> quiet_logger() {
  return std::make_shared<spdlog::logger>(
    "test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

/// The configuration of a small real actor system.
inline caf::actor_system_config& small_config(caf::actor_system_config& cfg) {
  register_system_types(cfg);
  cfg.set("scheduler.max-threads", 2);
  return cfg;
}

/// Holds callbacks until opened; a callback never waits longer than
/// `answer_limit`, so a failing test cannot hang.
class gate {
public:
  gate() : opened_(open_.get_future().share()) {}
  void open() {
    if (!is_open_)
      open_.set_value();
    is_open_ = true;
  }
  /// Blocks until open (or the limit); what a held callback calls.
  bool wait() const {
    return opened_.wait_for(answer_limit) == std::future_status::ready;
  }

private:
  std::promise<void> open_;
  std::shared_future<void> opened_;
  bool is_open_ = false;
};

/// An actor system for one test. Gates made here are opened when the test
/// ends, even when it fails early, so that held workers can stop; tests
/// stop their own actors before the system ends.
struct actor_system_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{small_config(cfg)};
  /// Where the test's jobs are answered, as the HTTP layer's port.
  reply_port port{sys};
  std::vector<std::shared_ptr<gate>> gates;

  std::shared_ptr<gate> make_gate() {
    gates.push_back(std::make_shared<gate>());
    return gates.back();
  }

  /// Derived fixtures call this first in their destructor.
  void open_gates() {
    for (auto& g : gates)
      g->open();
  }
};

/// One awaited answer: registers at a reply port and lets the test wait
/// for what arrives there.
class awaited_outcome {
public:
  awaited_outcome() : future_(promise_->get_future()) {}

  /// The address to put into a job; its answer fulfils the promise.
  reply_address at(reply_port& port) const {
    return port.expect(
      [p = promise_](callback_outcome o) { p->set_value(std::move(o)); });
  }

  /// The answer, or nullopt when none came within `limit`.
  std::optional<callback_outcome> wait(std::chrono::milliseconds limit
                                       = answer_limit) {
    if (future_.wait_for(limit) != std::future_status::ready)
      return std::nullopt;
    return future_.get();
  }

  /// Whether an answer is already there.
  bool ready() const {
    return future_.wait_for(std::chrono::seconds{0})
           == std::future_status::ready;
  }

private:
  std::shared_ptr<std::promise<callback_outcome>> promise_
    = std::make_shared<std::promise<callback_outcome>>();
  std::future<callback_outcome> future_;
};

/// A request for a callback `out.children` fed by input `in.value`.
inline std::shared_ptr<const model::callback_request>
request_with(json::value input, std::string output = "out.children") {
  auto req = std::make_shared<model::callback_request>();
  req->output = std::move(output);
  req->outputs = {model::dependency{"out", "children"}};
  req->inputs = {model::prop_value{{"in", "value"}, std::move(input)}};
  req->changed_props = {"in.value"};
  return req;
}

/// A job for `req` answered at `to`.
inline callback_job job_for(std::shared_ptr<const model::callback_request> req,
                            reply_address to,
                            std::string request_id = "test") {
  return callback_job{std::move(req), std::move(request_id), std::move(to),
                      std::chrono::steady_clock::now()};
}

/// The JSON body a successful run of `out.children` answers with.
inline std::string body_for(const json::value& v) {
  return json::serialize(json::object{
    {"multi", true},
    {"response", json::object{{"out", json::object{{"children", v}}}}}});
}

} // namespace dash::actors::test
