// http/session.hpp
// One HTTP or HTTPS connection: reads a request (with idle, read and size
// limits), routes it, writes the reply in order, and keeps the connection
// alive. All of its work runs on the connection's own strand.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/address_limit.hpp"
#include "http/exchange.hpp"
#include "http/server_context.hpp"

namespace dash::http {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

/// Counts requests for their ids; shared by every session of a listener.
using request_counter = std::atomic<std::uint64_t>;

/// A connection over `Stream`: beast::tcp_stream (HTTP) or
/// beast::ssl_stream<beast::tcp_stream> (HTTPS, handshake first).
template <class Stream>
class basic_session
  : public std::enable_shared_from_this<basic_session<Stream>> {
public:
  static constexpr bool is_tls = !std::is_same_v<Stream, beast::tcp_stream>;

  /// `tls` is the TLS context (HTTPS only; null for HTTP), kept for as long
  /// as the connection lives.
  basic_session(tcp::socket&& socket, std::shared_ptr<net::ssl::context> tls,
                std::shared_ptr<const server_context> ctx,
                std::shared_ptr<request_counter> ids,
                std::unique_ptr<address_limit::slot> slot = nullptr);

  ~basic_session();

  void run();

private:
  using std::enable_shared_from_this<basic_session<Stream>>::shared_from_this;
  beast::tcp_stream& lowest() {
    return beast::get_lowest_layer(stream_);
  }
  void on_handshake(beast::error_code ec);
  /// At shutdown: closes the connection unless a request is being answered.
  void close_if_idle();
  void do_read();
  void on_first_bytes(beast::error_code ec, std::size_t n);
  void do_read_request();
  void on_header(beast::error_code ec, std::size_t n);
  void do_read_body();
  void on_read_timeout(beast::error_code ec);
  void on_read(beast::error_code ec, std::size_t n);
  void handle_request();
  void on_reply(std::uint64_t generation, reply r);
  void on_callback_timeout(std::uint64_t generation, beast::error_code ec);
  /// Writes `r`; `close` ends the connection after it, `linger` drains
  /// the client's unread input first (after rejecting a request).
  void send(reply r, bool close, bool linger);
  void on_write(bool close, bool linger, beast::error_code ec,
                std::size_t n);
  void do_close();
  void do_linger();
  void on_drain(beast::error_code ec, std::size_t n);
  /// Answers a request that could not be read, then closes.
  void reject(int status, const char* code, const std::string& message);

  static Stream make_stream(tcp::socket&& socket, net::ssl::context* tls);

  std::shared_ptr<net::ssl::context> tls_; ///< outlives stream_ (first)
  Stream stream_;
  std::string remote_; ///< the peer's address, for callbacks' ctx.remote()
  beast::flat_buffer buffer_;
  std::optional<beast::http::request_parser<beast::http::string_body>>
    parser_;
  std::shared_ptr<const server_context> ctx_;
  std::shared_ptr<request_counter> ids_;
  std::unique_ptr<address_limit::slot> slot_; ///< per-address count
  net::steady_timer callback_timer_;
  net::steady_timer read_timer_;
  bool read_timed_out_ = false;
  std::uint64_t served_ = 0; ///< requests answered on this connection
  bool writing_ = false;
  bool counted_ = false; ///< a request of ours is in requests_in_flight
  std::uint64_t life_key_ = 0;
  std::shared_ptr<std::array<char, 16384>> drain_;
  // The request being answered.
  std::uint64_t generation_ = 0;
  bool pending_ = false;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool head_ = false;
  bool https_ = false; ///< over TLS, or a trusted proxy said https
  std::string method_;
  std::string target_;
  std::string request_id_;
  std::string session_tag_; ///< shortened session id (access log)
  std::size_t route_ = 0;   ///< route_index of the target
  std::chrono::steady_clock::time_point started_;
};

using session = basic_session<beast::tcp_stream>;
using tls_session = basic_session<beast::ssl_stream<beast::tcp_stream>>;

extern template class basic_session<beast::tcp_stream>;
extern template class basic_session<beast::ssl_stream<beast::tcp_stream>>;

} // namespace dash::http
