// tests/http/http_test_kit.hpp
// Shared by the HTTP tests: a server_context built as serve() builds it, and
// requests routed without sockets, with bounded waits for later replies.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <catch2/catch.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "actors/runtime.hpp"
#include "http/exchange.hpp"
#include "http/frontend.hpp"
#include "http/router.hpp"
#include "http/server_context.hpp"
#include "model/app.hpp"

#ifndef DASH_TEST_NODE_MODULES
#error "DASH_TEST_NODE_MODULES must name the node_modules folder"
#endif

namespace dash::http::test {

/// How long a test waits for a reply that should come at once.
inline constexpr std::chrono::seconds reply_limit{10};

/// The front end, loaded once: it is immutable and takes a while to read.
inline std::shared_ptr<const frontend> shared_frontend() {
  static const auto fe = frontend::load(DASH_TEST_NODE_MODULES);
  return fe;
}

/// The value of header `name` in `r`, or nullopt.
inline std::optional<std::string> header_of(const reply& r,
                                            std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name)
      return v;
  return std::nullopt;
}

/// The body of `r` as text ("" when it has none).
inline std::string body_of(const reply& r) {
  return r.body ? *r.body : std::string{};
}

/// A folder under the system temp dir, removed when the test ends.
class temp_folder {
public:
  temp_folder() {
    auto base = std::filesystem::temp_directory_path();
    for (int i = 0;; ++i) {
      path_ = base
              / ("dash-http-test-" + std::to_string(::getpid()) + "-"
                 + std::to_string(i));
      if (std::filesystem::create_directory(path_))
        break;
    }
  }
  temp_folder(const temp_folder&) = delete;
  temp_folder& operator=(const temp_folder&) = delete;
  ~temp_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  /// Writes `text` to `rel` (creating folders) and returns its path.
  std::filesystem::path write(const std::string& rel,
                              const std::string& text) const {
    auto p = path_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream{p, std::ios::binary} << text;
    return p;
  }
  const std::filesystem::path& path() const {
    return path_;
  }

private:
  std::filesystem::path path_;
};

/// A server context for `app` on a real actor system. Declare the app's
/// callbacks first, then call start(); actors stop when the test ends.
struct server_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{configured(cfg)};
  model::app app;
  server_context ctx;

  static caf::actor_system_config& configured(caf::actor_system_config& c) {
    c.set("scheduler.max-threads", 2);
    return c;
  }

  void start(std::string assets_dir = {}) {
    auto log = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::null_sink_mt>());
    ctx.app = std::make_shared<const model::app>(app);
    ctx.front_end = shared_frontend();
    ctx.log = log;
    ctx.assets_dir = std::move(assets_dir);
    ctx.dependencies_json = json::serialize(app.dependencies_json());
    ctx.stats = actors::make_metrics(app);
    ctx.http_stats = make_http_metrics(app);
    ctx.life = std::make_shared<lifecycle>();
    actors::runtime_settings rs;
    rs.stats = ctx.stats;
    // No sessions: the test apps keep no session values.
    ctx.callbacks =
      actors::spawn_runtime(sys, *ctx.app, rs, nullptr, log, log);
    ctx.replies = std::make_shared<actors::reply_port>(sys);
  }

  ~server_fixture() {
    if (ctx.callbacks)
      ctx.callbacks->stop_all();
  }

  /// Routes a request that must be answered before route() returns.
  reply now(std::string_view method, std::string_view target,
            std::string_view accept_encoding = {},
            std::string_view if_none_match = {}) const {
    request_view req{.method = method,
                     .target = target,
                     .accept_encoding = accept_encoding,
                     .if_none_match = if_none_match,
                     .request_id = "t1"};
    std::optional<reply> got;
    route(ctx, req, [&](reply r) { got = std::move(r); });
    REQUIRE(got.has_value());
    return std::move(*got);
  }

  /// Routes a POST to /_dash-update-component; the reply may come from
  /// another thread. nullopt when none came within `reply_limit`.
  /// Sends the CSRF cookie and header as the renderer does.
  std::optional<reply> post(std::string_view body) const {
    return send(request_view{.method = "POST",
                             .target = "/_dash-update-component",
                             .body = body,
                             .cookie = token_cookie,
                             .request_id = "t2",
                             .host = "127.0.0.1:8050",
                             .origin = "http://127.0.0.1:8050",
                             .csrf_token = token});
  }

  /// A well-formed CSRF token (43 base64url characters).
  static constexpr std::string_view token
    = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";
  static constexpr std::string_view token_cookie
    = "_csrf_token=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

  /// Routes `req`; the reply may come from another thread.
  std::optional<reply> send(const request_view& req) const {
    auto promise = std::make_shared<std::promise<reply>>();
    auto future = promise->get_future();
    route(ctx, req, [promise](reply r) { promise->set_value(std::move(r)); });
    if (future.wait_for(reply_limit) != std::future_status::ready)
      return std::nullopt;
    return future.get();
  }
};

} // namespace dash::http::test
