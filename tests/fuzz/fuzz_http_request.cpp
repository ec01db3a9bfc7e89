// tests/fuzz/fuzz_http_request.cpp
// libFuzzer target for the HTTP request path: bytes -> Beast's request
// parser (the server's limits) -> request_view -> dash::http::route on a
// real server_context with live actors. Built and run by .ci/fuzz.
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "actors/core/metrics.hpp"
#include "actors/runtime.hpp"
#include "actors/sessions/session_ids.hpp"
#include "http/exchange.hpp"
#include "http/frontend.hpp"
#include "http/lifecycle.hpp"
#include "http/router.hpp"
#include "http/server_context.hpp"
#include "model/app.hpp"
#include "model/dcc.hpp"
#include "model/errors.hpp"
#include "model/html.hpp"

#ifndef DASH_FUZZ_NODE_MODULES
#error "DASH_FUZZ_NODE_MODULES must name the node_modules folder"
#endif

namespace {

namespace fs = std::filesystem;
namespace bhttp = boost::beast::http;
namespace json = dash::json;
namespace html = dash::html;
namespace dcc = dash::dcc;
using dash::model::input;
using dash::model::output;
using dash::model::outputs;

/// The session secret; tests/fuzz/corpus holds ids signed with it.
constexpr std::string_view session_secret
  = "dash-fuzz-fixed-session-secret-0123456789";
/// The bytes of every file a request must never read (outside the assets
/// folder, hidden, or reached through a symlink leaving it).
constexpr std::string_view canary = "dash-fuzz canary: never served\n";
/// Requests routed per input, like pipelined keep-alive requests.
constexpr int max_requests_per_input = 5;
/// The longest an input waits for replies from actors.
constexpr auto reply_wait = std::chrono::seconds(1);

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz_http_request: %s\n", what.c_str());
  __builtin_trap();
}

/// Counts replies still to come for one input; shared with the respond
/// functions, so a reply arriving after the wait touches nothing freed.
struct pending_replies {
  std::mutex mtx;
  std::condition_variable cv;
  /// "METHOD target" of each request still unanswered, by index.
  std::map<int, std::string> outstanding;
};

/// Totals printed at exit: how far inputs got.
struct totals {
  std::atomic<long> routed{0};
  std::atomic<long> late{0};
  std::atomic<long> by_class[6]{}; // 1xx .. 5xx by first digit
};

/// What LLVMFuzzerInitialize builds once and every input uses.
struct harness {
  caf::actor_system_config cfg;
  std::optional<caf::actor_system> sys;
  dash::http::server_context ctx;
  fs::path temp_dir;
  totals counts;
};

// Deliberately leaked (allocated once, never deleted): libFuzzer ends with
// exit(), and destroying a caf::actor_system then would wait for callback
// workers and session actors that nothing stops, or race with their
// threads. Nothing else owns it; only the harness reads it.
harness* the_harness = nullptr;

/// The app the server runs: plain, multi-output, throwing, preventing,
/// memoized, fan-out and per-session callbacks, and a session layout.
dash::model::app make_app() {
  dash::model::app a{"fuzz"};
  a.layout([](const std::string& sid) {
    return html::div({dcc::store("session-id", sid), dcc::input("in"),
                      html::div().id("out"), html::div().id("s-out")});
  });
  auto rows = a.session_memoize("rows", [](const std::string& sid) {
    return json::array{sid.size(), 1, 2};
  });
  auto square = a.memoize("square", [](int x) { return x * x; },
                          {.ttl = std::chrono::seconds(5),
                           .max_entries = 64,
                           .max_bytes = 1 << 20});
  a.callback(output("out", "children"), input("in", "value"),
             [](const std::string& s) { return "you typed " + s; });
  a.callback(outputs{output("g", "figure"), output("t", "children")},
             input("n", "value"), dash::model::state("s", "value"),
             [](int n, std::optional<std::string> s) {
               return std::make_tuple(json::value{{"n", n}},
                                      s.value_or("none"));
             });
  a.callback(output("boom", "children"), input("b", "n_clicks"),
             [](std::optional<int>) -> int {
               throw std::runtime_error{"database is down"};
             });
  a.callback(output("quiet", "children"), input("q", "value"),
             [](int) -> int { throw dash::prevent_update{}; });
  a.callback(output("sq", "children"), input("x", "value"),
             [square](int x) {
               return square(x % 1000).then([](int y) { return y; });
             });
  a.callback(output("signal", "data"), input("dd", "value"),
             [](const std::string& v) { return v; });
  a.callback(output("g1", "figure"), input("signal", "data"),
             [](const std::string& v) { return json::value{{"v", v}}; });
  a.callback(output("s-out", "children"), input("s-btn", "n_clicks"),
             input("session-id", "data"),
             [rows](std::optional<int>, const std::string& sid) {
               return rows(sid).then(
                 [](const json::array& r) { return r.size(); });
             });
  return a;
}

/// An assets folder with files to serve and, around it, files no request
/// may read; removed at exit.
fs::path make_assets() {
  char tmpl[] = "/tmp/dash-fuzz-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  fs::path dir{tmpl};
  auto write = [](const fs::path& p, std::string_view text) {
    fs::create_directories(p.parent_path());
    std::ofstream{p, std::ios::binary} << text;
  };
  write(dir / "assets" / "style.css", "body { margin: 0; }\n");
  write(dir / "assets" / "app.js", "window.fuzz = 1;\n");
  write(dir / "assets" / "favicon.ico", "ico");
  write(dir / "assets" / "sub dir" / "more.css", "p { color: red; }\n");
  write(dir / "assets" / ".hidden", canary);
  write(dir / "secret.txt", canary);
  fs::create_symlink("../secret.txt", dir / "assets" / "link.txt");
  return dir;
}

void remove_assets() {
  std::error_code ec;
  if (the_harness != nullptr && !the_harness->temp_dir.empty())
    fs::remove_all(the_harness->temp_dir, ec);
}

void print_totals() {
  const auto& c = the_harness->counts;
  std::fprintf(stderr,
               "fuzz_http_request: routed=%ld 1xx=%ld 2xx=%ld 3xx=%ld "
               "4xx=%ld 5xx=%ld late=%ld\n",
               c.routed.load(), c.by_class[1].load(), c.by_class[2].load(),
               c.by_class[3].load(), c.by_class[4].load(),
               c.by_class[5].load(), c.late.load());
}

/// `s` cut to 120 bytes with control and non-ASCII bytes as '?', for logs.
std::string printable(std::string s) {
  if (s.size() > 120)
    s.resize(120);
  for (auto& c : s)
    if (c < 0x20 || c > 0x7e)
      c = '?';
  return s;
}

/// Checks one reply; a bad one is a finding.
void check_reply(const dash::http::reply& r) {
  if (r.status < 100 || r.status > 599)
    finding("reply with status " + std::to_string(r.status));
  if (r.body && *r.body == canary)
    finding("served a file outside the assets folder or a hidden file");
  ++the_harness->counts.by_class[r.status / 100];
}

/// Feeds `in` to `p` as the session's reads would (header first, then the
/// body, then end of stream). Returns the bytes one whole request used, or
/// nullopt when the input holds no whole, valid request.
std::optional<std::size_t>
feed(bhttp::request_parser<bhttp::string_body>& p, std::string_view in) {
  std::size_t used = 0;
  boost::beast::error_code ec;
  while (!p.is_done()) {
    p.eager(p.is_header_done());
    auto n = p.put(boost::asio::const_buffer{in.data() + used,
                                             in.size() - used},
                   ec);
    used += n;
    if (ec == bhttp::error::need_more)
      ec = {};
    if (ec)
      return std::nullopt;
    if (n == 0) {
      // No progress on what is left: the client sent no more and closed.
      if (p.got_some())
        p.put_eof(ec);
      return ec || !p.is_done() ? std::nullopt
                                : std::optional<std::size_t>{used};
    }
  }
  return used;
}

/// Whether the request's X-CSRFToken header is non-empty and equals its
/// _csrf_token cookie (found independently of dash::http's parser).
bool csrf_header_matches(const bhttp::request<bhttp::string_body>& req) {
  auto header = std::string{req["X-CSRFToken"]};
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t'))
    header.pop_back();
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t'))
    header.erase(0, 1);
  if (header.empty())
    return false;
  std::string cookies{req[bhttp::field::cookie]};
  std::string key = "_csrf_token=";
  for (std::size_t at = 0; at < cookies.size();) {
    auto semi = cookies.find(';', at);
    auto pair = cookies.substr(at, semi == std::string::npos
                                     ? std::string::npos
                                     : semi - at);
    auto lead = pair.find_first_not_of(' ');
    if (lead != std::string::npos && pair.compare(lead, key.size(), key) == 0)
      return pair.substr(lead + key.size()) == header;
    if (semi == std::string::npos)
      break;
    at = semi + 1;
  }
  return false;
}

/// Routes one parsed request as session::handle_request does.
void route_one(const bhttp::request<bhttp::string_body>& req, int index,
               const std::shared_ptr<pending_replies>& pending) {
  dash::http::request_view view{
    std::string_view{req.method_string()},
    req.target(),
    req.body(),
    req[bhttp::field::accept_encoding],
    req[bhttp::field::if_none_match],
    req[bhttp::field::cookie],
    "f" + std::to_string(index),
    {},
    req[bhttp::field::host],
    req[bhttp::field::origin],
    req[bhttp::field::referer],
    req["X-CSRFToken"],
    req["X-Forwarded-Proto"],
    req["X-Forwarded-Host"]};
  // The CSRF oracle: a callback POST answered with anything but 403 (or
  // 405) must carry an X-CSRFToken equal to its _csrf_token cookie.
  bool csrf_ok = csrf_header_matches(req);
  bool callback_post = req.method() == bhttp::verb::post
                       && req.target().substr(0, req.target().find('?'))
                            == "/_dash-update-component";
  {
    std::lock_guard lock{pending->mtx};
    pending->outstanding[index] = printable(
      std::string{view.method} + " " + std::string{view.target});
  }
  ++the_harness->counts.routed;
  auto answered = std::make_shared<std::atomic<bool>>(false);
  dash::http::route(
    the_harness->ctx, view,
    [pending, answered, index, csrf_ok, callback_post](dash::http::reply r) {
      if (answered->exchange(true))
        finding("a request was answered twice");
      if (callback_post && !csrf_ok && r.status != 403)
        finding("a callback POST without the matching X-CSRFToken header "
                "was answered " + std::to_string(r.status));
      check_reply(r);
      std::lock_guard lock{pending->mtx};
      pending->outstanding.erase(index);
      pending->cv.notify_all();
    });
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto* h = new harness;
  the_harness = h;
  auto app = make_app();
  if (!app.errors().empty()) {
    for (const auto& e : app.errors())
      std::fprintf(stderr, "fuzz app: %s\n", e.c_str());
    finding("the fuzz app does not register");
  }
  h->temp_dir = make_assets();
  std::atexit(remove_assets);
  std::atexit(print_totals);
  auto log = std::make_shared<spdlog::logger>(
    "fuzz", std::make_shared<spdlog::sinks::null_sink_mt>());
  // The context as serve() builds it, with the default settings (so the
  // parser limits below are the server's), an in-memory session secret and
  // no access log.
  auto& ctx = h->ctx;
  ctx.app = std::make_shared<const dash::model::app>(std::move(app));
  ctx.log = log;
  ctx.life = std::make_shared<dash::http::lifecycle>();
  ctx.assets_dir = (h->temp_dir / "assets").string();
  ctx.dependencies_json = json::serialize(ctx.app->dependencies_json());
  ctx.stats = dash::actors::make_metrics(*ctx.app);
  ctx.http_stats = dash::http::make_http_metrics(*ctx.app);
  ctx.front_end = dash::http::frontend::load(DASH_FUZZ_NODE_MODULES);
  ctx.session_ids = std::make_shared<const dash::actors::session_ids>(
    std::string{session_secret});
  // As serve() configures it, with threads kept few: the fuzzer, workers
  // and the scheduler share two cores in CI.
  h->cfg.set("scheduler.max-threads", std::size_t{2});
  h->cfg.set("work-stealing.aggressive-poll-attempts", std::size_t{1});
  h->cfg.set("work-stealing.moderate-poll-attempts", std::size_t{1});
  h->sys.emplace(h->cfg);
  dash::actors::runtime_settings rs;
  rs.pools.max_workers = 2;
  rs.pools.max_queue = 64;
  rs.pools.timeout = std::chrono::seconds(5);
  rs.cache_shards = 1;
  rs.sessions.managers = 1;
  rs.sessions.max_live = 64;
  rs.memo_timeout = std::chrono::seconds(5);
  rs.fan_out_ttl = std::chrono::seconds(2);
  rs.stats = ctx.stats;
  // The app's callbacks throw only std exceptions, which never cost a
  // worker: supervisors giving up means input broke the actors.
  rs.on_give_up = [](const std::string& why) {
    finding("supervisors gave up: " + why);
  };
  ctx.callbacks = dash::actors::spawn_runtime(*h->sys, *ctx.app, rs,
                                              ctx.session_ids, log, log);
  ctx.replies = std::make_shared<dash::actors::reply_port>(*h->sys);
  ctx.callback_deadline =
    dash::http::backstop_deadline(*ctx.callbacks, ctx.settings);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  const auto& settings = the_harness->ctx.settings;
  auto pending = std::make_shared<pending_replies>();
  std::string_view rest{reinterpret_cast<const char*>(data), size};
  for (int i = 0; i < max_requests_per_input && !rest.empty(); ++i) {
    // A fresh parser per request with the server's limits (http/session).
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(settings.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(settings.max_header_bytes));
    auto used = feed(parser, rest);
    if (!used)
      break;
    rest.remove_prefix(*used);
    route_one(parser.get(), i, pending);
    // The parser (and the bytes the view pointed into) dies here, before
    // later replies: a route keeping a view past route() shows in ASan.
    if (!parser.get().keep_alive())
      break;
  }
  std::unique_lock lock{pending->mtx};
  if (pending->cv.wait_for(lock, reply_wait,
                           [&] { return pending->outstanding.empty(); }))
    return 0;
  // Slow, not wrong (the server answers 504 at its deadline); shown so
  // that a route which never answers can be told from a loaded machine.
  the_harness->counts.late += static_cast<long>(pending->outstanding.size());
  for (const auto& [i, what] : pending->outstanding)
    std::fprintf(stderr, "fuzz_http_request: no reply within 1 s: %s\n",
                 what.c_str());
  return 0;
}
