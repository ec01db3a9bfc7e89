// actors/sessions/session_ids.hpp
// Session ids the server issues: 128 random bits from the OS's CSPRNG,
// signed with HMAC-SHA256 under a server secret, so that an id the server
// did not issue, or a tampered one, is recognised and refused. After a
// rotation the previous secret still verifies (never signs) for a grace
// period, so that sessions survive it.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace dash::actors {

class session_ids {
public:
  using clock = std::chrono::system_clock;

  /// `secret` must hold at least 32 bytes.
  explicit session_ids(std::string secret);

  /// Rotation: ids signed with `previous` (at least 32 bytes) still verify
  /// until `until`; new ids are signed with `secret` only.
  session_ids(std::string secret, std::string previous,
              clock::time_point until);

  /// Loads the secret from `path`, or makes a new random one and writes
  /// it there (mode 0600) when the file does not exist. Throws
  /// std::runtime_error naming the file when it cannot be read or made.
  static session_ids from_file(const std::string& path);

  /// As from_file, and when `previous_path` is not empty, the secret in it
  /// (the one rotated out) verifies for `grace` from now. Throws
  /// std::runtime_error naming the file when it cannot be read.
  static session_ids from_files(const std::string& path,
                                const std::string& previous_path,
                                std::chrono::seconds grace);

  /// A fresh id: "<22 chars>.<43 chars>" (base64url random and signature).
  std::string issue() const;
  /// Whether `id` is well formed and signed with this server's secret
  /// (constant-time comparison).
  bool verify(std::string_view id) const;
  /// As verify, at time `now` (whether the grace period is over).
  bool verify_at(std::string_view id, clock::time_point now) const;

  /// The first characters of an id, for logs (ids never appear in full).
  static std::string shorten(std::string_view id);

private:
  static std::string sign(const std::string& secret,
                          std::string_view random_part);
  std::string secret_;
  std::string previous_; ///< "" when there is none
  clock::time_point previous_until_{};
};

} // namespace dash::actors
