// http/logging.hpp
// The server's spdlog loggers: human-readable lines by default, or one JSON
// object per line (log-format = json) with the request, callback and
// session ids a line mentions as fields of their own.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace dash::http {

struct loggers {
  std::shared_ptr<spdlog::logger> http;
  std::shared_ptr<spdlog::logger> actors;
  std::shared_ptr<spdlog::logger> app;
  std::shared_ptr<spdlog::logger> access; ///< null unless access-log
};

/// Loggers writing to stderr at `level`, formatted as `format` says ("text"
/// or "json").
loggers make_loggers(const std::string& app_name, const std::string& level,
                     const std::string& format, bool access_log);

/// `line` as the JSON object the json format writes (without newline):
/// time, level, logger, msg, and request/callback/session when `msg` has
/// `request=`, `callback=` or `session=` fields.
std::string json_log_line(const std::string& time, const std::string& level,
                          const std::string& logger, std::string_view msg);

} // namespace dash::http
