// http/logging.cpp
// Logger set-up and the JSON line formatter (a spdlog::formatter).
#include "http/logging.hpp"

#include <chrono>
#include <ctime>

#include <boost/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace dash::http {

namespace {

/// The value of `key=` in `msg` (up to the next space; quotes removed), or
/// "" when absent.
std::string_view field(std::string_view msg, std::string_view key) {
  std::size_t at = 0;
  while ((at = msg.find(key, at)) != std::string_view::npos) {
    if (at == 0 || msg[at - 1] == ' ') {
      auto start = at + key.size();
      auto end = msg.find(' ', start);
      auto value = msg.substr(start, end == std::string_view::npos
                                       ? std::string_view::npos
                                       : end - start);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      return value;
    }
    at += key.size();
  }
  return {};
}

class json_formatter final : public spdlog::formatter {
public:
  void format(const spdlog::details::log_msg& msg,
              spdlog::memory_buf_t& dest) override {
    auto t = std::chrono::system_clock::to_time_t(msg.time);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                msg.time.time_since_epoch())
                .count()
              % 1000;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[40];
    auto n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ",
                  static_cast<int>(ms));
    auto level = spdlog::level::to_string_view(msg.level);
    auto line = json_log_line(
      stamp, std::string{level.data(), level.size()},
      std::string{msg.logger_name.data(), msg.logger_name.size()},
      std::string_view{msg.payload.data(), msg.payload.size()});
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<json_formatter>();
  }
};

} // namespace

std::string json_log_line(const std::string& time, const std::string& level,
                          const std::string& logger, std::string_view msg) {
  boost::json::object o;
  o["time"] = time;
  o["level"] = level;
  o["logger"] = logger;
  o["msg"] = msg;
  for (auto key : {"request", "callback", "session"}) {
    auto v = field(msg, std::string{key} + "=");
    if (!v.empty() && v != "-")
      o[key] = v;
  }
  return boost::json::serialize(o);
}

loggers make_loggers(const std::string& app_name, const std::string& level,
                     const std::string& format, bool access_log) {
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  auto make = [&](const std::string& name) {
    auto l = std::make_shared<spdlog::logger>(name, sink);
    if (format == "json")
      l->set_formatter(std::make_unique<json_formatter>());
    else
      l->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
    l->set_level(spdlog::level::from_str(level));
    l->flush_on(spdlog::level::info);
    return l;
  };
  loggers out{make("http"), make("actors"), make(app_name), nullptr};
  if (access_log) {
    out.access = make("access");
    out.access->set_level(spdlog::level::info);
  }
  return out;
}

} // namespace dash::http
