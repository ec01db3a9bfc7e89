// actors/cluster/cluster_auth.hpp
// The cluster handshake's proofs: each side sends a fresh random nonce and
// answers the other's with HMAC-SHA256 under the shared cluster secret, so
// a node admits only peers that hold the secret (and proves it holds it).
#pragma once

#include <string>
#include <string_view>

namespace dash::actors {

class cluster_auth {
public:
  /// `secret` must hold at least 16 bytes.
  explicit cluster_auth(std::string secret);

  /// The secret from `text` if not empty, else from the file at `path`.
  /// Throws std::runtime_error saying what to do when neither gives one.
  static cluster_auth load(const std::string& text, const std::string& path);

  /// 32 random bytes from the OS's CSPRNG, hex encoded.
  static std::string nonce();

  /// The proof that `role` ("gate" or "join") holds the secret, bound to
  /// both nonces and the prover's name.
  std::string prove(std::string_view role, std::string_view my_nonce,
                    std::string_view their_nonce,
                    std::string_view name) const;

  /// Whether `proof` is right (constant-time comparison).
  bool check(std::string_view proof, std::string_view role,
             std::string_view my_nonce, std::string_view their_nonce,
             std::string_view name) const;

private:
  std::string secret_;
};

} // namespace dash::actors
