// http/lifecycle.hpp
// The running state of a server that its connections share: whether it is
// draining (shutting down), and the open connections, so that a shutdown
// can close the idle ones at once and let busy ones finish.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace dash::http {

class lifecycle {
public:
  /// True from the start of a shutdown: /_ready answers 503, connections
  /// close after their current answer.
  bool draining() const {
    return draining_.load(std::memory_order_acquire);
  }

  /// Registers a connection; `close_if_idle` is called (from any thread)
  /// when a shutdown begins. Returns its key for `leave`.
  std::uint64_t join(std::function<void()> close_if_idle) {
    std::lock_guard<std::mutex> guard{mutex_};
    auto key = ++next_;
    open_.emplace(key, std::move(close_if_idle));
    return key;
  }

  void leave(std::uint64_t key) {
    std::lock_guard<std::mutex> guard{mutex_};
    open_.erase(key);
  }

  /// Starts draining and asks every open connection to close if idle.
  void drain() {
    draining_.store(true, std::memory_order_release);
    std::unordered_map<std::uint64_t, std::function<void()>> open;
    {
      std::lock_guard<std::mutex> guard{mutex_};
      open = open_;
    }
    for (auto& [key, close] : open)
      close();
  }

private:
  std::atomic<bool> draining_{false};
  std::mutex mutex_;
  std::uint64_t next_ = 0;
  std::unordered_map<std::uint64_t, std::function<void()>> open_;
};

} // namespace dash::http
