// http/tls_context.hpp
// The HTTPS listener's certificate: an OpenSSL server context (TLS 1.2 and
// 1.3 only) loaded from tls-cert-file/tls-key-file, swapped on reload
// (SIGHUP) while connections keep the context they began with.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace dash::http {

class tls_context {
public:
  using ssl_context = boost::asio::ssl::context;

  /// Loads the files; throws std::runtime_error naming the file and what
  /// OpenSSL said when they cannot be read or do not match.
  tls_context(std::string cert_file, std::string key_file);

  /// The context new connections use; a connection keeps it for its life.
  std::shared_ptr<ssl_context> current() const;

  /// Loads the files again and, when that works, new connections use them.
  /// Throws (keeping the old certificate) like the constructor.
  void reload();

  const std::string& cert_file() const {
    return cert_file_;
  }

private:
  std::shared_ptr<ssl_context> load() const;

  std::string cert_file_;
  std::string key_file_;
  mutable std::mutex mutex_;
  std::shared_ptr<ssl_context> current_;
};

} // namespace dash::http
