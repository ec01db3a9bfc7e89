// tests/config/flag_test.cpp
// Unit tests for config/flag: typed defaults as text, parsing each type,
// bad values named, copies sharing the value that serve() sets.
#include "config/flag.hpp"

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using dash::config::flag;
using dash::config::flag_ref;

TEST_CASE("a flag declares its option with the default as text",
          "[config][unit]") {
  using namespace std::chrono_literals;
  flag<std::chrono::milliseconds> delay{"delay-ms", 1500ms, "how long"};
  flag<bool> on{"on", true, "switch"};
  flag<double> ratio{"ratio", 0.5, "part"};
  std::vector<flag_ref> refs{delay, on, ratio};
  CHECK(refs[0].declared().name == "delay-ms");
  CHECK(refs[0].declared().default_value == "1500");
  CHECK(refs[0].declared().help == "how long");
  CHECK(refs[1].declared().default_value == "true");
  CHECK(*delay == 1500ms);
}

TEST_CASE("setting a flag reaches every copy", "[config][unit]") {
  flag<std::string> file{"log", "", "file"};
  auto copy = file; // as a callback captures it
  flag_ref{file}.set("/tmp/x.log");
  CHECK(*copy == "/tmp/x.log");
  CHECK(copy->size() == 10);
}

TEST_CASE("each type parses its text", "[config][unit]") {
  flag<int> n{"n", 0, ""};
  flag<bool> b{"b", false, ""};
  flag<double> d{"d", 0, ""};
  flag<std::chrono::seconds> s{"s", std::chrono::seconds{0}, ""};
  flag_ref{n}.set("-42");
  flag_ref{b}.set("yes");
  flag_ref{d}.set("2.5");
  flag_ref{s}.set("30");
  CHECK(*n == -42);
  CHECK(*b);
  CHECK(*d == 2.5);
  CHECK(*s == std::chrono::seconds{30});
  flag_ref{b}.set("false");
  CHECK_FALSE(*b);
}

TEST_CASE("a bad value names the flag and what it must be",
          "[config][unit]") {
  flag<int> n{"delay-ms", 0, ""};
  flag<bool> b{"shout", false, ""};
  flag<unsigned char> small{"small", 0, ""};
  CHECK_THROWS_WITH(flag_ref{n}.set("soon"),
                    "option --delay-ms must be an integer, got 'soon'");
  CHECK_THROWS_WITH(flag_ref{n}.set("12x"),
                    "option --delay-ms must be an integer, got '12x'");
  CHECK_THROWS_WITH(flag_ref{b}.set("maybe"),
                    "option --shout must be true or false, got 'maybe'");
  CHECK_THROWS_AS(flag_ref{small}.set("300"), std::invalid_argument);
  CHECK(*n == 0); // unchanged after a bad value
}
