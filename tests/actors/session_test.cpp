// tests/actors/session_test.cpp
// Unit tests for per-user sessions: session ids (actors/session_ids) issued,
// verified and refused (forged, truncated, wrong signature, wrong length,
// other secret), the secret file; and session managers and session actors
// (actors/session_manager, actors/session_actor) on a real actor system with
// a memory store: concurrent sessions, the live cap, expiry, refused ids and
// store failures. Single flight, idle passivation (in simulated time) and
// the idle timer's message order are in deterministic/session_*_test.cpp.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "actors/sessions/session_ids.hpp"
#include "tests/actors/session_test_kit.hpp"

using dash::errc;
using dash::actors::session_ids;
using dash::actors::session_reply;
using namespace dash::actors::session_test;
using namespace std::chrono_literals;

namespace {

/// A fresh directory under the system temp dir, removed with its contents.
class scratch_dir {
public:
  scratch_dir() {
    auto pattern
      = (std::filesystem::temp_directory_path() / "dash-session-XXXXXX")
          .string();
    if (mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  ~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const {
    return (path_ / name).string();
  }

private:
  std::filesystem::path path_;
};

const std::regex id_shape{"^[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$"};

/// `id` with the character at `pos` replaced by another base64url one.
std::string with_changed_char(std::string id, std::size_t pos) {
  id[pos] = id[pos] == 'A' ? 'B' : 'A';
  return id;
}

/// True when `r` holds a value (no error code, no error text).
bool ok(const std::optional<session_reply>& r) {
  return r && r->code == errc::none && r->error.empty() && r->value;
}

std::string describe(const std::optional<session_reply>& r) {
  if (!r)
    return "no reply";
  return "code=" + std::string{dash::to_string(r->code)} + " error='"
         + r->error + "' value="
         + (r->value ? dash::json::serialize(*r->value) : "null");
}

} // namespace

// ---- session ids -----------------------------------------------------------

TEST_CASE("session ids: an issued id has the documented shape and verifies",
          "[actors][unit][session]") {
  session_ids ids{test_secret('a')};
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    auto id = ids.issue();
    INFO(id);
    CHECK(std::regex_match(id, id_shape));
    CHECK(ids.verify(id));
    seen.insert(id);
  }
  CHECK(seen.size() == 200); // 128 random bits: never the same twice
}

TEST_CASE("session ids: forged ids are refused", "[actors][unit][session]") {
  session_ids ids{test_secret('a')};
  auto real = ids.issue();
  // Right shape, made up by a client.
  CHECK_FALSE(ids.verify(std::string(22, 'A') + "." + std::string(43, 'A')));
  CHECK_FALSE(ids.verify(real.substr(0, 23) + std::string(43, 'x')));
  // A real random part with the signature of another real id.
  auto other = ids.issue();
  CHECK_FALSE(ids.verify(real.substr(0, 23) + other.substr(23)));
  // The seed's style of id: a UUID.
  CHECK_FALSE(ids.verify("9b2f4d0e-4c55-4d7a-9a0c-8d7e1b2a3c4d"));
  CHECK_FALSE(ids.verify(""));
}

TEST_CASE("session ids: an id signed with another secret is refused",
          "[actors][unit][session]") {
  session_ids ours{test_secret('a')};
  session_ids theirs{test_secret('b')};
  for (int i = 0; i < 20; ++i) {
    auto id = theirs.issue();
    CHECK(theirs.verify(id));
    CHECK_FALSE(ours.verify(id));
  }
  // One byte more of secret is another secret.
  session_ids longer{test_secret('a') + "!"};
  CHECK_FALSE(longer.verify(ours.issue()));
}

TEST_CASE("session ids: truncated ids are refused", "[actors][unit][session]") {
  session_ids ids{test_secret('a')};
  auto id = ids.issue();
  REQUIRE(id.size() == 66);
  for (std::size_t n : {0UL, 1UL, 6UL, 22UL, 23UL, 40UL, 64UL, 65UL}) {
    INFO("first " << n << " chars");
    CHECK_FALSE(ids.verify(id.substr(0, n)));
  }
  CHECK_FALSE(ids.verify(id.substr(1)));  // first char dropped
  CHECK_FALSE(ids.verify(id.substr(23))); // signature only
}

TEST_CASE("session ids: a wrong signature is refused, in any position",
          "[actors][unit][session]") {
  session_ids ids{test_secret('a')};
  auto id = ids.issue();
  for (std::size_t pos = 0; pos < id.size(); ++pos) {
    if (pos == 22)
      continue; // the separator
    INFO("changed char " << pos << " of " << id);
    CHECK_FALSE(ids.verify(with_changed_char(id, pos)));
  }
  CHECK(ids.verify(id)); // the original still verifies
}

TEST_CASE("session ids: ids of the wrong length or shape are refused",
          "[actors][unit][session]") {
  session_ids ids{test_secret('a')};
  auto id = ids.issue();
  CHECK_FALSE(ids.verify(id + "A"));          // one char longer
  CHECK_FALSE(ids.verify(id + id));           // twice
  CHECK_FALSE(ids.verify("A" + id));          // shifted separator
  auto moved = id;                            // separator one to the left
  std::swap(moved[21], moved[22]);
  CHECK_FALSE(ids.verify(moved));
  CHECK_FALSE(ids.verify(id.substr(0, 22) + "-" + id.substr(23))); // no dot
  // Same length, characters outside base64url (base64's + and /, padding).
  for (char c : {'+', '/', '=', ' ', '.', '\0'}) {
    auto bad = id;
    bad[5] = c;
    CHECK_FALSE(ids.verify(bad));
    bad = id;
    bad[40] = c;
    CHECK_FALSE(ids.verify(bad));
  }
}

TEST_CASE("session ids: a secret shorter than 32 bytes is refused",
          "[actors][unit][session]") {
  CHECK_THROWS_AS(session_ids{std::string(31, 'x')}, std::invalid_argument);
  CHECK_THROWS_AS(session_ids{std::string{}}, std::invalid_argument);
  CHECK_NOTHROW(session_ids{std::string(32, 'x')});
}

TEST_CASE("session ids: shorten shows only the first characters",
          "[actors][unit][session]") {
  session_ids ids{test_secret('a')};
  auto id = ids.issue();
  auto s = session_ids::shorten(id);
  CHECK(s.rfind(id.substr(0, 6), 0) == 0);
  CHECK(s.find(id.substr(6, 10)) == std::string::npos);
  CHECK(s.size() < 12);
}

TEST_CASE("session ids: from_file makes a 0600 secret file and reads it back",
          "[actors][unit][session]") {
  scratch_dir dir;
  auto path = dir.file("session.key");
  REQUIRE_FALSE(std::filesystem::exists(path));
  auto first = session_ids::from_file(path);
  REQUIRE(std::filesystem::exists(path));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(S_ISREG(st.st_mode));
  CHECK(st.st_size >= 32);

  // Read back (a restart): ids of one verify with the other.
  auto second = session_ids::from_file(path);
  auto a = first.issue();
  auto b = second.issue();
  CHECK(second.verify(a));
  CHECK(first.verify(b));
  // Unchanged by reading.
  struct stat st2 {};
  REQUIRE(::stat(path.c_str(), &st2) == 0);
  CHECK(st2.st_size == st.st_size);

  // A new file is a new secret.
  auto third = session_ids::from_file(dir.file("other.key"));
  CHECK_FALSE(third.verify(a));
  CHECK_FALSE(first.verify(third.issue()));
}

TEST_CASE("session ids: from_file reads a secret someone else wrote",
          "[actors][unit][session]") {
  scratch_dir dir;
  auto path = dir.file("given.key");
  {
    std::ofstream out{path, std::ios::binary};
    out << std::string(40, 'z');
  }
  auto from_file = session_ids::from_file(path);
  session_ids direct{std::string(40, 'z')};
  CHECK(from_file.verify(direct.issue()));
  CHECK(direct.verify(from_file.issue()));
}

TEST_CASE("session ids: from_file fails clearly when it cannot make the file "
          "or the secret is too short",
          "[actors][unit][session]") {
  scratch_dir dir;
  auto path = dir.file("no-such-dir/session.key");
  try {
    (void) session_ids::from_file(path);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string{e.what()}.find(path) != std::string::npos);
  }
  auto short_file = dir.file("short.key");
  {
    std::ofstream out{short_file, std::ios::binary};
    out << "too short";
  }
  CHECK_THROWS(session_ids::from_file(short_file));
}

// ---- session managers and session actors ----------------------------------

namespace {

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace

TEST_CASE_METHOD(session_fixture,
                 "sessions: each session computes its own value",
                 "[actors][unit][session]") {
  start();
  std::vector<std::string> sessions;
  for (int i = 0; i < 20; ++i)
    sessions.push_back(ids->issue());
  std::vector<std::future<std::optional<session_reply>>> waiting;
  for (int round = 0; round < 3; ++round)
    for (const auto& id : sessions)
      waiting.push_back(value_async(id));
  std::size_t k = 0;
  std::unordered_map<std::string, std::int64_t> run_per_session;
  for (int round = 0; round < 3; ++round)
    for (const auto& id : sessions) {
      auto r = waiting[k++].get();
      INFO(describe(r));
      REQUIRE(ok(r));
      CHECK(session_of(*r) == id); // never another session's value
      auto [it, fresh] = run_per_session.emplace(id, run_of(*r));
      if (!fresh)
        CHECK(it->second == run_of(*r));
    }
  CHECK(comp.runs() == 20);
  for (const auto& id : sessions)
    CHECK(comp.runs_of(id) == 1);
  CHECK(stats().started == 20);
  CHECK(stats().live == 20);
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: another manager (a restart) finds the data in the "
                 "store",
                 "[actors][unit][session]") {
  start();
  auto id = ids->issue();
  auto first = value(id);
  REQUIRE(ok(first));
  auto second_manager = start();
  auto r = value_from(second_manager, id);
  INFO(describe(r));
  REQUIRE(ok(r));
  CHECK(*r->value == *first->value);
  CHECK(comp.runs() == 1);
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: beyond the live cap the least recently used "
                 "session is passivated",
                 "[actors][unit][session]") {
  session_options o;
  o.max_live = 2;
  start(o);
  auto a = ids->issue();
  auto b = ids->issue();
  auto c = ids->issue();
  auto va = value(a);
  auto vb = value(b);
  REQUIRE(ok(va));
  REQUIRE(ok(vb));
  REQUIRE(ok(value(a))); // a is now more recently used than b
  auto vc = value(c);
  REQUIRE(ok(vc));
  auto s = stats();
  CHECK(s.live == 2);
  CHECK(s.started == 3);
  CHECK(s.passivated == 1);
  CHECK(comp.runs() == 3);

  // a stayed live: no new session actor for it.
  auto again_a = value(a);
  REQUIRE(ok(again_a));
  CHECK(stats().started == 3);
  CHECK(*again_a->value == *va->value);

  // b was the one passivated: it comes back from the store.
  auto gets_before = store->gets.load();
  auto again_b = value(b);
  INFO(describe(again_b));
  REQUIRE(ok(again_b));
  CHECK(*again_b->value == *vb->value);
  s = stats();
  CHECK(s.started == 4);
  CHECK(s.live == 2);
  CHECK(s.passivated == 2); // c (least recently used now) made room
  CHECK(store->gets == gets_before + 1);

  auto again_c = value(c);
  REQUIRE(ok(again_c));
  CHECK(*again_c->value == *vc->value);
  CHECK(stats().started == 5);
  CHECK(stats().live == 2);
  CHECK(comp.runs() == 3); // nothing was ever recomputed
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: a session that outlived its lifetime computes "
                 "afresh",
                 "[actors][unit][session]") {
  session_options o;
  o.idle = 200ms;
  o.lifetime = 1s;
  start(o);

  SECTION("passivated, then back after its lifetime") {
    auto id = ids->issue();
    auto before_ms = unix_ms();
    auto first = value(id);
    REQUIRE(ok(first));
    // The answer says until when the value holds (what a worker's cache
    // honours): the session's creation plus its lifetime.
    CHECK(first->expires_ms >= before_ms + 1000);
    CHECK(first->expires_ms <= unix_ms() + 1000);
    REQUIRE(eventually([&] { return stats().passivated == 1; }, 3s));
    std::this_thread::sleep_for(1100ms);
    auto later = value(id);
    INFO(describe(later));
    REQUIRE(ok(later));
    CHECK(comp.runs() == 2);
    CHECK(run_of(*later) == 2);
    CHECK(session_of(*later) == id);
    CHECK(later->expires_ms > first->expires_ms); // a new life
    // The new value replaced the expired one in the store, with a new
    // creation time.
    auto blob = stored(id);
    REQUIRE(blob.is_object());
    CHECK(blob.at("values").at("df") == *later->value);
  }

  SECTION("in use the whole time") {
    auto id = ids->issue();
    auto start_time = std::chrono::steady_clock::now();
    REQUIRE(ok(value(id)));
    // Used every 50 ms: the value holds for the lifetime, then is computed
    // again (expiry is noticed within an idle period).
    std::int64_t last_run = 1;
    std::chrono::steady_clock::duration changed_after{};
    while (std::chrono::steady_clock::now() - start_time < 3s) {
      auto r = value(id);
      INFO(describe(r));
      REQUIRE(ok(r));
      CHECK(session_of(*r) == id);
      if (run_of(*r) != last_run) {
        changed_after = std::chrono::steady_clock::now() - start_time;
        last_run = run_of(*r);
        break;
      }
      std::this_thread::sleep_for(50ms);
    }
    CHECK(last_run == 2);
    CHECK(changed_after >= 950ms);
    CHECK(changed_after < 2500ms);
  }
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: a forged id is refused and starts nothing",
                 "[actors][unit][session]") {
  start();
  session_ids other{test_secret('z')};
  auto real = ids->issue();
  std::vector<std::string> bad = {
    other.issue(),                  // another server's id
    with_changed_char(real, 3),     // tampered random part
    with_changed_char(real, 50),    // tampered signature
    real.substr(0, 40),             // truncated
    real + "A",                     // too long
    std::string(22, 'A') + "." + std::string(43, 'A'),
    "",
  };
  for (const auto& id : bad) {
    auto r = value(id);
    INFO("id '" << id << "': " << describe(r));
    REQUIRE(r);
    CHECK(r->code == errc::forbidden);
    CHECK_FALSE(r->value);
    CHECK_FALSE(r->error.empty());
  }
  auto s = stats();
  CHECK(s.refused == bad.size());
  CHECK(s.started == 0);
  CHECK(s.live == 0);
  CHECK(comp.runs() == 0);
  CHECK(store->gets == 0);
  // The real id still works.
  REQUIRE(ok(value(real)));
  CHECK(comp.runs() == 1);
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: a computation that throws answers an error and is "
                 "tried again next time",
                 "[actors][unit][session]") {
  start();
  auto id = ids->issue();
  comp.fail(true);
  auto r = value(id);
  INFO(describe(r));
  REQUIRE(r);
  CHECK(r->code == errc::callback_failed);
  CHECK_FALSE(r->value);
  CHECK(r->error.find("the test made this computation fail")
        != std::string::npos);
  comp.fail(false);
  auto again = value(id);
  INFO(describe(again));
  REQUIRE(ok(again));
  CHECK(comp.runs() == 2);
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: an unknown value name is an error, not a crash",
                 "[actors][unit][session]") {
  start();
  auto id = ids->issue();
  auto r = value(id, "no-such-value");
  REQUIRE(r);
  CHECK(r->code == errc::internal);
  CHECK(r->error.find("no-such-value") != std::string::npos);
  REQUIRE(ok(value(id)));
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: a failed write answers unavailable, keeps nothing, "
                 "and the next request computes again",
                 "[actors][unit][session]") {
  start();
  auto id = ids->issue();
  store->fail_put = true;
  auto r = value(id);
  INFO(describe(r));
  REQUIRE(r);
  CHECK(r->code == errc::unavailable);
  CHECK_FALSE(r->value);
  CHECK(r->error.find("test store is down") != std::string::npos);
  store->fail_put = false;
  auto again = value(id);
  INFO(describe(again));
  REQUIRE(ok(again));
  CHECK(comp.runs() == 2);
  CHECK(run_of(*again) == 2);
}

TEST_CASE_METHOD(session_fixture,
                 "sessions: a failed load answers unavailable, and the session "
                 "works once the store is back",
                 "[actors][unit][session]") {
  start();
  auto id = ids->issue();
  store->fail_get = true;
  auto r = value(id);
  INFO(describe(r) << " failure=" << failure);
  REQUIRE(r);
  CHECK(r->code == errc::unavailable);
  CHECK_FALSE(r->value);
  CHECK(comp.runs() == 0); // nothing computed on top of unknown data
  store->fail_get = false;
  // The store is back: the same session id must work again (the session
  // actor that could not load has stopped; the manager must not keep
  // routing to it).
  failure.clear();
  auto again = value(id);
  INFO("after the store came back: " << describe(again)
                                     << " failure=" << failure);
  CHECK(ok(again));
  // A session id never seen before works too.
  auto fresh = value(ids->issue());
  INFO(describe(fresh));
  CHECK(ok(fresh));
}

TEST_CASE("session ids: after a rotation the previous secret verifies for "
          "the grace period only",
          "[actors][unit][session]") {
  using clock = session_ids::clock;
  session_ids old_ids{test_secret('a')};
  auto old_id = old_ids.issue();
  auto start = clock::now();
  session_ids rotated{test_secret('b'), test_secret('a'),
                      start + std::chrono::hours(1)};
  CHECK(rotated.verify_at(old_id, start));
  CHECK(rotated.verify_at(old_id, start + std::chrono::minutes(59)));
  CHECK_FALSE(rotated.verify_at(old_id, start + std::chrono::hours(1)));
  // New ids are signed with the new secret only.
  auto new_id = rotated.issue();
  CHECK(rotated.verify_at(new_id, start + std::chrono::hours(2)));
  CHECK_FALSE(old_ids.verify(new_id));
  CHECK(session_ids{test_secret('b')}.verify(new_id));
  // A third secret is still refused.
  session_ids other{test_secret('c')};
  CHECK_FALSE(rotated.verify_at(other.issue(), start));
  CHECK_THROWS_AS((session_ids{test_secret('b'), "short", start}),
                  std::invalid_argument);
}
