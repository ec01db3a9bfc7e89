// tests/actors/reply_channel_test.cpp
// Unit tests for actors/reply_channel: one answer per request, from any
// thread, and worker_lost when every copy is dropped unanswered.
#include "actors/core/reply_channel.hpp"

#include <atomic>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

using dash::errc;
using dash::actors::callback_outcome;
using dash::actors::reply_channel;

namespace {

/// Records every outcome a channel delivers.
struct recorder {
  std::vector<callback_outcome> seen;
  reply_channel::sink sink() {
    return [this](callback_outcome o) { seen.push_back(std::move(o)); };
  }
};

} // namespace

TEST_CASE("a channel delivers the first answer only", "[actors][unit]") {
  recorder r;
  {
    reply_channel ch{r.sink()};
    CHECK(ch(callback_outcome::ok("body")));
    CHECK_FALSE(ch(callback_outcome::ok("again")));
    CHECK_FALSE(ch(callback_outcome::error(errc::internal, "late")));
  }
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].code == errc::none);
  CHECK(r.seen[0].text == "body");
}

TEST_CASE("copies of a channel share one answer", "[actors][unit]") {
  recorder r;
  {
    reply_channel first{r.sink()};
    reply_channel copy = first;
    CHECK(copy(callback_outcome::prevented()));
    CHECK_FALSE(first(callback_outcome::ok("x")));
  }
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].is_prevented());
}

TEST_CASE("dropping every copy unanswered answers worker_lost",
          "[actors][unit]") {
  recorder r;
  {
    reply_channel ch{r.sink()};
    auto copy = std::make_optional(ch);
    copy.reset();
    CHECK(r.seen.empty()); // one copy is still alive
  }
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].code == errc::worker_lost);
  CHECK(r.seen[0].text
        == "the actor running this callback stopped before answering; see "
           "the server log");
}

TEST_CASE("an answered channel says nothing more when dropped",
          "[actors][unit]") {
  recorder r;
  { reply_channel{r.sink()}(callback_outcome::ok("done")); }
  REQUIRE(r.seen.size() == 1);
  CHECK(r.seen[0].text == "done");
}

TEST_CASE("a weak reference answers while a copy lives, not after",
          "[actors][unit]") {
  recorder r;
  std::optional<reply_channel> ch{reply_channel{r.sink()}};
  auto weak = ch->weak();
  SECTION("answering through the weak reference") {
    CHECK(weak(callback_outcome::error(errc::timeout, "too slow")));
    CHECK_FALSE((*ch)(callback_outcome::ok("late")));
    ch.reset();
    REQUIRE(r.seen.size() == 1);
    CHECK(r.seen[0].code == errc::timeout);
  }
  SECTION("the weak reference keeps nothing alive") {
    ch.reset();
    REQUIRE(r.seen.size() == 1);
    CHECK(r.seen[0].code == errc::worker_lost);
    CHECK_FALSE(weak(callback_outcome::error(errc::timeout, "too slow")));
    CHECK(r.seen.size() == 1);
  }
}

TEST_CASE("racing answers from many threads deliver exactly one",
          "[actors][unit]") {
  for (int round = 0; round < 50; ++round) {
    std::atomic<int> delivered{0};
    std::atomic<int> accepted{0};
    {
      reply_channel ch{[&](callback_outcome) { ++delivered; }};
      // All threads are released together, so their answers race.
      std::latch start{8};
      std::vector<std::thread> threads;
      for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, ch] {
          start.arrive_and_wait();
          if (ch(callback_outcome::ok("t")))
            ++accepted;
        });
      for (auto& t : threads)
        t.join();
    }
    CHECK(delivered.load() == 1);
    CHECK(accepted.load() == 1);
  }
}

TEST_CASE("the last copy dropped on another thread answers worker_lost",
          "[actors][unit]") {
  std::atomic<int> lost{0};
  {
    reply_channel ch{[&](callback_outcome o) {
      if (o.code == errc::worker_lost)
        ++lost;
    }};
    std::thread t{[moved = std::move(ch)] { (void)moved; }};
    t.join();
  }
  CHECK(lost.load() == 1);
}
