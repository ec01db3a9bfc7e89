// http/server_context.hpp
// What the routes of one running app share: the app, its settings, the
// front end, the callback table, metrics and loggers. Built by serve(),
// immutable (the metrics and lifecycle it points to are thread-safe).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "actors/callbacks/callback_table.hpp"
#include "actors/core/reply_port.hpp"
#include "actors/cache/placement.hpp"
#include "actors/sessions/session_ids.hpp"
#include "config/settings.hpp"
#include "http/frontend.hpp"
#include "http/http_metrics.hpp"
#include "http/lifecycle.hpp"
#include "model/app.hpp"

namespace spdlog {
class logger;
}

namespace dash::http {

struct server_context {
  std::shared_ptr<const model::app> app;
  config::settings settings;
  std::shared_ptr<const frontend> front_end;
  std::shared_ptr<const actors::callback_table> callbacks;
  /// Where answers to callback requests come back to their connections.
  std::shared_ptr<actors::reply_port> replies;
  std::shared_ptr<spdlog::logger> log;
  /// The folder served under /assets/ ("" when none).
  std::string assets_dir;
  /// Signs and checks session ids; null when the app keeps no sessions.
  std::shared_ptr<const actors::session_ids> session_ids;
  /// The /_dash-dependencies body, computed once.
  std::string dependencies_json;
  /// The actors' counters (shared with them).
  std::shared_ptr<actors::metrics> stats;
  /// Route, connection and callback-answer counters and histograms.
  std::shared_ptr<http_metrics> http_stats;
  /// Draining flag and open connections (shared by the connections).
  std::shared_ptr<lifecycle> life;
  /// The longest a callback request waits for its actor before the
  /// connection answers 504 itself (a backstop: pools time out runs).
  std::chrono::milliseconds callback_deadline{120'000};
  /// Where keys live when this node is one of a cluster (null: alone).
  std::shared_ptr<const actors::placement> where;
  /// This node's name (its cluster name, or its HTTP host:port).
  std::string node_name;
  /// Loggers of the access log (null: off).
  std::shared_ptr<spdlog::logger> access_log;
  /// Nonzero on the plain-HTTP listener of https-redirect-port: every
  /// request is redirected to https on this port.
  std::uint16_t redirect_to_https_port = 0;
};

/// `callback_deadline` for `table`: pools answer a run past its timeout
/// themselves; the connection's own deadline only catches a job that
/// never reached a worker, so it is twice the longest timeout.
inline std::chrono::milliseconds
backstop_deadline(const actors::callback_table& table,
                  const config::settings& s) {
  return 2 * std::max(table.max_timeout(),
                      std::chrono::milliseconds(s.callback_timeout_ms));
}

} // namespace dash::http
