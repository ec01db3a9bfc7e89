// tests/actors/store/redis_store_test.cpp
// Unit tests for the Redis session store (actors/store/redis_store.cpp)
// against a real redis-server on 127.0.0.1: stopped, restarted and paused.
#include "actors/sessions/store/session_store.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/actors/store/store_test_kit.hpp"

using namespace std::chrono_literals;
using dash::actors::store::make_redis_store;
using dash::actors::store::redis_options;
using dash::actors::store::session_store;
using namespace dash::actors::store::test;

namespace {

using steady = std::chrono::steady_clock;

/// redis-server from PATH; a required test dependency, so a missing one
/// fails the test with this message rather than skipping it.
std::string find_redis_server() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    auto exe = (dir.empty() ? std::string{"."} : dir) + "/redis-server";
    if (access(exe.c_str(), X_OK) == 0)
      return exe;
  }
  throw std::runtime_error("redis-server is not on PATH; the Redis store "
                           "tests need it: install the Debian package "
                           "redis-server");
}

/// A port on 127.0.0.1 that was free a moment ago.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  REQUIRE(bind(fd, sa, len) == 0);
  REQUIRE(getsockname(fd, sa, &len) == 0);
  close(fd);
  return ntohs(addr.sin_port);
}

/// One redis-server child process on a fixed port, without persistence.
/// Only this process is ever signalled, by its PID.
class redis_server {
public:
  redis_server()
    : exe_(find_redis_server()), port_(free_port()) {
    start();
  }
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;
  ~redis_server() {
    stop();
  }

  int port() const {
    return port_;
  }

  /// Starts redis-server on port() and waits (at most 10 s) until it
  /// answers PING.
  void start() {
    auto dir = dir_.path().string();
    auto log = dir + "/redis.out";
    std::vector<std::string> args{
      exe_,         "--port", std::to_string(port_), "--bind",
      "127.0.0.1",  "--save", "",                    "--appendonly",
      "no",         "--dir",  dir,                   "--daemonize",
      "no"};
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive a crashed test
      int out = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
      if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
      }
      execv(argv[0], argv.data());
      _exit(127);
    }
    redis_options probe_options;
    probe_options.port = port_;
    probe_options.timeout = 200ms;
    auto probe = make_redis_store(probe_options);
    auto deadline = steady::now() + 10s;
    while (!probe->ping()) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        FAIL("redis-server exited at start (status " << status
                                                    << "):\n" << log_text());
      }
      if (steady::now() > deadline) {
        stop();
        FAIL("redis-server did not answer within 10 s:\n" << log_text());
      }
      std::this_thread::sleep_for(20ms);
    }
  }

  /// SIGTERM (plus SIGCONT in case it is paused) and wait for the exit;
  /// SIGKILL if it has not exited after 10 s.
  void stop() {
    if (pid_ <= 0)
      return;
    kill(pid_, SIGTERM);
    kill(pid_, SIGCONT);
    auto deadline = steady::now() + 10s;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (steady::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    pid_ = -1;
  }

  /// SIGSTOP: Redis stays connected but answers nothing.
  bool pause() {
    return pid_ > 0 && kill(pid_, SIGSTOP) == 0;
  }

  /// SIGCONT; safe to call twice (and from a destructor).
  bool resume() noexcept {
    return pid_ > 0 && kill(pid_, SIGCONT) == 0;
  }

private:
  std::string log_text() const {
    std::ifstream in(dir_.path() / "redis.out");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  temp_dir dir_;
  std::string exe_;
  int port_;
  pid_t pid_ = -1;
};

std::unique_ptr<session_store> store_for(const redis_server& server,
                                         std::chrono::milliseconds timeout,
                                         std::string prefix = "dashcpp:") {
  redis_options o;
  o.port = server.port();
  o.timeout = timeout;
  o.key_prefix = std::move(prefix);
  return make_redis_store(o);
}

/// How long `f` took.
template <class F>
std::chrono::milliseconds time_of(F&& f) {
  auto start = steady::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now()
                                                               - start);
}

} // namespace

TEST_CASE("redis store: binary round trip, overwrite, erase, ping",
          "[store][redis]") {
  redis_server server;
  auto s = store_for(server, 1000ms);
  CHECK(std::string{s->kind()} == "redis");
  check_round_trip(*s);
}

TEST_CASE("redis store: keys expire after their ttl", "[store][redis]") {
  redis_server server;
  auto s = store_for(server, 1000ms);
  check_ttl(*s);
}

TEST_CASE("redis store: keys carry the prefix", "[store][redis]") {
  redis_server server;
  auto a = store_for(server, 1000ms, "a:");
  auto raw = store_for(server, 1000ms, "");
  auto b = store_for(server, 1000ms, "b:");
  a->put("k", "v", 0s);
  CHECK(holds(raw->get("a:k"), "v"));
  CHECK_FALSE(raw->get("k").has_value());
  CHECK_FALSE(b->get("k").has_value());
}

TEST_CASE("redis store: nothing is connected before the first call",
          "[store][redis]") {
  redis_options o;
  o.port = free_port(); // nobody listens there
  auto s = make_redis_store(o); // does not throw
  CHECK_FALSE(s->ping());
  auto msg = store_error_of([&] { s->get("k"); });
  auto where = "redis at 127.0.0.1:" + std::to_string(o.port) + ": ";
  CHECK_THAT(msg, Catch::StartsWith(where));
}

TEST_CASE("redis store: fails fast while Redis is down, then reconnects",
          "[store][redis]") {
  redis_server server;
  auto s = store_for(server, 2000ms); // "fast" means well within this
  s->put("k", "v", 0s);
  server.stop();
  for (int i = 0; i < 3; ++i) {
    std::string msg;
    auto took = time_of([&] { msg = store_error_of([&] { s->get("k"); }); });
    CHECK(took < 1000ms);
    CHECK_THAT(msg, Catch::StartsWith("redis at 127.0.0.1:"));
  }
  auto took = time_of([&] { CHECK_FALSE(s->ping()); });
  CHECK(took < 1000ms);
  store_error_of([&] { s->put("k", "v", 0s); });

  server.start(); // same port; Redis keeps nothing (--save '')
  CHECK(s->ping());
  CHECK_FALSE(s->get("k").has_value());
  s->put("k", "again", 0s);
  CHECK(holds(s->get("k"), "again"));
}

TEST_CASE("redis store: a restart between two calls goes unnoticed",
          "[store][redis]") {
  redis_server server;
  auto s = store_for(server, 1000ms);
  s->put("k", "v", 0s);
  // The idle connection is now dead; writing a large value into it gets
  // EPIPE (and a SIGPIPE, which must not end this process).
  server.stop();
  server.start();
  auto big = binary_value(std::size_t{8} << 20, 9);
  s->put("big", big, 0s);
  CHECK(holds(s->get("big"), big));
  server.stop();
  server.start();
  CHECK_FALSE(s->get("k").has_value());
}

TEST_CASE("redis store: a paused Redis fails calls within the timeout",
          "[store][redis]") {
  redis_server server;
  const auto timeout = 500ms;
  auto s = store_for(server, timeout);
  s->put("k", "v", 0s);
  REQUIRE(server.pause());
  struct resume_on_exit {
    redis_server& server;
    ~resume_on_exit() {
      server.resume();
    }
  } resume{server};
  std::string msg;
  auto took = time_of([&] { msg = store_error_of([&] { s->get("k"); }); });
  CHECK(took >= timeout - 50ms);
  CHECK(took < 2 * timeout + 300ms);
  CHECK_THAT(msg, Catch::Contains("timed out"));
  // A fresh connection gets accepted by the kernel but never answered.
  auto big = binary_value(std::size_t{1} << 20, 4);
  took = time_of([&] { store_error_of([&] { s->put("big", big, 0s); }); });
  CHECK(took < 2 * timeout + 300ms);
  took = time_of([&] { CHECK_FALSE(s->ping()); });
  CHECK(took < 2 * timeout + 300ms);

  CHECK(server.resume());
  CHECK(s->ping());
  CHECK(holds(s->get("k"), "v"));
}
