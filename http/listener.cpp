// http/listener.cpp
// The accept loop.
#include "http/listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

namespace dash::http {

namespace {

/// Answers 503 on a connection over the limit and closes it. The answer is
/// a few hundred bytes into a fresh socket's empty send buffer, so the
/// write completes at once and never stalls the accept loop.
void refuse(tcp::socket& socket, const std::string& why,
            const std::string& request_id) {
  std::string body = "{\"error\":\"overloaded\",\"message\":\"" + why
                     + "; retry later\",\"request_id\":\"" + request_id
                     + "\"}";
  std::string text = "HTTP/1.1 503 Service Unavailable\r\n"
                     "Server: dashcpp\r\n"
                     "Content-Type: application/json\r\n"
                     "Retry-After: 1\r\n"
                     "X-Request-Id: "
                     + request_id + "\r\n"
                     "X-Content-Type-Options: nosniff\r\n"
                     "Connection: close\r\n"
                     "Content-Length: "
                     + std::to_string(body.size()) + "\r\n\r\n" + body;
  beast::error_code ec;
  socket.non_blocking(true, ec);
  net::write(socket, net::buffer(text), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

} // namespace

listener::listener(net::io_context& ioc, tcp::endpoint endpoint,
                   std::shared_ptr<const server_context> ctx,
                   std::shared_ptr<const tls_context> tls)
  : ioc_(ioc),
    acceptor_(net::make_strand(ioc)),
    ctx_(std::move(ctx)),
    ids_(std::make_shared<request_counter>(0)),
    per_address_(std::make_shared<address_limit>(
      ctx_->settings.max_connections_per_ip)),
    tls_(std::move(tls)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

tcp::endpoint listener::local_endpoint() const {
  return acceptor_.local_endpoint();
}

void listener::run() {
  do_accept();
}

void listener::stop() {
  net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    beast::error_code ec;
    self->acceptor_.close(ec);
  });
}

void listener::do_accept() {
  acceptor_.async_accept(
    net::make_strand(ioc_),
    beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open())
    return; // stopped
  if (ec) {
    ctx_->log->warn("accept failed: {}", ec.message());
  } else if (ctx_->http_stats->connections_open.load(
               std::memory_order_relaxed)
             >= ctx_->settings.max_connections) {
    ctx_->http_stats->refused_connections.fetch_add(1,
                                                    std::memory_order_relaxed);
    ctx_->log->warn("refused a connection: {} open (setting "
                    "max-connections); answered 503",
                    ctx_->settings.max_connections);
    refuse(socket, "the server has too many connections open (setting "
                   "max-connections = "
                     + std::to_string(ctx_->settings.max_connections) + ")",
           "r" + std::to_string(++*ids_));
  } else {
    beast::error_code ignored;
    auto peer = socket.remote_endpoint(ignored);
    auto address = ignored ? std::string{} : peer.address().to_string();
    auto slot = per_address_->acquire(address);
    if (!slot) {
      ctx_->http_stats->refused_connections.fetch_add(
        1, std::memory_order_relaxed);
      ctx_->log->warn("refused a connection from {}: {} open from that "
                      "address (setting max-connections-per-ip); answered "
                      "503",
                      address, ctx_->settings.max_connections_per_ip);
      refuse(socket, "too many connections from your address (setting "
                     "max-connections-per-ip = "
                       + std::to_string(ctx_->settings.max_connections_per_ip)
                       + ")",
             "r" + std::to_string(++*ids_));
    } else {
      socket.set_option(tcp::no_delay(true), ignored);
      if (tls_)
        std::make_shared<tls_session>(std::move(socket), tls_->current(),
                                      ctx_, ids_, std::move(slot))
          ->run();
      else
        std::make_shared<session>(std::move(socket), nullptr, ctx_, ids_,
                                  std::move(slot))
          ->run();
    }
  }
  do_accept();
}

} // namespace dash::http
