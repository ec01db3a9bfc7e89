// actors/runtime.cpp
// Wiring order matters: shards first (pools need the router), then pools,
// then the sources (fan-out sources need the pools), then configure shards.
#include "actors/runtime.hpp"

#include <unordered_map>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/cache/cache_shard.hpp"
#include "actors/cache/memo_source.hpp"
#include "actors/callbacks/fan_out_relay.hpp"
#include "actors/sessions/session_io.hpp"
#include "actors/sessions/session_manager.hpp"
#include "actors/sessions/store/session_store.hpp"
#include "actors/supervision/supervisor.hpp"
#include "model/fan_out.hpp"

namespace dash::actors {

namespace {

/// Builds the synthetic request a fan-out target runs with: its inputs
/// from the cache key, changed (as the renderer reports them).
std::shared_ptr<const model::callback_request>
request_from_key(const model::callback_spec& spec, const std::string& args) {
  auto parsed = model::parse_exact(args).as_array();
  model::callback_request req;
  req.output = spec.output_key();
  for (const auto& o : spec.outputs)
    req.outputs.emplace_back(o);
  for (std::size_t i = 0; i < spec.inputs.size() && i < parsed.size(); ++i) {
    req.inputs.push_back(model::prop_value{spec.inputs[i], parsed[i]});
    req.changed_props.push_back(spec.inputs[i].key());
  }
  return std::make_shared<const model::callback_request>(std::move(req));
}

/// A source that runs a fan-out target through its pool; the answer
/// (including 204s) is cached, errors are passed on and not kept.
memo_source make_callback_source(
  std::shared_ptr<basic_actor_slot<callback_pool_actor>> pool,
                                 std::shared_ptr<const model::registered_callback>
                                   cb,
                                 const runtime_settings& settings) {
  memo_source source;
  source.options.ttl = settings.fan_out_ttl;
  source.options.max_entries = settings.fan_out_entries;
  source.decode = [](const std::string& wire) {
    return model::shared_value::of(
      std::make_shared<const callback_outcome>(decode_outcome(wire)));
  };
  bool keep_wire = settings.where != nullptr;
  source.start = [pool = std::move(pool), cb = std::move(cb), keep_wire](
                   caf::actor_system& sys, const memo_request& req,
                   const cache_shard_actor& shard) {
    sys.spawn(fan_out_relay, pool->get(),
              callback_job{request_from_key(cb->spec, req.args), "fan-out",
                           reply_address{}, std::chrono::steady_clock::now()},
              req, shard, keep_wire);
  };
  return source;
}

std::shared_ptr<store::session_store>
open_store(const session_settings& s) {
  if (s.backend == "memory")
    return store::make_memory_store();
  if (s.backend == "disk") {
    if (s.dir.empty())
      throw std::runtime_error("session-backend disk needs session-dir");
    return store::make_disk_store(s.dir, s.disk_max_bytes);
  }
  if (s.backend == "redis") {
    store::redis_options o;
    o.host = s.redis_host;
    o.port = s.redis_port;
    o.timeout = s.redis_timeout;
    return store::make_redis_store(o);
  }
  throw std::runtime_error("unknown session-backend '" + s.backend
                           + "'; use memory, disk or redis");
}

struct session_actors {
  std::shared_ptr<const session_router> managers; ///< null: no sessions
  std::vector<child_spec> children;             ///< the managers
  std::vector<session_io_actor> services;
};

/// The session managers and their I/O actor, or none when the app keeps no
/// session values.
session_actors spawn_sessions(caf::actor_system& sys, const model::app& app,
                              const session_settings& s,
                              std::chrono::milliseconds compute_timeout,
                              std::shared_ptr<const session_ids> ids,
                              std::shared_ptr<const placement> where,
                              std::shared_ptr<spdlog::logger> log) {
  if (app.session_memos().empty())
    return {};
  auto cfg = std::make_shared<session_config>();
  cfg->ids = std::move(ids);
  for (const auto& def : app.session_memos())
    cfg->values.emplace(def->name, def);
  cfg->io = sys.spawn<caf::detached>(session_io, open_store(s), log);
  cfg->idle = s.idle;
  cfg->compute_timeout = compute_timeout;
  cfg->lifetime = s.lifetime;
  auto managers = std::max<std::size_t>(1, s.managers);
  cfg->max_live = std::max<std::size_t>(1, s.max_live / managers);
  cfg->log = log;
  std::shared_ptr<const session_config> frozen = std::move(cfg);
  session_actors out;
  std::vector<std::shared_ptr<session_router::slot>> slots;
  for (std::size_t i = 0; i < managers; ++i) {
    auto slot = std::make_shared<session_router::slot>();
    slots.push_back(slot);
    out.children.push_back(child_spec{
      "session-manager-" + std::to_string(i), publishing(slot, [frozen](
                                                caf::actor_system& system) {
        return system.spawn(session_manager, frozen);
      })});
  }
  log->info("sessions backend={} managers={} idle-ms={} lifetime-s={} "
            "max-live={}",
            s.backend, managers, s.idle.count(), s.lifetime.count(),
            s.max_live);
  out.managers = std::make_shared<const session_router>(std::move(slots),
                                                      where);
  out.services.push_back(frozen->io);
  return out;
}

} // namespace

std::shared_ptr<metrics> make_metrics(const model::app& app) {
  std::vector<std::string> callback_ids;
  for (const auto& cb : app.callbacks())
    callback_ids.push_back(cb->spec.output_key());
  return std::make_shared<metrics>(
    callback_ids,
    std::vector<std::string>{"root", "callbacks", "cache", "sessions"});
}

std::shared_ptr<const callback_table>
spawn_runtime(caf::actor_system& sys, const model::app& app,
              const runtime_settings& settings,
              std::shared_ptr<const session_ids> ids,
              std::shared_ptr<spdlog::logger> log,
              std::shared_ptr<spdlog::logger> app_log) {
  const auto& callbacks = app.callbacks();
  auto stats = settings.stats ? settings.stats : make_metrics(app);
  auto sessions = spawn_sessions(sys, app, settings.sessions,
                                 settings.memo_timeout, ids, settings.where,
                                 log);

  // Slots first: every handle the actors and the HTTP layer hold is a
  // slot, so that a restarted actor is found again.
  std::vector<std::shared_ptr<cache_router::slot>> shard_slots;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, settings.cache_shards);
       ++i)
    shard_slots.push_back(std::make_shared<cache_router::slot>());
  auto router = std::make_shared<const cache_router>(shard_slots,
                                                     settings.where);

  auto targets = app.fan_out()
                   ? model::fan_out_targets(callbacks)
                   : std::vector<std::vector<model::fan_out_target>>(
                     callbacks.size());
  std::vector<bool> is_target(callbacks.size(), false);
  for (const auto& list : targets)
    for (const auto& t : list)
      is_target[t.callback] = true;

  std::unordered_map<std::string, callback_table::entry> entries;
  std::vector<std::shared_ptr<basic_actor_slot<callback_pool_actor>>> pool_slots;
  std::vector<child_spec> pool_children;
  for (std::size_t i = 0; i < callbacks.size(); ++i) {
    const auto& cb = callbacks[i];
    auto wc = std::make_shared<worker_context>();
    wc->cb = cb;
    wc->log = log;
    wc->app_log = app_log;
    wc->cache = router;
    wc->sessions = sessions.managers;
    wc->stats = stats;
    wc->metrics_index = i;
    for (const auto& t : targets[i])
      wc->fan_out.push_back(fan_out_link{
        model::fan_out_function(callbacks[t.callback]->spec), t.from});
    auto limits = settings.pools;
    if (cb->spec.options.max_parallel != 0)
      limits.max_workers = cb->spec.options.max_parallel;
    if (cb->spec.options.timeout.count() > 0)
      limits.timeout = cb->spec.options.timeout;
    wc->wait_timeout = limits.timeout;
    log->debug("callback pool callback={} workers={} queue={} timeout-ms={} "
               "fan-out={} cached={}",
               cb->spec.output_key(), limits.max_workers, limits.max_queue,
               limits.timeout.count(), wc->fan_out.size(), is_target[i]);
    auto slot = std::make_shared<basic_actor_slot<callback_pool_actor>>();
    pool_slots.push_back(slot);
    std::shared_ptr<const worker_context> frozen_wc = std::move(wc);
    pool_children.push_back(child_spec{
      "pool " + cb->spec.output_key(),
      publishing(slot, [frozen_wc, limits](caf::actor_system& system) {
        return system.spawn(callback_pool, frozen_wc, limits);
      })});
    entries.emplace(cb->spec.output_key(),
                    callback_table::entry{cb, slot, is_target[i], i,
                                          limits.timeout});
  }

  auto sources = std::make_shared<memo_sources>();
  for (const auto& def : app.memos()) {
    auto source = make_compute_source(def, log, settings.where != nullptr);
    if (source.options.timeout.count() == 0)
      source.options.timeout = settings.memo_timeout;
    sources->emplace(def->name, std::move(source));
  }
  for (std::size_t i = 0; i < callbacks.size(); ++i)
    if (is_target[i])
      sources->emplace(model::fan_out_function(callbacks[i]->spec),
                       make_callback_source(pool_slots[i], callbacks[i],
                                            settings));
  std::shared_ptr<const memo_sources> frozen = std::move(sources);
  std::vector<child_spec> shard_children;
  auto shard_count = shard_slots.size();
  for (std::size_t i = 0; i < shard_count; ++i)
    shard_children.push_back(child_spec{
      "cache-shard-" + std::to_string(i),
      publishing(shard_slots[i], [frozen, shard_count, where = settings.where,
                                  log](caf::actor_system& system) {
        return system.spawn(cache_shard, shard_count, frozen, where, log);
      })});

  auto level = [&](std::string name, std::vector<child_spec> children) {
    auto c = std::make_shared<supervisor_config>();
    c->name = std::move(name);
    c->children = std::move(children);
    c->intensity = settings.supervisors;
    c->log = log;
    c->stats = stats;
    return c;
  };
  std::vector<child_spec> top;
  top.push_back(child_spec{"callbacks",
                           start_supervisor(level("callbacks",
                                                  std::move(pool_children)))});
  top.push_back(child_spec{"cache",
                           start_supervisor(level("cache",
                                                  std::move(shard_children)))});
  if (!sessions.children.empty())
    top.push_back(child_spec{
      "sessions",
      start_supervisor(level("sessions", std::move(sessions.children)))});
  auto root_cfg = level("root", std::move(top));
  root_cfg->on_give_up = settings.on_give_up;
  auto root = spawn_supervisor(
    sys, std::shared_ptr<const supervisor_config>(std::move(root_cfg)));
  return std::make_shared<const callback_table>(
    std::move(entries), router, sessions.managers, root, sessions.services,
    frozen);
}

} // namespace dash::actors
