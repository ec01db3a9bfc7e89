// http/serve.cpp
// Wires one app into a running server: loggers, front end, actor system,
// callback pools, HTTP listener and I/O threads, then a clean shutdown.
#include "http/serve.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "actors/runtime.hpp"
#include "actors/messages.hpp"
#include "http/listener.hpp"
#include "http/server_context.hpp"

#ifndef DASH_DEFAULT_FRONTEND_DIR
#define DASH_DEFAULT_FRONTEND_DIR "node_modules"
#endif

namespace dash {

namespace {

struct loggers {
  std::shared_ptr<spdlog::logger> http;
  std::shared_ptr<spdlog::logger> actors;
  std::shared_ptr<spdlog::logger> app;
};

loggers make_loggers(const std::string& app_name, const std::string& level) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto make = [&](const std::string& name) {
    auto l = std::make_shared<spdlog::logger>(name, sink);
    l->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
    l->set_level(spdlog::level::from_str(level));
    l->flush_on(spdlog::level::info);
    return l;
  };
  return {make("http"), make("actors"), make(app_name)};
}

} // namespace

int serve(const model::app& app, const config::settings& s) {
  auto logs = make_loggers(app.name(), s.log_level);
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
  ctx->assets_dir = s.assets_dir.empty() ? app.assets_folder() : s.assets_dir;
  ctx->dependencies_json = json::serialize(app.dependencies_json());
  try {
    ctx->front_end = http::frontend::load(
      s.frontend_dir.empty() ? DASH_DEFAULT_FRONTEND_DIR : s.frontend_dir);
  } catch (const std::exception& e) {
    logs.http->error("cannot load the front end: {}", e.what());
    return 1;
  }
  // The io_context outlives the actor system: replies from actors post to
  // strands of it until the very end.
  http::net::io_context ioc{static_cast<int>(s.io_threads)};
  caf::actor_system_config cfg;
  if (s.scheduler_threads > 0)
    cfg.set("scheduler.max-threads", s.scheduler_threads);
  // Idle scheduler threads sleep on a condition variable at once instead
  // of spinning and polling: on small machines the spinning takes CPU from
  // the HTTP threads and the callback workers (see bench/README.md).
  cfg.set("work-stealing.aggressive-poll-attempts", std::size_t{1});
  cfg.set("work-stealing.moderate-poll-attempts", std::size_t{1});
  caf::actor_system sys{cfg};
  actors::runtime_settings rs;
  rs.pools = actors::pool_limits{s.callback_workers, s.callback_queue};
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
  std::shared_ptr<const actors::callback_table> table;
  try {
    if (app.uses_sessions())
      ctx->session_ids = std::make_shared<const actors::session_ids>(
        actors::session_ids::from_file(s.session_secret_file));
    table = actors::spawn_runtime(sys, *ctx->app, rs, ctx->session_ids,
                                  logs.actors, logs.app);
  } catch (const std::exception& e) {
    logs.actors->error("cannot start: {}", e.what());
    return 1;
  }
  ctx->callbacks = table;
  std::shared_ptr<http::listener> lst;
  try {
    boost::system::error_code ec;
    auto address = http::net::ip::make_address(s.host, ec);
    if (ec) {
      logs.http->error("bad host '{}': {}", s.host, ec.message());
      table->stop_all();
      return 2;
    }
    lst = std::make_shared<http::listener>(
      ioc, http::tcp::endpoint{address, s.port}, ctx);
  } catch (const std::exception& e) {
    logs.http->error("cannot listen on {}:{}: {}", s.host, s.port, e.what());
    table->stop_all();
    return 1;
  }
  lst->run();
  auto ep = lst->local_endpoint();
  logs.http->info("app={} callbacks={} io-threads={} callback-workers={}",
                  app.name(), table->size(), s.io_threads,
                  s.callback_workers);
  logs.http->info("listening on http://{}:{}", ep.address().to_string(),
                  ep.port());
  http::net::signal_set signals{ioc, SIGINT, SIGTERM};
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec)
      return;
    logs.http->info("signal {} received; stopping", sig);
    lst->stop();
    ioc.stop();
  });
  std::vector<std::thread> threads;
  threads.reserve(s.io_threads - 1);
  for (std::size_t i = 1; i < s.io_threads; ++i)
    threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads)
    t.join();
  table->stop_all();
  // Drop every handle before the actor system waits for its actors: a
  // detached actor's thread ends only once nothing refers to it.
  ctx->callbacks.reset();
  table.reset();
  logs.http->info("stopped");
  return 0;
}

int serve(const model::app& app, int argc, char** argv) {
  auto parsed = config::parse(argc, argv);
  if (!parsed.values)
    return parsed.exit_code;
  return serve(app, *parsed.values);
}

} // namespace dash
