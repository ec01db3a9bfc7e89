// tests/actors/cache_shard_test.cpp
// Unit tests for actors/cache_shard on a real actor system: hits, misses,
// single flight, errors, LRU by count and bytes, prefetch, shares. TTL
// expiry and computation timeouts are in
// deterministic/cache_shard_time_test.cpp (simulated time, no sleeps).
#include "actors/cache/cache_shard.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/cache/cache_router.hpp"
#include "actors/cache/memo_source.hpp"
#include "model/memo.hpp"
#include "tests/actors/cache_test_kit.hpp"

using dash::actors::cache_router;
using dash::actors::make_compute_source;
using dash::actors::memo_reply;
using dash::actors::memo_request;
using dash::actors::memo_sources;
using dash::actors::memo_stats;
using dash::model::make_memo_def;
using dash::model::memo_def;
using dash::model::memo_options;
using namespace dash::actors::cache_test;
using namespace std::chrono_literals;

namespace {

/// Answers every request at once with "v:<args>", counted as 10 bytes.
manual_source instant_source() {
  return manual_source{[](const memo_request& r) {
    return text_reply("v:" + r.args, 10);
  }};
}

memo_options with_entries(std::size_t n) {
  memo_options o;
  o.max_entries = n;
  return o;
}

/// Fetches `args` of "f" and returns what it answered ("" when nothing).
std::string fetched(shard_fixture& fx, const std::string& args) {
  auto r = fx.fetch("f", args);
  REQUIRE(r);
  CHECK(r->error.empty());
  return text_of(*r);
}

} // namespace

TEST_CASE_METHOD(shard_fixture, "a miss starts one computation and answers "
                                "its value",
                 "[actors][unit]") {
  auto src = instant_source();
  start(1, {{"f", src.make()}});
  auto r = fetch("f", "[1]");
  REQUIRE(r);
  CHECK(r->error.empty());
  CHECK(text_of(*r) == "v:[1]");
  CHECK(r->bytes == 10);
  CHECK(src.starts() == 1);
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->misses == 1);
  CHECK(s->computations == 1);
  CHECK(s->hits == 0);
  CHECK(s->entries == 1);
  CHECK(s->bytes == 10);
}

TEST_CASE_METHOD(shard_fixture, "a hit is answered from the cache with the "
                                "same shared value",
                 "[actors][unit]") {
  auto src = instant_source();
  start(1, {{"f", src.make()}});
  auto first = fetch("f", "[1]");
  auto second = fetch("f", "[1]");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(second->value.address() == first->value.address());
  CHECK(second->bytes == 10);
  CHECK(src.starts() == 1);
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->hits == 1);
  CHECK(s->misses == 1);
  CHECK(s->computations == 1);
  CHECK(s->entries == 1);
}

TEST_CASE_METHOD(shard_fixture, "fifty waiters of a cold key share one "
                                "computation and one value",
                 "[actors][unit]") {
  manual_source src;
  start(1, {{"f", src.make()}});
  std::vector<waiter> waiters;
  for (int i = 0; i < 50; ++i)
    waiters.push_back(fetch_async("f", "[7]"));
  auto during = stats_of("f"); // all fifty fetches handled by now
  REQUIRE(during);
  CHECK(src.starts() == 1);
  CHECK(during->misses == 1);
  CHECK(during->computations == 1);
  CHECK(during->coalesced == 49);
  CHECK(during->entries == 0);
  for (const auto& w : waiters)
    CHECK_FALSE(w.answered());
  auto value = std::make_shared<const std::string>("forty-nine");
  REQUIRE(src.complete("[7]", reply_with(value, 10)));
  for (const auto& w : waiters) {
    auto r = w.wait();
    REQUIRE(r);
    CHECK(r->value.address() == value.get());
    CHECK(w.calls() == 1);
  }
  auto again = fetch("f", "[7]");
  REQUIRE(again);
  CHECK(again->value.address() == value.get());
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->hits == 1);
  CHECK(s->computations == 1);
  CHECK(s->coalesced == 49);
  CHECK(s->entries == 1);
  CHECK(src.starts() == 1);
}

TEST_CASE_METHOD(shard_fixture, "a failed computation reaches every waiter "
                                "and is not cached",
                 "[actors][unit]") {
  manual_source src;
  start(1, {{"f", src.make()}});
  std::vector<waiter> waiters{fetch_async("f", "[1]"),
                              fetch_async("f", "[1]"),
                              fetch_async("f", "[1]")};
  stats();
  REQUIRE(src.complete("[1]", error_reply("boom")));
  for (const auto& w : waiters) {
    auto r = w.wait();
    REQUIRE(r);
    CHECK(r->error == "boom");
    CHECK(!r->value);
  }
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->errors == 1);
  CHECK(s->entries == 0);
  CHECK(s->bytes == 0);
  CHECK(s->coalesced == 2);
  // Nothing kept: the next fetch starts a new computation.
  auto next = fetch_async("f", "[1]");
  stats();
  CHECK(src.starts() == 2);
  REQUIRE(src.complete("[1]", text_reply("fine", 4)));
  auto r = next.wait();
  REQUIRE(r);
  CHECK(r->error.empty());
  CHECK(text_of(*r) == "fine");
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->misses == 2);
  CHECK(s->computations == 2);
  CHECK(s->errors == 1);
  CHECK(s->hits == 0);
  CHECK(s->entries == 1);
}

TEST_CASE_METHOD(shard_fixture, "a non-cacheable reply is delivered but not "
                                "kept",
                 "[actors][unit]") {
  manual_source src;
  start(1, {{"f", src.make()}});
  auto a = fetch_async("f", "[1]");
  auto b = fetch_async("f", "[1]");
  stats();
  auto value = std::make_shared<const std::string>("once");
  auto reply = reply_with(value, 4);
  reply.cacheable = false;
  REQUIRE(src.complete("[1]", reply));
  for (const auto* w : {&a, &b}) {
    auto r = w->wait();
    REQUIRE(r);
    CHECK(r->error.empty());
    CHECK(r->value.address() == value.get());
  }
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->entries == 0);
  CHECK(s->bytes == 0);
  CHECK(s->errors == 0);
  auto next = fetch_async("f", "[1]");
  stats();
  CHECK(src.starts() == 2);
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->hits == 0);
  CHECK(s->computations == 2);
}

TEST_CASE_METHOD(shard_fixture, "an unknown function is answered with an "
                                "error",
                 "[actors][unit]") {
  auto src = instant_source();
  start(1, {{"f", src.make()}});
  auto r = fetch("nope", "[1]");
  REQUIRE(r);
  CHECK(r->error == "no memoized function named 'nope'");
  CHECK_FALSE(r->cacheable);
  CHECK(!r->value);
  auto w = fetch_async("nope", "[2]");
  auto rw = w.wait();
  REQUIRE(rw);
  CHECK(rw->error == "no memoized function named 'nope'");
  prefetch("nope", "[3]"); // no waiter: dropped quietly
  CHECK(stats().empty());
  CHECK(src.starts() == 0);
}

TEST_CASE_METHOD(shard_fixture, "a shard without sources answers every "
                                "fetch with an error",
                 "[actors][unit]") {
  spawn_shard(1);
  auto r = fetch("f", "[1]");
  REQUIRE(r);
  CHECK(r->error == "no memoized function named 'f'");
  CHECK(stats().empty());
}

TEST_CASE_METHOD(shard_fixture, "the least recently used entry goes first "
                                "when max_entries is reached",
                 "[actors][unit]") {
  auto src = instant_source();
  start(1, {{"f", src.make(with_entries(2))}});
  fetched(*this, "a");
  fetched(*this, "b");
  fetched(*this, "a"); // a is now more recent than b
  fetched(*this, "c"); // evicts b
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->evictions == 1);
  CHECK(s->entries == 2);
  CHECK(s->hits == 1);
  fetched(*this, "a");
  CHECK(src.starts_of("a") == 1); // kept
  fetched(*this, "b");
  CHECK(src.starts_of("b") == 2); // was evicted
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->hits == 2);
  CHECK(s->evictions == 2); // c was least recent
  CHECK(s->entries == 2);
}

TEST_CASE_METHOD(shard_fixture, "max_bytes bounds the bytes kept as "
                                "counted by reply.bytes",
                 "[actors][unit]") {
  std::map<std::string, std::size_t> sizes{{"a", 40}, {"b", 40}, {"c", 30}};
  manual_source src{[sizes](const memo_request& r) {
    return text_reply(r.args, sizes.at(r.args));
  }};
  memo_options o;
  o.max_bytes = 100;
  start(1, {{"f", src.make(o)}});
  fetched(*this, "a");
  fetched(*this, "b");
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->bytes == 80);
  CHECK(s->evictions == 0);
  fetched(*this, "c"); // 110 > 100: a goes
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->bytes == 70);
  CHECK(s->entries == 2);
  CHECK(s->evictions == 1);
  fetched(*this, "b"); // hit; c is now least recent
  fetched(*this, "a"); // computed again; c goes
  CHECK(src.starts_of("a") == 2);
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->bytes == 80);
  CHECK(s->entries == 2);
  CHECK(s->evictions == 2);
  CHECK(s->hits == 1);
}

TEST_CASE_METHOD(shard_fixture, "a value too big for max_bytes is delivered, "
                                "not kept, and evicts nothing else",
                 "[actors][unit]") {
  std::map<std::string, std::size_t> sizes{{"a", 40}, {"huge", 150}};
  manual_source src{[sizes](const memo_request& r) {
    return text_reply(r.args, sizes.at(r.args));
  }};
  memo_options o;
  o.max_bytes = 100;
  start(1, {{"f", src.make(o)}});
  fetched(*this, "a");
  CHECK(fetched(*this, "huge") == "huge");
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->bytes <= 100);
  CHECK(s->bytes == 40); // what fits stays: "a" is not flushed for "huge"
  CHECK(s->entries == 1);
  CHECK(s->evictions <= 1); // at most "huge" itself
  fetched(*this, "a");
  CHECK(src.starts_of("a") == 1);
}

TEST_CASE_METHOD(shard_fixture, "an entry still computing is never evicted",
                 "[actors][unit]") {
  manual_source src{[](const memo_request& r) -> std::optional<memo_reply> {
    if (r.args == "slow")
      return std::nullopt;
    return text_reply(r.args, 10);
  }};
  start(1, {{"f", src.make(with_entries(1))}});
  fetched(*this, "a");
  std::vector<waiter> waiters{fetch_async("f", "slow"),
                              fetch_async("f", "slow")};
  fetched(*this, "b"); // evicts a
  fetched(*this, "c"); // evicts b; slow is over the limit too but computing
  waiters.push_back(fetch_async("f", "slow"));
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->evictions == 2);
  CHECK(s->entries == 1);
  CHECK(s->coalesced == 2); // slow was still there to join
  CHECK(src.starts_of("slow") == 1);
  auto value = std::make_shared<const std::string>("slow value");
  REQUIRE(src.complete("slow", reply_with(value, 10)));
  for (const auto& w : waiters) {
    auto r = w.wait();
    REQUIRE(r);
    CHECK(r->value.address() == value.get());
    CHECK(w.calls() == 1);
  }
  auto hit = fetch("f", "slow");
  REQUIRE(hit);
  CHECK(hit->value.address() == value.get());
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->evictions == 3); // c, when slow became ready
  CHECK(s->entries == 1);
  CHECK(s->hits == 1);
}

TEST_CASE_METHOD(shard_fixture, "a prefetch starts a computation that a "
                                "later fetch joins",
                 "[actors][unit]") {
  manual_source src;
  start(1, {{"f", src.make()}});
  prefetch("f", "[1]");
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(src.starts() == 1);
  CHECK(s->misses == 1);
  CHECK(s->computations == 1);
  auto w = fetch_async("f", "[1]");
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->coalesced == 1);
  CHECK(src.starts() == 1);
  auto value = std::make_shared<const std::string>("early");
  REQUIRE(src.complete("[1]", reply_with(value, 5)));
  auto r = w.wait();
  REQUIRE(r);
  CHECK(r->value.address() == value.get());
  s = stats_of("f");
  REQUIRE(s);
  CHECK(s->entries == 1);
  CHECK(s->bytes == 5);
}

TEST_CASE_METHOD(shard_fixture, "a fetch after a finished prefetch is a hit",
                 "[actors][unit]") {
  manual_source src;
  start(1, {{"f", src.make()}});
  prefetch("f", "[1]");
  stats();
  auto value = std::make_shared<const std::string>("ready");
  REQUIRE(src.complete("[1]", reply_with(value, 5)));
  auto r = fetch("f", "[1]");
  REQUIRE(r);
  CHECK(r->value.address() == value.get());
  CHECK(src.starts() == 1);
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->hits == 1);
  CHECK(s->misses == 1);
  CHECK(s->computations == 1);
}

TEST_CASE_METHOD(shard_fixture, "each shard keeps its share of the limits",
                 "[actors][unit]") {
  auto src = instant_source();
  SECTION("max_entries 4 over 2 shards: 2 each") {
    start(2, {{"f", src.make(with_entries(4))}});
    for (auto k : {"a", "b", "c"})
      fetched(*this, k);
    auto s = stats_of("f");
    REQUIRE(s);
    CHECK(s->entries == 2);
    CHECK(s->evictions == 1);
  }
  SECTION("max_entries 5 over 2 shards: 3 each (rounded up)") {
    start(2, {{"f", src.make(with_entries(5))}});
    for (auto k : {"a", "b", "c", "d"})
      fetched(*this, k);
    auto s = stats_of("f");
    REQUIRE(s);
    CHECK(s->entries == 3);
    CHECK(s->evictions == 1);
  }
  SECTION("max_bytes 100 over 4 shards: 25 each") {
    memo_options o;
    o.max_bytes = 100;
    start(4, {{"f", src.make(o)}});
    for (auto k : {"a", "b", "c"})
      fetched(*this, k);
    auto s = stats_of("f");
    REQUIRE(s);
    CHECK(s->bytes == 20);
    CHECK(s->entries == 2);
    CHECK(s->evictions == 1);
  }
}

TEST_CASE_METHOD(shard_fixture, "two routed shards each keep their share of "
                                "max_entries",
                 "[actors][unit]") {
  auto src = instant_source();
  memo_sources table{{"f", src.make(with_entries(4))}};
  cache_router router{{start(2, table), start(2, table)}};
  std::map<caf::actor_addr, std::size_t> routed;
  for (int i = 0; i < 12; ++i) {
    memo_request req{"f", "[" + std::to_string(i) + "]"};
    auto owner = router.shard_for(req.key());
    routed[owner.address()] += 1;
    auto r = fetch_from(owner, req.function, req.args);
    REQUIRE(r);
    CHECK(text_of(*r) == "v:" + req.args);
  }
  for (const auto& s : router.shards()) {
    auto n = routed[s.address()];
    auto st = stats_of("f", s);
    if (n == 0) {
      CHECK_FALSE(st);
      continue;
    }
    REQUIRE(st);
    CHECK(st->entries == std::min<std::size_t>(n, 2));
    CHECK(st->evictions == (n > 2 ? n - 2 : 0));
  }
}

TEST_CASE_METHOD(shard_fixture, "stats_atom returns the counters of every "
                                "function",
                 "[actors][unit]") {
  auto f = instant_source();
  manual_source g{[](const memo_request&) { return error_reply("bad"); }};
  start(1, {{"f", f.make()}, {"g", g.make()}});
  CHECK(stats().empty()); // nothing asked yet
  fetched(*this, "[1]");
  fetched(*this, "[1]");
  fetched(*this, "[2]");
  auto r = fetch("g", "[1]");
  REQUIRE(r);
  CHECK(r->error == "bad");
  auto all = stats();
  REQUIRE(all.size() == 2);
  auto sf = stats_of("f");
  REQUIRE(sf);
  CHECK(sf->function == "f");
  CHECK(sf->hits == 1);
  CHECK(sf->misses == 2);
  CHECK(sf->computations == 2);
  CHECK(sf->coalesced == 0);
  CHECK(sf->evictions == 0);
  CHECK(sf->expirations == 0);
  CHECK(sf->errors == 0);
  CHECK(sf->entries == 2);
  CHECK(sf->bytes == 20);
  auto sg = stats_of("g");
  REQUIRE(sg);
  CHECK(sg->hits == 0);
  CHECK(sg->misses == 1);
  CHECK(sg->computations == 1);
  CHECK(sg->errors == 1);
  CHECK(sg->entries == 0);
  CHECK(sg->bytes == 0);
}

TEST_CASE_METHOD(shard_fixture, "stray computed messages change nothing",
                 "[actors][unit]") {
  manual_source src;
  start(1, {{"f", src.make()}});
  // A reply for a key nobody is computing is dropped.
  self->send(shard, dash::actors::computed_atom_v, memo_request{"f", "[9]"},
             text_reply("stray", 5));
  auto w = fetch_async("f", "[9]");
  stats();
  CHECK(src.starts() == 1);
  CHECK_FALSE(w.answered());
  auto value = std::make_shared<const std::string>("real");
  REQUIRE(src.complete("[9]", reply_with(value, 4)));
  // A second reply for a finished key does not replace the first.
  REQUIRE(src.complete("[9]", text_reply("late", 4)));
  auto r = fetch("f", "[9]");
  REQUIRE(r);
  CHECK(r->value.address() == value.get());
  // The waiter's answer travels through its port (another actor): wait
  // for it, as the other cases do, before counting.
  auto first = w.wait();
  REQUIRE(first);
  CHECK(first->value.address() == value.get());
  CHECK(w.calls() == 1);
  auto s = stats_of("f");
  REQUIRE(s);
  CHECK(s->entries == 1);
  CHECK(s->bytes == 4);
}

// Through make_compute_source: a real memo_def run on its own thread.

TEST_CASE_METHOD(shard_fixture, "compute source: fifty fetches run the "
                                "function once",
                 "[actors][unit]") {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto held = make_gate();
  auto def = std::make_shared<const memo_def>(make_memo_def(
    "square",
    [calls, held](int x) {
      ++*calls;
      held->wait();
      return x * x;
    },
    memo_options{}));
  start(1, {{"square", make_compute_source(def, quiet_logger())}});
  for (int i = 0; i < 50; ++i) // the request form, answered as messages
    self->send(shard, dash::actors::fetch_atom_v,
               memo_request{"square", "[7]"});
  auto during = stats_of("square");
  REQUIRE(during);
  CHECK(during->coalesced == 49);
  held->open();
  std::vector<memo_reply> replies;
  for (int i = 0; i < 50; ++i)
    self->receive([&](memo_reply& r) { replies.push_back(std::move(r)); },
                  caf::after(answer_limit) >> [] {});
  REQUIRE(replies.size() == 50);
  for (const auto& r : replies) {
    CHECK(r.error.empty());
    CHECK(r.value.address() == replies.front().value.address());
    CHECK(r.bytes == 2); // the JSON "49"
  }
  CHECK(*replies.front().value.as<int>() == 49);
  CHECK(calls->load() == 1);
  auto s = stats_of("square");
  REQUIRE(s);
  CHECK(s->computations == 1);
  CHECK(s->misses == 1);
  CHECK(s->entries == 1);
}

TEST_CASE_METHOD(shard_fixture, "compute source: a second fetch is a hit",
                 "[actors][unit]") {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto def = std::make_shared<const memo_def>(make_memo_def(
    "add",
    [calls](int a, int b) {
      ++*calls;
      std::this_thread::sleep_for(10ms);
      return a + b;
    },
    memo_options{}));
  start(1, {{"add", make_compute_source(def, quiet_logger())}});
  auto first = fetch("add", "[20,22]");
  auto second = fetch("add", "[20,22]");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*first->value.as<int>() == 42);
  CHECK(second->value.address() == first->value.address());
  CHECK(calls->load() == 1);
  auto s = stats_of("add");
  REQUIRE(s);
  CHECK(s->hits == 1);
  CHECK(s->computations == 1);
}

TEST_CASE_METHOD(shard_fixture, "compute source: a throwing function fails "
                                "every waiter and is run again next time",
                 "[actors][unit]") {
  auto calls = std::make_shared<std::atomic<int>>(0);
  auto held = make_gate();
  auto def = std::make_shared<const memo_def>(make_memo_def(
    "flaky",
    [calls, held](int x) {
      if (++*calls == 1) {
        held->wait();
        throw std::runtime_error("boom");
      }
      return x;
    },
    memo_options{}));
  start(1, {{"flaky", make_compute_source(def, quiet_logger())}});
  auto a = fetch_async("flaky", "[5]");
  auto b = fetch_async("flaky", "[5]");
  stats();
  held->open();
  for (const auto* w : {&a, &b}) {
    auto r = w->wait();
    REQUIRE(r);
    CHECK(r->error == "memoized function flaky raised: boom");
    CHECK(!r->value);
  }
  auto s = stats_of("flaky");
  REQUIRE(s);
  CHECK(s->errors == 1);
  CHECK(s->entries == 0);
  auto next = fetch("flaky", "[5]");
  REQUIRE(next);
  CHECK(next->error.empty());
  CHECK(*next->value.as<int>() == 5);
  CHECK(calls->load() == 2);
}
