// http/listener.hpp
// Accepts connections on the configured address and starts a session (HTTP
// or HTTPS) on a strand of its own for each, within the connection caps.
#pragma once

#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "http/address_limit.hpp"
#include "http/server_context.hpp"
#include "http/session.hpp"
#include "http/tls_context.hpp"

namespace dash::http {

class listener : public std::enable_shared_from_this<listener> {
public:
  /// Binds and listens; throws boost::system::system_error on failure.
  /// With `tls` every connection speaks HTTPS with its current certificate.
  listener(net::io_context& ioc, tcp::endpoint endpoint,
           std::shared_ptr<const server_context> ctx,
           std::shared_ptr<const tls_context> tls = nullptr);

  /// The bound endpoint (the real port when 0 was asked for).
  tcp::endpoint local_endpoint() const;
  void run();
  void stop();

private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  std::shared_ptr<const server_context> ctx_;
  std::shared_ptr<request_counter> ids_;
  std::shared_ptr<address_limit> per_address_;
  std::shared_ptr<const tls_context> tls_;
};

} // namespace dash::http
