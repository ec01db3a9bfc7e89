// tests/actors/cluster_test.cpp
// The cluster's parts that need no second process: the handshake proofs,
// routing by the ring to a member's stand-in, and the stand-in itself
// (wire values read back, requests sent on to the new owner when their
// member leaves, clean errors when it only stops answering, its near
// cache). Nodes talking over real sockets are tested in tests/cluster.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "actors/cache/cache_router.hpp"
#include "actors/cluster/cluster_address.hpp"
#include "actors/cluster/cluster_auth.hpp"
#include "actors/cache/placement.hpp"
#include "actors/cluster/cluster_endpoint.hpp"
#include "actors/cluster/remote_node.hpp"
#include "cache_test_kit.hpp"

using namespace dash::actors;
using namespace dash::actors::cache_test;

namespace {

/// How the fake member's endpoint answers.
enum class endpoint_mode { answer, silent, fail };

/// A member's endpoint as its stand-in sees it: answers `(fetch_atom,
/// req)` with the wire text "<function><args>", never (holding the
/// promises), or with an error.
caf::behavior fake_endpoint(caf::event_based_actor* self, endpoint_mode mode,
                            std::shared_ptr<std::vector<caf::response_promise>>
                              held) {
  return {
    [self, mode, held](fetch_atom,
                       const memo_request& req) -> caf::result<memo_wire> {
      if (mode == endpoint_mode::fail)
        return caf::make_error(caf::sec::runtime_error, "connection lost");
      if (mode == endpoint_mode::silent) {
        held->push_back(self->make_response_promise());
        return caf::delegated<memo_wire>{};
      }
      return memo_wire{req.function + req.args, 3, {}, true};
    },
  };
}

/// Sources whose values decode to "decoded:<wire>".
memo_sources decoding_sources(const manual_source& local,
                              dash::model::memo_options options = {}) {
  memo_sources s;
  auto source = local.make(options);
  source.decode = [](const std::string& wire) -> dash::model::shared_value {
    return dash::model::shared_value::of(
      std::make_shared<const std::string>("decoded:" + wire));
  };
  s.emplace("square", std::move(source));
  return s;
}

struct cluster_fixture : shard_fixture {
  manual_source local{[](const memo_request& req) {
    return std::optional<memo_reply>{text_reply("local:" + req.args, 8)};
  }};
  std::shared_ptr<const memo_sources> sources =
    std::make_shared<const memo_sources>(decoding_sources(local));
  std::shared_ptr<metrics> stats = std::make_shared<metrics>(
    std::vector<std::string>{}, std::vector<std::string>{});
  std::shared_ptr<std::vector<caf::response_promise>> held =
    std::make_shared<std::vector<caf::response_promise>>();
  std::shared_ptr<const cache_router> router;
  /// What the shard reads on `members_atom` (a membership actor sets it).
  std::shared_ptr<placement> shard_view = std::make_shared<placement>();

  cluster_fixture() {
    router = std::make_shared<const cache_router>(
      std::vector<cache_shard_actor>{
        start(1, decoding_sources(local), shard_view)});
  }

  remote_node_actor stand_in(
    endpoint_mode mode,
    std::chrono::milliseconds grace = std::chrono::seconds{5},
    near_cache_limits near = {},
    std::shared_ptr<const placement> where = nullptr) {
    auto endpoint = sys.spawn(fake_endpoint, mode, held);
    spawned.push_back(endpoint);
    // The fake answers only what these tests ask of an endpoint.
    remote_node_config rc{"n2",
                          caf::actor_cast<cluster_endpoint_actor>(endpoint),
                          router, nullptr, sources, stats, quiet_logger(),
                          grace};
    rc.near = near;
    rc.where = std::move(where);
    auto s = sys.spawn<caf::detached>(remote_node, std::move(rc));
    spawned.push_back(caf::actor_cast<caf::actor>(s));
    return s;
  }

  /// Fetches square(args) from `s`; the decoded text, or the error.
  std::string text_from(const memo_cache_actor& s, const std::string& args) {
    auto r = fetch_from(s, "square", args);
    if (!r)
      return "<no answer: " + failure + ">";
    return r->error.empty() ? text_of(*r) : r->error;
  }
};

} // namespace

TEST_CASE("a proof checks only under the same secret, nonces, role and name",
          "[cluster]") {
  cluster_auth a{"0123456789abcdef-secret"};
  cluster_auth other{"another secret, long enough"};
  auto mine = cluster_auth::nonce();
  auto theirs = cluster_auth::nonce();
  CHECK(mine != theirs);
  CHECK(mine.size() == 64);
  auto proof = a.prove("join", mine, theirs, "n1");
  CHECK(a.check(proof, "join", mine, theirs, "n1"));
  CHECK_FALSE(other.check(proof, "join", mine, theirs, "n1"));
  CHECK_FALSE(a.check(proof, "gate", mine, theirs, "n1"));
  CHECK_FALSE(a.check(proof, "join", theirs, mine, "n1"));
  CHECK_FALSE(a.check(proof, "join", mine, theirs, "n2"));
  CHECK_FALSE(a.check(proof.substr(1), "join", mine, theirs, "n1"));
  // A trailing newline in a secret file is not part of the secret.
  cluster_auth from_file{"0123456789abcdef-secret\n"};
  CHECK(from_file.check(proof, "join", mine, theirs, "n1"));
}

TEST_CASE("cluster addresses are host:port, whoever sends them",
          "[cluster]") {
  CHECK(parse_address("127.0.0.1:9051") == cluster_address{"127.0.0.1", 9051});
  for (const char* bad : {"127.0.0.1", ":9051", "h:0", "h:65536", "h:90x",
                          "h:-1", "h:", ""})
    CHECK_FALSE(parse_address(bad));
  auto seeds = parse_seeds(" 127.0.0.1:1, ,localhost:2,");
  REQUIRE(seeds.size() == 2);
  CHECK(seeds[1] == cluster_address{"localhost", 2});
  CHECK_THROWS_WITH(parse_seeds("127.0.0.1:1,nonsense"),
                    Catch::Contains("'nonsense' is not host:port"));
}

TEST_CASE("a cluster secret must be long enough and readable", "[cluster]") {
  CHECK_THROWS_WITH(cluster_auth{"short"},
                    Catch::Contains("at least 16 bytes"));
  CHECK_THROWS_WITH(cluster_auth::load("", "/nonexistent/dashcpp.key"),
                    Catch::Contains("cannot read the cluster secret file"));
  CHECK_NOTHROW(
    cluster_auth::load("given on the command line", "/nonexistent"));
}

TEST_CASE_METHOD(cluster_fixture,
                 "keys another member owns go to its stand-in, the rest stay",
                 "[cluster]") {
  auto where = std::make_shared<placement>();
  auto remote = sys.spawn(fake_endpoint, endpoint_mode::answer, held);
  spawned.push_back(remote);
  where->set(std::make_shared<const cluster_view>(cluster_view{
    dash::model::hash_ring{{"a", "b"}, 16},
    {{"a", "127.0.0.1:1", remote_node_actor{}},
     {"b", "127.0.0.1:2", caf::actor_cast<remote_node_actor>(remote)}},
    0}));
  cache_router routed{std::vector<std::shared_ptr<cache_router::slot>>{
                        std::make_shared<cache_router::slot>(shard)},
                      where};
  int to_remote = 0;
  for (int i = 0; i < 200; ++i) {
    auto key = "square\x1f[" + std::to_string(i) + "]";
    auto owner = where->get()->ring.owner_name(key);
    CHECK(routed.shard_for(key).address()
          == (owner == "b" ? remote.address() : shard.address()));
    CHECK(routed.local_shard_for(key) == shard);
    to_remote += owner == "b" ? 1 : 0;
  }
  CHECK(to_remote > 50);
  CHECK(to_remote < 150);
  // Alone again (the view names one member, or none): everything is local.
  where->set(nullptr);
  CHECK(routed.shard_for("square\x1f[1]").address() == shard.address());
}

TEST_CASE_METHOD(cluster_fixture,
                 "a stand-in reads the owner's wire value back", "[cluster]") {
  auto s = stand_in(endpoint_mode::answer);
  auto r = fetch_from(s, "square", "[7]");
  REQUIRE(r);
  CHECK(r->error.empty());
  CHECK(text_of(*r) == "decoded:square[7]");
  auto w = waiter{};
  self->send(s, fetch_atom_v, memo_request{"square", "[8]"}, w.at(sys));
  auto sunk = w.wait();
  REQUIRE(sunk);
  CHECK(text_of(*sunk) == "decoded:square[8]");
  CHECK(stats->cluster_remote_requests.load() == 2);
  CHECK(local.starts() == 0);
}

TEST_CASE_METHOD(cluster_fixture,
                 "requests waiting on a member that leaves go to the new "
                 "owner and are answered there",
                 "[cluster]") {
  auto s = stand_in(endpoint_mode::silent);
  auto w = waiter{};
  self->send(s, fetch_atom_v, memo_request{"square", "[2]"}, w.at(sys));
  std::optional<memo_reply> asked;
  auto pending = self->request(s, answer_limit, fetch_atom_v,
                               memo_request{"square", "[3]"});
  // Both reached the (silent) member before it leaves.
  while (held->size() < 2 && !w.answered())
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  REQUIRE(held->size() == 2);
  self->send(s, gone_atom_v);
  pending.receive([&](memo_reply& r) { asked = std::move(r); },
                  [&](caf::error& e) { failure = sys.render(e); });
  REQUIRE(asked);
  CHECK(text_of(*asked) == "local:[3]");
  auto sunk = w.wait();
  REQUIRE(sunk);
  CHECK(text_of(*sunk) == "local:[2]");
  CHECK(stats->cluster_redispatched.load() == 2);
  CHECK(local.starts_of("[2]") == 1);
  CHECK(local.starts_of("[3]") == 1);
}

TEST_CASE_METHOD(cluster_fixture,
                 "a member that fails a request without leaving gives a clean "
                 "error after the grace",
                 "[cluster]") {
  auto s = stand_in(endpoint_mode::fail, std::chrono::milliseconds{100});
  auto started = std::chrono::steady_clock::now();
  auto r = fetch_from(s, "square", "[4]");
  REQUIRE(r);
  CHECK(std::chrono::steady_clock::now() - started
        >= std::chrono::milliseconds{100});
  CHECK_FALSE(r->value);
  CHECK_THAT(r->error, Catch::Contains("node n2 did not answer"));
  CHECK(local.starts() == 0);
}

TEST_CASE_METHOD(cluster_fixture,
                 "fetches of a key already on its way join it: one transfer",
                 "[cluster]") {
  auto s = stand_in(endpoint_mode::silent);
  std::vector<waiter> waiters(3);
  for (auto& w : waiters)
    self->send(s, fetch_atom_v, memo_request{"square", "[5]"}, w.at(sys));
  waiter other;
  self->send(s, fetch_atom_v, memo_request{"square", "[6]"}, other.at(sys));
  while (held->size() < 2)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  // Give any stray third transfer time to show up.
  std::this_thread::sleep_for(std::chrono::milliseconds{50});
  CHECK(held->size() == 2);
  CHECK(stats->cluster_remote_requests.load() == 2);
  self->send(s, gone_atom_v);
  for (auto& w : waiters) {
    auto r = w.wait();
    REQUIRE(r);
    CHECK(text_of(*r) == "local:[5]");
  }
  REQUIRE(other.wait());
  CHECK(local.starts_of("[5]") == 1);
}

TEST_CASE_METHOD(cluster_fixture,
                 "a shard drops the values of keys that moved to another node",
                 "[cluster]") {
  for (int i = 0; i < 40; ++i)
    REQUIRE(fetch("square", "[" + std::to_string(i) + "]"));
  auto held_before = stats_of("square", shard);
  REQUIRE(held_before);
  REQUIRE(held_before->entries == 40);
  auto view = std::make_shared<const cluster_view>(cluster_view{
    dash::model::hash_ring{{"a", "b"}, 16},
    {{"a", "127.0.0.1:1", remote_node_actor{}},
     {"b", "127.0.0.1:2", remote_node_actor{}}},
    0});
  std::size_t kept = 0;
  for (int i = 0; i < 40; ++i)
    kept += view->owns(memo_request{"square", "[" + std::to_string(i) + "]"}
                         .key())
              ? 1
              : 0;
  REQUIRE(kept > 0);
  REQUIRE(kept < 40);
  shard_view->set(view);
  self->send(shard, members_atom_v);
  auto after = stats_of("square", shard);
  REQUIRE(after);
  CHECK(after->entries == kept);
  // A dropped key computes again if it is asked for here after all.
  for (int i = 0; i < 40; ++i) {
    auto args = "[" + std::to_string(i) + "]";
    if (!view->owns(memo_request{"square", args}.key())) {
      REQUIRE(fetch("square", args));
      CHECK(local.starts_of(args) == 2);
      break;
    }
  }
}

TEST_CASE_METHOD(cluster_fixture,
                 "a value fetched once is served from the near copy",
                 "[cluster][near_cache]") {
  auto s = stand_in(endpoint_mode::answer);
  CHECK(text_from(s, "[7]") == "decoded:square[7]");
  CHECK(text_from(s, "[7]") == "decoded:square[7]");
  auto w = waiter{};
  self->send(s, fetch_atom_v, memo_request{"square", "[7]"}, w.at(sys));
  auto sunk = w.wait();
  REQUIRE(sunk);
  CHECK(text_of(*sunk) == "decoded:square[7]");
  CHECK(stats->cluster_remote_requests.load() == 1);
  CHECK(stats->cluster_near_hits.load() == 2);
  CHECK(stats->cluster_near_misses.load() == 1);
  // Another key is fetched from the member.
  CHECK(text_from(s, "[8]") == "decoded:square[8]");
  CHECK(stats->cluster_remote_requests.load() == 2);
}

TEST_CASE_METHOD(cluster_fixture,
                 "the near copies go when the member leaves",
                 "[cluster][near_cache]") {
  auto s = stand_in(endpoint_mode::answer);
  REQUIRE(text_from(s, "[7]") == "decoded:square[7]");
  REQUIRE(text_from(s, "[8]") == "decoded:square[8]");
  // A stand-in told `gone` sends everything to the new owners and ends
  // (requests for [7] no longer reach it: the view names another owner).
  self->send(s, gone_atom_v);
  for (int i = 0; i < 200 && stats->cluster_near_invalidations.load() == 0;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  CHECK(stats->cluster_near_invalidations.load() == 2);
  CHECK(stats->cluster_near_hits.load() == 0);
}

TEST_CASE_METHOD(cluster_fixture,
                 "a new cluster view drops the near copies",
                 "[cluster][near_cache]") {
  auto where = std::make_shared<placement>();
  auto view = [](std::vector<std::string> names) {
    std::vector<cluster_view::member> members;
    for (const auto& n : names)
      members.push_back({n, "127.0.0.1:1", remote_node_actor{}});
    return std::make_shared<const cluster_view>(cluster_view{
      dash::model::hash_ring{names, 16}, std::move(members), 0});
  };
  where->set(view({"a", "n2"}));
  auto s = stand_in(endpoint_mode::answer, std::chrono::seconds{5}, {},
                    where);
  REQUIRE(text_from(s, "[7]") == "decoded:square[7]");
  REQUIRE(text_from(s, "[7]") == "decoded:square[7]");
  REQUIRE(stats->cluster_remote_requests.load() == 1);
  where->set(view({"a", "n2", "n3"})); // a member joined
  CHECK(text_from(s, "[7]") == "decoded:square[7]");
  CHECK(stats->cluster_remote_requests.load() == 2);
  CHECK(stats->cluster_near_invalidations.load() == 1);
  // Kept again under the new view.
  CHECK(text_from(s, "[7]") == "decoded:square[7]");
  CHECK(stats->cluster_remote_requests.load() == 2);
  CHECK(stats->cluster_near_hits.load() == 2);
}

TEST_CASE_METHOD(cluster_fixture,
                 "the near cache keeps the most recently used within its "
                 "bound",
                 "[cluster][near_cache]") {
  auto s = stand_in(endpoint_mode::answer, std::chrono::seconds{5},
                    near_cache_limits{2, 1 << 20, std::chrono::seconds{10}});
  for (const char* args : {"[1]", "[2]", "[1]", "[3]"})
    REQUIRE(text_from(s, args) == std::string{"decoded:square"} + args);
  // [1] [2] fetched, [1] a hit (now the most recent), [3] evicts [2].
  CHECK(stats->cluster_remote_requests.load() == 3);
  CHECK(stats->cluster_near_evictions.load() == 1);
  CHECK(text_from(s, "[1]") == "decoded:square[1]");
  CHECK(stats->cluster_remote_requests.load() == 3);
  CHECK(text_from(s, "[2]") == "decoded:square[2]");
  CHECK(stats->cluster_remote_requests.load() == 4);
}

TEST_CASE_METHOD(cluster_fixture,
                 "a near copy lives no longer than the function's ttl, and "
                 "a zero lease keeps none",
                 "[cluster][near_cache]") {
  using namespace std::chrono_literals;
  sources = std::make_shared<const memo_sources>(
    decoding_sources(local, dash::model::memo_options{20ms, 0, 0, 0ms}));
  auto s = stand_in(endpoint_mode::answer, 5s, near_cache_limits{8, 1 << 20,
                                                                 10s});
  REQUIRE(text_from(s, "[1]") == "decoded:square[1]");
  std::this_thread::sleep_for(40ms); // past the ttl, well within the lease
  REQUIRE(text_from(s, "[1]") == "decoded:square[1]");
  CHECK(stats->cluster_remote_requests.load() == 2);
  CHECK(stats->cluster_near_expirations.load() == 1);

  auto off = stand_in(endpoint_mode::answer, 5s,
                      near_cache_limits{8, 1 << 20, 0ms});
  REQUIRE(text_from(off, "[2]") == "decoded:square[2]");
  REQUIRE(text_from(off, "[2]") == "decoded:square[2]");
  CHECK(stats->cluster_remote_requests.load() == 4);
}

TEST_CASE_METHOD(cluster_fixture,
                 "when the owner drops a value, the near copies of it go too",
                 "[cluster][near_cache]") {
  using namespace std::chrono_literals;
  // The owner keeps one value of square (max_entries 1): computing [2]
  // evicts [1]. Its endpoint serves this node's stand-in (one process
  // stands for two nodes here: the endpoint admits its own node).
  manual_source owned{[](const memo_request& req) {
    auto r = text_reply("owner:" + req.args, 8);
    r.wire = std::make_shared<const std::string>("v" + req.args);
    return std::optional<memo_reply>{r};
  }};
  memo_sources owner_sources;
  owner_sources.emplace("square",
                        owned.make(dash::model::memo_options{0ms, 1, 0, 0ms}));
  auto owner_shard = start(1, std::move(owner_sources));
  auto owner_cache = std::make_shared<const cache_router>(
    std::vector<cache_shard_actor>{owner_shard});
  auto endpoint = sys.spawn(cluster_endpoint, owner_cache,
                            std::shared_ptr<const session_router>{},
                            std::chrono::milliseconds{5000},
                            std::chrono::milliseconds{60'000}, quiet_logger());
  spawned.push_back(caf::actor_cast<caf::actor>(endpoint));
  // A lease far longer than the test: only the owner's word drops a copy.
  remote_node_config rc{"owner", endpoint, router, nullptr, sources, stats,
                        quiet_logger(), 5s};
  rc.near = near_cache_limits{8, 1 << 20, 60s};
  auto s = sys.spawn<caf::detached>(remote_node, std::move(rc));
  spawned.push_back(caf::actor_cast<caf::actor>(s));

  REQUIRE(text_from(s, "[1]") == "decoded:v[1]");
  REQUIRE(text_from(s, "[1]") == "decoded:v[1]"); // the near copy
  CHECK(stats->cluster_remote_requests.load() == 1);
  CHECK(stats->cluster_near_hits.load() == 1);

  // The owner computes [2] for someone else and evicts [1].
  auto direct = fetch_from(owner_shard, "square", "[2]");
  REQUIRE(direct);
  // The owner's word travels shard -> endpoint -> stand-in; wait for it
  // (bounded), then the next fetch of [1] goes to the owner again.
  auto deadline = std::chrono::steady_clock::now() + answer_limit;
  while (stats->cluster_near_owner_drops.load() == 0
         && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  CHECK(stats->cluster_near_owner_drops.load() == 1);
  CHECK(text_from(s, "[1]") == "decoded:v[1]");
  CHECK(stats->cluster_remote_requests.load() == 2);
  CHECK(owned.starts_of("[1]") == 2);
  // [2] was fetched by the owner's own node only: no copy to drop here.
  CHECK(stats->cluster_near_owner_drops.load() == 1);
}
