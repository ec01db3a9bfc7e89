// http/server_context.hpp
// What the routes of one running app share: the app, its settings, the
// front end, the callback table and loggers. Built by serve(), immutable.
#pragma once

#include <memory>
#include <string>

#include "actors/callback_table.hpp"
#include "actors/session_ids.hpp"
#include "config/settings.hpp"
#include "http/frontend.hpp"
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
  std::shared_ptr<spdlog::logger> log;
  /// The folder served under /assets/ ("" when none).
  std::string assets_dir;
  /// Signs and checks session ids; null when the app keeps no sessions.
  std::shared_ptr<const actors::session_ids> session_ids;
  /// The /_dash-dependencies body, computed once.
  std::string dependencies_json;
};

} // namespace dash::http
