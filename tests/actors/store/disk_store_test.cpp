// tests/actors/store/disk_store_test.cpp
// Unit tests for the LMDB session store (actors/store/disk_store.cpp): the
// shared backend checks, reopening, kill -9 while writing, a full map.
#include "actors/sessions/store/session_store.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/actors/store/store_test_kit.hpp"

using namespace std::chrono_literals;
using dash::actors::store::make_disk_store;
using dash::actors::store::store_error;
using namespace dash::actors::store::test;

namespace {

constexpr std::size_t mib = std::size_t{1} << 20;

std::string crash_key(int round, int i) {
  return "r" + std::to_string(round) + "-k" + std::to_string(i);
}

/// 1 byte to 160 KB (many values span several LMDB overflow pages).
std::string crash_value(int round, int i) {
  auto size = 1 + (static_cast<std::size_t>(i) * 7919U) % (160U * 1024U);
  return binary_value(size, static_cast<std::uint32_t>(round * 1'000'000 + i));
}

/// The forked writer: puts keys 0, 1, 2... of `round` and writes one byte
/// to `ack_fd` after each put returned, until it is killed.
[[noreturn]] void run_writer(const std::string& dir, int round, int ack_fd) {
  try {
    auto s = make_disk_store(dir, 256 * mib);
    for (int i = 0; i < 1'000'000; ++i) {
      s->put(crash_key(round, i), crash_value(round, i), 0s);
      char ack = 1;
      if (write(ack_fd, &ack, 1) != 1)
        _exit(4);
    }
    _exit(0);
  } catch (...) {
    _exit(3);
  }
}

/// Forks a writer, kills it with SIGKILL once it acknowledged `kill_after`
/// puts and returns how many puts it acknowledged in all.
int write_until_killed(const std::string& dir, int round, int kill_after) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    run_writer(dir, round, fds[1]);
  }
  close(fds[1]);
  int acked = 0;
  char buf[4096];
  bool killed = false;
  for (;;) {
    pollfd pfd{fds[0], POLLIN, 0};
    if (poll(&pfd, 1, 10'000) != 1) { // a writer stuck for 10 s: give up
      kill(pid, SIGKILL);
      killed = true;
      FAIL_CHECK("the writer made no progress for 10 s");
    }
    auto n = read(fds[0], buf, sizeof buf);
    if (n <= 0)
      break;
    acked += static_cast<int>(n);
    if (!killed && acked >= kill_after) {
      kill(pid, SIGKILL);
      killed = true;
    }
  }
  close(fds[0]);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  INFO("writer exit status " << status << " after " << acked << " puts");
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  return acked;
}

} // namespace

TEST_CASE("disk store: binary round trip, overwrite, erase, ping",
          "[store][disk]") {
  temp_dir tmp;
  auto s = make_disk_store((tmp.path() / "db").string(), 64 * mib);
  CHECK(std::string{s->kind()} == "disk");
  check_round_trip(*s);
}

TEST_CASE("disk store: keys expire after their ttl, also across a reopen",
          "[store][disk]") {
  temp_dir tmp;
  auto dir = (tmp.path() / "db").string();
  auto s = make_disk_store(dir, 64 * mib);
  s->put("later", "x", 1s); // never read before it expires
  check_ttl(*s);
  s.reset();
  s = make_disk_store(dir, 64 * mib);
  CHECK_FALSE(s->get("later").has_value());
  CHECK(holds(s->get("kept"), "k"));
}

TEST_CASE("disk store: data survives closing and reopening",
          "[store][disk]") {
  temp_dir tmp;
  auto dir = (tmp.path() / "a" / "b" / "db").string(); // made with parents
  auto big = binary_value(mib, 3);
  {
    auto s = make_disk_store(dir, 64 * mib);
    s->put("big", big, 0s);
    s->put("gone", "x", 0s);
    s->erase("gone");
    for (int i = 0; i < 100; ++i)
      s->put("k" + std::to_string(i), binary_value(100, i), 0s);
  }
  auto s = make_disk_store(dir, 64 * mib);
  CHECK(holds(s->get("big"), big));
  CHECK_FALSE(s->get("gone").has_value());
  for (int i = 0; i < 100; ++i)
    CHECK(holds(s->get("k" + std::to_string(i)), binary_value(100, i)));
}

TEST_CASE("disk store: kill -9 while writing leaves only whole values",
          "[store][disk]") {
  temp_dir tmp;
  auto dir = (tmp.path() / "db").string();
  // Each round's writer reopens the store its predecessor was killed in.
  const std::vector<int> kill_after{25, 61, 140};
  std::vector<int> acked;
  for (int round = 0; round < static_cast<int>(kill_after.size()); ++round)
    acked.push_back(write_until_killed(dir, round, kill_after[round]));

  auto s = make_disk_store(dir, 256 * mib);
  for (int round = 0; round < static_cast<int>(acked.size()); ++round) {
    INFO("round " << round << ", " << acked[round] << " puts acknowledged");
    int present = 0;
    for (;; ++present) {
      auto v = s->get(crash_key(round, present));
      if (!v)
        break;
      CHECK(holds(v, crash_value(round, present)));
    }
    // Puts are sequential: nothing after the first gap, every acknowledged
    // put is there, and at most one more committed before its ack.
    for (int i = present; i < present + 20; ++i)
      CHECK_FALSE(s->get(crash_key(round, i)).has_value());
    CHECK(present >= acked[round]);
    CHECK(present <= acked[round] + 1);
  }
  s->put("after", "works", 0s);
  CHECK(holds(s->get("after"), "works"));
  s->erase(crash_key(0, 0));
  CHECK_FALSE(s->get(crash_key(0, 0)).has_value());
}

TEST_CASE("disk store: a full map is a store_error, and the store recovers",
          "[store][disk]") {
  temp_dir tmp;
  auto s = make_disk_store((tmp.path() / "db").string(), mib);
  auto too_big = binary_value(2 * mib, 1);
  auto msg = store_error_of([&] { s->put("huge", too_big, 0s); });
  CHECK_THAT(msg, Catch::Contains("MDB_MAP_FULL"));
  CHECK_THAT(msg, Catch::Contains("raise max_bytes"));
  CHECK_FALSE(s->get("huge").has_value());

  // Fill it up with smaller values until a put fails.
  auto chunk = binary_value(64 * 1024, 2);
  int written = 0;
  bool full = false;
  for (; written < 64 && !full; ++written) {
    try {
      s->put("c" + std::to_string(written), chunk, 0s);
    } catch (const store_error& e) {
      CHECK_THAT(e.what(), Catch::Contains("max_bytes"));
      full = true;
    }
  }
  REQUIRE(full);
  CHECK(s->ping());
  CHECK(holds(s->get("c0"), chunk));
  for (int i = 0; i < written; ++i)
    s->erase("c" + std::to_string(i));
  s->put("fits again", chunk, 0s);
  CHECK(holds(s->get("fits again"), chunk));
}

TEST_CASE("disk store: puts reclaim expired records that are never read",
          "[store][disk]") {
  temp_dir tmp;
  auto s = make_disk_store((tmp.path() / "db").string(), 4 * mib);
  auto value = binary_value(256 * 1024, 5);
  // 6 + 12 values of 256 KB do not fit in 4 MB together.
  for (int i = 0; i < 6; ++i)
    s->put("old" + std::to_string(i), value, 1s);
  std::this_thread::sleep_for(1200ms);
  for (int i = 0; i < 12; ++i)
    s->put("new" + std::to_string(i), value, 0s);
  for (int i = 0; i < 12; ++i)
    CHECK(holds(s->get("new" + std::to_string(i)), value));
}

TEST_CASE("disk store: bad directories and keys are store_errors",
          "[store][disk]") {
  temp_dir tmp;
  auto file = tmp.path() / "plain-file";
  std::ofstream(file) << "not a directory";
  auto msg = store_error_of([&] { make_disk_store(file.string(), mib); });
  CHECK_THAT(msg, Catch::Contains(file.string()));
  auto dir = (tmp.path() / "d").string();
  msg = store_error_of([&] { make_disk_store(dir, 0); });
  CHECK_THAT(msg, Catch::Contains("max_bytes"));

  auto s = make_disk_store((tmp.path() / "db").string(), mib);
  msg = store_error_of([&] { s->put(std::string(600, 'k'), "v", 0s); });
  CHECK_THAT(msg, Catch::Contains("600 bytes"));
  store_error_of([&] { s->get(""); });
  CHECK(s->ping());
}
