// http/https_front.cpp
// SIGHUP -> tls_context::reload (logged; a bad file keeps the old
// certificate), and the redirect listener on a copy of the context.
#include "http/https_front.hpp"

#include <csignal>

#include <spdlog/spdlog.h>

namespace dash::http {

https_front::https_front(net::io_context& ioc,
                         std::shared_ptr<const server_context> ctx)
  : ioc_(ioc),
    ctx_(std::move(ctx)),
    tls_(std::make_shared<tls_context>(ctx_->settings.tls_cert_file,
                                       ctx_->settings.tls_key_file)),
    hup_(ioc, SIGHUP) {}

void https_front::start(const net::ip::address& address,
                        std::uint16_t https_port) {
  wait_for_hup();
  if (ctx_->settings.https_redirect_port == 0)
    return;
  auto redirect_ctx = std::make_shared<server_context>(*ctx_);
  redirect_ctx->redirect_to_https_port = https_port;
  // The redirect listener answers by itself: it holds no actors, so that
  // they can stop when the server does.
  redirect_ctx->callbacks.reset();
  redirect_ctx->replies.reset();
  redirect_ = std::make_shared<listener>(
    ioc_,
    tcp::endpoint{address, ctx_->settings.https_redirect_port},
    redirect_ctx);
  redirect_->run();
  auto ep = redirect_->local_endpoint();
  ctx_->log->info("redirecting http://{}:{} to https port {}",
                  ep.address().to_string(), ep.port(), https_port);
}

void https_front::stop() {
  beast::error_code ec;
  hup_.cancel(ec);
  if (redirect_)
    redirect_->stop();
}

void https_front::wait_for_hup() {
  hup_.async_wait([this](const beast::error_code& ec, int) {
    if (ec)
      return; // cancelled: stopping
    try {
      tls_->reload();
      ctx_->log->info("SIGHUP: reloaded the TLS certificate '{}'; new "
                      "connections use it, open ones keep theirs",
                      tls_->cert_file());
    } catch (const std::exception& e) {
      ctx_->log->error("SIGHUP: kept the old TLS certificate: {}", e.what());
    }
    wait_for_hup();
  });
}

} // namespace dash::http
