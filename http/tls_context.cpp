// http/tls_context.cpp
// Building an asio ssl::context for a server: certificate chain, private
// key, protocol floor TLS 1.2, no compression or renegotiation.
#include "http/tls_context.hpp"

#include <stdexcept>

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace dash::http {

namespace {

namespace ssl = boost::asio::ssl;

std::string openssl_error() {
  std::string out;
  while (auto e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty())
      out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown error" : out;
}

} // namespace

tls_context::tls_context(std::string cert_file, std::string key_file)
  : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {
  current_ = load();
}

std::shared_ptr<tls_context::ssl_context> tls_context::current() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return current_;
}

void tls_context::reload() {
  auto fresh = load();
  std::lock_guard<std::mutex> guard{mutex_};
  current_ = std::move(fresh);
}

std::shared_ptr<tls_context::ssl_context> tls_context::load() const {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2
                   | ssl::context::no_sslv3 | ssl::context::no_tlsv1
                   | ssl::context::no_tlsv1_1 | ssl::context::no_compression
                   | ssl::context::single_dh_use);
  auto* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION
                                | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // Forward-secret AEAD suites only for TLS 1.2 (1.3 has only those).
  SSL_CTX_set_cipher_list(native, "ECDHE+AESGCM:ECDHE+CHACHA20");
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(native, cert_file_.c_str()) != 1)
    throw std::runtime_error("cannot load the TLS certificate '" + cert_file_
                             + "' (setting tls-cert-file): "
                             + openssl_error());
  if (SSL_CTX_use_PrivateKey_file(native, key_file_.c_str(), SSL_FILETYPE_PEM)
      != 1)
    throw std::runtime_error("cannot load the TLS key '" + key_file_
                             + "' (setting tls-key-file): "
                             + openssl_error());
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error("the TLS key '" + key_file_
                             + "' does not match the certificate '"
                             + cert_file_ + "': " + openssl_error());
  return ctx;
}

} // namespace dash::http
