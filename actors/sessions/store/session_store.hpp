// actors/sessions/store/session_store.hpp
// Where passivated session data lives: a blocking key/value interface with
// three implementations (memory, disk via LMDB, Redis via hiredis). Only
// the session I/O actors call it, each store from one actor (one thread)
// at a time, never a CAF scheduler thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace dash::actors::store {

/// A backend failure (unreachable, timed out, full, corrupt) with a message
/// a user can act on. Never thrown for "not found".
class store_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class session_store {
public:
  virtual ~session_store() = default;

  /// The value stored under `key`, or nullopt. Throws store_error.
  virtual std::optional<std::string> get(const std::string& key) = 0;
  /// Stores `value` under `key` durably (when put returns, the value
  /// survives a crash of this process); `ttl` > 0 lets the backend drop it
  /// after that long. Throws store_error.
  virtual void put(const std::string& key, const std::string& value,
                   std::chrono::seconds ttl) = 0;
  /// Removes `key` (no error when absent). Throws store_error.
  virtual void erase(const std::string& key) = 0;
  /// Whether the backend answers now (for readiness checks).
  virtual bool ping() = 0;
  /// "memory", "disk" or "redis".
  virtual const char* kind() const = 0;
};

/// Keeps values in this process (lost at exit).
std::unique_ptr<session_store> make_memory_store();

/// An LMDB environment in `dir` (created if missing); `max_bytes` is the
/// map size. Survives restarts and kill -9 without torn data.
std::unique_ptr<session_store> make_disk_store(const std::string& dir,
                                               std::size_t max_bytes);

struct redis_options {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::chrono::milliseconds timeout{1000}; ///< connect and per command
  std::string key_prefix = "dashcpp:";
};

/// A Redis connection that reconnects on the next call after a failure.
std::unique_ptr<session_store> make_redis_store(redis_options options);

} // namespace dash::actors::store
