// actors/core/messages.hpp
// Every message the dashcpp actors exchange, with the type-ID block that
// names them. Messages are values: every one is inspectable (it could cross
// nodes); large data goes by shared_ptr<const T>, which serializes as text.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_actor.hpp>
#include <caf/replies_to.hpp>
#include <caf/atom.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>
#include <caf/sec.hpp>
#include <caf/type_id.hpp>

#include "actors/core/callback_outcome.hpp"
#include "model/callback_request.hpp"
#include "model/errors.hpp"
#include "model/json.hpp"
#include "model/shared_value.hpp"

CAF_BEGIN_TYPE_ID_BLOCK(dashcpp, caf::first_custom_type_id)
  CAF_ADD_ATOM(dashcpp, dash::actors, run_atom, "run")
  CAF_ADD_ATOM(dashcpp, dash::actors, idle_atom, "idle")
  CAF_ADD_ATOM(dashcpp, dash::actors, fetch_atom, "fetch")
  CAF_ADD_ATOM(dashcpp, dash::actors, prefetch_atom, "prefetch")
  CAF_ADD_ATOM(dashcpp, dash::actors, computed_atom, "computed")
  CAF_ADD_ATOM(dashcpp, dash::actors, stats_atom, "stats")
  CAF_ADD_ATOM(dashcpp, dash::actors, sweep_atom, "sweep")
  CAF_ADD_ATOM(dashcpp, dash::actors, configure_atom, "configure")
  CAF_ADD_ATOM(dashcpp, dash::actors, value_atom, "value")
  CAF_ADD_ATOM(dashcpp, dash::actors, load_atom, "load")
  CAF_ADD_ATOM(dashcpp, dash::actors, store_atom, "store")
  CAF_ADD_ATOM(dashcpp, dash::actors, erase_atom, "erase")
  CAF_ADD_ATOM(dashcpp, dash::actors, passivate_atom, "passivate")
  CAF_ADD_ATOM(dashcpp, dash::actors, tick_atom, "tick")
  CAF_ADD_ATOM(dashcpp, dash::actors, hello_atom, "hello")
  CAF_ADD_ATOM(dashcpp, dash::actors, join_atom, "join")
  CAF_ADD_ATOM(dashcpp, dash::actors, ping_atom, "ping")
  CAF_ADD_ATOM(dashcpp, dash::actors, pong_atom, "pong")
  CAF_ADD_ATOM(dashcpp, dash::actors, members_atom, "members")
  CAF_ADD_ATOM(dashcpp, dash::actors, gone_atom, "gone")
  CAF_ADD_ATOM(dashcpp, dash::actors, retry_atom, "retry")
  CAF_ADD_ATOM(dashcpp, dash::actors, answer_atom, "answer")
  CAF_ADD_ATOM(dashcpp, dash::actors, lend_atom, "lend")
  CAF_ADD_ATOM(dashcpp, dash::actors, evicted_atom, "evicted")

namespace dash::actors {


/// Asks a cache shard for the value of memoized function `function` at
/// `args` (a JSON array, sorted, compact). Plain strings: can cross nodes.
struct memo_request {
  std::string function;
  std::string args;

  /// The cache key: function and arguments.
  std::string key() const {
    return function + '\x1f' + args;
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, memo_request& x) {
  return f(caf::meta::type_name("memo_request"), x.function, x.args);
}

/// A shard's answer: a shared immutable value, or an error. Within a node
/// the value is shared by pointer; serialized (across nodes) a reply
/// carries its encoded form only, which the receiver decodes.
struct memo_reply {
  model::shared_value value;
  std::size_t bytes = 0;
  std::string error;       ///< non-empty: the computation failed
  bool cacheable = true;   ///< false: deliver to the waiters, keep nothing
  /// The value's encoded form, made once with it (in a cluster), sent as
  /// is to every other node that asks.
  std::shared_ptr<const std::string> wire;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, memo_reply& x) {
  std::string text;
  if constexpr (Inspector::reads_state)
    if (x.wire)
      text = *x.wire;
  auto load = caf::meta::load_callback([&]() -> caf::error {
    x.wire = text.empty() ? nullptr
                          : std::make_shared<const std::string>(text);
    return caf::none;
  });
  return f(caf::meta::type_name("memo_reply"), text, x.bytes, x.error,
           x.cacheable, load);
}

// -- between nodes (serialized by CAF's middleman) ---------------------------

/// A memo_reply as it crosses nodes: the encoded value, or the error.
struct memo_wire {
  std::string text;
  std::uint64_t bytes = 0;
  std::string error;
  bool cacheable = true;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, memo_wire& x) {
  return f(caf::meta::type_name("memo_wire"), x.text, x.bytes, x.error,
           x.cacheable);
}

/// A session_reply as it crosses nodes: the value's JSON text, or why
/// there is none.
struct session_wire {
  std::string text;
  std::string error;
  std::int32_t code = 0; ///< an errc
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_wire& x) {
  return f(caf::meta::type_name("session_wire"), x.text, x.error, x.code);
}

/// What a node tells the others about itself when it joins; defined with
/// the membership interface it carries (interfaces.hpp).
struct node_info;

/// A cached answer as a callback outcome: a fan-out target's answers are
/// cached as outcomes; anything else there is a bug worth saying.
inline callback_outcome outcome_of(const memo_reply& r) {
  if (r.value.holds<callback_outcome>())
    return *r.value.as<callback_outcome>();
  return callback_outcome::error(
    errc::internal, r.error.empty()
                      ? "the cache held no answer for this callback"
                      : r.error);
}

/// Where the HTTP edge (a reply_port) takes the answer to one request:
/// `(answer_atom, ticket, callback_outcome)` for a callback run, or
/// `(answer_atom, ticket, memo_reply)` for a cached answer.
using reply_port_actor = caf::typed_actor<
  caf::reacts_to<answer_atom, std::uint64_t, callback_outcome>,
  caf::reacts_to<answer_atom, std::uint64_t, memo_reply>>;

/// One request's way back: the port and the request's ticket at it.
struct reply_address {
  reply_port_actor port;
  std::uint64_t ticket = 0;

  /// Sends `answer` (a callback_outcome or memo_reply) to the port.
  template <class Answer>
  void send(Answer answer) const {
    caf::anon_send(port, answer_atom_v, ticket, std::move(answer));
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reply_address& x) {
  return f(caf::meta::type_name("reply_address"), x.port, x.ticket);
}

/// One run of a callback, as the HTTP layer hands it over; answered once,
/// at `reply_to`, by whoever holds it last (a worker, or its pool when the
/// worker is lost).
struct callback_job {
  std::shared_ptr<const model::callback_request> request;
  std::string request_id;
  reply_address reply_to;
  std::chrono::steady_clock::time_point received;

  void answer(callback_outcome outcome) const {
    reply_to.send(std::move(outcome));
  }
};

/// Serialized, the request travels as its body (write_callback_request)
/// with the session and meta the HTTP layer added.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, callback_job& x) {
  std::string body;
  std::string session;
  model::request_meta meta;
  bool has_meta = false;
  if constexpr (Inspector::reads_state) {
    if (x.request) {
      body = model::write_callback_request(*x.request);
      session = x.request->session_id;
      if (x.request->meta) {
        meta = *x.request->meta;
        has_meta = true;
      }
    }
  }
  auto load = caf::meta::load_callback([&]() -> caf::error {
    if (body.empty()) {
      x.request = nullptr;
      return caf::none;
    }
    try {
      auto req = model::parse_callback_request(body);
      req.session_id = std::move(session);
      if (has_meta)
        req.meta = std::make_shared<const model::request_meta>(std::move(meta));
      x.request = std::make_shared<const model::callback_request>(std::move(req));
    } catch (const std::exception& e) {
      return caf::make_error(caf::sec::invalid_argument, e.what());
    }
    return caf::none;
  });
  return f(caf::meta::type_name("callback_job"), body, session, has_meta,
           meta.cookie, meta.header_lines, meta.path, meta.remote,
           x.request_id, x.reply_to, x.received, load);
}

/// Counters of one memoized function on one shard.
struct memo_stats {
  std::string function;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  std::uint64_t computations = 0;
  std::uint64_t coalesced = 0; ///< requests that joined a running computation
  std::uint64_t evictions = 0;
  std::uint64_t expirations = 0;
  std::uint64_t errors = 0;
  std::size_t entries = 0;
  std::size_t bytes = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, memo_stats& x) {
  return f(caf::meta::type_name("memo_stats"), x.function, x.hits, x.misses,
           x.computations, x.coalesced, x.evictions, x.expirations, x.errors,
           x.entries, x.bytes);
}

/// A session's answer: its value, or why there is none.
struct session_reply {
  std::shared_ptr<const json::value> value;
  std::string error;
  errc code = errc::none;
  /// When the session ends (Unix ms: its creation plus its lifetime); 0
  /// when unknown. Until then the value cannot change, so a worker may
  /// keep it (see actors/callbacks/session_value_cache.hpp).
  std::int64_t expires_ms = 0;
};

/// Serialized, the value travels as its JSON text.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, session_reply& x) {
  std::string text;
  if constexpr (Inspector::reads_state)
    if (x.value)
      text = json::serialize(*x.value);
  auto load = caf::meta::load_callback([&]() -> caf::error {
    if (text.empty()) {
      x.value = nullptr;
      return caf::none;
    }
    boost::system::error_code ec;
    auto v = model::parse_exact(text, ec);
    if (ec)
      return caf::make_error(caf::sec::invalid_argument,
                             "session value is not JSON: " + ec.message());
    x.value = std::make_shared<const json::value>(std::move(v));
    return caf::none;
  });
  auto code = static_cast<std::uint8_t>(x.code);
  auto load_code = caf::meta::load_callback([&]() -> caf::error {
    x.code = static_cast<errc>(code);
    return caf::none;
  });
  return f(caf::meta::type_name("session_reply"), text, x.error, code,
           x.expires_ms, load, load_code);
}

/// The session I/O actor's answer to a load.
struct load_reply {
  bool found = false;
  std::string blob;
  std::string error; ///< non-empty: the backend failed
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, load_reply& x) {
  return f(caf::meta::type_name("load_reply"), x.found, x.blob, x.error);
}

} // namespace dash::actors

  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::memo_request))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::memo_reply))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::memo_wire))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::memo_stats))
  CAF_ADD_TYPE_ID(dashcpp, (std::vector<dash::actors::memo_stats>))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::session_reply))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::session_wire))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::load_reply))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::node_info))
  CAF_ADD_TYPE_ID(dashcpp, (std::vector<dash::actors::node_info>))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::callback_outcome))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::reply_address))
  CAF_ADD_TYPE_ID(dashcpp, (dash::actors::callback_job))
CAF_END_TYPE_ID_BLOCK(dashcpp)
