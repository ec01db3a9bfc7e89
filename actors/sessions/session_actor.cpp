// actors/sessions/session_actor.cpp
// Load on start, single-flight per value, write-through, idle passivation
// and absolute expiry of one session.
#include "actors/sessions/session_actor.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace dash::actors {

namespace {

using session_ptr = session_actor::stateful_pointer<session_state>;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

std::string key_of(const session_state& st) {
  return st.cfg->key_prefix + st.id;
}

bool expired(const session_state& st) {
  return now_ms() - st.created_ms
         >= std::chrono::duration_cast<std::chrono::milliseconds>(
              st.cfg->lifetime)
              .count();
}

/// The stored form: {"created": ms, "values": {name: value}}.
std::string blob_of(const session_state& st) {
  json::object values;
  for (const auto& [name, v] : st.values)
    values[name] = *v;
  return json::serialize(
    json::object{{"created", st.created_ms}, {"values", values}});
}

session_reply error_reply(errc code, std::string text) {
  return session_reply{nullptr, std::move(text), code};
}

/// A value's answer, with the session's expiry (until which it holds).
session_reply value_reply(const session_state& st,
                          std::shared_ptr<const json::value> value) {
  auto lifetime = std::chrono::duration_cast<std::chrono::milliseconds>(
                    st.cfg->lifetime)
                    .count();
  return session_reply{std::move(value), {}, errc::none,
                       st.created_ms + lifetime};
}

/// The outcome of a computation: kept, written through, then delivered.
void computed(session_ptr self, const std::string& name,
              std::shared_ptr<const json::value> value,
              const std::string& error) {
  auto& st = self->state;
  auto waiters = std::move(st.computing[name]);
  st.computing.erase(name);
  if (!error.empty()) {
    for (auto& w : waiters)
      w.deliver(error_reply(errc::callback_failed, error));
    return;
  }
  st.values[name] = value;
  auto ttl = std::chrono::duration_cast<std::chrono::seconds>(
               st.cfg->lifetime)
               .count();
  // Write through, so a crash of this process loses nothing computed.
  self
    ->request(st.cfg->io, std::chrono::seconds(30), store_atom_v, key_of(st),
              blob_of(st), std::int64_t{ttl})
    .then(
      [self, name, value, waiters](const std::string& store_error) mutable {
        if (!store_error.empty()) {
          self->state.values.erase(name); // not kept: computed again next
          for (auto& w : waiters)
            w.deliver(error_reply(errc::unavailable, store_error));
          return;
        }
        auto reply = value_reply(self->state, value);
        for (auto& w : waiters)
          w.deliver(reply);
      },
      [self, name, waiters](const caf::error& e) mutable {
        self->state.values.erase(name);
        for (auto& w : waiters)
          w.deliver(error_reply(errc::unavailable,
                                "session store did not answer: "
                                  + caf::to_string(e)));
      });
}

/// Runs the user's function once, on a thread of its own, and reports to
/// the session. (Arguments, not captures: CAF's spawn of a function
/// without arguments trips UBSan inside CAF.)
void compute_value(caf::event_based_actor* worker,
                   std::shared_ptr<const model::session_memo_def> def,
                   std::string id, session_actor session_actor_handle,
                   std::shared_ptr<spdlog::logger> log) {
  std::shared_ptr<const json::value> value;
  std::string error;
  try {
    value = std::make_shared<const json::value>(def->compute(id));
    log->info("computed session value={} session={}", def->name,
              session_ids::shorten(id));
  } catch (const std::exception& e) {
    error = "session value " + def->name + " raised: " + e.what();
  } catch (...) {
    error = "session value " + def->name + " raised an unknown exception";
  }
  worker->send(session_actor_handle, computed_atom_v, def->name,
               session_reply{value, error,
                             error.empty() ? errc::none
                                           : errc::callback_failed});
}

void start_compute(session_ptr self,
                   std::shared_ptr<const model::session_memo_def> def) {
  auto name = def->name;
  self->spawn<caf::detached>(compute_value, std::move(def), self->state.id,
                             session_actor{self},
                             self->state.cfg->log);
  // One timer per computation (callers wait without timers of their own):
  // if it still runs then, its waiters get an error (a late value is still
  // kept when it comes).
  self->delayed_send(self, self->state.cfg->compute_timeout, tick_atom_v,
                     name);
}

/// Answers every request still waiting (the session is stopping).
void fail_pending(session_ptr self, const std::string& why) {
  auto& st = self->state;
  for (auto& [name, waiters] : st.computing)
    for (auto& w : waiters)
      w.deliver(error_reply(errc::unavailable, why));
  st.computing.clear();
  for (auto& [name, rp] : st.before_load)
    rp.deliver(error_reply(errc::unavailable, why));
  st.before_load.clear();
}

void answer(session_ptr self, const std::string& name,
            session_state::reply_promise rp) {
  auto& st = self->state;
  st.last_used = self->clock().now();
  if (auto i = st.values.find(name); i != st.values.end())
    return void(rp.deliver(value_reply(st, i->second)));
  auto def = st.cfg->values.find(name);
  if (def == st.cfg->values.end())
    return void(rp.deliver(error_reply(
      errc::internal, "no session value named '" + name + "'")));
  auto& waiters = st.computing[name];
  waiters.push_back(std::move(rp));
  if (waiters.size() == 1)
    start_compute(self, def->second);
}

void loaded(session_ptr self, const load_reply& r) {
  auto& st = self->state;
  st.loading = false;
  if (!r.error.empty()) {
    for (auto& [name, rp] : st.before_load)
      rp.deliver(error_reply(errc::unavailable, r.error));
    st.before_load.clear();
    return; // still unloaded: the next request loads again
  }
  st.created_ms = now_ms();
  if (r.found) {
    boost::system::error_code ec;
    auto doc = model::parse_exact(r.blob, ec);
    if (!ec && doc.is_object() && doc.as_object().contains("created")) {
      st.created_ms = doc.at("created").to_number<std::int64_t>();
      if (expired(st)) {
        st.created_ms = now_ms();
        anon_send(st.cfg->io, erase_atom_v, key_of(st));
      } else if (const auto* vs = doc.as_object().if_contains("values");
                 vs != nullptr && vs->is_object()) {
        for (const auto& kv : vs->as_object())
          st.values[std::string{kv.key()}] =
            std::make_shared<const json::value>(kv.value());
      }
    } else {
      st.cfg->log->error("session data unreadable session={}; starting "
                         "afresh",
                         session_ids::shorten(st.id));
    }
  }
  st.loaded = true;
  auto pending = std::move(st.before_load);
  for (auto& [name, rp] : pending)
    answer(self, name, std::move(rp));
}

/// Loads the session from its store; requests wait until it is done.
void start_load(session_ptr self) {
  self->state.loading = true;
  self
    ->request(self->state.cfg->io, std::chrono::seconds(30), load_atom_v,
              key_of(self->state))
    .then([self](const load_reply& r) { loaded(self, r); },
          [self](const caf::error& e) {
            loaded(self, load_reply{false, {},
                                    "session store did not answer: "
                                      + caf::to_string(e)});
          });
}

} // namespace

session_actor::behavior_type
session(session_ptr self, std::string id,
        std::shared_ptr<const session_config> cfg,
        session_manager_actor manager) {
  self->state.id = std::move(id);
  self->state.cfg = std::move(cfg);
  self->state.manager = std::move(manager);
  // Idle time is measured on the actors' clock, the one the idle timer
  // runs on (simulated under the test coordinator).
  self->state.last_used = self->clock().now();
  // A session lives only as long as its manager. The monitor is removed
  // when the session ends: a monitor left on the long-lived manager would
  // keep this actor's memory block (its weak reference) until then.
  self->monitor(self->state.manager);
  self->set_down_handler([self](const caf::down_msg&) {
    fail_pending(self, "the session manager stopped; retry");
    self->quit();
  });
  self->attach_functor(
    [self, manager = self->state.manager] {
      self->demonitor(manager.address());
    });
  start_load(self);
  self->delayed_send(self, self->state.cfg->idle, tick_atom_v);
  return {
    [self](value_atom, const std::string& name) {
      auto rp = self->make_response_promise<session_reply>();
      if (!self->state.loaded) {
        self->state.before_load.emplace_back(name, rp);
        if (!self->state.loading)
          start_load(self);
      } else
        answer(self, name, rp);
      return rp;
    },
    [self](computed_atom, const std::string& name, const session_reply& r) {
      computed(self, name, r.value, r.error);
    },
    [self](tick_atom) {
      auto& st = self->state;
      auto idle_for = self->clock().now() - st.last_used;
      if (st.loaded && st.computing.empty()
          && (idle_for >= st.cfg->idle || expired(st))) {
        // Values are written through; nothing more to save.
        self->send(st.manager, passivate_atom_v, st.id);
        return;
      }
      self->delayed_send(self, st.cfg->idle, tick_atom_v);
    },
    [self](tick_atom, const std::string& name) {
      auto i = self->state.computing.find(name);
      if (i == self->state.computing.end())
        return; // finished in time
      auto waiters = std::move(i->second);
      self->state.computing.erase(i);
      auto text = "session value " + name + " did not finish within "
                  + std::to_string(self->state.cfg->compute_timeout.count())
                  + " ms (setting callback-timeout-ms)";
      self->state.cfg->log->error("{} session={}", text,
                                  session_ids::shorten(self->state.id));
      for (auto& w : waiters)
        w.deliver(error_reply(errc::timeout, text));
    },
    [self](passivate_atom) {
      // The manager routes nothing more here: leave. Expired sessions
      // also drop their data.
      if (self->state.loaded && expired(self->state))
        anon_send(self->state.cfg->io, erase_atom_v, key_of(self->state));
      fail_pending(self, "the session was passivated while this request "
                         "waited; retry");
      self->quit();
    },
  };
}

} // namespace dash::actors
