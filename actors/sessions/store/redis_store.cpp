// actors/sessions/store/redis_store.cpp
// The Redis session store: one blocking hiredis connection with connect and
// command timeouts, reopened lazily after a failure. Built by
// make_redis_store() for the session I/O actor.
#include "actors/sessions/store/session_store.hpp"

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <signal.h>
#include <sys/time.h>

#include <hiredis/hiredis.h>

// Failure model: any I/O error or timeout frees the connection (a reply
// may still be in flight on it) and throws store_error; the next call
// connects again, so the store recovers once Redis is back. A connection
// that was idle may have gone stale (Redis restarted meanwhile): if it
// fails with anything but a timeout, the command is retried once on a new
// connection, which is safe because GET, SET, DEL and PING are idempotent.
// Timeouts are never retried, so a hung Redis costs one timeout per call
// (two at worst for a large SET whose write also stalls).
//
// No connection is made until the first call: a server can start before
// its Redis does, and ping() tells when it answers.

namespace dash::actors::store {

namespace {

struct context_closer {
  void operator()(redisContext* c) const {
    redisFree(c);
  }
};

struct reply_closer {
  void operator()(redisReply* r) const {
    freeReplyObject(r);
  }
};

using context_ptr = std::unique_ptr<redisContext, context_closer>;
using reply_ptr = std::unique_ptr<redisReply, reply_closer>;

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

/// hiredis writes with write(2), which raises SIGPIPE when Redis has reset
/// the connection, and SIGPIPE's default action ends the process. This
/// blocks SIGPIPE in the calling thread for one command and discards a
/// SIGPIPE that the command raised (the error itself comes back as EPIPE).
class sigpipe_guard {
public:
  sigpipe_guard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  sigpipe_guard(const sigpipe_guard&) = delete;
  sigpipe_guard& operator=(const sigpipe_guard&) = delete;
  ~sigpipe_guard() {
    int saved_errno = errno;
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) == -1 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    errno = saved_errno;
  }

private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

class redis_store final : public session_store {
public:
  explicit redis_store(redis_options options)
    : options_(std::move(options)),
      where_("redis at " + options_.host + ":"
             + std::to_string(options_.port)) {
    if (options_.timeout.count() <= 0)
      throw store_error(where_ + ": the timeout must be > 0 ms");
  }

  std::optional<std::string> get(const std::string& key) override {
    auto reply = run({"GET", prefixed(key)});
    if (reply->type == REDIS_REPLY_NIL)
      return std::nullopt;
    if (reply->type != REDIS_REPLY_STRING)
      unexpected("GET", *reply);
    return std::string(reply->str, reply->len);
  }

  void put(const std::string& key, const std::string& value,
           std::chrono::seconds ttl) override {
    auto k = prefixed(key);
    reply_ptr reply;
    if (ttl.count() > 0) {
      auto ms = std::to_string(ttl.count() * 1000);
      reply = run({"SET", k, value, "PX", ms});
    } else {
      reply = run({"SET", k, value}); // also clears an earlier expiry
    }
    if (reply->type != REDIS_REPLY_STATUS)
      unexpected("SET", *reply);
  }

  void erase(const std::string& key) override {
    auto reply = run({"DEL", prefixed(key)});
    if (reply->type != REDIS_REPLY_INTEGER)
      unexpected("DEL", *reply);
  }

  bool ping() override {
    try {
      auto reply = run({"PING"});
      return reply->type == REDIS_REPLY_STATUS
             && std::string_view(reply->str, reply->len) == "PONG";
    } catch (const store_error&) {
      return false;
    }
  }

  const char* kind() const override {
    return "redis";
  }

private:
  std::string prefixed(const std::string& key) const {
    return options_.key_prefix + key;
  }

  [[noreturn]] void unexpected(const char* command,
                               const redisReply& reply) const {
    throw store_error(where_ + ": unexpected reply of type "
                      + std::to_string(reply.type) + " to " + command);
  }

  void connect() {
    auto tv = to_timeval(options_.timeout);
    context_ptr c(redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                          tv));
    if (c == nullptr)
      throw store_error(where_ + ": out of memory for a connection");
    if (c->err != 0)
      throw store_error(where_ + ": cannot connect: " + c->errstr
                        + " (is redis-server running there? see settings "
                          "redis-host and redis-port)");
    if (redisSetTimeout(c.get(), tv) != REDIS_OK)
      throw store_error(where_ + ": cannot set the command timeout: "
                        + c->errstr);
    redisEnableKeepAlive(c.get()); // best effort: notices dead peers
    context_ = std::move(c);
  }

  /// Sends one command (binary safe: every argument has its length) and
  /// returns its reply; throws store_error as described at the top.
  reply_ptr run(std::initializer_list<std::string_view> args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> argvlen;
    for (auto arg : args) {
      argv.push_back(arg.data());
      argvlen.push_back(arg.size());
    }
    std::string command{*args.begin()};
    bool reused = context_ != nullptr;
    for (;;) {
      if (context_ == nullptr)
        connect();
      void* raw = nullptr;
      int error = 0;
      {
        sigpipe_guard guard;
        errno = 0;
        raw = redisCommandArgv(context_.get(), static_cast<int>(argv.size()),
                               argv.data(), argvlen.data());
        error = errno;
      }
      if (raw != nullptr) {
        reply_ptr reply(static_cast<redisReply*>(raw));
        if (reply->type == REDIS_REPLY_ERROR)
          throw store_error(where_ + ": " + command + " failed: "
                            + std::string(reply->str, reply->len));
        return reply;
      }
      bool timed_out = context_->err == REDIS_ERR_IO
                       && (error == EAGAIN || error == EWOULDBLOCK);
      std::string reason = command + " failed: " + context_->errstr;
      if (timed_out)
        reason = "no answer to " + command + " within "
                 + std::to_string(options_.timeout.count()) + " ms (timed out)";
      context_.reset();
      if (reused && !timed_out) {
        reused = false; // stale idle connection: one retry on a fresh one
        continue;
      }
      throw store_error(where_ + ": " + reason);
    }
  }

  redis_options options_;
  std::string where_; ///< "redis at host:port", opening every message
  context_ptr context_; ///< null until connected and after a failure
};

} // namespace

std::unique_ptr<session_store> make_redis_store(redis_options options) {
  return std::make_unique<redis_store>(std::move(options));
}

} // namespace dash::actors::store
