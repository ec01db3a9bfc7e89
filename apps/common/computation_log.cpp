// apps/common/computation_log.cpp
// One spdlog line on stderr, and one O_APPEND write per line to the file so
// lines from parallel computations never interleave.
#include "apps/common/computation_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace apps {

computation_log::computation_log(const std::string& app,
                                 dash::flag<std::string> file)
  : log_(std::make_shared<spdlog::logger>(
      app, std::make_shared<spdlog::sinks::stderr_color_sink_mt>())),
    file_(std::move(file)) {
  log_->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] %v");
  log_->flush_on(spdlog::level::info);
}

void computation_log::operator()(const std::string& line) const {
  log_->info("{}", line);
  const auto& file = *file_;
  if (file.empty())
    return;
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                  0644);
  if (fd < 0) {
    log_->warn("cannot append to computation log {}", file);
    return;
  }
  auto text = line + "\n";
  if (::write(fd, text.data(), text.size())
      != static_cast<ssize_t>(text.size()))
    log_->warn("short write to computation log {}", file);
  ::close(fd);
}

} // namespace apps
