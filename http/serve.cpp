// http/serve.cpp
// Wires one app into a running server: loggers, front end, actor system,
// supervision tree, HTTP listener and I/O threads, then a graceful
// shutdown that finishes requests in flight before stopping the actors.
#include "http/serve.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <spdlog/spdlog.h>

#include "actors/cluster/cluster.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/system_types.hpp"
#include "actors/runtime.hpp"
#include "http/frontend_location.hpp"
#include "http/https_front.hpp"
#include "http/listener.hpp"
#include "http/logging.hpp"
#include "http/router.hpp"
#include "http/server_context.hpp"

namespace dash {

namespace {

/// The exit status when the root supervisor gives up (EX_SOFTWARE).
constexpr int gave_up_status = 70;

/// Ends the process if the actor system cannot finish (a callback stuck in
/// user code keeps its detached worker's thread, and the actor system waits
/// for every thread) within `limit` after the actors were told to stop.
class exit_watchdog {
public:
  exit_watchdog(std::chrono::milliseconds limit, int status,
                std::shared_ptr<spdlog::logger> log)
    : thread_([this, limit, status, log] {
        std::unique_lock<std::mutex> lock{mutex_};
        if (cv_.wait_for(lock, limit, [this] { return done_; }))
          return;
        log->error("actors still running {} ms after shutdown began (a "
                   "callback stuck in user code); exiting without them",
                   limit.count());
        log->flush();
        std::_Exit(status);
      }) {}

  exit_watchdog(const exit_watchdog&) = delete;
  exit_watchdog& operator=(const exit_watchdog&) = delete;

  ~exit_watchdog() {
    {
      std::lock_guard<std::mutex> guard{mutex_};
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

actors::runtime_settings runtime_settings_of(const config::settings& s) {
  actors::runtime_settings rs;
  rs.pools.max_workers = s.callback_workers;
  rs.pools.max_queue = s.callback_queue;
  rs.pools.timeout = std::chrono::milliseconds(s.callback_timeout_ms);
  rs.pools.workers = actors::restart_intensity{
    s.worker_restarts, std::chrono::milliseconds(s.worker_restart_period_ms)};
  rs.supervisors = actors::restart_intensity{
    s.supervisor_restarts,
    std::chrono::milliseconds(s.supervisor_restart_period_ms)};
  rs.cache_shards = s.cache_shards != 0
                      ? s.cache_shards
                      : std::max(1u, std::thread::hardware_concurrency());
  rs.fan_out_ttl = std::chrono::milliseconds(s.fan_out_ttl_ms);
  rs.memo_timeout = std::chrono::milliseconds(s.callback_timeout_ms);
  rs.sessions.backend = s.session_backend;
  rs.sessions.dir = s.session_dir;
  rs.sessions.disk_max_bytes = s.session_disk_max_mb << 20;
  rs.sessions.redis_host = s.redis_host;
  rs.sessions.redis_port = s.redis_port;
  rs.sessions.redis_timeout = std::chrono::milliseconds(s.redis_timeout_ms);
  rs.sessions.idle = std::chrono::milliseconds(s.session_idle_ms);
  rs.sessions.lifetime = std::chrono::seconds(s.session_lifetime_s);
  rs.sessions.max_live = s.session_max_live;
  rs.sessions.managers = s.session_managers != 0 ? s.session_managers
                                                 : rs.cache_shards;
  return rs;
}

/// Throws std::invalid_argument for a bad seed list and std::runtime_error
/// when the secret cannot be read (both before any actor runs).
actors::cluster_settings cluster_settings_of(const config::settings& s) {
  actors::cluster_settings cs;
  cs.host = s.cluster_host;
  cs.port = s.cluster_port;
  cs.name = s.cluster_node_name;
  cs.seeds = actors::parse_seeds(s.cluster_seeds);
  cs.auth = std::make_shared<const actors::cluster_auth>(
    actors::cluster_auth::load(s.cluster_secret, s.cluster_secret_file));
  cs.vnodes = s.cluster_vnodes;
  cs.heartbeat = std::chrono::milliseconds(s.cluster_heartbeat_ms);
  cs.down_after = std::chrono::milliseconds(s.cluster_down_after_ms);
  cs.near_cache.max_entries = s.cluster_near_cache_entries;
  cs.near_cache.max_bytes = s.cluster_near_cache_mb << 20;
  cs.near_cache.lease =
    std::chrono::milliseconds(s.cluster_near_cache_lease_ms);
  cs.tls_cert_file = s.cluster_tls_cert_file;
  cs.tls_key_file = s.cluster_tls_key_file;
  cs.tls_ca_file = s.cluster_tls_ca_file;
  return cs;
}

/// Memoized functions whose results cannot cross nodes (no JSON
/// conversion both ways): a cluster cannot serve them.
std::vector<std::string> local_only_memos(const model::app& app) {
  std::vector<std::string> out;
  for (const auto& def : app.memos())
    if (!def->decode)
      out.push_back(def->name);
  return out;
}

/// Stops accepting, lets requests in flight finish (up to the deadline),
/// then stops the I/O threads. Runs on the io_context; idempotent.
class shutdown_sequence : public std::enable_shared_from_this<shutdown_sequence> {
public:
  shutdown_sequence(http::net::io_context& ioc,
                    std::shared_ptr<http::server_context> ctx,
                    std::shared_ptr<http::listener> lst)
    : ioc_(ioc), ctx_(std::move(ctx)), lst_(std::move(lst)), timer_(ioc) {}

  void begin(int status, const std::string& why) {
    if (started_.exchange(true))
      return;
    status_ = status;
    ctx_->log->info("{}; shutting down: no new connections, {} request(s) "
                    "in flight get up to {} ms",
                    why, ctx_->http_stats->requests_in_flight.load(),
                    ctx_->settings.shutdown_timeout_ms);
    lst_->stop();
    ctx_->life->drain();
    deadline_ = std::chrono::steady_clock::now()
                + std::chrono::milliseconds(ctx_->settings.shutdown_timeout_ms);
    poll();
  }

  int status() const {
    return status_;
  }

private:
  void poll() {
    auto left = ctx_->http_stats->requests_in_flight.load();
    if (left == 0 || std::chrono::steady_clock::now() >= deadline_) {
      if (left != 0)
        ctx_->log->warn("shutdown deadline reached with {} request(s) still "
                        "in flight; they are dropped",
                        left);
      else
        ctx_->log->info("requests in flight finished");
      ioc_.stop();
      return;
    }
    timer_.expires_after(std::chrono::milliseconds(20));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code) {
      self->poll();
    });
  }

  http::net::io_context& ioc_;
  std::shared_ptr<http::server_context> ctx_;
  std::shared_ptr<http::listener> lst_;
  http::net::steady_timer timer_;
  std::atomic<bool> started_{false};
  std::atomic<int> status_{0};
  std::chrono::steady_clock::time_point deadline_;
};

} // namespace

int serve(const model::app& app, const config::settings& s,
          const std::string& frontend_hint) {
  auto logs = http::make_loggers(app.name(), s.log_level, s.log_format,
                                 s.access_log);
  if (!app.errors().empty()) {
    for (const auto& e : app.errors())
      logs.app->error("registration error: {}", e);
    logs.app->error("{} registration error(s); fix them and start again",
                    app.errors().size());
    return 2;
  }
  auto ctx = std::make_shared<http::server_context>();
  ctx->app = std::make_shared<const model::app>(app);
  ctx->settings = s;
  ctx->log = logs.http;
  ctx->access_log = logs.access;
  ctx->life = std::make_shared<http::lifecycle>();
  // Dash's default: `assets` in the working directory.
  ctx->assets_dir = !s.assets_dir.empty()            ? s.assets_dir
                    : !app.assets_folder().empty() ? app.assets_folder()
                                                   : std::string{"assets"};
  ctx->dependencies_json = json::serialize(app.dependencies_json());
  ctx->stats = actors::make_metrics(app);
  ctx->http_stats = http::make_http_metrics(app);
  try {
    auto found = http::locate_frontend(s.frontend_dir, frontend_hint);
    ctx->front_end = found.files;
    logs.http->info("front end loaded from {}", found.dir);
  } catch (const std::exception& e) {
    logs.http->error("cannot load the front end: {}", e.what());
    return 1;
  }
  // The io_context outlives the actor system: replies from actors post to
  // strands of it until the very end.
  http::net::io_context ioc{static_cast<int>(s.io_threads)};
  caf::actor_system_config cfg;
  actors::register_system_types(cfg);
  if (s.scheduler_threads > 0)
    cfg.set("scheduler.max-threads", s.scheduler_threads);
  // Idle scheduler threads sleep on a condition variable at once instead
  // of spinning and polling: on small machines the spinning takes CPU from
  // the HTTP threads and the callback workers (see bench/README.md).
  cfg.set("work-stealing.aggressive-poll-attempts", std::size_t{1});
  cfg.set("work-stealing.moderate-poll-attempts", std::size_t{1});
  actors::cluster_settings cluster_cfg;
  std::shared_ptr<actors::placement> where;
  if (s.cluster) {
    auto local = local_only_memos(app);
    for (const auto& name : local)
      logs.app->error("memoized function {} returns a type without JSON "
                      "conversions (tag_invoke value_from and value_to); a "
                      "cluster sends values between nodes as JSON",
                      name);
    if (!local.empty())
      return 2;
    try {
      cluster_cfg = cluster_settings_of(s);
      actors::prepare_cluster(cfg, cluster_cfg);
    } catch (const std::invalid_argument& e) {
      logs.actors->error("{}", e.what());
      return 2;
    } catch (const std::exception& e) {
      logs.actors->error("cannot join a cluster: {}", e.what());
      return 1;
    }
    where = std::make_shared<actors::placement>();
    ctx->where = where;
  }
  caf::actor_system sys{cfg};
  auto rs = runtime_settings_of(s);
  rs.stats = ctx->stats;
  rs.where = where;
  // Set once the listener exists; the root supervisor may give up later.
  std::shared_ptr<shutdown_sequence> shutdown;
  std::mutex shutdown_mutex;
  rs.on_give_up = [&ioc, &shutdown, &shutdown_mutex](const std::string& why) {
    std::lock_guard<std::mutex> guard{shutdown_mutex};
    if (shutdown)
      boost::asio::post(ioc, [seq = shutdown, why] {
        seq->begin(gave_up_status, "supervisors gave up: " + why);
      });
  };
  std::shared_ptr<const actors::callback_table> table;
  try {
    if (app.uses_sessions())
      ctx->session_ids = std::make_shared<const actors::session_ids>(
        actors::session_ids::from_files(
          s.session_secret_file, s.session_secret_previous_file,
          std::chrono::seconds(s.session_secret_grace_s)));
    table = actors::spawn_runtime(sys, *ctx->app, rs, ctx->session_ids,
                                  logs.actors, logs.app);
  } catch (const std::exception& e) {
    logs.actors->error("cannot start: {}", e.what());
    return 1;
  }
  ctx->callbacks = table;
  ctx->replies = std::make_shared<actors::reply_port>(sys);
  ctx->callback_deadline = http::backstop_deadline(*table, s);
  std::shared_ptr<http::listener> lst;
  std::unique_ptr<http::https_front> https;
  try {
    https = s.tls_cert_file.empty()
              ? nullptr
              : std::make_unique<http::https_front>(ioc, ctx);
  } catch (const std::exception& e) {
    logs.http->error("cannot start https: {}", e.what());
    table->stop_all();
    return 2;
  }
  try {
    boost::system::error_code ec;
    auto address = http::net::ip::make_address(s.host, ec);
    if (ec) {
      logs.http->error("bad host '{}': {}", s.host, ec.message());
      table->stop_all();
      return 2;
    }
    lst = std::make_shared<http::listener>(
      ioc, http::tcp::endpoint{address, s.port}, ctx,
      https ? https->tls() : nullptr);
    if (https)
      https->start(address, lst->local_endpoint().port());
  } catch (const std::exception& e) {
    logs.http->error("cannot listen on {}:{}: {}", s.host, s.port, e.what());
    table->stop_all();
    return 1;
  }
  {
    std::lock_guard<std::mutex> guard{shutdown_mutex};
    shutdown = std::make_shared<shutdown_sequence>(ioc, ctx, lst);
  }
  // Stops the actors and drops every handle, so that the actor system can
  // finish: a detached actor's thread ends only once nothing refers to it.
  auto release = [&] {
    table->stop_all();
    {
      std::lock_guard<std::mutex> guard{shutdown_mutex};
      shutdown.reset();
    }
    ctx->callbacks.reset();
    ctx->replies.reset();
    table.reset();
    lst.reset();
  };
  auto ep = lst->local_endpoint();
  auto http_address =
    ep.address().to_string() + ':' + std::to_string(ep.port());
  ctx->node_name = http_address;
  std::unique_ptr<actors::cluster_membership> membership;
  if (s.cluster) {
    try {
      membership = std::make_unique<actors::cluster_membership>(
        sys, cluster_cfg, app.name(), http_address, *table, where,
        ctx->stats, logs.actors);
    } catch (const std::exception& e) {
      logs.actors->error("cannot join a cluster: {}", e.what());
      lst->stop();
      release();
      return 1;
    }
  }
  // Before "listening on" is logged: a supervisor (or a test) may send
  // SIGTERM as soon as it reads that line.
  http::net::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait(
    [&shutdown, &logs, &https](const boost::system::error_code& ec,
                               int sig) {
      if (ec)
        return;
      logs.http->info("signal {} received", sig);
      if (https)
        https->stop();
      shutdown->begin(0, "signal " + std::to_string(sig));
    });
  lst->run();
  logs.http->info("app={} callbacks={} io-threads={} callback-workers={}",
                  app.name(), table->size(), s.io_threads,
                  s.callback_workers);
  logs.http->info("listening on {}://{}:{}", https ? "https" : "http",
                  ep.address().to_string(), ep.port());
  std::vector<std::thread> threads;
  threads.reserve(s.io_threads - 1);
  for (std::size_t i = 1; i < s.io_threads; ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads)
    t.join();
  int status = shutdown->status();
  exit_watchdog watchdog{std::chrono::milliseconds(s.shutdown_timeout_ms),
                         status, logs.http};
  if (membership)
    membership->stop(); // the other nodes see this node leave at once
  release();
  sys.await_all_actors_done();
  logs.http->info("stopped status={}", status);
  return status;
}

int serve(const model::app& app, int argc, char** argv,
          const std::vector<config::flag_ref>& flags,
          const std::string& frontend_hint) {
  std::vector<config::option> options;
  options.reserve(flags.size());
  for (const auto& f : flags)
    options.push_back(f.declared());
  auto parsed = config::parse(argc, argv, options);
  if (!parsed.values)
    return parsed.exit_code;
  try {
    for (const auto& f : flags)
      f.set(parsed.values->app_string(f.declared().name));
  } catch (const std::invalid_argument& e) {
    std::cerr << "dashcpp: bad configuration: " << e.what()
              << " (see --help)\n";
    return 2;
  }
  return serve(app, *parsed.values, frontend_hint);
}

} // namespace dash
