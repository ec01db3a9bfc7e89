// actors/sessions/session_manager.cpp
// Id checks, routing, reactivation and the live-session cap.
#include "actors/sessions/session_manager.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace dash::actors {

namespace {

using manager_ptr =
  session_manager_actor::stateful_pointer<session_manager_state>;

void forget(manager_ptr self, const std::string& id) {
  auto& st = self->state;
  auto i = st.live.find(id);
  if (i == st.live.end())
    return;
  st.by_address.erase(i->second.actor.address());
  st.lru.erase(i->second.lru_pos);
  st.live.erase(i);
}

void passivate(manager_ptr self, const std::string& id) {
  auto& st = self->state;
  auto i = st.live.find(id);
  if (i == st.live.end())
    return;
  auto actor = i->second.actor;
  forget(self, id);
  ++st.passivated;
  self->send(actor, passivate_atom_v);
}

const session_actor& live_session(manager_ptr self,
                               const std::string& id) {
  auto& st = self->state;
  if (auto i = st.live.find(id); i != st.live.end()) {
    st.lru.splice(st.lru.begin(), st.lru, i->second.lru_pos);
    return i->second.actor;
  }
  auto actor = self->spawn(session, id, st.cfg,
                           session_manager_actor{self});
  self->monitor(actor);
  st.by_address.emplace(actor.address(), id);
  ++st.started;
  st.lru.push_front(id);
  auto& entry = st.live[id];
  entry.actor = std::move(actor);
  entry.lru_pos = st.lru.begin();
  while (st.live.size() > st.cfg->max_live && st.lru.size() > 1)
    passivate(self, st.lru.back());
  return st.live.at(id).actor;
}

} // namespace

session_manager_actor::behavior_type
session_manager(manager_ptr self, std::shared_ptr<const session_config> cfg) {
  self->state.cfg = std::move(cfg);
  // A session that stopped by itself is no longer routed to.
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto i = self->state.by_address.find(dm.source);
    if (i != self->state.by_address.end()) {
      auto id = i->second; // forget() erases i
      forget(self, id);
    }
  });
  return {
    [self](value_atom, const std::string& id,
           const std::string& name) -> caf::result<session_reply> {
      auto& st = self->state;
      if (!st.cfg->ids->verify(id)) {
        ++st.refused;
        st.cfg->log->warn("refused a session id this server did not issue "
                          "id={}",
                          session_ids::shorten(id));
        return session_reply{
          nullptr,
          "this session id was not issued by the server (or was altered); "
          "reload the page for a new session",
          errc::forbidden};
      }
      return self->delegate(live_session(self, id), value_atom_v, name);
    },
    [self](passivate_atom, const std::string& id) {
      // An idle session asks to leave; it no longer gets requests.
      passivate(self, id);
    },
    [self](stats_atom) {
      const auto& st = self->state;
      return std::vector<std::uint64_t>{st.live.size(), st.started,
                                        st.passivated, st.refused};
    },
  };
}

} // namespace dash::actors
