// http/https_front.hpp
// What serve() adds when HTTPS is on: the certificate, reloaded on SIGHUP
// without touching open connections, and the optional plain-HTTP listener
// of https-redirect-port that sends every request to https.
#pragma once

#include <cstdint>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/signal_set.hpp>

#include "http/listener.hpp"
#include "http/server_context.hpp"
#include "http/tls_context.hpp"

namespace dash::http {

class https_front {
public:
  /// Loads tls-cert-file/tls-key-file; throws std::runtime_error naming
  /// the file that failed.
  https_front(net::io_context& ioc, std::shared_ptr<const server_context> ctx);

  std::shared_ptr<const tls_context> tls() const {
    return tls_;
  }

  /// Starts reloading on SIGHUP and, with https-redirect-port, listens on
  /// it at `address` redirecting to `https_port`. Throws
  /// boost::system::system_error when that port cannot be bound.
  void start(const net::ip::address& address, std::uint16_t https_port);

  /// Stops the redirect listener and the SIGHUP handler.
  void stop();

private:
  void wait_for_hup();

  net::io_context& ioc_;
  std::shared_ptr<const server_context> ctx_;
  std::shared_ptr<tls_context> tls_;
  net::signal_set hup_;
  std::shared_ptr<listener> redirect_;
};

} // namespace dash::http
