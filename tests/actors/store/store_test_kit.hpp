// tests/actors/store/store_test_kit.hpp
// What every session store backend must do (binary round trip, overwrite,
// erase, ttl), plus temp dirs and test values; used by the *_store tests.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <stdlib.h>

#include <catch2/catch.hpp>

#include "actors/sessions/store/session_store.hpp"

namespace dash::actors::store::test {

/// A fresh directory under the system temp dir, removed with its contents.
class temp_dir {
public:
  temp_dir() {
    auto base = std::filesystem::temp_directory_path();
    auto pattern = (base / "dash-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const {
    return path_;
  }

private:
  std::filesystem::path path_;
};

/// `size` bytes that depend on `seed` and include NULs and bytes >= 0x80.
inline std::string binary_value(std::size_t size, std::uint32_t seed) {
  std::string out(size, '\0');
  std::uint32_t x = seed * 2654435761U + 1U;
  for (std::size_t i = 0; i < size; ++i) {
    x = x * 1664525U + 1013904223U;
    out[i] = static_cast<char>((i % 7 == 0) ? 0U : (x >> 24));
  }
  return out;
}

/// Compares without letting Catch print megabytes of value on failure.
inline bool holds(const std::optional<std::string>& got,
                  const std::string& want) {
  return got.has_value() && *got == want;
}

/// The what() of the store_error that `f` throws; fails the test if `f`
/// returns normally (other exceptions propagate and fail it too).
template <class F>
std::string store_error_of(F&& f) {
  try {
    f();
  } catch (const store_error& e) {
    return e.what();
  }
  FAIL("expected a store_error");
  return {};
}

/// put/get/erase with binary keys and values (embedded NULs, 1 MB, empty),
/// a missing key, overwrites and ping.
inline void check_round_trip(session_store& s) {
  using namespace std::chrono_literals;
  CHECK(s.ping());
  CHECK_FALSE(s.get("missing").has_value());
  const std::string small("a\0b\0\0c\xff", 7);
  const std::string key("key\0with\xfe nul", 13);
  const auto big = binary_value(std::size_t{1} << 20, 7);
  s.put("small", small, 0s);
  s.put(key, "binary key", 0s);
  s.put("big", big, 0s);
  s.put("empty", "", 0s);
  CHECK(holds(s.get("small"), small));
  CHECK(holds(s.get(key), "binary key"));
  CHECK(holds(s.get("big"), big));
  CHECK(holds(s.get("empty"), "")); // present, merely empty
  CHECK_FALSE(s.get(std::string("key", 3)).has_value());

  s.put("small", "second", 0s);
  CHECK(holds(s.get("small"), "second"));
  s.put("big", small, 0s);
  CHECK(holds(s.get("big"), small));
  s.put("small", big, 0s);
  CHECK(holds(s.get("small"), big));

  s.erase("small");
  CHECK_FALSE(s.get("small").has_value());
  CHECK_NOTHROW(s.erase("small")); // absent: no error
  CHECK_NOTHROW(s.erase("never written"));
  s.erase(key);
  CHECK_FALSE(s.get(key).has_value());
  CHECK(holds(s.get("big"), small));
  CHECK(s.ping());
}

/// Keys written with a 1 s ttl read as absent after 1.2 s; a plain
/// overwrite clears the ttl; keys without ttl (or a long one) stay.
inline void check_ttl(session_store& s) {
  using namespace std::chrono_literals;
  s.put("short", "v", 1s);
  s.put("renewed", "v", 1s);
  s.put("renewed", "w", 0s);
  s.put("kept", "k", 0s);
  s.put("long", "l", 3600s);
  CHECK(holds(s.get("short"), "v"));
  std::this_thread::sleep_for(1200ms);
  CHECK_FALSE(s.get("short").has_value());
  CHECK_FALSE(s.get("short").has_value()); // also after the lazy erase
  CHECK(holds(s.get("renewed"), "w"));
  CHECK(holds(s.get("kept"), "k"));
  CHECK(holds(s.get("long"), "l"));
  s.put("short", "again", 0s);
  CHECK(holds(s.get("short"), "again"));
}

} // namespace dash::actors::store::test
