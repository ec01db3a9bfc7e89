// actors/sessions/session_ids.hpp
// Session ids the server issues: 128 random bits from the OS's CSPRNG,
// signed with HMAC-SHA256 under a server secret, so that an id the server
// did not issue, or a tampered one, is recognised and refused.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace dash::actors {

class session_ids {
public:
  /// `secret` must hold at least 32 bytes.
  explicit session_ids(std::string secret);

  /// Loads the secret from `path`, or makes a new random one and writes
  /// it there (mode 0600) when the file does not exist. Throws
  /// std::runtime_error naming the file when it cannot be read or made.
  static session_ids from_file(const std::string& path);

  /// A fresh id: "<22 chars>.<43 chars>" (base64url random and signature).
  std::string issue() const;
  /// Whether `id` is well formed and signed with this server's secret
  /// (constant-time comparison).
  bool verify(std::string_view id) const;

  /// The first characters of an id, for logs (ids never appear in full).
  static std::string shorten(std::string_view id);

private:
  std::string sign(std::string_view random_part) const;
  std::string secret_;
};

} // namespace dash::actors
