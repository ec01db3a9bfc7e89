// tests/http/address_limit_test.cpp
// Unit tests for http/address_limit: slots per address, given back when
// released, and no limit at 0.
#include "http/address_limit.hpp"

#include <memory>
#include <vector>

#include <catch2/catch.hpp>

using dash::http::address_limit;

TEST_CASE("address_limit counts each address apart", "[http][address_limit]") {
  auto limit = std::make_shared<address_limit>(2);
  auto a1 = limit->acquire("10.0.0.1");
  auto a2 = limit->acquire("10.0.0.1");
  REQUIRE(a1);
  REQUIRE(a2);
  CHECK_FALSE(limit->acquire("10.0.0.1"));
  auto b1 = limit->acquire("10.0.0.2");
  CHECK(b1);
  CHECK(limit->open("10.0.0.1") == 2);
  a1.reset();
  CHECK(limit->open("10.0.0.1") == 1);
  CHECK(limit->acquire("10.0.0.1"));
  CHECK(limit->open("10.0.0.1") == 1); // that slot was dropped at once
}

TEST_CASE("address_limit 0 means no limit", "[http][address_limit]") {
  auto limit = std::make_shared<address_limit>(0);
  std::vector<std::unique_ptr<address_limit::slot>> held;
  for (int i = 0; i < 100; ++i)
    held.push_back(limit->acquire("::1"));
  CHECK(held.back());
  CHECK(limit->open("::1") == 100);
  held.clear();
  CHECK(limit->open("::1") == 0);
}
