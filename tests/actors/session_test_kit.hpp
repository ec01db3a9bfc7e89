// tests/actors/session_test_kit.hpp
// Helpers for the session tests: a store wrapper that counts calls and can
// be told to fail, session values whose computations are counted (and can
// be held by a gate), and a fixture with a real actor system, a memory
// store behind a session I/O actor and session managers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "actors/core/system_types.hpp"
#include "actors/core/messages.hpp"
#include "actors/sessions/session_actor.hpp"
#include "actors/sessions/session_ids.hpp"
#include "actors/sessions/session_io.hpp"
#include "actors/sessions/session_manager.hpp"
#include "actors/sessions/store/session_store.hpp"
#include "model/json.hpp"
#include "model/session_memo.hpp"

namespace dash::actors::session_test {

/// How long a test waits for an answer that should come at once.
inline constexpr std::chrono::seconds answer_limit{10};

/// A secret of exactly 32 bytes that differs per `seed`.
inline std::string test_secret(char seed) {
  return std::string(32, seed);
}

/// A logger that drops everything.
inline std::shared_ptr<spdlog::logger> quiet_logger() {
  return std::make_shared<spdlog::logger>(
    "session-test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

/// Polls `pred` every 10 ms until it holds or `limit` passes; returns
/// whether it held.
template <class Pred>
bool eventually(Pred pred,
                std::chrono::milliseconds limit = std::chrono::seconds{5}) {
  auto end = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (pred())
      return true;
    if (std::chrono::steady_clock::now() >= end)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
}

/// Wraps a store: counts gets, puts and erases, can fail them on demand
/// (with a store_error, as a backend that is down does) and lets the test
/// look at what is stored without counting. A mutex makes it safe to use
/// from the I/O actor's thread and the test's thread at once.
class counting_store : public store::session_store {
public:
  explicit counting_store(std::unique_ptr<store::session_store> inner)
    : inner_(std::move(inner)) {}

  std::optional<std::string> get(const std::string& key) override {
    std::lock_guard<std::mutex> guard{mtx_};
    ++gets;
    if (fail_get)
      throw store::store_error("test store is down (get)");
    return inner_->get(key);
  }

  void put(const std::string& key, const std::string& value,
           std::chrono::seconds ttl) override {
    std::lock_guard<std::mutex> guard{mtx_};
    ++puts;
    if (fail_put)
      throw store::store_error("test store is down (put)");
    inner_->put(key, value, ttl);
  }

  void erase(const std::string& key) override {
    std::lock_guard<std::mutex> guard{mtx_};
    ++erases;
    inner_->erase(key);
  }

  bool ping() override {
    std::lock_guard<std::mutex> guard{mtx_};
    return !fail_get && inner_->ping();
  }

  const char* kind() const override {
    return inner_->kind();
  }

  /// What is stored under `key`, without counting or failing.
  std::optional<std::string> peek(const std::string& key) {
    std::lock_guard<std::mutex> guard{mtx_};
    return inner_->get(key);
  }

  std::atomic<int> gets{0};
  std::atomic<int> puts{0};
  std::atomic<int> erases{0};
  std::atomic<bool> fail_get{false};
  std::atomic<bool> fail_put{false};

private:
  std::mutex mtx_;
  std::unique_ptr<store::session_store> inner_;
};

/// The computations of one session value: each run is counted and
/// answers {"session": id, "run": n} (n counts runs of every session), so
/// a recomputation is visible in the value. A run waits while the gate is
/// closed (never longer than `answer_limit`) and throws while `fail` is set.
class computations {
public:
  /// The definition session actors run, named `name`.
  std::shared_ptr<const model::session_memo_def>
  def(std::string name = "df") const {
    auto st = state_;
    return std::make_shared<const model::session_memo_def>(
      model::session_memo_def{
        std::move(name), [st](const std::string& id) -> json::value {
          int n = 0;
          std::shared_future<void> gate;
          {
            std::lock_guard<std::mutex> guard{st->mtx};
            n = ++st->runs;
            ++st->per_session[id];
            gate = st->gate_opened;
          }
          gate.wait_for(answer_limit);
          if (st->fail)
            throw std::runtime_error("the test made this computation fail");
          return json::object{{"session", id}, {"run", n}};
        }});
  }

  /// Holds every run that starts from now on until `open`.
  void close() {
    std::lock_guard<std::mutex> guard{state_->mtx};
    state_->gate = std::promise<void>{};
    state_->gate_opened = state_->gate.get_future().share();
    state_->open = false;
  }

  void open() {
    std::lock_guard<std::mutex> guard{state_->mtx};
    if (!state_->open)
      state_->gate.set_value();
    state_->open = true;
  }

  void fail(bool on) {
    state_->fail = on;
  }

  int runs() const {
    std::lock_guard<std::mutex> guard{state_->mtx};
    return state_->runs;
  }

  int runs_of(const std::string& id) const {
    std::lock_guard<std::mutex> guard{state_->mtx};
    auto i = state_->per_session.find(id);
    return i == state_->per_session.end() ? 0 : i->second;
  }

  computations() {
    state_->gate.set_value();
    state_->gate_opened = state_->gate.get_future().share();
  }

private:
  struct state {
    mutable std::mutex mtx;
    int runs = 0;
    std::unordered_map<std::string, int> per_session;
    std::promise<void> gate;
    std::shared_future<void> gate_opened;
    bool open = true;
    std::atomic<bool> fail{false};
  };
  std::shared_ptr<state> state_ = std::make_shared<state>();
};

/// What a test may set before `start`.
struct session_options {
  std::chrono::milliseconds idle{60'000};
  std::chrono::seconds lifetime{3600};
  std::size_t max_live = 1000;
};

/// The counters of `(stats_atom)`.
struct manager_stats {
  std::uint64_t live = 0;
  std::uint64_t started = 0;
  std::uint64_t passivated = 0;
  std::uint64_t refused = 0;
};

/// A real actor system (two scheduler threads), a counting memory store
/// behind a session I/O actor, and the session managers a test starts;
/// every actor is stopped and every gate opened when the test ends.
struct session_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{configured(cfg)};
  caf::scoped_actor self{sys};
  std::shared_ptr<counting_store> store
    = std::make_shared<counting_store>(store::make_memory_store());
  std::shared_ptr<const session_ids> ids
    = std::make_shared<const session_ids>(test_secret('k'));
  computations comp;
  dash::actors::session_io_actor io;
  session_manager_actor manager; ///< the first manager started
  std::vector<session_manager_actor> managers;
  std::shared_ptr<const session_config> config;

  session_fixture() = default;
  session_fixture(const session_fixture&) = delete;
  session_fixture& operator=(const session_fixture&) = delete;

  ~session_fixture() {
    comp.open();
    for (auto& m : managers)
      self->send_exit(m, caf::exit_reason::user_shutdown);
    if (io)
      self->send_exit(io, caf::exit_reason::user_shutdown);
  }

  static caf::actor_system_config& configured(caf::actor_system_config& c) {
    register_system_types(c);
    c.set("scheduler.max-threads", 2);
    return c;
  }

  /// Spawns the I/O actor (once) and a session manager with one value,
  /// "df", computed by `comp`.
  session_manager_actor start(session_options o = {}) {
    if (!io)
      io = sys.spawn<caf::detached>(session_io, store, quiet_logger());
    auto c = std::make_shared<session_config>();
    c->ids = ids;
    auto d = comp.def("df");
    c->values[d->name] = d;
    c->io = io;
    c->idle = o.idle;
    c->lifetime = o.lifetime;
    c->max_live = o.max_live;
    c->log = quiet_logger();
    config = c;
    auto m = sys.spawn(session_manager, config);
    managers.push_back(m);
    if (!manager)
      manager = m;
    return m;
  }

  /// The answer of `(value_atom, id, name)` from `to` (default: the first
  /// manager); nullopt when none came in time (the error goes to `failure`).
  std::optional<session_reply> value_from(const session_values_actor& to,
                                          const std::string& id,
                                          const std::string& name = "df") {
    std::optional<session_reply> out;
    self->request(to, answer_limit, value_atom_v, id, name)
      .receive([&](const session_reply& r) { out = r; },
               [&](const caf::error& e) {
                 failure = caf::to_string(e);
               });
    return out;
  }

  std::optional<session_reply> value(const std::string& id,
                                     const std::string& name = "df") {
    return value_from(manager, id, name);
  }

  /// The same request from a thread of its own (with its own scoped
  /// actor), so several can be in flight at once.
  std::future<std::optional<session_reply>>
  value_async(const std::string& id, const std::string& name = "df") {
    return std::async(std::launch::async, [this, id, name] {
      caf::scoped_actor me{sys};
      std::optional<session_reply> out;
      me->request(manager, answer_limit, value_atom_v, id, name)
        .receive([&](const session_reply& r) { out = r; },
                 [&](const caf::error&) {});
      return out;
    });
  }

  manager_stats stats(const session_manager_actor& of) {
    manager_stats s;
    self->request(of, answer_limit, stats_atom_v)
      .receive(
        [&](const std::vector<std::uint64_t>& v) {
          if (v.size() == 4)
            s = manager_stats{v[0], v[1], v[2], v[3]};
        },
        [&](const caf::error& e) { failure = caf::to_string(e); });
    return s;
  }

  manager_stats stats() {
    return stats(manager);
  }

  /// The stored blob of session `id`, parsed; null when absent.
  json::value stored(const std::string& id) {
    auto blob = store->peek(config->key_prefix + id);
    if (!blob)
      return nullptr;
    return json::parse(*blob);
  }

  std::string failure; ///< the last request error, for messages
};

/// The "run" number a value made by `computations` carries (-1: none).
inline std::int64_t run_of(const session_reply& r) {
  if (!r.value || !r.value->is_object())
    return -1;
  const auto* n = r.value->as_object().if_contains("run");
  return n != nullptr && n->is_int64() ? n->as_int64() : -1;
}

/// The "session" a value made by `computations` names ("" when none).
inline std::string session_of(const session_reply& r) {
  if (!r.value || !r.value->is_object())
    return {};
  const auto* s = r.value->as_object().if_contains("session");
  return s != nullptr && s->is_string() ? std::string{s->as_string()}
                                        : std::string{};
}

} // namespace dash::actors::session_test
