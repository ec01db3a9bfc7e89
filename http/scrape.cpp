// http/scrape.cpp
// Composes /_metrics: each layer appends its own families; the one family
// both feed (dashcpp_overload_refusals_total) gets one HELP here and a
// sample from each.
#include "http/scrape.hpp"

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>

namespace dash::http {

namespace {

using actors::prometheus_help;
using actors::prometheus_sample;
using actors::prometheus_scalar;

std::uint64_t resident_bytes() {
  std::ifstream in{"/proc/self/statm"};
  std::uint64_t pages = 0;
  std::uint64_t resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

std::uint64_t open_fds() {
  std::uint64_t n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr)
      ++n;
    closedir(d);
  }
  return n > 3 ? n - 3 : 0; // ".", ".." and the directory itself
}

std::uint64_t whole_seconds(std::chrono::system_clock::duration d) {
  return static_cast<std::uint64_t>(
    std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

void render_process(std::string& out,
                    std::chrono::system_clock::time_point started) {
  prometheus_scalar(out, "dashcpp_start_time_seconds", "gauge",
                    "When the server started (Unix time).",
                    whole_seconds(started.time_since_epoch()));
  prometheus_scalar(out, "dashcpp_uptime_seconds", "gauge",
                    "Seconds since the start.",
                    whole_seconds(std::chrono::system_clock::now() - started));
  prometheus_scalar(out, "process_resident_memory_bytes", "gauge",
                    "Resident memory of the server process.",
                    resident_bytes());
  prometheus_scalar(out, "process_open_fds", "gauge",
                    "Open file descriptors.",
                    open_fds());
}

} // namespace

std::string render_scrape(const http_metrics& http_stats,
                          const actors::metrics& actor_stats,
                          const actors::runtime_stats& runtime) {
  std::string out;
  out.reserve(16384);
  render_process(out, http_stats.started());
  http_stats.render(out);
  actor_stats.render_callbacks(out);
  prometheus_help(
    out, "dashcpp_overload_refusals_total", "counter",
    "Requests refused with 503 at once because a limit was reached.");
  actor_stats.render_refusals(out);
  http_stats.render_refusals(out);
  actor_stats.render(out, runtime);
  return out;
}

} // namespace dash::http
