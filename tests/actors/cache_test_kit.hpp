// tests/actors/cache_test_kit.hpp
// Helpers for the cache shard tests: a memo source the test completes by
// hand, waiters whose answer a test can wait for (bounded), and a fixture
// with a real actor system, a scoped actor and the shards it spawned.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "actors/core/system_types.hpp"
#include "actors/cache/cache_shard.hpp"
#include "actors/cache/memo_source.hpp"
#include "actors/core/interfaces.hpp"
#include "model/memo.hpp"

namespace dash::actors::cache_test {

/// How long a test waits for an answer that should come at once.
inline constexpr std::chrono::seconds answer_limit{5};

/// A logger that drops everything.
inline std::shared_ptr<spdlog::logger> quiet_logger() {
  return std::make_shared<spdlog::logger>(
    "test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

/// A successful reply sharing `value`, counted as `bytes`.
inline memo_reply
reply_with(std::shared_ptr<const std::string> value, std::size_t bytes) {
  memo_reply r;
  r.value = dash::model::shared_value::of(std::move(value));
  r.bytes = bytes;
  return r;
}

/// A successful reply with a fresh string value.
inline memo_reply text_reply(std::string text, std::size_t bytes) {
  return reply_with(std::make_shared<const std::string>(std::move(text)),
                    bytes);
}

/// A failed computation.
inline memo_reply error_reply(std::string error) {
  memo_reply r;
  r.error = std::move(error);
  return r;
}

/// The string a reply made by this kit carries.
inline std::string text_of(const memo_reply& r) {
  auto s = r.value.as<std::string>();
  return s ? *s : std::string{"<no value>"};
}

/// A memo source under the test's control. Every start is recorded (the
/// shard calls `start` on its own thread, so a round trip to the shard
/// makes it visible). `decide` may answer a request at once; when it is
/// empty or returns nullopt the computation waits for `complete`.
class manual_source {
public:
  using decide_fn =
    std::function<std::optional<memo_reply>(const memo_request&)>;

  manual_source() : state_(std::make_shared<state>()) {}
  explicit manual_source(decide_fn decide) : manual_source() {
    state_->decide = std::move(decide);
  }

  /// The source to put into a shard's table.
  memo_source make(model::memo_options options = {}) const {
    return memo_source{options, [s = state_](caf::actor_system&,
                                             const memo_request& req,
                                             const cache_shard_actor& shard) {
                         std::optional<memo_reply> now;
                         {
                           std::lock_guard<std::mutex> guard{s->mtx};
                           s->started.push_back(started_call{req, shard});
                           if (s->decide)
                             now = s->decide(req);
                         }
                         if (now)
                           caf::anon_send(shard, computed_atom_v, req,
                                          std::move(*now));
                       },
                       nullptr};
  }

  /// How many computations were started, in all.
  std::size_t starts() const {
    std::lock_guard<std::mutex> guard{state_->mtx};
    return state_->started.size();
  }

  /// How many computations were started for `args`.
  std::size_t starts_of(const std::string& args) const {
    std::lock_guard<std::mutex> guard{state_->mtx};
    std::size_t n = 0;
    for (const auto& c : state_->started)
      if (c.req.args == args)
        ++n;
    return n;
  }

  /// Sends `reply` for the latest computation started for `args`, as a
  /// source does when done; false when none was started.
  bool complete(const std::string& args, memo_reply reply) const {
    std::optional<started_call> call;
    {
      std::lock_guard<std::mutex> guard{state_->mtx};
      for (const auto& c : state_->started)
        if (c.req.args == args)
          call = c;
    }
    if (!call)
      return false;
    caf::anon_send(call->shard, computed_atom_v, call->req, std::move(reply));
    return true;
  }

private:
  struct started_call {
    memo_request req;
    cache_shard_actor shard;
  };
  struct state {
    mutable std::mutex mtx;
    std::vector<started_call> started;
    decide_fn decide;
  };
  std::shared_ptr<state> state_;
};

/// One fetch's answer through the reply-address form: an actor of its
/// own (a reply port as the HTTP layer has) counts how often the shard
/// answered and keeps the first reply.
class waiter {
public:
  waiter()
    : state_(std::make_shared<state>()),
      answer_(state_->counts->promise.get_future().share()) {}

  /// The address to put into `(fetch_atom, req, reply_address)`.
  reply_address at(caf::actor_system& sys) const {
    if (!state_->port) {
      // The counts go in as a spawn argument: CAF 0.17 dereferences a null
      // argument tuple for a function actor spawned with none (UBSan).
      state_->port = sys.spawn(
        [](std::shared_ptr<tally> c) -> reply_port_actor::behavior_type {
          return {
            [c](answer_atom, std::uint64_t, memo_reply& r) {
              if (c->calls.fetch_add(1) == 0)
                c->promise.set_value(std::move(r));
            },
            [c](answer_atom, std::uint64_t, callback_outcome&) {
              c->calls.fetch_add(1); // a shard never sends these
            },
          };
        },
        state_->counts);
    }
    return reply_address{state_->port, 1};
  }

  /// The reply, or nullopt when none came within `limit`.
  std::optional<memo_reply>
  wait(std::chrono::milliseconds limit = answer_limit) const {
    if (answer_.wait_for(limit) != std::future_status::ready)
      return std::nullopt;
    return answer_.get();
  }

  bool answered() const {
    return answer_.wait_for(std::chrono::seconds{0})
           == std::future_status::ready;
  }

  /// How often the shard answered (1 when all is well). Answers travel
  /// as messages: ask after a round trip to the shard.
  int calls() const {
    return state_->counts->calls.load();
  }

private:
  struct tally {
    std::promise<memo_reply> promise;
    std::atomic<int> calls{0};
  };
  struct state {
    std::shared_ptr<tally> counts = std::make_shared<tally>();
    reply_port_actor port;
    state() = default;
    state(const state&) = delete;
    state& operator=(const state&) = delete;
    ~state() {
      if (port)
        caf::anon_send_exit(port, caf::exit_reason::user_shutdown);
    }
  };
  std::shared_ptr<state> state_;
  std::shared_future<memo_reply> answer_;
};

/// Holds a computation until opened; never longer than `answer_limit`, so
/// a failing test cannot hang.
class gate {
public:
  gate() : opened_(open_.get_future().share()) {}
  void open() {
    std::call_once(once_, [this] { open_.set_value(); });
  }
  bool wait() const {
    return opened_.wait_for(answer_limit) == std::future_status::ready;
  }

private:
  std::promise<void> open_;
  std::shared_future<void> opened_;
  std::once_flag once_;
};

/// A real actor system (two scheduler threads), a scoped actor to talk to
/// shards, and every shard the test spawned, stopped when the test ends.
struct shard_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{configured(cfg)};
  caf::scoped_actor self{sys};
  cache_shard_actor shard; ///< the first shard spawned
  std::vector<caf::actor> spawned; ///< stopped when the test ends
  std::vector<std::shared_ptr<gate>> gates;

  shard_fixture() = default;
  shard_fixture(const shard_fixture&) = delete;
  shard_fixture& operator=(const shard_fixture&) = delete;

  ~shard_fixture() {
    for (auto& g : gates)
      g->open();
    for (auto& s : spawned)
      self->send_exit(s, caf::exit_reason::user_shutdown);
  }

  static caf::actor_system_config& configured(caf::actor_system_config& c) {
    register_system_types(c);
    c.set("scheduler.max-threads", 2);
    return c;
  }

  /// A gate opened at the latest when the test ends.
  std::shared_ptr<gate> make_gate() {
    gates.push_back(std::make_shared<gate>());
    return gates.back();
  }

  /// Spawns a shard with `sources` (none: every fetch fails) and, for a
  /// cluster, the placement it reads on `members_atom`.
  cache_shard_actor spawn_shard(std::size_t shard_count,
                         std::shared_ptr<const memo_sources> sources = {},
                         std::shared_ptr<const placement> where = {}) {
    auto s = sys.spawn(cache_shard, shard_count, std::move(sources),
                       std::move(where), quiet_logger());
    spawned.push_back(caf::actor_cast<caf::actor>(s));
    if (!shard)
      shard = s;
    return s;
  }

  /// Spawns a shard computing with `sources`.
  cache_shard_actor start(std::size_t shard_count, memo_sources sources,
                   std::shared_ptr<const placement> where = {}) {
    return spawn_shard(shard_count,
                       std::make_shared<const memo_sources>(std::move(sources)),
                       std::move(where));
  }

  /// The request form: `(fetch_atom, req) -> memo_reply`. An error text
  /// in `failure` when no reply came.
  std::optional<memo_reply> fetch_from(const memo_cache_actor& s,
                                       const std::string& function,
                                       const std::string& args) {
    std::optional<memo_reply> out;
    self->request(s, answer_limit, fetch_atom_v, memo_request{function, args})
      .receive([&](memo_reply& r) { out = std::move(r); },
               [&](caf::error& e) { failure = sys.render(e); });
    return out;
  }
  std::optional<memo_reply> fetch(const std::string& function,
                                  const std::string& args) {
    return fetch_from(shard, function, args);
  }

  /// The reply-address form: `(fetch_atom, req, reply_address)`; returns
  /// at once.
  waiter fetch_async(const std::string& function, const std::string& args) {
    waiter w;
    self->send(shard, fetch_atom_v, memo_request{function, args}, w.at(sys));
    return w;
  }

  void prefetch(const std::string& function, const std::string& args) {
    self->send(shard, prefetch_atom_v, memo_request{function, args});
  }

  /// Every function's counters on `s`. Being a round trip, it also means
  /// the shard has handled every message this thread sent it before.
  std::vector<memo_stats> stats_from(const cache_shard_actor& s) {
    std::vector<memo_stats> out;
    self->request(s, answer_limit, stats_atom_v)
      .receive([&](std::vector<memo_stats>& v) { out = std::move(v); },
               [&](caf::error& e) { failure = sys.render(e); });
    return out;
  }
  std::vector<memo_stats> stats() {
    return stats_from(shard);
  }

  /// The counters of `function` on `s` (nullopt when it has none).
  std::optional<memo_stats> stats_of(const std::string& function,
                                     const cache_shard_actor& s) {
    for (auto& x : stats_from(s))
      if (x.function == function)
        return x;
    return std::nullopt;
  }
  std::optional<memo_stats> stats_of(const std::string& function) {
    return stats_of(function, shard);
  }

  std::string failure; ///< the last request error, if any
};

} // namespace dash::actors::cache_test
