// tests/actors/store/memory_store_test.cpp
// Unit tests for the memory session store (actors/store/memory_store.cpp):
// the shared backend checks, plus keys that expire without being read.
#include "actors/sessions/store/session_store.hpp"

#include <chrono>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/actors/store/store_test_kit.hpp"

using namespace std::chrono_literals;
using dash::actors::store::make_memory_store;
using namespace dash::actors::store::test;

TEST_CASE("memory store: binary round trip, overwrite, erase, ping",
          "[store][memory]") {
  auto s = make_memory_store();
  CHECK(std::string{s->kind()} == "memory");
  check_round_trip(*s);
}

TEST_CASE("memory store: keys expire after their ttl", "[store][memory]") {
  auto s = make_memory_store();
  check_ttl(*s);
}

TEST_CASE("memory store: the sweep drops only expired keys",
          "[store][memory]") {
  auto s = make_memory_store();
  for (int i = 0; i < 1500; ++i)
    s->put("gone-" + std::to_string(i), "x", 1s);
  s->put("stays", "y", 0s);
  std::this_thread::sleep_for(1100ms);
  // Enough puts to pass the next sweep threshold more than once.
  for (int i = 0; i < 5000; ++i)
    s->put("new-" + std::to_string(i), std::to_string(i), 0s);
  CHECK_FALSE(s->get("gone-0").has_value());
  CHECK(holds(s->get("stays"), "y"));
  CHECK(holds(s->get("new-0"), "0"));
  CHECK(holds(s->get("new-4999"), "4999"));
}
