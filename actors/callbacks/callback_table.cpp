// actors/callbacks/callback_table.cpp
// The non-blocking hand-over of jobs, directly or through the cache, and
// one-shot actors that gather counters and readiness for the HTTP layer.
#include "actors/callbacks/callback_table.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>

#include "model/fan_out.hpp"

namespace dash::actors {

namespace {

/// What a stats gathering waits for, shared by its reply handlers.
struct gathering {
  runtime_stats stats;
  std::size_t pending = 0;
  std::function<void(runtime_stats)> done;

  void add(const std::vector<memo_stats>& list) {
    for (const auto& m : list) {
      auto i = std::find_if(stats.memos.begin(), stats.memos.end(),
                            [&](const memo_stats& x) {
                              return x.function == m.function;
                            });
      if (i == stats.memos.end()) {
        stats.memos.push_back(m);
        continue;
      }
      i->hits += m.hits;
      i->misses += m.misses;
      i->computations += m.computations;
      i->coalesced += m.coalesced;
      i->evictions += m.evictions;
      i->expirations += m.expirations;
      i->errors += m.errors;
      i->entries += m.entries;
      i->bytes += m.bytes;
    }
  }

  /// Counts one answer (or its absence); the last one finishes.
  void answered(caf::event_based_actor* self) {
    if (--pending == 0) {
      std::sort(stats.memos.begin(), stats.memos.end(),
                [](const memo_stats& a, const memo_stats& b) {
                  return a.function < b.function;
                });
      done(std::move(stats));
      self->quit();
    }
  }
};

caf::behavior gather(caf::event_based_actor* self,
                     std::shared_ptr<gathering> g,
                     std::vector<cache_shard_actor> shards,
                     std::vector<session_manager_actor> managers,
                     std::chrono::milliseconds timeout) {
  g->pending = shards.size() + managers.size();
  if (g->pending == 0) {
    g->pending = 1;
    g->answered(self);
    return {};
  }
  auto failed = [self, g](const caf::error&) {
    ++g->stats.unanswered;
    g->answered(self);
  };
  for (const auto& s : shards)
    self->request(s, timeout, stats_atom_v)
      .then(
        [self, g](const std::vector<memo_stats>& list) {
          g->add(list);
          g->answered(self);
        },
        failed);
  for (const auto& m : managers)
    self->request(m, timeout, stats_atom_v)
      .then(
        [self, g](const std::vector<std::uint64_t>& v) {
          if (v.size() >= 4) {
            g->stats.sessions_live += v[0];
            g->stats.sessions_started += v[1];
            g->stats.sessions_passivated += v[2];
            g->stats.sessions_refused += v[3];
          }
          g->answered(self);
        },
        failed);
  return {};
}

caf::behavior probe(caf::event_based_actor* self, session_io_actor io,
                    std::chrono::milliseconds timeout,
                    std::function<void(std::string)> done) {
  self->request(io, timeout, stats_atom_v)
    .then(
      [self, done](const std::string& problem) {
        done(problem);
        self->quit();
      },
      [self, done](const caf::error& e) {
        done("the session store did not answer: " + caf::to_string(e));
        self->quit();
      });
  return {};
}

} // namespace

callback_table::callback_table(std::unordered_map<std::string, entry> entries,
                               std::shared_ptr<const cache_router> cache,
                               std::shared_ptr<const session_router> sessions,
                               supervisor_actor root,
                               std::vector<session_io_actor> services,
                               std::shared_ptr<const memo_sources> sources)
  : entries_(std::move(entries)),
    cache_(std::move(cache)),
    sessions_(std::move(sessions)),
    root_(std::move(root)),
    services_(std::move(services)),
    sources_(std::move(sources)) {}

const callback_table::entry*
callback_table::find(std::string_view output) const {
  auto i = entries_.find(std::string{output});
  return i == entries_.end() ? nullptr : &i->second;
}

void callback_table::submit(const entry& e, callback_job job,
                            const reply_port& port) const {
  auto to = job.reply_to;
  if (!e.cached)
    return port.submit(e.pool->get(), to, run_atom_v, std::move(job));
  json::array args;
  for (const auto& in : job.request->inputs)
    args.push_back(in.value);
  memo_request req{model::fan_out_function(e.callback->spec),
                   model::fan_out_args(args)};
  if (req.args.size() > model::max_fan_out_key_bytes)
    return port.submit(e.pool->get(), to, run_atom_v, std::move(job));
  // The shard answers the port with a memo_reply holding the outcome; the
  // port unwraps it.
  port.submit(cache_->shard_for(req.key()), to, fetch_atom_v, std::move(req),
              to);
}

void callback_table::collect(std::chrono::milliseconds timeout,
                             std::function<void(runtime_stats)> done) const {
  auto g = std::make_shared<gathering>();
  g->done = std::move(done);
  g->stats.sessions = sessions_ != nullptr;
  root_->home_system().spawn(gather, g, cache_->shards(),
                             sessions_ ? sessions_->shards()
                                       : std::vector<session_manager_actor>{},
                             timeout);
}

void callback_table::check_backends(
  std::chrono::milliseconds timeout,
  std::function<void(std::string)> done) const {
  if (services_.empty())
    return done({});
  root_->home_system().spawn(probe, services_.front(), timeout,
                             std::move(done));
}

void callback_table::stop_all() const {
  caf::anon_send_exit(root_, caf::exit_reason::user_shutdown);
  for (const auto& a : services_)
    caf::anon_send(a, passivate_atom_v);
}

std::chrono::milliseconds callback_table::max_timeout() const {
  std::chrono::milliseconds m{0};
  for (const auto& [name, e] : entries_)
    m = std::max(m, e.timeout);
  return m;
}

} // namespace dash::actors
