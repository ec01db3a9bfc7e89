// actors/cluster/cluster_auth.cpp
// OpenSSL's RAND_bytes and HMAC-SHA256, hex encoded; CRYPTO_memcmp for
// the comparison.
#include "actors/cluster/cluster_auth.hpp"

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace dash::actors {

namespace {

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

} // namespace

cluster_auth::cluster_auth(std::string secret) : secret_(std::move(secret)) {
  while (!secret_.empty()
         && (secret_.back() == '\n' || secret_.back() == '\r'))
    secret_.pop_back();
  if (secret_.size() < 16)
    throw std::runtime_error("the cluster secret must hold at least 16 "
                             "bytes");
}

cluster_auth cluster_auth::load(const std::string& text,
                                const std::string& path) {
  if (!text.empty())
    return cluster_auth{text};
  std::ifstream in{path, std::ios::binary};
  if (!in)
    throw std::runtime_error(
      "cannot read the cluster secret file '" + path
      + "'; give every node the same secret with cluster-secret or a "
        "cluster-secret-file (e.g. made once with `head -c 32 /dev/urandom "
        "| base64 > "
      + path + "`)");
  std::ostringstream ss;
  ss << in.rdbuf();
  return cluster_auth{ss.str()};
}

std::string cluster_auth::nonce() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("the system's random number source failed");
  return hex(bytes.data(), bytes.size());
}

std::string cluster_auth::prove(std::string_view role,
                                std::string_view my_nonce,
                                std::string_view their_nonce,
                                std::string_view name) const {
  std::string msg;
  msg.reserve(role.size() + my_nonce.size() + their_nonce.size()
              + name.size() + 3);
  msg.append(role).append(1, '\n').append(my_nonce).append(1, '\n');
  msg.append(their_nonce).append(1, '\n').append(name);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
       mac.data(), &len);
  return hex(mac.data(), len);
}

bool cluster_auth::check(std::string_view proof, std::string_view role,
                         std::string_view my_nonce,
                         std::string_view their_nonce,
                         std::string_view name) const {
  auto expected = prove(role, my_nonce, their_nonce, name);
  return proof.size() == expected.size()
         && CRYPTO_memcmp(proof.data(), expected.data(), expected.size())
              == 0;
}

} // namespace dash::actors
