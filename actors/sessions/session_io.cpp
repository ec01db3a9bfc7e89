// actors/sessions/session_io.cpp
// Store calls turned into replies; a backend error becomes a message the
// session passes on to the user, never a crash or a lost answer.
#include "actors/sessions/session_io.hpp"

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/core/messages.hpp"
#include "actors/sessions/session_ids.hpp"

namespace dash::actors {

session_io_actor::behavior_type
session_io(session_io_actor::pointer self,
           std::shared_ptr<store::session_store> store,
           std::shared_ptr<spdlog::logger> log) {
  return {
    [store, log](load_atom, const std::string& key) {
      load_reply r;
      try {
        if (auto v = store->get(key)) {
          r.found = true;
          r.blob = std::move(*v);
        }
      } catch (const std::exception& e) {
        r.error = std::string{store->kind()} + " session store: " + e.what();
        log->error("session load failed session={} error=\"{}\"",
                   session_ids::shorten(key), e.what());
      }
      return r;
    },
    [store, log](store_atom, const std::string& key, const std::string& blob,
                 std::int64_t ttl_s) -> std::string {
      try {
        store->put(key, blob, std::chrono::seconds(ttl_s));
        return std::string{};
      } catch (const std::exception& e) {
        log->error("session write failed session={} error=\"{}\"",
                   session_ids::shorten(key), e.what());
        return std::string{store->kind()} + " session store: " + e.what();
      }
    },
    [store, log](erase_atom, const std::string& key) {
      try {
        store->erase(key);
      } catch (const std::exception& e) {
        log->error("session erase failed session={} error=\"{}\"",
                   session_ids::shorten(key), e.what());
      }
    },
    [store](stats_atom) -> std::string {
      // Readiness: "" when the backend answers, else why not.
      return store->ping() ? std::string{}
                           : std::string{store->kind()}
                               + " session store does not answer";
    },
    [self, log](passivate_atom) {
      // Shutdown: every write sent before this message is done.
      log->info("session store writes finished; closing it");
      self->quit();
    },
  };
}

} // namespace dash::actors
