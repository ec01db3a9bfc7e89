// http/session.cpp
// The async read/route/write loop of one connection, after Beast's async
// server example: [handshake ->] do_read -> on_read -> (route) -> send ->
// on_write. Instantiated for plain TCP and for TLS.
#include "http/session.hpp"

#include <boost/asio/ssl/stream_base.hpp>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <spdlog/spdlog.h>

#include "actors/sessions/session_ids.hpp"
#include "http/csrf.hpp"
#include "http/responses.hpp"
#include "http/router.hpp"
#include "http/security_headers.hpp"
#include "http/session_cookie.hpp"
#include "http/shared_body.hpp"

namespace dash::http {

namespace bhttp = beast::http;

template <class Stream>
Stream basic_session<Stream>::make_stream(tcp::socket&& socket,
                                          net::ssl::context* tls) {
  if constexpr (is_tls)
    return Stream(beast::tcp_stream(std::move(socket)), *tls);
  else
    return Stream(std::move(socket));
}

template <class Stream>
basic_session<Stream>::basic_session(
  tcp::socket&& socket, std::shared_ptr<net::ssl::context> tls,
  std::shared_ptr<const server_context> ctx,
  std::shared_ptr<request_counter> ids,
  std::unique_ptr<address_limit::slot> slot)
  : tls_(std::move(tls)),
    stream_(make_stream(std::move(socket), tls_.get())),
    ctx_(std::move(ctx)),
    ids_(std::move(ids)),
    slot_(std::move(slot)),
    callback_timer_(stream_.get_executor()),
    read_timer_(stream_.get_executor()) {
  ctx_->http_stats->connections_open.fetch_add(1, std::memory_order_relaxed);
  ctx_->http_stats->connections_accepted.fetch_add(1,
                                                  std::memory_order_relaxed);
}

template <class Stream>
basic_session<Stream>::~basic_session() {
  if (counted_)
    ctx_->http_stats->requests_in_flight.fetch_sub(1,
                                                   std::memory_order_relaxed);
  if (life_key_ != 0)
    ctx_->life->leave(life_key_);
  ctx_->http_stats->connections_open.fetch_sub(1, std::memory_order_relaxed);
}

template <class Stream>
void basic_session<Stream>::run() {
  beast::error_code ec;
  auto peer = lowest().socket().remote_endpoint(ec);
  if (!ec)
    remote_ = peer.address().to_string();
  std::weak_ptr<basic_session> weak = shared_from_this();
  life_key_ = ctx_->life->join([weak] {
    if (auto self = weak.lock())
      net::post(self->stream_.get_executor(),
                [self] { self->close_if_idle(); });
  });
  if constexpr (is_tls) {
    // The handshake must finish within the read timeout, like a request.
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->lowest().expires_after(
        std::chrono::milliseconds(self->ctx_->settings.read_timeout_ms));
      self->stream_.async_handshake(
        net::ssl::stream_base::server,
        beast::bind_front_handler(&basic_session::on_handshake, self));
    });
  } else {
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this()] { self->do_read(); });
  }
}

template <class Stream>
void basic_session<Stream>::on_handshake(beast::error_code ec) {
  if (ec) {
    // Not TLS, an old protocol version, or a client that gave up.
    ctx_->log->debug("tls handshake failed from {}: {}", remote_,
                     ec.message());
    return do_close();
  }
  do_read();
}

template <class Stream>
void basic_session<Stream>::close_if_idle() {
  if (!pending_ && !writing_)
    do_close();
}

template <class Stream>
void basic_session<Stream>::do_read() {
  if (ctx_->life->draining())
    return do_close();
  parser_.emplace();
  parser_->body_limit(ctx_->settings.max_body_bytes);
  parser_->header_limit(
    static_cast<std::uint32_t>(ctx_->settings.max_header_bytes));
  if (buffer_.size() > 0)
    return do_read_request();
  // Wait for the next request with the (long) idle timeout; a new
  // connection must send its first request within the read timeout.
  lowest().expires_after(std::chrono::milliseconds(
    served_ == 0 ? ctx_->settings.read_timeout_ms
                 : ctx_->settings.idle_timeout_ms));
  stream_.async_read_some(
    buffer_.prepare(8192),
    beast::bind_front_handler(&basic_session::on_first_bytes, shared_from_this()));
}

template <class Stream>
void basic_session<Stream>::on_first_bytes(beast::error_code ec, std::size_t n) {
  if (ec)
    return do_close(); // idle timeout, or the client went away
  buffer_.commit(n);
  do_read_request();
}

template <class Stream>
void basic_session<Stream>::do_read_request() {
  // Once a request has begun it must arrive whole within the read timeout.
  // A timer of our own (not the stream's expiry, which closes the socket)
  // so that a stalled client still gets a 408 answer.
  lowest().expires_never();
  read_timed_out_ = false;
  read_timer_.expires_after(
    std::chrono::milliseconds(ctx_->settings.read_timeout_ms));
  read_timer_.async_wait(
    beast::bind_front_handler(&basic_session::on_read_timeout, shared_from_this()));
  bhttp::async_read_header(
    stream_, buffer_, *parser_,
    beast::bind_front_handler(&basic_session::on_header, shared_from_this()));
}

template <class Stream>
void basic_session<Stream>::on_header(beast::error_code ec, std::size_t n) {
  if (ec || parser_->is_done())
    return on_read(ec, n);
  const auto& req = parser_->get();
  auto expect = req[bhttp::field::expect];
  if (beast::iequals(expect, "100-continue")) {
    // The client waits for this before it sends the body.
    auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(
      bhttp::status::continue_, req.version());
    return bhttp::async_write(
      stream_, *cont,
      [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
        if (wec)
          return self->do_close();
        self->do_read_body();
      });
  }
  do_read_body();
}

template <class Stream>
void basic_session<Stream>::do_read_body() {
  bhttp::async_read(
    stream_, buffer_, *parser_,
    beast::bind_front_handler(&basic_session::on_read, shared_from_this()));
}

template <class Stream>
void basic_session<Stream>::reject(int status, const char* code,
                     const std::string& message) {
  request_id_ = "r" + std::to_string(++*ids_);
  method_ = "-";
  target_ = "-";
  version_ = 11;
  keep_alive_ = false;
  head_ = false;
  https_ = is_tls;
  route_ = route_index("");
  session_tag_.clear();
  started_ = std::chrono::steady_clock::now();
  send(json_error(status, code, message, request_id_), true, true);
}

template <class Stream>
void basic_session<Stream>::on_read_timeout(beast::error_code ec) {
  if (ec)
    return; // cancelled: the request arrived in time
  read_timed_out_ = true;
  beast::error_code ignored;
  lowest().socket().cancel(ignored);
}

template <class Stream>
void basic_session<Stream>::on_read(beast::error_code ec, std::size_t) {
  read_timer_.cancel();
  if (ec == bhttp::error::end_of_stream)
    return do_close();
  if (ec && read_timed_out_)
    return reject(408, "request_timeout",
                  "the request did not arrive whole within "
                    + std::to_string(ctx_->settings.read_timeout_ms)
                    + " ms");
  if (ec == bhttp::error::body_limit)
    return reject(413, "payload_too_large",
                  "the request body is larger than the limit of "
                    + std::to_string(ctx_->settings.max_body_bytes)
                    + " bytes (setting max-body-bytes)");
  if (ec == bhttp::error::header_limit)
    return reject(431, "header_too_large",
                  "the request header is larger than the limit of "
                    + std::to_string(ctx_->settings.max_header_bytes)
                    + " bytes (setting max-header-bytes)");
  if (ec && ec.category()
              == bhttp::make_error_code(bhttp::error::bad_method).category())
    return reject(400, "bad_request",
                  "malformed HTTP request: " + ec.message());
  if (ec) {
    ctx_->log->debug("connection error: {}", ec.message());
    return do_close();
  }
  const auto& req = parser_->get();
  if (req.version() >= 11 && req.find(bhttp::field::host) == req.end())
    return reject(400, "bad_request",
                  "an HTTP/1.1 request must have a Host header (RFC 9112, "
                  "section 3.2)");
  handle_request();
}

template <class Stream>
void basic_session<Stream>::handle_request() {
  const auto& req = parser_->get();
  version_ = req.version();
  keep_alive_ = req.keep_alive();
  head_ = req.method() == bhttp::verb::head;
  method_ = std::string{req.method_string()};
  target_ = std::string{req.target()};
  request_id_ = "r" + std::to_string(++*ids_);
  route_ = route_index(req.target());
  session_tag_.clear();
  if (ctx_->access_log) {
    auto id = find_cookie(req[bhttp::field::cookie], session_cookie_name);
    if (!id.empty())
      session_tag_ = actors::session_ids::shorten(id);
  }
  started_ = std::chrono::steady_clock::now();
  lowest().expires_never();
  pending_ = true;
  counted_ = true; // in flight until its answer is written
  ctx_->http_stats->requests_in_flight.fetch_add(1,
                                                 std::memory_order_relaxed);
  auto generation = ++generation_;
  request_view view{
    std::string_view{req.method_string()},
    req.target(),
    req.body(),
    req[bhttp::field::accept_encoding],
    req[bhttp::field::if_none_match],
    req[bhttp::field::cookie],
    request_id_,
    remote_,
    req[bhttp::field::host],
    req[bhttp::field::origin],
    req[bhttp::field::referer],
    req[csrf_header_name],
    req["X-Forwarded-Proto"],
    req["X-Forwarded-Host"],
    is_tls,
    [&req] {
      std::string out;
      for (const auto& f : req) {
        out += f.name_string();
        out += ": ";
        out += f.value();
        out += "\r\n";
      }
      return out;
    }};
  https_ = is_https(*ctx_, view);
  route(*ctx_, view,
        [self = shared_from_this(), generation](reply r) {
          net::dispatch(self->stream_.get_executor(),
                        [self, generation, r = std::move(r)]() mutable {
                          self->on_reply(generation, std::move(r));
                        });
        });
  if (pending_ && generation == generation_) {
    // Answered later by an actor; bound the wait.
    callback_timer_.expires_after(ctx_->callback_deadline);
    callback_timer_.async_wait(
      beast::bind_front_handler(&basic_session::on_callback_timeout,
                                shared_from_this(), generation));
  }
}

template <class Stream>
void basic_session<Stream>::on_callback_timeout(std::uint64_t generation,
                                  beast::error_code ec) {
  if (ec || !pending_ || generation != generation_)
    return;
  on_reply(generation,
           json_error(504, "timeout",
                      "no answer within "
                        + std::to_string(ctx_->callback_deadline.count())
                        + " ms (see setting callback-timeout-ms)",
                      request_id_));
}

template <class Stream>
void basic_session<Stream>::on_reply(std::uint64_t generation, reply r) {
  if (!pending_ || generation != generation_)
    return; // answered already (a timeout); drop the late reply
  pending_ = false;
  callback_timer_.cancel();
  send(std::move(r), !keep_alive_ || ctx_->life->draining(), false);
}

template <class Stream>
void basic_session<Stream>::send(reply r, bool close, bool linger) {
  add_security_headers(*ctx_, r, https_);
  auto elapsed = std::chrono::steady_clock::now() - started_;
  auto ms = std::chrono::duration<double, std::milli>(elapsed).count();
  auto& route_stats = ctx_->http_stats->route(route_);
  route_stats.answers.add(r.status);
  route_stats.latency.observe(elapsed);
  if (ctx_->access_log)
    ctx_->access_log->info(
      "{} {} {} status={} bytes={} ms={:.2f} request={} session={}",
      method_, target_, version_ == 10 ? "HTTP/1.0" : "HTTP/1.1", r.status,
      r.body ? r.body->size() : 0, ms, request_id_,
      session_tag_.empty() ? "-" : session_tag_);
  if (r.status >= 400)
    ctx_->log->warn("answered {} request={} {} {}: {}", r.status,
                    request_id_, method_, target_,
                    r.body ? *r.body : std::string{});
  else
    ctx_->log->debug("answered {} request={} {} {} ms={:.2f}", r.status,
                     request_id_, method_, target_, ms);
  bhttp::response<shared_body> res{static_cast<bhttp::status>(r.status),
                                   version_};
  res.set(bhttp::field::server, "dashcpp");
  res.set("X-Request-Id", request_id_);
  if (!r.content_type.empty())
    res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers) {
    // A page may set several cookies (session and CSRF token): one field
    // each. Every other header is set once.
    if (beast::iequals(name, "Set-Cookie"))
      res.insert(bhttp::field::set_cookie, value);
    else
      res.set(name, value);
  }
  res.keep_alive(!close);
  auto size = r.body ? r.body->size() : 0;
  if (r.status != 204 && r.status != 304)
    res.content_length(size);
  if (!head_)
    res.body() = std::move(r.body);
  bhttp::message_generator msg{std::move(res)};
  // A reader must keep up at 32 KiB/s at least: large files get more time,
  // a client that stops reading is still dropped.
  lowest().expires_after(
    std::chrono::milliseconds(ctx_->settings.read_timeout_ms)
    + std::chrono::milliseconds(head_ ? 0 : size / 32));
  writing_ = true;
  beast::async_write(stream_, std::move(msg),
                     beast::bind_front_handler(&basic_session::on_write,
                                               shared_from_this(), close,
                                               linger));
}

template <class Stream>
void basic_session<Stream>::on_write(bool close, bool linger, beast::error_code ec,
                       std::size_t) {
  writing_ = false;
  ++served_;
  if (counted_) {
    counted_ = false;
    ctx_->http_stats->requests_in_flight.fetch_sub(1,
                                                   std::memory_order_relaxed);
  }
  if (ec) {
    ctx_->log->debug("write failed request={}: {}", request_id_,
                     ec.message());
    return do_close();
  }
  if (close)
    return linger ? do_linger() : do_close();
  do_read();
}

template <class Stream>
void basic_session<Stream>::do_linger() {
  // Stop sending, then drain what the client still sends (the rest of an
  // oversized body) so that closing does not reset the connection before
  // it has read our answer.
  beast::error_code ec;
  lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
  lowest().expires_after(std::chrono::seconds(2));
  drain_ = std::make_shared<std::array<char, 16384>>();
  on_drain({}, 0);
}

template <class Stream>
void basic_session<Stream>::on_drain(beast::error_code ec, std::size_t) {
  if (ec)
    return do_close();
  // Raw bytes: under TLS nothing needs decrypting, only discarding.
  lowest().async_read_some(
    net::buffer(*drain_),
    beast::bind_front_handler(&basic_session::on_drain, shared_from_this()));
}

template <class Stream>
void basic_session<Stream>::do_close() {
  // Under TLS no close_notify is sent: every answer is framed by its
  // Content-Length, and an async_shutdown could overlap a pending read.
  beast::error_code ec;
  lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
  lowest().close();
}

template class basic_session<beast::tcp_stream>;
template class basic_session<beast::ssl_stream<beast::tcp_stream>>;

} // namespace dash::http
